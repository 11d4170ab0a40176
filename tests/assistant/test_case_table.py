"""The case table's constraint check over every case at once against ``fits`` case by case."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.case_answers import fits, meets_constraints, shown_fitting
from assistant.case_questions import CaseQuery
from assistant.case_table import CaseTable
from ingest.cases.records import CaseRecord, Evidence
from knowledge.ages import AgeRange

pytestmark = pytest.mark.unit

AREAS = ["Westshire", "Eastshire", "North Borough", None]
TOLD = ["He died in hospital two days later.", "She was taken into care.", "The baby was found dead.", "Injuries were noted."]


@st.composite
def _case(draw, n):
    low = draw(st.sampled_from([None, 0, 30, 365, 1825]))  # few values: bounds meet the question's exactly
    high = None if low is None else low + draw(st.sampled_from([1, 335, 1460]))
    told = draw(st.sampled_from(TOLD))
    return CaseRecord(
        case_id=f"c{n}", label=f"Child {n}", doc_hash="d", source="s", title="t",
        local_authority=draw(st.sampled_from(AREAS)), gender=draw(st.sampled_from(["M", "F", None])),
        age_min_days=low, age_max_days=high, outcome=draw(st.sampled_from(["died", "harmed", None])),
        origin=draw(st.sampled_from(["single review", "table row"])),
        evidence=[
            Evidence(0, len(told), told, draw(st.sampled_from(["context", "row", "findings"]))),
            *([Evidence(0, len(told), told, "row", section="Rows")] if draw(st.booleans()) else []),
        ],
    )


@st.composite
def _cases(draw):
    return [draw(_case(n)) for n in range(draw(st.integers(0, 25)))]


_query = st.builds(
    lambda age, gender, areas, died: CaseQuery("q", True, "", age, gender, areas, [], died),
    st.none() | st.tuples(st.sampled_from([0, 30, 365]), st.sampled_from([335, 1460, 5000])).map(lambda t: AgeRange(t[0], t[0] + t[1])),
    st.none() | st.sampled_from(["M", "F"]),
    st.lists(st.sampled_from(["westshire", "Eastshire", "Nowhere"]), max_size=2),
    st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(cases=_cases(), query=_query)
def test_fitting_is_fits_for_every_case(cases, query):
    table = CaseTable(cases, lambda doc_hash: -1)
    every = table.numbers(cases)
    assert list(table.fitting(every, query)) == [fits(c, query) for c in cases]
    some = every[::2]
    assert list(table.fitting(some, query)) == [fits(cases[n], query) for n in some]
    assert list(table.numbers(cases[::2])) == list(some)
    assert np.array_equal(table.numbers(cases), np.arange(len(cases)))
    # What a list answer cites for each fitting case is what meets_constraints gives.
    for case, ok in zip(cases, table.fitting(every, query)):
        if ok:
            assert shown_fitting(case, query, table.death_told, table.primary) == meets_constraints(case, query)


def test_prepare_reads_every_death_before_a_question(monkeypatch):
    """The warm-up reads each case's spans that tell of a death, so a first question about
    deaths reads none (the cases only harmed are never asked)."""
    cases = [
        CaseRecord(case_id=f"c{n}", label=f"Child {n}", doc_hash="d", source="s", title="t", outcome=outcome,
                   evidence=[Evidence(0, len(TOLD[n % 4]), TOLD[n % 4], "context")])
        for n, outcome in enumerate(["died", "harmed", None, None, "died", None])
    ]
    table = CaseTable(cases, lambda doc_hash: -1)
    table.prepare()
    import assistant.case_table as module

    def refuse(case):
        raise AssertionError(f"read {case.case_id} again")

    monkeypatch.setattr(module, "death_told", refuse)
    query = CaseQuery("q", True, "", None, None, [], [], True)
    assert list(table.fitting(table.numbers(cases), query)) == [True, False, True, False, True, False]
    assert [bool(table.death_told(c)) for c in cases if c.outcome != "harmed"] == [True, True, False, True, False]
