"""Which stored passage holds a span: the sorted search over every document's passages
against a walk of each document's passages (the reference), over overlapping passages,
spans past a passage's end, and documents the index does not hold."""

from __future__ import annotations

import bisect

import numpy as np
import pytest

from vectorstore.lexical import LexicalIndex
from vectorstore.records import PassageRecord, passage_id


def _reference_row(records: list[PassageRecord], doc_hash: str, start: int) -> int:
    """The last passage of the document to start at or before ``start`` that has not ended
    by it, walking back past those that have."""
    own = sorted((r.start, r.end, row) for row, r in enumerate(records) if r.doc_hash == doc_hash)
    starts = [s for s, _, _ in own]
    i = bisect.bisect_right(starts, start) - 1
    while i >= 0 and own[i][1] <= start:
        i -= 1
    return own[i][2] if i >= 0 else -1


def _index(rng: np.random.Generator, documents: int) -> LexicalIndex:
    records = []
    for d in range(documents):
        doc_hash = f"{d:064x}"
        at = int(rng.integers(0, 50))
        for _ in range(int(rng.integers(1, 12))):
            length = int(rng.integers(5, 400))
            # Passages may overlap (a window), leave gaps (a table left out) or share a start.
            records.append(
                PassageRecord(passage_id(doc_hash, at, at + length), doc_hash, f"/d/{d}.txt", "T", None, None, at, at + length, "text", "", "")
            )
            at = max(0, at + int(rng.integers(-length, length + 200)))
    order = rng.permutation(len(records))  # rows are in store order, not by start
    records = [records[i] for i in order]
    vectors = rng.normal(size=(len(records), 8)).astype(np.float32)
    return LexicalIndex(records, None, "f", vectors / np.linalg.norm(vectors, axis=1, keepdims=True))


@pytest.mark.unit
@pytest.mark.parametrize("seed", range(5))
def test_each_span_is_read_from_the_passage_the_walk_finds(seed):
    rng = np.random.default_rng(seed)
    index = _index(rng, documents=30)
    spans = []
    for _ in range(2000):
        d = int(rng.integers(0, 32))  # documents 30 and 31 are not held
        start = int(rng.integers(0, 3000))
        spans.append((f"{d:064x}", start, start + 10))
    vector = rng.normal(size=8).astype(np.float32)
    vector /= np.linalg.norm(vector)
    rows = np.array([_reference_row(index.records, d, s) for d, s, _ in spans])
    expected = np.where(rows >= 0, index.vectors[np.maximum(rows, 0)] @ vector, np.nan)  # NaN: no passage holds it
    assert (rows < 0).any() and (rows >= 0).any()
    # A few places: their passages' own cosines; many: every passage's, then kept and read
    # again for a few.
    for few in (10, len(spans), 10):
        got = index.passage_cosines([d for d, _, _ in spans[:few]], [s for _, s, _ in spans[:few]], vector)
        np.testing.assert_allclose(got, expected[:few], atol=1e-6)


@pytest.mark.unit
def test_a_search_scoped_to_documents_reads_them_however_often_they_are_asked():
    """The rows of the last sets of documents asked are kept: a set asked again, after more
    sets than are kept, is searched as when first asked."""
    rng = np.random.default_rng(7)
    index = _index(rng, documents=20)
    vector = rng.normal(size=8).astype(np.float32)
    vector /= np.linalg.norm(vector)
    sets = [sorted({f"/d/{int(d)}.txt" for d in rng.integers(0, 22, size=int(rng.integers(1, 6)))}) for _ in range(25)]
    for sources in sets + sets[::-1] + sets:
        got = index.nearest(vector, 5, sources)
        wanted = [row for row, r in enumerate(index.records) if r.source in sources]
        cosines = index.vectors[wanted] @ vector
        expected = [index.records[wanted[i]].id for i in np.argsort(-cosines, kind="stable")[:5]]
        assert [p.id for p, _ in got] == expected
