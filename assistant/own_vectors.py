"""The vectors of the sentences of cases read by their own rows and sections (a briefing's
table row, a thematic review's section), kept for the case index's life as one matrix.

A list question needs every such case's cosine to its topic: 5,100 cases at 100k passages.
One product over one matrix, sliced per case, replaces a product per case (20 ms a
question) and a matrix rebuilt per case from single cached vectors (90 ms). Cases are
known by their number in the case index, so which are held, where their rows are and each
one's highest cosine are array operations, not a loop over the cases."""

from __future__ import annotations

import numpy as np


class CaseCosines:
    """One topic's cosines to the kept sentences, read per case by its number."""

    def __init__(self, every: np.ndarray, lo: np.ndarray, hi: np.ndarray):
        self._every, self._lo, self._hi = every, lo, hi

    def of(self, number: int) -> np.ndarray:
        return self._every[self._lo[number] : self._hi[number]]

    def laid(self, numbers: np.ndarray) -> np.ndarray:
        """``of`` each of these cases, laid end to end."""
        return self._every[_laid_rows(self._lo[numbers], self._hi[numbers])]


def _laid_rows(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The rows ``lo[i]:hi[i]`` of every span, laid end to end."""
    lengths = hi - lo
    ends = np.cumsum(lengths)
    return np.repeat(lo - (ends - lengths), lengths) + np.arange(int(ends[-1]) if len(ends) else 0)


class OwnVectors:
    def __init__(self, cases: int) -> None:
        """``cases``: how many cases the index has (numbered 0 … cases - 1)."""
        self._lo = np.zeros(cases, dtype=np.int64)  # each case's rows in the matrix
        self._hi = np.zeros(cases, dtype=np.int64)
        self._held = np.zeros(cases, dtype=bool)
        self._blocks: list[np.ndarray] = []  # added since the matrix was last stacked
        self._matrix: np.ndarray | None = None
        self._rows = 0

    def missing(self, numbers: np.ndarray) -> np.ndarray:
        """Those of these cases whose vectors are not kept yet."""
        numbers = np.asarray(numbers, dtype=np.int64)
        return numbers[~self._held[numbers]]

    def add(self, numbers: np.ndarray, lengths: np.ndarray, vectors: np.ndarray) -> None:
        """``vectors``: the cases' sentences' rows, case after case (``lengths`` each)."""
        numbers = np.asarray(numbers, dtype=np.int64)
        ends = self._rows + np.cumsum(np.asarray(lengths, dtype=np.int64))
        self._lo[numbers] = ends - np.asarray(lengths, dtype=np.int64)
        self._hi[numbers] = ends
        self._held[numbers] = True
        self._blocks.append(np.asarray(vectors, dtype=np.float32))
        self._rows = int(ends[-1]) if len(ends) else self._rows

    def cosines(self, numbers: np.ndarray, vector: np.ndarray) -> tuple[CaseCosines, np.ndarray]:
        """These cases' kept sentences' cosines to ``vector`` (unit vectors: dot products),
        read per case (``of`` another case: none); and the highest of each of these cases
        (-inf for one without sentences), in the order asked."""
        numbers = np.asarray(numbers, dtype=np.int64)
        if self._blocks:
            parts = ([self._matrix] if self._matrix is not None else []) + self._blocks
            self._matrix = np.concatenate(parts) if len(parts) > 1 else parts[0]
            self._blocks = []
        if self._matrix is None or not len(numbers):
            empty = np.zeros(0, dtype=np.float32)
            return CaseCosines(empty, np.zeros_like(self._lo), np.zeros_like(self._hi)), np.full(len(numbers), -np.inf)
        lo, hi = self._lo[numbers], self._hi[numbers]
        lengths = hi - lo
        if 4 * int(lengths.sum()) < len(self._matrix):  # (copying a quarter costs about the whole product)
            # Only these cases' rows, laid end to end (a list question whose topic words few
            # cases hold reads a few thousand of the ~100k rows at 100k passages).
            ends = np.cumsum(lengths)
            starts = ends - lengths
            every = self._matrix[_laid_rows(lo, hi)] @ vector
            case_lo, case_hi = np.zeros_like(self._lo), np.zeros_like(self._hi)
            case_lo[numbers], case_hi[numbers] = starts, ends
            lo, hi = starts, ends
        else:
            every = self._matrix @ vector
            case_lo, case_hi = self._lo, self._hi
        # reduceat over (start, end) pairs: a max per span, read at the even places. The
        # sentinel lets a span end at the last row.
        padded = np.append(every, np.float32(-np.inf))
        best = np.maximum.reduceat(padded, np.stack([lo, hi], axis=1).ravel())[::2].astype(np.float64)
        best[lo == hi] = -np.inf
        return CaseCosines(every, case_lo, case_hi), best
