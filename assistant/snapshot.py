"""One immutable view of the indexes a question is answered from.

An ingest in another process can finish while a question is being answered; the
assistant then builds a new snapshot and swaps it in whole, so one answer never mixes the
passages of one corpus with the case records of another.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.case_names import CaseNames
from assistant.retrieval import HybridRetriever
from vectorstore.case_index import CaseIndex
from vectorstore.lexical import LexicalIndex


@dataclass(frozen=True)
class Snapshot:
    fingerprint: str
    lexical: LexicalIndex
    documents: dict  # doc hash -> DocumentRecord
    retriever: HybridRetriever
    case_index: CaseIndex
    case_names: CaseNames
