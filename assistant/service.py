"""The assistant API the CLI, the UI and the tests share.

``Assistant`` loads the model and the stores once, then answers any number of questions.
It notices a finished ingest (the store's fingerprint changes) and refreshes its indexes.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import cast

import numpy as np

from assistant.answer import Answer
from assistant.case_evidence import CaseSentences, Sentence
from assistant.case_names import CaseNames
from assistant.case_table import CaseTable
from assistant.death_statements import death_statements
from assistant.extractive import display
from assistant.handlers import HANDLERS
from assistant.handlers.case_entries import CaseEntries
from assistant.handlers.facts import ABSTAIN_TEXT
from assistant.own_vectors import CaseCosines, OwnVectors
from assistant.retrieval import HybridRetriever
from assistant.router import route
from assistant.snapshot import Snapshot
from assistant.theme_evidence import ThemeExtract, theme_extracts
from ingest.cases.records import CaseRecord
from ingest.memory import release_freed_memory
from knowledge.themes import THEMES, Theme
from settings import Settings, get_settings
from vectorstore.case_index import CaseIndex, Coverage
from vectorstore.embeddings import LocalEmbeddings, load_embeddings
from vectorstore.lexical import LexicalIndex
from vectorstore.store import CorpusStore

__all__ = ["ABSTAIN_TEXT", "Assistant", "QuestionError", "normalise_question"]
MAX_QUESTION_CHARS = 2000  # the model reads ~256 word pieces; more only slows BM25 down


class QuestionError(ValueError):
    """A question that cannot be asked as typed (empty, say); the message says why."""


def normalise_question(question: str) -> str:
    cleaned = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in question)
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise QuestionError("The question is empty: type a question about the indexed reviews.")
    return cleaned[:MAX_QUESTION_CHARS]


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


def _out_of_collections() -> None:
    """Put every object alive now beyond the cyclic garbage collector's full passes: at 100k
    passages the indexes and case sentences are ~1.9 million objects, and a full pass over
    them stopped whichever question happened to trigger it for 1.4 s. Unfrozen before the
    next rebuild, so what an old snapshot held can still be freed."""
    gc.collect()
    gc.freeze()
    release_freed_memory()


# Objects a question leaves alive beyond which they are put out of collections too: the
# caches a first list question fills (each case's sentences, their vectors, its statements
# of death) are ~300k objects at 100k passages; a long list's answer alone is up to ~60k
# (two per case listed), and freezing after each such answer cost ~20 ms a question.
_LONG_LIVED = 150_000


@contextlib.contextmanager
def collections_paused():
    """No cyclic garbage collection while a question is answered: at 100k passages its
    passes over the question's own large lists of cases and sentences (a gen-1 pass every
    ~7,000 objects) cost ~7% of a question's time, and one question's garbage is small."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def keep_long_lived_out_of_collections(limit: int = _LONG_LIVED) -> bool:
    """``_out_of_collections`` when more than ``limit`` objects have been kept since the
    last collection (a question's caches: nothing is collected while it is answered);
    whether it ran."""
    if gc.get_count()[0] <= limit:
        return False
    _out_of_collections()
    return True


def runs_holding(marked: np.ndarray, sizes: Sequence[int]) -> np.ndarray:
    """The places of every run (``marked`` laid out in runs of these sizes) that holds a
    marked place, whole. As arrays: a long list judges thousands of runs."""
    lengths = np.asarray(sizes, dtype=np.int64)
    holding = np.zeros(len(lengths), dtype=bool)
    holding[np.repeat(np.arange(len(lengths)), lengths)[marked]] = True
    return np.flatnonzero(np.repeat(holding, lengths))


def _without_cases(snapshot: Snapshot) -> list[str]:
    """The documents that gave no case record (a list question searches them for mentions)."""
    index = snapshot.case_index
    return [h for h, cases in index.by_document.items() if not cases and h in snapshot.documents]


def _store_files_marker(settings: Settings) -> object:
    """Every file of an embedded Chroma store, with its size and time of last change: any
    write, by any process, changes it, and reading it costs well under a millisecond where
    listing every document took 430 ms at 100k. None in http mode (the files are the server's)."""
    if settings.chroma_mode == "http":
        return None
    files = []
    for path in sorted((settings.store_dir / "chroma").rglob("*")):
        try:
            stat = path.stat()
        except OSError:  # removed while we looked: a write is under way
            return object()
        if not path.is_dir():
            files.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(files)


class Assistant:
    def __init__(self, settings: Settings | None = None, embeddings: LocalEmbeddings | None = None):
        self.settings = settings or get_settings()
        self.embeddings = embeddings or load_embeddings(self.settings)
        self.store = CorpusStore(self.settings)
        self._lock = threading.Lock()
        self._case_lock = threading.Lock()  # one CaseSentences per case index, one vector cache update at a time
        self._texts: dict[str, str] = {}
        self._vectors: dict[tuple[str, int, int], np.ndarray] = {}
        self._own_vectors = OwnVectors(0)  # cases read by their rows: their sentences' vectors (per case index)
        self._table: tuple[Snapshot, CaseTable, CaseEntries] | None = None
        self._rows: tuple[Snapshot, np.ndarray] | None = None  # (``_passage_rows``)
        self._snapshot: Snapshot | None = None
        self._sentences: tuple[CaseIndex, CaseSentences] | None = None
        self._checked_at, self._marker = float("-inf"), cast(object, None)
        self._files: object = None  # the store's files as they were when the documents were last listed
        self._changed = threading.Event()  # a background look found the store changed
        self._looking = threading.Event()  # a background look is under way
        self.refresh()

    # --- state ------------------------------------------------------------------------
    def refresh(self) -> Snapshot:
        """Reload derived indexes if the store changed since we last looked; the current snapshot."""
        with self._lock:
            marker = _index_marker(self.settings)
            if self._snapshot is not None and marker == self._marker and not self._changed.is_set():
                if self._may_answer_from(self._snapshot):
                    return self._snapshot
            self._changed.clear()
            self._checked_at, self._marker = time.monotonic(), marker
            self._files = _store_files_marker(self.settings)  # before listing: a write meanwhile shows next time
            current = self.store.fingerprint()
            release_freed_memory()  # what Chroma's read freed stays in the heap: ~150 MB at 10k documents
            if self._snapshot is not None and current == self._snapshot.fingerprint:
                return self._snapshot
            # The corpus changed, maybe in another process (an ingest): read Chroma afresh, or
            # its in-memory vector index would miss new passages (vectorstore/chroma_client.py).
            gc.unfreeze()  # what the old snapshot held may be collected again
            self._sentences = None
            self.store.reopen()
            lexical = LexicalIndex.for_store(self.store)
            documents = self.store.document_records()
            release_freed_memory()
            case_index = CaseIndex.for_store(self.store)
            self._snapshot = Snapshot(
                fingerprint=current,
                lexical=lexical,
                documents=documents,
                # Dense hits are limited to complete documents, as the lexical index is.
                retriever=HybridRetriever(self.store, lexical, self.settings, frozenset(documents)),
                case_index=case_index,
                case_names=CaseNames(case_index.cases),
            )
            self._texts = {h: t for h, t in self._texts.items() if h in documents}
            # Lookups every named or filtered question reads, made now rather than by the first.
            case_index.prepare_lookups()
            lexical.prepare_lookups()
            _out_of_collections()
            return self._snapshot

    def _may_answer_from(self, snapshot: Snapshot) -> bool:
        """No local ingest has finished since ``snapshot`` was loaded: may it answer, or must
        the documents be listed first? It may when they were listed recently, when nothing
        has written to the store's files since, or while a background listing looks (listing
        took 430 ms at 100k, on a question; the next question picks up a change it finds)."""
        if time.monotonic() - self._checked_at < self.settings.store_check_s:
            return True
        files = _store_files_marker(self.settings)
        written = files is None or files != self._files  # None: the files are a server's, unseen
        if written and self.settings.store_check_s <= 0:
            return False
        self._checked_at = time.monotonic()
        if written and not self._looking.is_set():
            self._looking.set()
            threading.Thread(target=self._look_for_changes, args=(snapshot.fingerprint, files), daemon=True).start()
        return True

    def _look_for_changes(self, fingerprint: str, files: object) -> None:
        try:
            if self.store.fingerprint() != fingerprint:
                self._changed.set()
            else:
                self._files = files  # what was written since the last listing changed no document
        except Exception:  # the store was reopened meanwhile, or is being written: look in line next time
            self._changed.set()
        finally:
            self._looking.clear()

    # The current snapshot's parts, for the UI, the CLI and the tests.
    @property
    def lexical(self) -> LexicalIndex:
        return self.refresh().lexical

    @property
    def documents(self) -> dict:
        return self.refresh().documents

    @property
    def retriever(self) -> HybridRetriever:
        return self.refresh().retriever

    @property
    def case_index(self) -> CaseIndex:
        return self.refresh().case_index

    @property
    def case_names(self) -> CaseNames:
        return self.refresh().case_names

    def unit_vectors(self, units) -> np.ndarray:
        """Vectors of evidence sentences, cached: the same passages come back across questions."""
        return self._cached_vectors([((u.candidate.passage.doc_hash, u.start, u.end), u.text) for u in units])

    def sentence_vectors(self, sentences: list[Sentence]) -> np.ndarray:
        """Vectors of case sentences (list questions), from the same cache."""
        return self._cached_vectors([((s.doc_hash, s.start, s.end), s.text) for s in sentences])

    def own_cosines(self, snapshot: Snapshot, numbers: np.ndarray, vector: np.ndarray) -> tuple[CaseCosines, np.ndarray]:
        """For each case read by its own rows and sections (by its number in the case
        index), its sentences' cosines to ``vector`` (``.of(number)``), and each case's
        highest; the sentences of cases not yet embedded are embedded in one batch and kept."""
        with self._case_lock:
            self._embed_own(snapshot, numbers)
            return self._own_vectors.cosines(numbers, vector)

    def _embed_own(self, snapshot: Snapshot, numbers: np.ndarray) -> None:
        sentences = self._case_sentences(snapshot)
        missing = self._own_vectors.missing(numbers)
        if not len(missing):
            return
        cases = snapshot.case_index.cases
        owns = [sentences.of(cases[n]) for n in missing.tolist()]
        texts = [display(s.text) for own in owns for s in own]
        vectors = self.embeddings.encode(texts) if texts else np.zeros((0, self.embeddings.dimension), dtype=np.float32)
        self._own_vectors.add(missing, np.fromiter(map(len, owns), dtype=np.int64, count=len(owns)), vectors)

    def case_table(self, snapshot: Snapshot) -> CaseTable:
        """The snapshot's cases as arrays (``assistant.case_table``), built once."""
        return self._per_snapshot(snapshot)[1]

    def case_entries(self, snapshot: Snapshot) -> CaseEntries:
        """What the snapshot's cases show in a list answer, kept per case (``handlers.case_entries``)."""
        return self._per_snapshot(snapshot)[2]

    def _per_snapshot(self, snapshot: Snapshot) -> tuple[Snapshot, CaseTable, CaseEntries]:
        with self._case_lock:
            held = self._table
            if held is None or held[0] is not snapshot:
                table = CaseTable(snapshot.case_index.cases, snapshot.lexical.segment_of, _without_cases(snapshot))
                held = self._table = (snapshot, table, CaseEntries(snapshot.documents))
            return held

    def sentence_cosines(
        self,
        snapshot: Snapshot,
        sentences: Sequence[Sentence] | np.ndarray,
        vector: np.ndarray,
        groups: Sequence[int] | None = None,
    ) -> np.ndarray:
        """Cosine of ``vector`` to each sentence's meaning: the stored vector of the passage
        that holds it when the index keeps vectors (nothing to embed on a first question:
        one model call per review made a new topic take seconds at 10k cases), else the
        sentences' own vectors. ``sentences``: the sentences, or (an array) their numbers in
        the case sentences' postings, whose passages are found once per snapshot. ``groups``:
        the sentences come in runs of these lengths (one review's each), and a run with a
        sentence no passage holds is judged by its own vectors whole, so one review's
        sentences are compared on one scale."""
        lexical = snapshot.lexical
        if isinstance(sentences, np.ndarray):
            numbers, pool = sentences, self.case_sentences(snapshot).postings.sentences
            if lexical.vectors is None:
                return self.sentence_vectors([pool[n] for n in numbers.tolist()]) @ vector
            held = lexical.row_cosines(self._passage_rows(snapshot)[numbers], vector)

            def fetched(at: np.ndarray) -> list[Sentence]:
                return [pool[n] for n in numbers[at].tolist()]
        else:
            listed = sentences
            found = lexical.passage_cosines([s.doc_hash for s in listed], [s.start for s in listed], vector)
            if found is None:
                return self.sentence_vectors(list(listed)) @ vector
            held = found

            def fetched(at: np.ndarray) -> list[Sentence]:
                return [listed[i] for i in at.tolist()]

        # The runs with a sentence no passage holds, judged by their own vectors in one call.
        own = runs_holding(np.isnan(held), groups if groups else [len(held)])
        if len(own):
            held[own] = self.sentence_vectors(fetched(own)) @ vector
        return held

    def _passage_rows(self, snapshot: Snapshot) -> np.ndarray:
        """Per sentence of the case sentences' postings (by number), the row of the passage
        that holds it (-1: none), found once per snapshot: finding them for each list
        question's thousands of judged sentences was a tenth of its time."""
        with self._case_lock:
            held = self._rows
            if held is None or held[0] is not snapshot:
                pool = self._case_sentences(snapshot).postings.sentences
                rows = snapshot.lexical.passage_rows([s.doc_hash for s in pool], [s.start for s in pool])
                held = self._rows = (snapshot, rows)
            return held[1]

    def _cached_vectors(self, keyed: list[tuple[tuple[str, int, int], str]]) -> np.ndarray:
        with self._case_lock:  # a background warm-up may fill the cache meanwhile
            missing = [(key, text) for key, text in keyed if key not in self._vectors]
            if missing:
                fresh = self.embeddings.encode([display(text) for _, text in missing])
                if len(self._vectors) + len(missing) > self.settings.sentence_vector_cache:  # bound memory on a long-running server
                    self._vectors.clear()
                for (key, _), vector in zip(missing, fresh):
                    self._vectors[key] = vector
            return np.array([self._vectors[key] for key, _ in keyed])

    def prepare_case_answers(self, batch: int = 256) -> int:
        """Do now what the first list question would: read and tokenise every case's text,
        read which of its spans tell of a death, keep its list entry's fixed parts, and
        embed its table rows and statements (at 100k, 75 s on that first question).
        The app runs this on a thread when it loads; questions asked meanwhile wait at most
        for one batch. Returns how many sentences it embedded."""
        snapshot = self.refresh()
        sentences = self.case_sentences(snapshot)  # tokenises every case document
        cases = snapshot.case_index.cases
        for case in cases:
            sentences.of(case)  # each case's sentences, kept for the questions to come
            if case.outcome != "harmed":
                death_statements(case, sentences)  # what a question on how a child died reads
        sentences.negated_places  # noqa: B018 - where each sentence negates a match (7 s at 100k)
        sentences.phrase_weights  # noqa: B018 - each theme phrase's weight (0.7 s at 100k)
        self._passage_rows(snapshot)  # the passage that holds each sentence
        table = self.case_table(snapshot)
        table.prepare()
        self.case_entries(snapshot).prepare(cases, table.primary)
        read_by_rows = [n for n, c in enumerate(cases) if c.origin != "single review"]
        before = self.embeddings.calls
        lo = 0
        while lo < len(read_by_rows):  # about ``batch`` sentences at a time
            hi, size = lo, 0
            while hi < len(read_by_rows) and (size < batch or hi == lo):
                size += len(sentences.of(cases[read_by_rows[hi]]))
                hi += 1
            with self._case_lock:
                self._embed_own(snapshot, np.asarray(read_by_rows[lo:hi], dtype=np.int64))
            lo = hi
        with self._case_lock:
            _out_of_collections()  # the rows' sentences and every case's list of them
        return self.embeddings.calls - before

    def case_sentences(self, snapshot: Snapshot) -> CaseSentences:
        """Every case's sentences, tokenised once per case index."""
        with self._case_lock:
            return self._case_sentences(snapshot)

    def _case_sentences(self, snapshot: Snapshot) -> CaseSentences:
        held = self._sentences
        if held is None or held[0] is not snapshot.case_index:
            index = snapshot.case_index
            # The first list question reads every case document: in batches, not one by one
            # (6.5 s of reads at 9,900 documents).
            gc.unfreeze()  # the sentences of an older index may be collected again
            self._sentences = None
            self._own_vectors = OwnVectors(len(index.cases))
            # Documents without case records too: a list question quotes them as "also
            # mentioned in", and reading and splitting them on the question cost ~70 ms at 100k.
            without = _without_cases(snapshot)
            wanted = sorted(({c.doc_hash for c in index.cases} | set(without)) - set(self._texts))
            self._texts.update((h, t or "") for h, t in self.store.document_texts(wanted))
            release_freed_memory()
            held = (index, CaseSentences(index.cases, self.document_text, index.glossary))
            held[1].idf  # noqa: B018 - tokenises every case document, as any list question needs
            held[1].prepare(without)
            self._sentences = held
            _out_of_collections()
        return held[1]

    def document_text(self, doc_hash: str) -> str:
        if doc_hash not in self._texts:
            self._texts[doc_hash] = self.store.document_text(doc_hash) or ""
        return self._texts[doc_hash]

    def status(self) -> dict:
        snapshot = self.refresh()
        times = [d.ingested_at for d in snapshot.documents.values()]
        return {
            "documents": len(snapshot.documents),
            "passages": len(snapshot.lexical.records),
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
        offset: int = 0,
    ) -> Answer:
        """Answer one question. ``within_cases`` (case ids) makes it a list question over
        just those cases: the follow-up "which of those…" after a list answer. ``offset``: a
        list answer's entries from this one on (the next page of a long list)."""
        question = normalise_question(question)
        if offset < 0:
            raise QuestionError(f"The offset must be 0 or more, not {offset}.")
        t0 = time.perf_counter()
        snapshot = self.refresh()
        timings: dict[str, float] = {}
        routed = route(
            question, snapshot.case_index, snapshot.case_names,
            lambda h: self._heading(snapshot, h), within_cases, sources,
        )
        if offset:
            routed = replace(routed, offset=offset)
        timings["route_ms"] = (time.perf_counter() - t0) * 1e3
        with collections_paused():
            answer = HANDLERS[routed.intent](routed, self, snapshot, k or self.settings.k, timings)
            answer.parsed = answer.parsed or routed.parsed()
            timings["total_ms"] = (time.perf_counter() - t0) * 1e3
            with self._case_lock:  # not while another thread fills the caches
                keep_long_lived_out_of_collections()  # before a collection would move them
        # Optional generated answer (None: if a provider is configured); the extractive one stands either way.
        from assistant.generation import attach_generation  # here, not at the top: one edit, read only when asking

        return attach_generation(answer, self.settings, self.embeddings.encode, generate)

    def _heading(self, snapshot: Snapshot, doc_hash: str) -> str:
        """A document's title and opening: what a question that names it by title or date matches."""
        record = snapshot.documents.get(doc_hash)
        return (record.title if record else "") + "\n" + self.document_text(doc_hash)[:400]

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

