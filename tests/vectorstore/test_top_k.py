"""Top-k selection (vectorstore/top_k.py) against a stable full sort, and BM25 search
through it against bm25s's own ``retrieve`` (the reference), with and without a
document filter."""

from __future__ import annotations

import bm25s
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vectorstore import top_k
from vectorstore.lexical import LexicalIndex, tokenize
from vectorstore.records import PassageRecord, passage_id

pytestmark = pytest.mark.unit

# Few distinct values, so ties at the cut are common.
_scores = st.lists(st.sampled_from([-np.inf, -1.0, 0.0, 0.5, 1.0, 2.0]), max_size=60)


@settings(max_examples=300, deadline=None)
@given(values=_scores, n=st.integers(0, 70))
def test_best_is_a_stable_sort_cut_to_n(values, n):
    scores = np.asarray(values, dtype=np.float32)
    oracle = [int(r) for r in np.argsort(-scores, kind="stable") if np.isfinite(scores[r])][:n] if n else []
    assert [r for r, _ in top_k.best(scores, n)] == oracle
    positive = [int(r) for r in np.argsort(-scores, kind="stable") if scores[r] > 0][:n] if n else []
    assert [r for r, _ in top_k.best_positive(scores, n)] == positive


@settings(max_examples=100, deadline=None)
@given(values=_scores, n=st.integers(1, 20), data=st.data())
def test_a_subset_is_named_by_its_rows_in_the_whole(values, n, data):
    scores = np.asarray(values, dtype=np.float32)
    rows = np.asarray(sorted(data.draw(st.sets(st.integers(0, max(len(values) - 1, 0)), max_size=len(values)))) if values else [], dtype=np.int64)
    got = top_k.best(scores[rows], n, rows)
    oracle = [int(r) for r in rows[np.argsort(-scores[rows], kind="stable")] if np.isfinite(scores[r])][:n]
    assert [r for r, _ in got] == oracle
    assert all(scores[r] == s for r, s in got)


_TEXTS = [
    "The mother misused alcohol and the father had a conviction for assault.",
    "A health visitor noted the baby's weight loss but did not refer.",
    "Alcohol misuse by both parents was known to the GP.",
    "The school raised concerns about attendance in the autumn term.",
    "Police attended a domestic abuse incident; alcohol was involved.",
    "The child was seen by the health visitor at home.",
    "No agency knew of the stepfather's previous convictions.",
    "Neglect was not recognised by the agencies involved.",
]


def _index() -> LexicalIndex:
    records = [
        PassageRecord(passage_id(f"{i % 3:064d}", i, i + 1), f"{i % 3:064d}", f"/reviews/{i % 3}.txt", "T",
                      None, None, i, i + 1, "text", "", "")
        for i in range(len(_TEXTS))
    ]  # fmt: skip
    retriever = bm25s.BM25()
    retriever.index(tokenize(_TEXTS), show_progress=False)
    return LexicalIndex(records, retriever, "f")


@pytest.mark.parametrize("query", ["alcohol misuse", "health visitor", "convictions of the stepfather", "school"])
@pytest.mark.parametrize("sources", [None, ["/reviews/0.txt"], ["/reviews/1.txt", "/reviews/2.txt"]])
def test_bm25_search_agrees_with_bm25s(query, sources):
    index = _index()
    tokens = [t for t in tokenize([query])[0] if t in index.retriever.vocab_dict]
    mask = None
    if sources:
        mask = np.asarray([r.source in sources for r in index.records], dtype=np.float32)
    ids, scores = index.retriever.retrieve([tokens], k=len(_TEXTS), show_progress=False, weight_mask=mask)
    reference = {int(i): float(s) for i, s in zip(ids[0], scores[0]) if s > 0}
    got = index.search(query, len(_TEXTS), sources)
    rows = {index.records.index(record): score for record, score in got}
    assert rows.keys() == reference.keys()
    assert all(rows[r] == pytest.approx(reference[r]) for r in rows)
    assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)
