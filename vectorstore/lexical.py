"""BM25 over the stored passages (bm25s), kept consistent with Chroma.

The index is derived data: it is saved under the store folder tagged with the store's
fingerprint and rebuilt from Chroma whenever that fingerprint no longer matches. It holds
the passages of complete documents only (a killed or running ingest leaves others), and,
up to ``settings.exact_search_max_passages``, their vectors row for row, for exact dense
search (``vectorstore/exact_search.py``): one folder, one fingerprint, one checksum manifest.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

from knowledge.words import IRREGULAR_FORMS
from vectorstore import exact_search, top_k
from vectorstore.cache_files import CacheDamaged, read_checked, save_or_warn, sha256_file, write_atomic
from vectorstore.records import PassageRecord
from vectorstore.store import CorpusStore


class _Stemmer:
    """Snowball, after the irregular forms it cannot join to their base ("lives" stems to
    "live", not "life": "took their own lives" missed "took his own life")."""

    def __init__(self) -> None:
        self._snowball = Stemmer.Stemmer("english")

    def stemWords(self, words: list[str]) -> list[str]:  # noqa: N802 - the name bm25s calls
        return self._snowball.stemWords([IRREGULAR_FORMS.get(w, w) for w in words])


log = logging.getLogger(__name__)
_STEMMER = _Stemmer()
# Sorted search keys of passages by (document, start): a document's number times this plus
# the start (a document's text is shorter).
_DOCUMENT_STRIDE = 1 << 40
_KEPT_SOURCE_SETS = 16  # the rows of the last few sets of documents a question was scoped to
_GATHERED_SHARE = 8  # fewer rows than 1/this of all are gathered and multiplied, not all of them
# Saved beside the fingerprint: an index tokenised another way is rebuilt, not read.
TOKENIZER = "snowball+irregular-1"
MANIFEST = "manifest.sha256"


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    return bm25s.tokenize(list(texts), stopwords="en", stemmer=_STEMMER, return_ids=False, show_progress=False)


@dataclass(frozen=True)
class _Segments:
    """The passages grouped by document: ``rows[offsets[i]:offsets[i + 1]]`` are document
    ``docs[i]``'s rows, ``segment`` numbers each entry's document, ``starts``/``ends`` its span."""

    docs: list[str]
    position: dict[str, int]
    rows: np.ndarray
    offsets: np.ndarray
    segment: np.ndarray
    starts: np.ndarray
    ends: np.ndarray


class LexicalIndex:
    def __init__(
        self,
        records: list[PassageRecord],
        retriever: bm25s.BM25 | None,
        fingerprint: str,
        vectors: np.ndarray | None = None,
    ):
        self.records = records  # metadata only (embed_text empty): what a hit points to
        self.retriever = retriever
        self.fingerprint = fingerprint
        self.vectors = vectors  # unit rows aligned with records, or None (HNSW answers instead)
        self._last_cosines: tuple[bytes, np.ndarray] | None = None
        self._rows_of_sources: dict[frozenset[str], np.ndarray] = {}

    @classmethod
    def build(cls, store: CorpusStore) -> LexicalIndex:
        documents = store.document_records()
        complete = set(documents)
        fingerprint = store.fingerprint(documents)
        records, texts = [], []
        # Small pages: Chroma's reads keep memory per page (5,000-passage pages cost ~145 MB
        # more at the peak of a 100k ingest than 1,000, for ~8 s more reading).
        for passage in store.iter_passages(page_size=1000):
            if passage.doc_hash not in complete:
                continue  # an orphan, or a document still being written
            texts.append(passage.embed_text)
            records.append(replace(passage, embed_text=""))  # metadata only; asdict was slow at 100k
        retriever = None
        if records:
            retriever = bm25s.BM25()
            retriever.index(tokenize(texts), show_progress=False)
        vectors = None
        if exact_search.wanted(len(records), store.settings.exact_search_max_passages):
            try:
                vectors = exact_search.read_vectors(store.passages, [r.id for r in records])
            except KeyError as error:
                # An ingest replaced a document while we read: answer through HNSW this time;
                # the next look at the store sees the missing vectors and rebuilds.
                log.warning("exact search skipped for now: %s", error)
        return cls(records, retriever, fingerprint, vectors)

    def save(self, folder: Path) -> None:
        """Write to a new folder of its own, then repoint the ``folder`` symlink at it.

        Replacing a symlink is atomic, so a reader sees the old index or the new one, never
        half of one; and two processes saving at once (an ingest, an assistant rebuilding)
        never write into each other's files. A killed save leaves only an unlinked folder.
        """
        target = folder.with_name(f"{folder.name}-{uuid.uuid4().hex[:12]}")
        target.mkdir(parents=True)
        link = folder.with_name(f".{target.name}.link")
        try:
            self._save_into(target)
            os.symlink(target.name, link)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)  # a full disk leaves no half folder behind
            link.unlink(missing_ok=True)
            raise
        previous = os.readlink(folder) if folder.is_symlink() else None
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)  # an index saved before indexes were symlinked
        os.replace(link, folder)
        if previous:
            shutil.rmtree(folder.parent / previous, ignore_errors=True)
        _remove_stale(folder, keep=target.name)

    def _save_into(self, target: Path) -> None:
        if self.retriever is not None:
            self.retriever.save(str(target / "bm25"))
        with (target / "records.json").open("w") as out:  # a record at a time: the whole list
            out.write("[")  # as one string cost ~100 MB at the peak of a 100k ingest
            for i, record in enumerate(self.records):
                out.write(("," if i else "") + json.dumps(asdict(record)))
            out.write("]")
        if self.vectors is not None:
            exact_search.save(np.asarray(self.vectors), target)
        (target / "fingerprint").write_text(f"{self.fingerprint} {TOKENIZER}")
        # Last: the checksum of every file, so a damaged one is rebuilt rather than loaded
        # (a flipped bit in the score arrays loads fine and scores 1e38 or NaN).
        sums = {str(p.relative_to(target)): sha256_file(p) for p in sorted(target.rglob("*")) if p.is_file()}
        write_atomic(target / MANIFEST, json.dumps(sums, sort_keys=True).encode())

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        try:
            folder = folder.resolve(strict=True)  # once: a save may repoint the link meanwhile
            if damage(folder):
                return None
            fingerprint, _, tokenizer = (folder / "fingerprint").read_text().partition(" ")
            if tokenizer != TOKENIZER:
                return None  # tokenised another way (an older version): rebuilt, not read
            records = [PassageRecord(**r) for r in json.loads((folder / "records.json").read_text())]
            retriever = bm25s.BM25.load(str(folder / "bm25")) if records else None
            vectors = exact_search.load(folder)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if vectors is not None and vectors.shape[0] != len(records):
            return None
        return cls(records, retriever, fingerprint, vectors)

    def try_save(self, folder: Path) -> bool:
        """Save, or log why not (a full disk) and go on with the index in memory."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        return save_or_warn("lexical index", lambda: self.save(folder))

    @classmethod
    def for_store(cls, store: CorpusStore) -> LexicalIndex:
        """The saved index if it matches the store, else a fresh one (saved for next time)."""
        folder = store.settings.store_dir / "lexical"
        current = store.fingerprint()
        index = cls.load(folder)
        # Rebuilt too when it lacks vectors it should keep (saved before exact search, or
        # under another limit), or keeps ones it should not.
        if (
            index is None
            or index.fingerprint != current
            or (index.vectors is not None) != exact_search.wanted(len(index.records), store.settings.exact_search_max_passages)
        ):
            index = cls.build(store)
            index.try_save(folder)  # answering goes on if the disk is full
        return index

    @cached_property
    def by_id(self) -> dict[str, PassageRecord]:
        """The indexed passages by id: what a dense hit (an id) resolves to."""
        return {r.id: r for r in self.records}

    @property
    def vocabulary(self) -> Collection[str]:
        """Every (stemmed) token that occurs in some passage."""
        return self.retriever.vocab_dict if self.retriever is not None else {}

    def nearest(
        self, vector: np.ndarray, n: int, sources: Sequence[str] | None = None
    ) -> list[tuple[PassageRecord, float]] | None:
        """Exact dense search over the held vectors: passages with their cosine, best first;
        None when this index keeps no vectors (the store is searched through HNSW then)."""
        if self.vectors is None:
            return None
        rows = self._source_rows(sources) if sources else None
        held = self._last_cosines
        if rows is not None and held is not None and held[0] == np.asarray(vector, dtype=np.float32).tobytes():
            # Every passage's cosine to this vector is at hand (a list question's topic, whose
            # mentions in documents without cases are searched next): read the rows', rather
            # than gather their vectors again (thousands of rows at 100k passages).
            return [(self.records[i], score) for i, score in top_k.best(held[1][rows], n, rows)]
        return [(self.records[i], score) for i, score in exact_search.nearest(self.vectors, vector, n, rows)]

    def prepare_lookups(self) -> None:
        """Build now the lookups a filtered question and a list question read, rather than
        on the first of them (~0.3 s at 100k passages)."""
        _ = (self.rows_by_source, self._document_segments, self._segment_keys)

    @cached_property
    def rows_by_source(self) -> dict[str, np.ndarray]:
        rows: dict[str, list[int]] = {}
        for row, record in enumerate(self.records):
            rows.setdefault(record.source, []).append(row)
        return {source: np.asarray(r, dtype=np.int64) for source, r in rows.items()}

    def _source_rows(self, sources: Sequence[str]) -> np.ndarray:
        """Rows of these documents, in order (np.isin over an array of strings took 40 ms at 10k).
        The last few sets asked are kept: every list question searches the same documents
        without cases twice (by words and by meaning), ~800 of them at 100k passages."""
        key = frozenset(sources)
        rows = self._rows_of_sources.get(key)
        if rows is None:
            found = [self.rows_by_source[s] for s in key if s in self.rows_by_source]
            rows = np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
            rows.flags.writeable = False  # shared by the questions that ask for these documents
            if len(self._rows_of_sources) >= _KEPT_SOURCE_SETS:
                self._rows_of_sources.clear()
            self._rows_of_sources[key] = rows
        return rows

    @cached_property
    def _rows_by_document(self) -> dict[str, tuple[list[int], list[int], list[int]]]:
        """Per document: its passages' starts, ends and rows, in order of start."""
        by_doc: dict[str, list[tuple[int, int, int]]] = {}
        for row, record in enumerate(self.records):
            by_doc.setdefault(record.doc_hash, []).append((record.start, record.end, row))
        return {doc: tuple(map(list, zip(*sorted(spans)))) for doc, spans in by_doc.items()}  # type: ignore[misc]

    @cached_property
    def _document_segments(self) -> _Segments:
        """Every document's passage rows laid end to end (rows, and where each document's
        run starts), so a per-document best is one vectorised pass, not a loop per document."""
        docs = list(self._rows_by_document)
        runs = [self._rows_by_document[d][2] for d in docs]
        lengths = np.fromiter(map(len, runs), dtype=np.int64, count=len(runs))
        rows = np.fromiter((row for run in runs for row in run), dtype=np.int64, count=int(lengths.sum()))
        return _Segments(
            docs=docs,
            position={d: i for i, d in enumerate(docs)},
            rows=rows,
            offsets=np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64),
            segment=np.repeat(np.arange(len(docs)), lengths),
            starts=np.fromiter((self.records[r].start for r in rows), dtype=np.int64, count=len(rows)),
            ends=np.fromiter((self.records[r].end for r in rows), dtype=np.int64, count=len(rows)),
        )

    def segment_of(self, doc_hash: str) -> int:
        """The document's number in ``best_per_segment``'s arrays; -1 if it has no passage here."""
        return self._document_segments.position.get(doc_hash, -1)

    def best_per_segment(self, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Every document's passage closest to ``vector`` (the first, on a tie), by the
        document's number (``segment_of``): cosines, starts and ends; None when this index
        keeps no vectors. Arrays, so a list question reads thousands of reviews' closest
        passages without a loop over them."""
        if self.vectors is None:
            return None
        seg = self._document_segments
        if not len(seg.rows):
            empty = np.zeros(0, dtype=np.int64)
            return np.zeros(0, dtype=np.float32), empty, empty
        scores = self.cosines(vector)[seg.rows]
        best = np.maximum.reduceat(scores, seg.offsets)
        at_best = np.flatnonzero(scores >= best[seg.segment])
        # at_best is in order, so each document's first best row is where its number changes.
        first = at_best[np.flatnonzero(np.diff(seg.segment[at_best], prepend=-1))]
        return best, seg.starts[first], seg.ends[first]

    def passage_cosines(self, doc_hashes: Sequence[str], starts: Sequence[int], vector: np.ndarray) -> np.ndarray | None:
        """For each place (a document and an offset in its text), the cosine of ``vector`` to
        the stored passage that holds it (NaN where none does: a cosine may be -1 or any
        negative); None when this index keeps no vectors. Nothing is embedded: the passage
        vectors are already here."""
        if self.vectors is None:
            return None
        return self.row_cosines(self.passage_rows(doc_hashes, starts), vector)

    def row_cosines(self, index: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """``passage_cosines`` of places whose passages' rows are known (-1: NaN). Needs vectors."""
        assert self.vectors is not None
        found = index >= 0
        out = np.full(len(index), np.nan, dtype=np.float32)
        if found.any():
            rows = index[found]
            last = self._last_cosines
            if last is not None and last[0] == np.asarray(vector, dtype=np.float32).tobytes():
                out[found] = last[1][rows]  # every passage's is at hand
            elif len(rows) * _GATHERED_SHARE < len(self.vectors):
                # Only these passages' (a list of thousands reads a few thousand of 128k):
                # gathering a row costs about six times its share of the whole product.
                out[found] = self.vectors[rows] @ exact_search.unit(vector)
            else:
                out[found] = self.cosines(vector)[rows]
        return out

    def passage_rows(self, doc_hashes: Sequence[str], starts: Sequence[int]) -> np.ndarray:
        """The row of the passage that holds each place (the last to start at or before it
        that has not ended; -1 where none does), for ``row_cosines``. One sorted search over
        every document's passages laid end to end, keyed by (document, start): a long list
        judges thousands of sentences, and a search per sentence cost most of that."""
        seg = self._document_segments
        position = seg.position
        doc = np.fromiter((position.get(d, -1) for d in doc_hashes), dtype=np.int64, count=len(doc_hashes))
        start = np.asarray(starts, dtype=np.int64)
        at = np.searchsorted(self._segment_keys, doc * _DOCUMENT_STRIDE + start, side="right") - 1
        at_or_0 = np.maximum(at, 0)
        held = (doc >= 0) & (at >= 0) & (seg.segment[at_or_0] == doc)
        rows = np.where(held & (seg.ends[at_or_0] > start), seg.rows[at_or_0], -1)
        # A place past the end of the passage found: an earlier passage that overlaps it may
        # still hold it (rare; walked back one by one, as passages may overlap).
        for k in np.flatnonzero(held & (rows < 0)).tolist():
            i, first = int(at[k]), int(seg.offsets[doc[k]])
            while i >= first and seg.ends[i] <= start[k]:
                i -= 1
            rows[k] = seg.rows[i] if i >= first else -1
        return rows

    @cached_property
    def _segment_keys(self) -> np.ndarray:
        seg = self._document_segments
        return seg.segment.astype(np.int64) * _DOCUMENT_STRIDE + seg.starts

    def cosines(self, vector: np.ndarray) -> np.ndarray:
        """Every passage's cosine to ``vector``. The last vector's are kept: a list question
        reads them for its closest passage per review and for the sentences it judges."""
        if self.vectors is None:
            raise ValueError("this index keeps no passage vectors")
        key = np.asarray(vector, dtype=np.float32).tobytes()
        last = self._last_cosines
        if last is None or last[0] != key:
            last = self._last_cosines = (key, np.asarray(self.vectors @ exact_search.unit(vector)))
        return last[1]

    def search(self, query: str, n: int, sources: Sequence[str] | None = None) -> list[tuple[PassageRecord, float]]:
        """Best passages for ``query`` with their BM25 scores (zero-score hits dropped)."""
        if self.retriever is None:
            return []
        tokens = [t for t in tokenize([query])[0] if t in self.retriever.vocab_dict]
        if not tokens:
            return []
        scores = self.retriever.get_scores(tokens)
        if sources:
            rows = self._source_rows(sources)
            best = top_k.best_positive(scores[rows], n, rows)
        else:
            best = top_k.best_positive(scores, n)
        return [(self.records[i], s) for i, s in best]


def damage(folder: Path) -> str | None:
    """What is wrong with a saved index's files (its manifest missing or not matching), or None."""
    try:
        sums = json.loads(read_checked(folder / MANIFEST))
        files = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
        if files != set(sums):
            return f"{folder}: files differ from its manifest"
        bad = sorted(name for name, digest in sums.items() if sha256_file(folder / name) != digest)
    except (OSError, ValueError, CacheDamaged) as error:
        return f"{folder}: {error}"
    return f"{folder}: checksum mismatch in {', '.join(bad)}" if bad else None


def _remove_stale(folder: Path, keep: str, age_s: float = 600) -> None:
    """Delete index folders and links left by killed or raced saves; recent ones may
    still be in use by a save under way."""
    leftovers = [*folder.parent.glob(f"{folder.name}-*"), *folder.parent.glob(f".{folder.name}-*.link")]
    for candidate in leftovers:
        try:
            if candidate.name == keep or time.time() - candidate.lstat().st_mtime <= age_s:
                continue
            if candidate.is_symlink():
                candidate.unlink()
            else:
                shutil.rmtree(candidate, ignore_errors=True)
        except OSError:
            continue
