"""A "which cases…" question asked inside a request ("Tell me which cases…", "Can you tell
me in which…", "I'd like to know which children…") is a list question with the same topic
as the bare question; a request for a fact or a case's story is not."""

from __future__ import annotations

import pytest

from assistant.case_questions import parse

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question, bare",
    [
        ("Tell me which cases mentioned the police?", "Which cases mentioned the police?"),
        ("Can you tell me in which cases the family's housing was a concern?", "In which cases the family's housing was a concern?"),
        ("I'd like to know which children were taken to hospital.", "Which children were taken to hospital."),
        ("Please tell me which babies died in Lancashire", "Which babies died in Lancashire"),
        ("Do you know which reviews mentioned missed appointments?", "Which reviews mentioned missed appointments?"),
        ("We need to find out which families were homeless", "Which families were homeless"),
        ("could you please show us which young people went missing", "which young people went missing"),
        ("Could you list the cases that involved mental health?", "List the cases that involved mental health?"),
        ("Can you name the children who died in Lancashire?", "Name the children who died in Lancashire?"),
        ("Please list all the cases", "List all the cases"),
        ("So which cases involved cannabis?", "Which cases involved cannabis?"),
        ("And in which reviews was the father in prison?", "In which reviews was the father in prison?"),
        ("OK, which babies died?", "Which babies died?"),
    ],
)
def test_a_request_for_a_list_reads_as_the_bare_question(question, bare):
    asked, plain = parse(question, ["Lancashire"]), parse(bare, ["Lancashire"])
    assert asked.is_list and plain.is_list
    assert asked.criteria == plain.criteria and asked.areas == plain.areas and asked.died == plain.died


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about Child S in Knowsley",
        "Can you tell me what the review found about housing?",
        "Tell me what agencies were involved with Freya",
        "I want to know which agencies submitted IMRs",
        "Tell me which recommendation the board accepted",
        "So what did the review find?",
        "And how old was Child D?",
    ],
)
def test_a_request_for_a_fact_is_not_a_list(question):
    assert not parse(question).is_list
