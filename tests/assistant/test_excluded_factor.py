"""A list question can rule a factor out ("found dead in their cot, with no unsafe sleeping
factors"): the factor is not the question's topic, and a case whose own text shows it is
left out. Written reviews; real model, real Chroma."""

from __future__ import annotations

import pytest

from assistant.case_questions import parse
from tests.written_stores import assistant_over

REVIEWS = {
    "eastshire-baby-a.txt": (
        "Serious Case Review: Baby A\nEastshire Safeguarding Children Board\n\n"
        "Baby A was a boy aged four months. He was put down on his back in his own cot and was found "
        "dead there the next morning; the cause of death was never established.\n"
    ),
    "westshire-baby-b.txt": (
        "Serious Case Review: Baby B\nWestshire Safeguarding Children Board\n\n"
        "Baby B was a girl aged ten weeks. She was found dead in her cot after her father, who had been "
        "drinking, had taken her into the adults' bed during the night and later put her back; the "
        "pathologist could not rule out overlay while co-sleeping.\n"
    ),
    "northshire-child-c.txt": (
        "Serious Case Review: Child C\nNorthshire Safeguarding Children Board\n\n"
        "Child C was a girl aged seven who was neglected for years; her school raised concerns about "
        "her weight and hygiene.\n"
    ),
}


@pytest.mark.unit
@pytest.mark.parametrize(
    "question, excluded",
    [
        ("Which babies were found dead in their cot, with no unsafe sleeping factors?", "unsafe sleeping factors"),
        ("Which children were neglected, excluding cases of domestic abuse?", "cases of domestic abuse"),
        ("Which teenagers went missing, not involving sexual exploitation?", "sexual exploitation"),
        ("Which babies were left without supervision?", ""),  # no comma: "without" is the topic
        ("Which children were seen at home, with no GP?", ""),  # names no theme
    ],
)
def test_a_ruled_out_factor_is_read_apart_from_the_topic(question, excluded):
    query = parse(question)
    assert query.excluded == excluded
    if excluded:
        assert excluded not in query.criteria


@pytest.mark.unit
def test_the_ruled_out_factors_theme_is_not_the_questions():
    query = parse("Which babies died in their cot, with no unsafe sleeping factors?")
    assert "unsafe_sleep" not in query.themes and query.died


@pytest.mark.integration
def test_a_case_that_shows_the_ruled_out_factor_is_left_out(tmp_path_factory, embeddings):
    assistant = assistant_over(tmp_path_factory.mktemp("excluded"), REVIEWS, embeddings, cases=3)
    everyone = assistant.ask("Which babies were found dead in their cot?")
    assert {c.child for c in assistant.cases() if c.label in {h.label for h in everyone.cases}} == {"Baby A", "Baby B"}
    answer = assistant.ask("Which babies were found dead in their cot, with no unsafe sleeping factors?")
    assert [c.label for c in answer.cases] == [c.label for c in assistant.cases() if c.child == "Baby A"]
    assert "excluding unsafe sleeping factors" in answer.answer
