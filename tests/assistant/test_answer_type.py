"""A question that asks for a figure or a date is answered only by an extract that gives one."""

from __future__ import annotations

import pytest

from assistant.answer_type import expected, gives

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question, kind",
    [
        ("How many times had the police been called to the home?", "number"),
        ("How long was the team manager off sick?", "number"),
        ("What percentage of reviews were inadequate?", "number"),
        ("When was the man convicted?", "date"),
        ("On what date did the infant die?", "date"),
        ("In which year was the review published?", "date"),
        ("Who wrote the review?", None),
        ("What did the review say about supervision?", None),
    ],
)
def test_what_a_question_asks_for(question, kind):
    assert expected(question) == kind


@pytest.mark.parametrize(
    "kind, text, question, answers",
    [
        ("number", "Police were called to the home on five occasions.", "How many times were police called?", True),
        ("number", "A third of the reviews were judged inadequate.", "How many of the 147 reviews were inadequate?", True),
        ("number", "Of the 147 reviews evaluated, some were late.", "How many of the 147 reviews were inadequate?", False),
        ("number", "Poor cover arrangements when the team manager was sick.", "How long was the manager off sick?", False),
        ("date", "He was convicted in March 2009.", "When was he convicted?", True),
        ("date", "He had been convicted of sexual offences.", "When was he convicted?", False),
        ("date", "It may have been missed.", "When was it missed?", False),  # the verb, not the month
        ("date", "The child died on 3 May.", "When did the child die?", True),
    ],
)
def test_an_extract_gives_a_figure_or_date_the_question_does_not_state(kind, text, question, answers):
    assert gives(kind, text, question) is answers
