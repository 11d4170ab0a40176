"""A case's evidence span as a citation of the document it is in."""

from __future__ import annotations

from assistant.answer import CaseHit, Citation
from assistant.case_evidence import Sentence
from ingest.cases.records import CaseRecord, Evidence


def case_citation(n: int, case: CaseRecord, evidence: Evidence, documents: dict) -> Citation:
    """A case found in two documents cites each piece from the document it is in."""
    doc_hash = evidence.doc_hash or case.doc_hash
    record = documents.get(doc_hash)
    # By position (n, source, title, section, page, start, end, text, score, doc_hash): a
    # long list cites thousands of cases, and keywords cost a fifth more.
    return Citation(
        n, evidence.source or case.source, record.title if record else case.title, evidence.section,
        record.page_of(evidence.start) if record else None, evidence.start, evidence.end, evidence.text, 1.0, doc_hash,
    )


def sentence_citation(n: int, case: CaseRecord, sentence: Sentence, documents: dict) -> Citation:
    """A sentence found for a list question's topic as a citation, from the document it is
    in (another than the case's own when it tells of the same child)."""
    record = documents.get(sentence.doc_hash)
    return Citation(  # by position, as in case_citation
        n, record.source if record and sentence.doc_hash != case.doc_hash else case.source,
        record.title if record else case.title, None, record.page_of(sentence.start) if record else None,
        sentence.start, sentence.end, sentence.text, 1.0, sentence.doc_hash,
    )


def case_hit(case: CaseRecord, citations: list[int]) -> CaseHit:
    return CaseHit(
        case_id=case.case_id, label=case.label, local_authority=case.local_authority, child=case.child,
        age=case.age, gender=case.gender, summary=case.context or case.findings or "",
        citations=citations, themes=case.theme_keys,
    )
