"""Hybrid retrieval: dense (Chroma) and BM25 rankings fused by weighted reciprocal rank.

Which of the three rankings runs is a setting (``fusion``) so the evaluation can compare
them on the same questions; fused won on ours (see README).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from settings import Settings
from vectorstore.lexical import LexicalIndex
from vectorstore.records import PassageRecord
from vectorstore.store import CorpusStore


@dataclass
class Candidate:
    passage: PassageRecord
    dense: float | None  # cosine similarity to the question, when the dense side found it
    bm25: float | None
    fused: float


def fuse(
    dense: Sequence[tuple[PassageRecord, float]],
    lexical: Sequence[tuple[PassageRecord, float]],
    settings: Settings,
) -> list[Candidate]:
    """Weighted reciprocal-rank or linear score fusion, or one side alone (``settings.fusion``)."""
    by_id: dict[str, Candidate] = {}
    use_dense = settings.fusion in ("rrf", "dense", "linear")
    use_bm25 = settings.fusion in ("rrf", "bm25", "linear")
    for rank, (passage, similarity) in enumerate(dense):
        candidate = by_id.setdefault(passage.id, Candidate(passage, None, None, 0.0))
        candidate.dense = similarity
        if use_dense:
            candidate.fused += settings.dense_weight / (settings.rrf_k + rank + 1)
    for rank, (passage, score) in enumerate(lexical):
        candidate = by_id.setdefault(passage.id, Candidate(passage, None, None, 0.0))
        candidate.bm25 = score
        if use_bm25:
            candidate.fused += settings.bm25_weight / (settings.rrf_k + rank + 1)
    if settings.fusion == "linear":
        # Scores, not ranks: a passage far ahead on one side keeps its lead (RRF flattens it).
        top_dense = max((c.dense or 0.0 for c in by_id.values()), default=0.0) or 1.0
        top_bm25 = max((c.bm25 or 0.0 for c in by_id.values()), default=0.0) or 1.0
        for c in by_id.values():
            c.fused = settings.dense_weight * max(c.dense or 0.0, 0.0) / top_dense + settings.bm25_weight * (
                (c.bm25 or 0.0) / top_bm25
            )
    ranked = [c for c in by_id.values() if c.fused > 0]
    return sorted(ranked, key=lambda c: c.fused, reverse=True)


class HybridRetriever:
    def __init__(
        self, store: CorpusStore, lexical: LexicalIndex, settings: Settings, documents: frozenset[str] | None = None
    ):
        self.store, self.lexical, self.settings = store, lexical, settings
        self.documents = documents  # complete documents' hashes: dense hits outside are dropped

    def dense_search(
        self, vector: np.ndarray, n: int, sources: Sequence[str] | None = None
    ) -> list[tuple[PassageRecord, float]]:
        """Nearest passages of complete documents: exact over the lexical index's vectors
        when it keeps them (``settings.exact_search_max_passages``), else Chroma's HNSW."""
        exact = self.lexical.nearest(vector, n, sources)
        if exact is not None:
            return exact
        return self.store.dense_search(vector, n, sources, self.documents, self.lexical.by_id)

    def retrieve(
        self,
        question: str,
        query_vector: np.ndarray,
        sources: Sequence[str] | None = None,
        timings: dict[str, float] | None = None,
    ) -> list[Candidate]:
        n = self.settings.candidates
        t0 = time.perf_counter()
        dense = self.dense_search(query_vector, n, sources)
        t1 = time.perf_counter()
        lexical = self.lexical.search(question, n, sources)
        t2 = time.perf_counter()
        fused = fuse(dense, lexical, self.settings)
        if timings is not None:
            timings.update(dense_ms=(t1 - t0) * 1e3, bm25_ms=(t2 - t1) * 1e3, fusion_ms=(time.perf_counter() - t2) * 1e3)
        return fused
