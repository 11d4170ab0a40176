"""One case index's cases as arrays, built once per snapshot: a list question's passes over
every case (which are single reviews, which document's passages judge each, which cases
meet a constraint) are numpy operations on case numbers, not Python loops over 14,000
records (each such loop cost 5-15 ms a question at 100k passages)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ingest.cases.records import CaseRecord


class CaseTable:
    def __init__(self, cases: Sequence[CaseRecord], segment_of: Callable[[str], int]):
        """``segment_of(doc_hash)``: the document's number among the passages' documents
        (``LexicalIndex.segment_of``), -1 when none of its passages is held."""
        self.cases = cases
        self.number = {c.case_id: n for n, c in enumerate(cases)}
        self.single = np.fromiter((c.origin == "single review" for c in cases), dtype=bool, count=len(cases))
        # A single review is judged by its own closest passage: its document's number.
        self.segment = np.fromiter(
            (segment_of(c.doc_hash) if c.origin == "single review" else -1 for c in cases), dtype=np.int64, count=len(cases)
        )

    def numbers(self, cases: Sequence[CaseRecord]) -> np.ndarray:
        """The numbers of these cases (all of them, in order: no lookup)."""
        if cases is self.cases:
            return np.arange(len(cases), dtype=np.int64)
        return np.fromiter((self.number[c.case_id] for c in cases), dtype=np.int64, count=len(cases))
