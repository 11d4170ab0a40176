"""The death constraint of a case question, on case text worded in ways no rule was copied
from: a case whose outcome field is not filled still counts as a death when its own text
says the child was killed, murdered or the victim of a homicide or manslaughter, and not
when it says nothing of the kind."""

from __future__ import annotations

import pytest

from assistant.case_answers import meets_constraints
from assistant.case_questions import parse
from ingest.cases.records import CaseRecord, Evidence

pytestmark = pytest.mark.unit


def _case(text: str, field: str = "incident") -> CaseRecord:
    return CaseRecord(
        case_id="x", label="Anyshire — Child Q", doc_hash="d" * 64, source="/reviews/q.txt", title="Review",
        evidence=[Evidence(0, len(text), text, field)],
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Child Q was murdered by her mother's partner in the spring of 2014.",
        "The stepfather was later convicted of manslaughter.",
        "Homicide by violent partner of mother",
        "Police treated the baby's death as unexplained.",
    ],
)
def test_a_death_told_in_other_words_meets_the_death_constraint(text):
    query = parse("Which children died?")
    assert query.died
    evidence = meets_constraints(_case(text), query)
    assert evidence is not None and evidence.text == text


@pytest.mark.parametrize(
    "text",
    [
        "Child Q was admitted to hospital with a fractured skull and survived.",
        "The family were murderously busy that winter, the health visitor wrote.",  # not the word itself
    ],
)
def test_a_case_whose_text_tells_no_death_does_not(text):
    assert meets_constraints(_case(text), parse("Which children died?")) is None


def test_a_harmed_case_never_counts_as_a_death():
    case = _case("Child Q was the victim of an attempted murder.")
    case.outcome = "harmed"
    assert meets_constraints(case, parse("Which children died?")) is None


@pytest.mark.parametrize(
    "question, died",
    [
        ("Which teenagers took their own lives?", True),
        ("In which reviews had a young person ended his own life?", True),
        ("Which young people had attempted suicide?", False),
        ("Which girls self-harmed?", False),
    ],
)
def test_taking_ones_own_life_is_a_death(question, died):
    assert parse(question).died is died
