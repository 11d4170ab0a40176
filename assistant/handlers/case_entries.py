"""What a listed case's entry shows that no question changes, kept per case: its label and
description, its hit's fields and its own spans as citations. "List all the cases" builds
14,172 entries at 100k passages; built afresh, each cost ~20 us (its themes sorted, its
page found, its words' spacing collapsed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.answer import CaseHit, Citation
from assistant.case_answers import describe
from assistant.case_evidence import Sentence
from assistant.extractive import display
from assistant.handlers.citations import case_citation, case_hit, sentence_citation
from ingest.cases.records import CaseRecord, Evidence

# A hit's fields before its citations, in CaseHit's order.
_HitFields = tuple[str, str, str | None, str | None, str | None, str | None, str]


class CaseEntries:
    def __init__(self, documents: dict):
        self.documents = documents
        self._cases: dict[str, tuple[str, _HitFields, list[str]]] = {}
        self._spans: dict[int, tuple[Evidence, tuple, str]] = {}

    def _case(self, case: CaseRecord) -> tuple[str, _HitFields, list[str]]:
        held = self._cases.get(case.case_id)
        if held is None:
            hit = case_hit(case, [])
            fields = (hit.case_id, hit.label, hit.local_authority, hit.child, hit.age, hit.gender, hit.summary)
            held = self._cases[case.case_id] = (f"{case.label} ({describe(case)})", fields, hit.themes)
        return held

    def entry(self, n: int, case: CaseRecord, evidence: Evidence | Sentence) -> tuple[Citation, CaseHit, str]:
        """Case ``n`` of a list: the span that shows it as citation ``n``, its hit, and its
        line in the answer ("Child A (F, 3 months): … [n]"). A span of the case's own record
        is kept; a sentence found for a question's topic is cited afresh, from the document
        it is in (which may be another than the case's own, telling of the same child)."""
        head, fields, themes = self._cases.get(case.case_id) or self._case(case)
        if isinstance(evidence, Sentence):
            citation, shown = sentence_citation(n, case, evidence, self.documents), display(evidence.text)
        else:
            cited, shown = self._span(case, evidence)
            citation = Citation(n, *cited)
        hit = CaseHit(*fields, [n], list(themes))  # by position: a fifth quicker than by keyword
        return citation, hit, f"{head}: {shown} [{n}]"

    def _span(self, case: CaseRecord, evidence: Evidence) -> tuple[tuple, str]:
        # By the span itself (one of the case's, alive as long as the case index): an id
        # found again for another object is told apart by the span kept beside it.
        held = self._spans.get(id(evidence))
        if held is None or held[0] is not evidence:
            c = case_citation(0, case, evidence, self.documents)
            fields = (c.source, c.title, c.section, c.page, c.start, c.end, c.text, c.score, c.doc_hash)
            held = self._spans[id(evidence)] = (evidence, fields, display(evidence.text))
        return held[1], held[2]

    def prepare(self, cases: Sequence[CaseRecord], primary: Callable[[CaseRecord], Evidence]) -> None:
        """Every case's own fields and ``primary`` span now, not on the first list question."""
        for case in cases:
            self._case(case)
            self._span(case, primary(case))
