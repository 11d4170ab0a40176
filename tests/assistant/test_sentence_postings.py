"""Sentence postings (assistant/sentence_postings.py) against a walk over every case's
sentences, the reference they replace (which sentences hold the words, and what each
holds of the keys asked to be read): random sentences, shared between cases as a
review's sentences are shared by its cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.sentence_postings import SentencePostings

pytestmark = pytest.mark.unit

STEMS = ["abus", "alcohol", "child", "neglect", "polic", "school", "sleep", "sofa"]
THEMES = ["substance_misuse", "unsafe_sleep", "education"]


@dataclass(frozen=True)
class _S:
    n: int
    stems: tuple[str, ...]
    themes: tuple[tuple[str, int], ...]


_sentence = st.builds(
    _S,
    st.integers(0, 10**6),
    st.lists(st.sampled_from(STEMS), unique=True, max_size=4).map(tuple),
    st.lists(st.sampled_from(THEMES), unique=True, max_size=2).map(lambda ks: tuple((k, 0) for k in ks)),
)


@settings(max_examples=200, deadline=None)
@given(
    pool=st.lists(_sentence, min_size=1, max_size=30),
    picks=st.lists(st.lists(st.integers(0, 29), max_size=12), min_size=1, max_size=8),
    groups=st.lists(
        st.tuples(st.lists(st.sampled_from([*STEMS, "unknown"]), min_size=1, max_size=5).map(tuple), st.integers(1, 3)),
        max_size=3,
    ),
    themes=st.sets(st.sampled_from([*THEMES, "unknown_theme"]), max_size=2),
    among=st.none() | st.sets(st.integers(0, 9)),
    read_stems=st.lists(st.sampled_from([*STEMS, "unknown"]), unique=True, max_size=4),
    read_themes=st.lists(st.sampled_from([*THEMES, "unknown_theme"]), unique=True, max_size=2),
)
def test_holding_is_the_walk_over_every_case(pool, picks, groups, themes, among, read_stems, read_themes):
    cases = [[pool[i % len(pool)] for i in own] for own in picks]
    ids = [f"case-{n}" for n in range(len(cases))]
    postings = SentencePostings(ids, lambda n: cases[n])
    chosen = None if among is None else [f"case-{n}" for n in among]
    walked = {}
    for case_id, own in zip(ids, cases):
        if chosen is not None and case_id not in chosen:
            continue
        held = [
            s for s in own
            if any(sum(w in s.stems for w in stems) >= k for stems, k in groups) or any(k in themes for k, _ in s.themes)
        ]  # fmt: skip
        if held:
            walked[case_id] = held
    got = postings.holding(groups, themes, chosen, (read_stems, read_themes))
    assert got.keys() == walked.keys()
    assert got.case_numbers.tolist() == [ids.index(case_id) for case_id in got]
    for case_id, held in walked.items():
        assert [s is h for s, h in zip(got[case_id], held)] == [True] * len(held)
        assert len(got[case_id]) == len(held)
        for s in held:  # its reading: a bit per stem it holds, then per theme
            keys = [w in s.stems for w in read_stems] + [k in {t for t, _ in s.themes} for k in read_themes]
            expected = sum(1 << bit for bit, held_key in enumerate(keys) if held_key)
            assert got.readings is None if not keys else got.readings[id(s)] == expected


@settings(max_examples=200, deadline=None)
@given(
    pool=st.lists(_sentence, min_size=1, max_size=30),
    names=st.lists(st.frozensets(st.sampled_from([*STEMS, "unknown"]), max_size=3), max_size=4),
)
def test_holding_names_is_each_sentence_s_own_reading(pool, names):
    """Which sentences name one of these names (each name all its stems), as arrays, against
    ``Names.held_in`` read of each sentence (what ``names_a_role`` asks)."""
    from assistant.topic_roles import Names

    postings = SentencePostings(["case"], lambda n: pool)
    got = postings.holding_names(names)
    reading = Names(names)
    assert got.tolist() == [reading.held_in(s.stems) for s in postings.sentences]
