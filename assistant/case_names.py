"""Which indexed cases a question names, by child or by area.

A question's word sequences are looked up in a table of the cases' names, so the cost
grows with the question, not with the number of cases: matching every case's names as
regular expressions took ~90 ms per question at 15,000 cases (bench, 100k passages).
Names match as whole words, case-insensitively ("Child J" in "what happened to child j's
mother", not in "Child Jay").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from ingest.cases.records import CaseRecord

_WORD = re.compile(r"\w+")
_BREAK = re.compile(r"[^\w\s'’-]+")
_NOT_A_NAME = {("young", "person")}  # a table's placeholder for an unnamed child


def words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(text))


class CaseNames:
    def __init__(self, cases: Sequence[CaseRecord]):
        self.cases = list(cases)
        self._by_child: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self._by_area: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i, case in enumerate(self.cases):
            child = words(case.child or "")
            if child and child not in _NOT_A_NAME:
                self._by_child[child].append(i)
            area = words(case.local_authority or "")
            if area:
                self._by_area[area].append(i)
        self._longest = max((len(k) for k in (*self._by_child, *self._by_area)), default=0)

    def _grams(self, question: str) -> set[tuple[str, ...]]:
        grams = set()
        # A name does not run across punctuation ("the baby? G…" does not name "Baby G").
        for part in _BREAK.split(question):
            ws = words(part)
            grams |= {ws[i : i + n] for n in range(1, self._longest + 1) for i in range(len(ws) - n + 1)}
        return grams

    def named(self, question: str) -> tuple[list[CaseRecord], list[CaseRecord]]:
        """(cases whose child the question names, cases whose area it names), index order."""
        grams = self._grams(question)
        by_child = sorted({i for g in grams & self._by_child.keys() for i in self._by_child[g]})
        by_area = sorted({i for g in grams & self._by_area.keys() for i in self._by_area[g]})
        return [self.cases[i] for i in by_child], [self.cases[i] for i in by_area]

    def the_one_named(self, question: str) -> CaseRecord | None:
        """The single case the question names: by child, or by area, or by both agreeing
        ("Rotherham … Child W"); None if it names none or several."""
        by_child, by_area = self.named(question)
        child_ids = {c.case_id for c in by_child}
        either = by_child + [c for c in by_area if c.case_id not in child_ids]
        if len(either) > 1 and by_child:
            either = by_child
        return either[0] if len(either) == 1 else None
