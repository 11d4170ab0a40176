"""The vectors of the sentences of cases read by their own rows and sections (a briefing's
table row, a thematic review's section), kept for the case index's life as one matrix.

A list question needs every such case's cosine to its topic: 5,100 cases at 100k passages.
One product over one matrix, sliced per case, replaces a product per case (20 ms a
question) and a matrix rebuilt per case from single cached vectors (90 ms)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class OwnVectors:
    def __init__(self) -> None:
        self._span: dict[str, tuple[int, int]] = {}  # case id -> its rows in the matrix
        self._blocks: list[np.ndarray] = []  # added since the matrix was last stacked
        self._matrix: np.ndarray | None = None
        self._rows = 0

    def __contains__(self, case_id: str) -> bool:
        return case_id in self._span

    def add(self, case_ids: Sequence[str], lengths: Sequence[int], vectors: np.ndarray) -> None:
        """``vectors``: the cases' sentences' rows, case after case (``lengths`` each)."""
        at = self._rows
        for case_id, n in zip(case_ids, lengths):
            self._span[case_id] = (at, at + n)
            at += n
        self._blocks.append(np.asarray(vectors, dtype=np.float32))
        self._rows = at

    def cosines(self, case_ids: Sequence[str], vector: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Per case, its sentences' cosines to ``vector`` (unit vectors: dot products), and
        each case's highest (-inf for a case without sentences), in the order asked."""
        if self._blocks:
            parts = ([self._matrix] if self._matrix is not None else []) + self._blocks
            self._matrix = np.concatenate(parts) if len(parts) > 1 else parts[0]
            self._blocks = []
        if self._matrix is None or not case_ids:
            return {c: np.zeros(0, dtype=np.float32) for c in case_ids}, np.full(len(case_ids), -np.inf)
        every = self._matrix @ vector
        spans = np.asarray([self._span[c] for c in case_ids], dtype=np.int64)
        # reduceat over (start, end) pairs: a max per span, read at the even places. The
        # sentinel lets a span end at the last row.
        padded = np.append(every, np.float32(-np.inf))
        best = np.maximum.reduceat(padded, spans.ravel())[::2].astype(np.float64)
        best[spans[:, 0] == spans[:, 1]] = -np.inf
        return {c: every[lo:hi] for c, (lo, hi) in zip(case_ids, spans.tolist())}, best
