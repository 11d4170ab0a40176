"""The assistant API the CLI, the UI and the tests share.

``Assistant`` loads the model and the stores once, then answers any number of questions.
It notices a finished ingest (the store's fingerprint changes) and refreshes its indexes.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Sequence
from typing import cast

import numpy as np

from assistant.answer import Answer, CaseHit, Citation
from assistant.case_answers import CaseMatch, describe, headline, meets_constraints
from assistant.case_evidence import CaseSentences, Sentence, question_frame_stems, topic_of
from assistant.case_names import CaseNames
from assistant.case_questions import CaseQuery
from assistant.case_questions import parse as parse_case_question
from assistant.extractive import display, evidence_units, list_items_after, score_units, select
from assistant.grounding import unknown_named_terms, unknown_topic_words
from assistant.retrieval import HybridRetriever
from assistant.scope import scope_of, without_names
from assistant.theme_evidence import ThemeExtract, theme_extracts
from assistant.topic_matching import match_topic
from ingest.cases.records import CaseRecord, Evidence
from knowledge.glossary import expand
from knowledge.themes import BY_KEY, THEMES, Theme
from knowledge.words import DOCUMENT_FRAMED
from settings import Settings, get_settings
from vectorstore.case_index import CaseIndex, Coverage
from vectorstore.embeddings import LocalEmbeddings, load_embeddings
from vectorstore.lexical import LexicalIndex, tokenize
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


def with_list_items(chosen, document_text):
    """After a sentence that introduces a list, its items, in order (they are its answer)."""
    out = []
    for unit, score in chosen:
        out.append((unit, score))
        for item in list_items_after(unit, document_text(unit.candidate.passage.doc_hash)):
            if not any(u.start == item.start and u.candidate.passage.doc_hash == item.candidate.passage.doc_hash for u, _ in chosen + out):
                out.append((item, score))
    return out


def _index_marker(settings: Settings) -> object:
    """Cheap sign of a finished local ingest: it saves a new lexical index (a new link target)."""
    folder = settings.store_dir / "lexical"
    try:
        return os.readlink(folder)
    except OSError:
        try:
            return (folder / "fingerprint").stat().st_mtime_ns  # an index saved before links
        except OSError:
            return None


# Verbs of asking: "what is said about X" holds X, not "said".
_ASKING = frozenset({"said", "say", "says", "conclud", "tell", "told", "describ", "found", "find", "learn", "lesson"})


# A question that asks for one fact ("How many…", "Who…", "When…") even when it names a case.
_ASKS_A_FACT = re.compile(r"\s*(?:how|who|whom|whose|when|where|why|which|did|does|do|was|were|is|are|has|have|had)\b", re.I)


class Assistant:
    def __init__(self, settings: Settings | None = None, embeddings: LocalEmbeddings | None = None):
        self.settings = settings or get_settings()
        self.embeddings = embeddings or load_embeddings(self.settings)
        self.store = CorpusStore(self.settings)
        self._lock = threading.Lock()
        self._texts: dict[str, str] = {}
        self._vectors: dict[tuple[str, int, int], np.ndarray] = {}
        self._fingerprint = ""
        self._checked_at, self._marker = float("-inf"), cast(object, None)
        self.refresh()

    # --- state ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload derived indexes if the store changed since we last looked."""
        with self._lock:
            marker = _index_marker(self.settings)
            if marker == self._marker and time.monotonic() - self._checked_at < self.settings.store_check_s:
                return  # no local ingest since the last full check, and that was recent
            self._checked_at, self._marker = time.monotonic(), marker
            current = self.store.fingerprint()
            if current == self._fingerprint:
                return
            # The corpus changed, maybe in another process (an ingest): read Chroma afresh, or
            # its in-memory vector index would miss new passages (vectorstore/chroma_client.py).
            self.store.reopen()
            self.lexical = LexicalIndex.for_store(self.store)
            self.documents = self.store.document_records()
            # Dense hits are limited to complete documents, as the lexical index is.
            self.retriever = HybridRetriever(self.store, self.lexical, self.settings, frozenset(self.documents))
            self._texts = {h: t for h, t in self._texts.items() if h in self.documents}
            self.case_index = CaseIndex.for_store(self.store)
            self.case_names = CaseNames(self.case_index.cases)
            self._fingerprint = current

    def _unit_vectors(self, units) -> np.ndarray:
        """Vectors of evidence sentences, cached: the same passages come back across questions."""
        return self._cached_vectors([((u.candidate.passage.doc_hash, u.start, u.end), u.text) for u in units])

    def _sentence_vectors(self, sentences: list[Sentence]) -> np.ndarray:
        """Vectors of case sentences (list questions), from the same cache."""
        return self._cached_vectors([((s.doc_hash, s.start, s.end), s.text) for s in sentences])

    def _cached_vectors(self, keyed: list[tuple[tuple[str, int, int], str]]) -> np.ndarray:
        missing = [(key, text) for key, text in keyed if key not in self._vectors]
        if missing:
            fresh = self.embeddings.encode([display(text) for _, text in missing])
            if len(self._vectors) > 50_000:  # bound memory on a long-running server
                self._vectors.clear()
            for (key, _), vector in zip(missing, fresh):
                self._vectors[key] = vector
        return np.array([self._vectors[key] for key, _ in keyed])

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
    def ask(
        self,
        question: str,
        k: int | None = None,
        sources: Sequence[str] | None = None,
        generate: bool | None = None,
        within_cases: Sequence[str] | None = None,
    ) -> Answer:
        """Answer one question. ``within_cases`` (case ids) makes it a list question over
        just those cases: the follow-up "which of those…" after a list answer."""
        question = normalise_question(question)
        self.refresh()
        k = k or self.settings.k
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        case_query = parse_case_question(question, self.areas(), self.case_index.glossary)
        named_case = None if case_query.is_list or within_cases else self._case_named(question)
        if (case_query.is_list or within_cases is not None or named_case) and self.case_index.cases and not sources:
            if named_case is not None:
                answer = self._answer_case_detail(question, named_case, timings)
            else:
                answer = self._answer_cases(case_query, timings, within_cases)
            timings["total_ms"] = (time.perf_counter() - t0) * 1e3
            from assistant.generation import attach_generation

            return attach_generation(answer, self.settings, self.embeddings.encode, generate)
        query_vector = self.embeddings.encode([question])[0]
        timings["embed_ms"] = (time.perf_counter() - t0) * 1e3
        lexical_query = expand(question, self.case_index.glossary)  # "RSO" finds "registered sex offender"
        scope = scope_of(question, self.case_index, self._heading)
        parsed = {"intent": "fact", "areas": list(scope.areas), "children": list(scope.children)}
        candidates = []
        if not sources and scope.documents and len(scope.documents) <= self.settings.scope_max_documents:
            # A question that names a review is answered from it (or them, when a name fits several).
            scoped = [self.documents[h].source for h in scope.documents if h in self.documents]
            candidates = self.retriever.retrieve(lexical_query, query_vector, scoped, timings)
            parsed["scoped_to"] = scoped
            if candidates:
                # Passages are ranked again by the question without its names (in every passage
                # of the named review), keeping the full question's best similarity for abstention.
                inner = without_names(question, scope)
                inner_vector = self.embeddings.encode([inner])[0]
                best = max((c.dense for c in candidates if c.dense is not None), default=0.0)
                candidates = self.retriever.retrieve(expand(inner, self.case_index.glossary), inner_vector, scoped, timings)
                for c in candidates[:1]:
                    c.dense = max(c.dense or 0.0, best)
        if not candidates:
            candidates = self.retriever.retrieve(lexical_query, query_vector, sources, timings)
            parsed.pop("scoped_to", None)
        if not candidates:
            return Answer(question, ABSTAIN_TEXT, True, timings_ms=timings, parsed=parsed)

        best_dense = max((c.dense for c in candidates if c.dense is not None), default=0.0)
        unknown = unknown_named_terms(question, self.lexical.vocabulary, tokenize) or unknown_topic_words(
            question, self.lexical.vocabulary, tokenize, question_frame_stems()
        )
        abstained = bool(unknown) or (
            best_dense < self.settings.abstain_threshold and not self._words_all_found(question, candidates[:5])
        )
        t1 = time.perf_counter()
        top = candidates[: self.settings.answer_passages * (3 if "scoped_to" in parsed else 1)]
        rank_of = {c.passage.id: rank for rank, c in enumerate(top)}
        units = [u for c in top for u in evidence_units(c, self.document_text(c.passage.doc_hash))]
        unit_question, unit_vector, cap = question, query_vector, self.settings.per_document_cap
        if "scoped_to" in parsed:
            # Within the named review its names are in every sentence: choose by the rest.
            unit_question, unit_vector = inner, inner_vector
            cap = k
            parsed["asked_within"] = unit_question
        scores = score_units(
            unit_question, unit_vector, units, self._unit_vectors, rank_of, self.settings.answer_sentences_embedded
        )
        if abstained:  # weak matches: show the nearest few, whatever their relative scores
            chosen = select(units, scores, min(k, 3), cap)
        else:
            chosen = select(units, scores, k, cap, self.settings.answer_relative_cutoff)
            chosen = with_list_items(chosen, self.document_text)
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
            if unknown:
                named = ", ".join(f"“{term}”" for term in unknown)
                text = f"The indexed documents do not mention {named}, so they cannot answer this question."
            if citations:
                text += " Nearest passages (weak matches, not an answer): " + " ".join(
                    f"[{c.n}]" for c in citations
                )
        else:
            text = " ".join(f"{display(c.text)} [{c.n}]" for c in citations)
            if scope.note and "scoped_to" in parsed:
                text = f"{scope.note} {text}"
        timings["total_ms"] = (time.perf_counter() - t0) * 1e3
        answer = Answer(
            question, text, abstained, citations, timings_ms=timings, best_similarity=round(best_dense, 4), parsed=parsed
        )
        # Optional generated answer (None: if a provider is configured); the extractive one stands either way.
        from assistant.generation import attach_generation  # here, not at the top: one edit, read only when asking

        return attach_generation(answer, self.settings, self.embeddings.encode, generate)

    def _answer_cases(self, query: CaseQuery, timings: dict[str, float], within: Sequence[str] | None = None) -> Answer:
        """List questions: every indexed case checked against the question's constraints."""
        t0 = time.perf_counter()
        glossary = self.case_index.glossary
        cases = self.case_index.cases
        if within is not None:
            scope = set(within)
            cases = [c for c in cases if c.case_id in scope]
        # Only the cases that can match are checked (all of them, for the headline's count).
        candidates = cases if within is not None else self.case_index.candidates(query.areas, ())
        matches = self._topic_matches(query, candidates, glossary)
        citations, hits, parts = [], [], []
        for n, match in enumerate(matches, start=1):
            case, evidence = match.case, match.evidence
            citations.append(self._case_citation(n, case, evidence))
            hits.append(
                CaseHit(
                    case_id=case.case_id, label=case.label, local_authority=case.local_authority, child=case.child,
                    age=case.age, gender=case.gender, summary=case.context or case.findings or "",
                    citations=[n], themes=case.theme_keys,
                )
            )
            parts.append(f"{case.label} ({describe(case)}): {display(evidence.text)} [{n}]")
        text = headline(len(matches), len(cases), query.criteria, "in the previous answer" if within is not None else "indexed")
        if parts:
            text += " " + "; ".join(parts) + "."
        timings["case_ms"] = (time.perf_counter() - t0) * 1e3
        return Answer(query.question, text, not matches, citations, hits, mode="case-list", timings_ms=timings)

    def _topic_matches(self, query: CaseQuery, candidates: list[CaseRecord], glossary: dict[str, str]) -> list[CaseMatch]:
        """The cases that meet the constraints and whose own text shows the topic, each with
        the sentence that shows it (a question with no topic: the constraints alone)."""
        met = [(case, ev) for case in candidates if (ev := meets_constraints(case, query)) is not None]
        topic = topic_of(query.criteria, query.themes, glossary, query.areas)
        if topic.empty:
            return [CaseMatch(case, ev) for case, ev in met]
        topic_vector = self.embeddings.encode([topic.text or query.criteria])[0]
        hits = match_topic(
            topic, topic_vector, [case for case, _ in met], self._case_sentences(), self._sentence_vectors,
            lambda docs: self._best_passages(topic_vector, docs),
            self.settings.topic_word_weight, self.settings.topic_threshold, self.settings.topic_min_lexical,
            self.settings.topic_paraphrase_cosine,
        )
        matches = []
        for hit in hits:
            other = hit.sentence.doc_hash != hit.case.doc_hash
            record = self.documents.get(hit.sentence.doc_hash)
            evidence = Evidence(
                hit.sentence.start, hit.sentence.end, hit.sentence.text, "topic", None,
                hit.sentence.doc_hash if other else None, record.source if other and record else None,
            )
            matches.append(CaseMatch(hit.case, evidence))
        return matches

    def _best_passages(self, vector: np.ndarray, doc_hashes: list[str]) -> dict[str, tuple[float, int, int]]:
        """Each document's passage closest to ``vector``: cosine and span (stored vectors)."""
        sources = [self.documents[h].source for h in set(doc_hashes) if h in self.documents]
        if not sources:
            return {}
        n = sum(self.documents[h].passages for h in set(doc_hashes) if h in self.documents)
        best: dict[str, tuple[float, int, int]] = {}
        for passage, cosine in self.store.dense_search(vector, n, sources, self.retriever.documents, self.lexical.by_id):
            if passage.doc_hash not in best or cosine > best[passage.doc_hash][0]:
                best[passage.doc_hash] = (cosine, passage.start, passage.end)
        return best

    def _words_all_found(self, question: str, candidates) -> bool:
        """Whether one of the top passages holds every content word of the question (two or
        more): then a low similarity is the model's weakness, not a missing answer
        ("What is said about 'respectful uncertainty'?")."""
        wanted = set(tokenize([question])[0]) - question_frame_stems() - _ASKING
        if len(wanted) < 2:
            return False
        for candidate in candidates:
            p = candidate.passage
            if wanted <= set(tokenize([self.document_text(p.doc_hash)[p.start : p.end]])[0]):
                return True
        return False

    def _heading(self, doc_hash: str) -> str:
        """A document's title and opening: what a question that names it by title or date matches."""
        record = self.documents.get(doc_hash)
        return ((record.title if record else "") + "\n" + self.document_text(doc_hash)[:400])

    def _case_sentences(self) -> CaseSentences:
        if getattr(self, "_sentences_for", None) is not self.case_index:
            self._sentences = CaseSentences(self.case_index.cases, self.document_text, self.case_index.glossary)
            self._sentences_for = self.case_index
        return self._sentences

    def _case_citation(self, n: int, case: CaseRecord, evidence: Evidence) -> Citation:
        """A case's evidence span as a citation of the document it is in (a case found in
        two documents cites both)."""
        doc_hash = evidence.doc_hash or case.doc_hash
        record = self.documents.get(doc_hash)
        return Citation(
            n=n, source=evidence.source or case.source, title=record.title if record else case.title,
            section=evidence.section, page=record.page_of(evidence.start) if record else None,
            start=evidence.start, end=evidence.end, text=evidence.text, score=1.0, doc_hash=doc_hash,
        )

    def _case_named(self, question: str) -> CaseRecord | None:
        """The one case a question asks about ("tell me more about the Bedfordshire case")."""
        if not re.search(r"\b(case|review|child|tell|more|about|details?|happened)\b", question, re.I):
            return None
        if DOCUMENT_FRAMED.search(question) or _ASKS_A_FACT.match(question):
            # "In the Shropshire briefing paper…, how many…", "How many agencies … for Child T?":
            # a fact about a case, answered from its review, not the whole case record.
            return None
        if not re.search(r"\bcase\b|\bchild\b|more|detail|happened", question, re.I):
            return None
        return self.case_names.the_one_named(question)

    def _answer_case_detail(self, question: str, case: CaseRecord, timings: dict[str, float]) -> Answer:
        """Everything the index holds on one case, each piece cited."""
        evidence = [e for e in case.evidence if e.field != "row"] or case.evidence
        citations = [self._case_citation(n, case, e) for n, e in enumerate(evidence, start=1)]
        parts = [f"{display(c.text)} [{c.n}]" for c in citations]
        themes = ", ".join(BY_KEY[k].name for k in case.theme_keys) or "none tagged"
        text = f"{case.label} ({describe(case)}): " + " ".join(parts) + f" Themes: {themes}."
        hit = CaseHit(
            case_id=case.case_id, label=case.label, local_authority=case.local_authority, child=case.child,
            age=case.age, gender=case.gender, summary=case.context or case.findings or "",
            citations=[c.n for c in citations], themes=case.theme_keys,
        )
        return Answer(question, text, False, citations, [hit], mode="case-detail", timings_ms=timings)

    # --- the case index, for the UI and the CLI ------------------------------------------
    def areas(self) -> list[str]:
        return self.case_index.areas

    def coverage(self) -> Coverage:
        """How many documents gave cases, how many describe none, which the index is unsure of."""
        self.refresh()
        return self.case_index.coverage

    def cases(self, theme: str | None = None) -> list[CaseRecord]:
        self.refresh()
        return [c for c in self.case_index.cases if theme is None or theme in c.theme_keys]

    def themes(self) -> tuple[Theme, ...]:
        return THEMES

    def theme_matrix(self) -> dict[str, set[str]]:
        """case_id -> the themes it is tagged with."""
        return {c.case_id: set(c.theme_keys) for c in self.cases()}

    def theme_evidence(self, theme_key: str) -> list[ThemeExtract]:
        self.refresh()
        documents = {h: (r.source, r.title, self.document_text(h)) for h, r in self.documents.items()}
        return theme_extracts(theme_key, documents, self.case_index.cases)

    def ask_many(self, questions: Sequence[str], **kwargs) -> list[Answer]:
        return [self.ask(q, **kwargs) for q in questions]

