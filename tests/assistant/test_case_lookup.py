"""Finding cases by name, area and theme without scanning them all: the lookups must say
exactly what the whole-word regular expressions and the full scan they replace said."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from assistant.case_names import CaseNames
from ingest.cases.records import CaseRecord, Evidence, ThemeTag
from vectorstore.case_index import CaseIndex

pytestmark = pytest.mark.unit

AREAS = ["Rotherham", "Barking and Dagenham", "Bedfordshire", "St Helens", None]
CHILDREN = ["Child W", "Child J", "Baby G", "Sophie", "Young person", "Child Jay", None]
THEMES = ["domestic_abuse", "neglect", "sexual_abuse", "unsafe_sleep"]


def _case(i: int, area, child, themes=()) -> CaseRecord:
    ev = Evidence(0, 4, "text", "context")
    return CaseRecord(
        case_id=f"c{i}", label=f"{area} — {child}", doc_hash=f"d{i // 3}", source=f"/docs/{i // 3}.txt",
        title="Review", local_authority=area, child=child, evidence=[ev],
        themes=[ThemeTag(t, 0) for t in themes],
    )


def _regex_named(cases, question):
    """The matching the lookup replaced (assistant/service.py before: one regex per case)."""
    by_child = [c for c in cases if c.child and c.child.lower() != "young person"
                and re.search(rf"\b{re.escape(c.child)}\b", question, re.I)]
    by_area = [c for c in cases if c.local_authority and re.search(rf"\b{re.escape(c.local_authority)}\b", question, re.I)]
    return by_child, by_area


CASES = st.lists(st.tuples(st.sampled_from(AREAS), st.sampled_from(CHILDREN)), min_size=1, max_size=12)
WORDS = st.lists(
    st.sampled_from(["what", "happened", "to", "child", "w", "j", "jay", "baby", "g", "in", "rotherham",
                     "barking", "and", "dagenham", "st", "helens", "sophie's", "young", "person", "case", "?"]),
    max_size=10,
)


@hyp_settings(max_examples=300, deadline=None)
@given(CASES, WORDS, st.booleans())
def test_names_found_as_the_whole_word_regular_expressions_found_them(pairs, words, title_case):
    cases = [_case(i, a, c) for i, (a, c) in enumerate(pairs)]
    question = " ".join(w.title() if title_case else w for w in words)
    assert CaseNames(cases).named(question) == _regex_named(cases, question)


def test_one_case_named_by_child_and_area_agreeing():
    cases = [_case(0, "Rotherham", "Child W"), _case(1, "Rotherham", "Child T"), _case(2, "Bedfordshire", "Child J")]
    names = CaseNames(cases)
    assert names.the_one_named("What happened to Child W in Rotherham?").case_id == "c0"
    assert names.the_one_named("Tell me about the Bedfordshire case").case_id == "c2"
    assert names.the_one_named("Tell me about the Rotherham case") is None  # two cases there
    assert names.the_one_named("What happened to Child Jay?") is None  # not Child J


@hyp_settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(AREAS), st.lists(st.sampled_from(THEMES), max_size=3)), max_size=15),
    st.lists(st.sampled_from([a for a in AREAS if a] + ["rotherham", "Nowhere"]), max_size=2),
    st.lists(st.sampled_from(THEMES), max_size=2),
)
def test_candidates_are_the_cases_a_full_scan_would_keep(rows, areas, themes):
    cases = [_case(i, a, "Child A", t) for i, (a, t) in enumerate(rows)]
    by_document: dict[str, list[CaseRecord]] = {}
    for c in cases:
        by_document.setdefault(c.doc_hash, []).append(c)
    index = CaseIndex(by_document, {}, "fp")
    wanted = {a.lower() for a in areas}
    expected = [
        c for c in index.cases
        if (not areas or (c.local_authority or "").lower() in wanted) and all(t in {x.theme for x in c.themes} for t in themes)
    ]
    assert index.candidates(areas, themes) == expected
