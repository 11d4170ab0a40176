"""The assistant API the CLI, the UI and the tests share.

``Assistant`` loads the model and the stores once, then answers any number of questions.
It notices a finished ingest (the store's fingerprint changes) and refreshes its indexes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from assistant.answer import Answer, Citation
from assistant.extractive import display, evidence_units, score_units, select
from assistant.retrieval import HybridRetriever
from settings import Settings, get_settings
from vectorstore.embeddings import LocalEmbeddings, load_embeddings
from vectorstore.lexical import LexicalIndex
from vectorstore.store import CorpusStore

ABSTAIN_TEXT = "The indexed documents do not answer this question."
MAX_QUESTION_CHARS = 2000  # the model reads ~256 word pieces; more only slows BM25 down


class QuestionError(ValueError):
    """A question that cannot be asked as typed (empty, say); the message says why."""


def normalise_question(question: str) -> str:
    cleaned = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in question)
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise QuestionError("The question is empty: type a question about the indexed reviews.")
    return cleaned[:MAX_QUESTION_CHARS]


class Assistant:
    def __init__(self, settings: Settings | None = None, embeddings: LocalEmbeddings | None = None):
        self.settings = settings or get_settings()
        self.embeddings = embeddings or load_embeddings(self.settings)
        self.store = CorpusStore(self.settings)
        self._lock = threading.Lock()
        self._texts: dict[str, str] = {}
        self._fingerprint = ""
        self.refresh()

    # --- state ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload derived indexes if the store changed since we last looked."""
        with self._lock:
            current = self.store.fingerprint()
            if current == self._fingerprint:
                return
            self.lexical = LexicalIndex.for_store(self.store)
            self.retriever = HybridRetriever(self.store, self.lexical, self.settings)
            self.documents = self.store.document_records()
            self._texts = {h: t for h, t in self._texts.items() if h in self.documents}
            self._fingerprint = current

    def document_text(self, doc_hash: str) -> str:
        if doc_hash not in self._texts:
            self._texts[doc_hash] = self.store.document_text(doc_hash) or ""
        return self._texts[doc_hash]

    def status(self) -> dict:
        self.refresh()
        times = [d.ingested_at for d in self.documents.values()]
        return {
            "documents": len(self.documents),
            "passages": len(self.lexical.records),
            "last_ingest": max(times) if times else None,
        }

    # --- answering --------------------------------------------------------------------
    def ask(self, question: str, k: int | None = None, sources: Sequence[str] | None = None) -> Answer:
        question = normalise_question(question)
        self.refresh()
        k = k or self.settings.k
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        query_vector = self.embeddings.encode([question])[0]
        timings["embed_ms"] = (time.perf_counter() - t0) * 1e3
        candidates = self.retriever.retrieve(question, query_vector, sources, timings)
        if not candidates:
            return Answer(question, ABSTAIN_TEXT, True, timings_ms=timings)

        best_dense = max((c.dense for c in candidates if c.dense is not None), default=0.0)
        abstained = best_dense < self.settings.abstain_threshold
        t1 = time.perf_counter()
        top = candidates[: max(2 * k, 8)]
        rank_of = {c.passage.id: rank for rank, c in enumerate(top)}
        units = [u for c in top for u in evidence_units(c, self.document_text(c.passage.doc_hash))]
        scores = score_units(question, query_vector, units, self.embeddings.encode, rank_of)
        if abstained:  # weak matches: show the nearest few, whatever their relative scores
            chosen = select(units, scores, min(k, 3), self.settings.per_document_cap)
        else:
            chosen = select(units, scores, k, self.settings.per_document_cap, self.settings.answer_relative_cutoff)
        timings["extract_ms"] = (time.perf_counter() - t1) * 1e3

        citations = [
            Citation(
                n=n,
                source=unit.candidate.passage.source,
                title=unit.candidate.passage.title,
                section=unit.candidate.passage.section,
                page=unit.candidate.passage.page,
                start=unit.start,
                end=unit.end,
                text=unit.text,
                score=round(score, 4),
                doc_hash=unit.candidate.passage.doc_hash,
                weak=abstained,
            )
            for n, (unit, score) in enumerate(chosen, start=1)
        ]
        if abstained:
            text = ABSTAIN_TEXT
            if citations:
                text += " Nearest passages (weak matches, not an answer): " + " ".join(
                    f"[{c.n}]" for c in citations
                )
        else:
            text = " ".join(f"{display(c.text)} [{c.n}]" for c in citations)
        timings["total_ms"] = (time.perf_counter() - t0) * 1e3
        return Answer(question, text, abstained, citations, timings_ms=timings, best_similarity=round(best_dense, 4))

    def ask_many(self, questions: Sequence[str], **kwargs) -> list[Answer]:
        return [self.ask(q, **kwargs) for q in questions]

