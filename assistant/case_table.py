"""One case index's cases as arrays, built once per snapshot: a list question's passes over
every case (which are single reviews, which document's passages judge each, which cases
meet a constraint) are numpy operations on case numbers, not Python loops over 14,000
records (each such loop cost 5-15 ms a question at 100k passages)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from assistant.case_answers import death_told, primary
from assistant.case_questions import CaseQuery
from ingest.cases.records import CaseRecord, Evidence

_GENDERS = {"M": 1, "F": 2}


class CaseTable:
    def __init__(self, cases: Sequence[CaseRecord], segment_of: Callable[[str], int], without_cases: Sequence[str] = ()):
        """``segment_of(doc_hash)``: the document's number among the passages' documents
        (``LexicalIndex.segment_of``), -1 when none of its passages is held.
        ``without_cases``: the documents that gave no case record (searched for mentions)."""
        self.cases = cases
        self.without_cases = list(without_cases)
        self.number = {c.case_id: n for n, c in enumerate(cases)}
        self.single = np.fromiter((c.origin == "single review" for c in cases), dtype=bool, count=len(cases))
        # A single review is judged by its own closest passage: its document's number.
        self.segment = np.fromiter(
            (segment_of(c.doc_hash) if c.origin == "single review" else -1 for c in cases), dtype=np.int64, count=len(cases)
        )
        self.gender = np.fromiter((_GENDERS.get(c.gender or "", 0) for c in cases), dtype=np.int8, count=len(cases))
        self.aged = np.fromiter((c.age_min_days is not None and c.age_max_days is not None for c in cases), dtype=bool, count=len(cases))
        self.age_min = np.fromiter((c.age_min_days or 0 for c in cases), dtype=np.int64, count=len(cases))
        self.age_max = np.fromiter((c.age_max_days or 0 for c in cases), dtype=np.int64, count=len(cases))
        self._area_code: dict[str, int] = {}
        self.area = np.fromiter(
            (self._area_code.setdefault((c.local_authority or "").lower(), len(self._area_code)) for c in cases),
            dtype=np.int64, count=len(cases),
        )  # fmt: skip
        self.died = np.fromiter((c.outcome == "died" for c in cases), dtype=bool, count=len(cases))
        self.harmed = np.fromiter((c.outcome == "harmed" for c in cases), dtype=bool, count=len(cases))
        self._told: dict[str, list[Evidence]] = {}
        self._primary: dict[str, Evidence] = {}
        self._said_to_die: np.ndarray | None = None

    def death_told(self, case: CaseRecord) -> list[Evidence]:
        """``case_answers.death_told``, kept per case (regular expressions over its spans)."""
        held = self._told.get(case.case_id)
        if held is None:
            held = self._told[case.case_id] = death_told(case)
        return held

    def primary(self, case: CaseRecord) -> Evidence:
        """``case_answers.primary``, kept per case (two scans of its spans)."""
        held = self._primary.get(case.case_id)
        if held is None:
            held = self._primary[case.case_id] = primary(case)
        return held

    def fitting(self, numbers: np.ndarray, query: CaseQuery) -> np.ndarray:
        """Which of these cases meet the question's age, gender, area and death constraints:
        ``case_answers.fits`` over all of them at once."""
        ok = np.ones(len(numbers), dtype=bool)
        if query.gender:
            ok &= self.gender[numbers] == _GENDERS.get(query.gender, -1)
        if query.age:
            ok &= self.aged[numbers] & (self.age_min[numbers] >= query.age.min_days) & (self.age_max[numbers] <= query.age.max_days)
        if query.areas:
            codes = [self._area_code.get(a.lower(), -1) for a in query.areas]
            ok &= np.isin(self.area[numbers], codes)
        if query.died:
            ok &= self.died[numbers] | self._says_it_died()[numbers]
        return ok

    def _says_it_died(self) -> np.ndarray:
        """Whether each case not known to have died or been harmed says it died: once per snapshot."""
        if self._said_to_die is None:
            self._said_to_die = np.fromiter(
                (not (d or h) and bool(self.death_told(c)) for c, d, h in zip(self.cases, self.died, self.harmed)),
                dtype=bool, count=len(self.cases),
            )  # fmt: skip
        return self._said_to_die

    def prepare(self) -> None:
        """Read now what a list question reads of every case: the span that stands for it,
        and, unless it was only harmed, the spans that tell of its death (the first question
        about deaths read them for ~2,800 cases at 100k passages, ~140 ms)."""
        self._says_it_died()
        for case, harmed in zip(self.cases, self.harmed):
            self.primary(case)
            if not harmed:
                self.death_told(case)

    def numbers(self, cases: Sequence[CaseRecord]) -> np.ndarray:
        """The numbers of these cases (all of them, in order: no lookup)."""
        if cases is self.cases:
            return np.arange(len(cases), dtype=np.int64)
        return np.fromiter((self.number[c.case_id] for c in cases), dtype=np.int64, count=len(cases))
