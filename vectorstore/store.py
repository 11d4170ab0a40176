"""The corpus in Chroma: passages with our own vectors, and documents with their full text
(a passage's text is not stored again: it is its span of the document's, records.py).

Chroma is the source of truth; every other index (lexical, cases) is rebuilt from it.
Write order makes interruptions safe: a document's passages go in first and its document
record last, so a document counts only once all its passages are in; removal deletes the
record first. Passages without a record are orphans, cleared by ``remove_orphans``; until
then readers skip them (``dense_search(documents=…)``, the lexical index).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np
from chromadb.api.models.Collection import Collection
from chromadb.errors import ChromaError

from settings import Settings
from vectorstore.chroma_client import open_client, reopen_client
from vectorstore.records import DocumentRecord, PassageRecord

# Document records need a vector of some size; they are fetched by id, never searched.
_PLACEHOLDER_VECTOR = [1.0]


class CorpusStore:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._bind(open_client(settings))

    def _bind(self, client, retune: bool = True) -> None:
        prefix = self.settings.collection_prefix
        self.passages: Collection = client.get_or_create_collection(
            f"{prefix}-passages", embedding_function=None, configuration={"hnsw": self.hnsw_configuration()}
        )
        if retune and self._retune_search():
            # Chroma stores the new ef_search, but an index this client already loaded keeps
            # the old one: read the store afresh so searches use it.
            self._bind(reopen_client(self.settings), retune=False)
            return
        self.documents: Collection = client.get_or_create_collection(
            f"{prefix}-documents", embedding_function=None
        )
        self._batch = min(client.get_max_batch_size(), 2000)

    def hnsw_configuration(self) -> dict[str, Any]:
        """HNSW settings of a new passage collection (see settings.hnsw_*, docs/BENCHMARKS.md)."""
        return {
            "space": "cosine",
            "max_neighbors": self.settings.hnsw_max_neighbors,
            "ef_construction": self.settings.hnsw_ef_construction,
            "ef_search": self.settings.hnsw_ef_search,
        }

    def _retune_search(self) -> bool:
        """Give an existing collection the configured ef_search (the one HNSW setting Chroma can
        change after creation); True if it changed."""
        hnsw = (self.passages.configuration or {}).get("hnsw") or {}
        if hnsw.get("ef_search") == self.settings.hnsw_ef_search:
            return False
        self.passages.modify(configuration={"hnsw": {"ef_search": self.settings.hnsw_ef_search}})
        return True

    def reopen(self) -> None:
        """Read the store afresh: another process (an ingest) may have written to it."""
        self._bind(reopen_client(self.settings))

    # --- reading ----------------------------------------------------------------------
    def document_records(self, doc_hashes: AbstractSet[str] | None = None) -> dict[str, DocumentRecord]:
        """Every document's record, or those of ``doc_hashes`` that exist."""
        if doc_hashes is not None and not doc_hashes:
            return {}
        ids = sorted(doc_hashes) if doc_hashes is not None else None
        got = self.documents.get(ids=ids, include=["metadatas"])
        return {i: DocumentRecord.from_chroma(i, m) for i, m in zip(got["ids"], got["metadatas"])}

    def document_text(self, doc_hash: str) -> str | None:
        return next((text for _, text in self.document_texts([doc_hash])), None)

    def document_texts(self, doc_hashes: Sequence[str], batch: int = 200) -> Iterator[tuple[str, str]]:
        """(hash, extracted text) of these documents, read in batches: one read per document
        cost ~6 ms at 10,000 documents, a minute of every large ingest."""
        for lo in range(0, len(doc_hashes), batch):
            got = self.documents.get(ids=list(doc_hashes[lo : lo + batch]), include=["documents"])
            yield from zip(got["ids"], got["documents"])

    def document_ids(self) -> set[str]:
        """Hashes of the complete documents (those whose record is written)."""
        return set(self.documents.get(include=[])["ids"])

    def fingerprint(self, records: Mapping[str, DocumentRecord] | None = None) -> str:
        """Changes whenever the set of complete documents, or the path of one, changes
        (passages follow from it): a renamed file's indexes and answers must follow it."""
        records = self.document_records() if records is None else records
        return hashlib.sha256("\n".join(sorted(f"{h}\t{r.source}" for h, r in records.items())).encode()).hexdigest()

    def iter_passages(self, with_text: bool = True, page_size: int = 5000) -> Iterator[PassageRecord]:
        """Every stored passage, paged so memory stays flat at any corpus size.

        ``with_text``: rebuild what was embedded from each document's text. Each page reads
        the records (and texts) of its own documents only: all records held at once, beside
        Chroma's reads, cost ~100 MB more at the end of a 100k ingest.
        Orphans (no document record) come too, with empty title and text."""
        offset = 0
        while True:
            got = self.passages.get(include=["metadatas"], limit=page_size, offset=offset)
            if not got["ids"]:
                return
            owners = self.documents.get(
                ids=sorted({m["doc_hash"] for m in got["metadatas"]}),
                include=["metadatas", "documents"] if with_text else ["metadatas"],
            )
            records = {i: DocumentRecord.from_chroma(i, m) for i, m in zip(owners["ids"], owners["metadatas"])}
            texts = dict(zip(owners["ids"], owners["documents"])) if with_text else {}
            for i, m in zip(got["ids"], got["metadatas"]):
                yield PassageRecord.from_chroma(i, m, records.get(m["doc_hash"]), texts.get(m["doc_hash"]))
            if len(got["ids"]) < page_size:
                return
            offset += page_size

    def vectors_by_text_hash(self, doc_hash: str) -> dict[str, list[float]]:
        """Vectors of a stored document's passages, keyed by the hash of what was embedded."""
        doc = self.documents.get(ids=[doc_hash], include=["documents", "metadatas"])
        if not doc["ids"]:
            return {}
        record, text = DocumentRecord.from_chroma(doc_hash, doc["metadatas"][0]), doc["documents"][0]
        got = self.passages.get(where={"doc_hash": doc_hash}, include=["metadatas", "embeddings"])
        return {
            PassageRecord.from_chroma(i, m, record, text).text_hash: list(e)
            for i, m, e in zip(got["ids"], got["metadatas"], got["embeddings"])
        }

    def count_passages(self) -> int:
        return self.passages.count()

    def dense_search(
        self,
        vector: Sequence[float] | np.ndarray,
        n: int,
        sources: Sequence[str] | None = None,
        documents: AbstractSet[str] | None = None,
        records: Mapping[str, PassageRecord] | None = None,
    ) -> list[tuple[PassageRecord, float]]:
        """Nearest passages with their cosine similarity, best first.

        ``documents``: only passages of these (complete) documents, so a half-written
        document (an ingest running or killed) is never cited.
        ``records``: the passages already held in memory by id (the lexical index's). Chroma
        then returns ids and distances only: reading each hit's text and metadata back from
        its SQLite file cost more than the vector search itself at 10k passages.
        """
        try:
            return self._dense_search(vector, n, sources, documents, records)
        except ChromaError:
            # Another process wrote since this client read its index ("Error finding id"):
            # read it afresh and try once more.
            self.reopen()
            return self._dense_search(vector, n, sources, documents, records)

    def _dense_search(self, vector, n, sources, documents, records) -> list[tuple[PassageRecord, float]]:
        total = len(records) if records is not None else self.passages.count()
        if total == 0 or (documents is not None and not documents):
            return []
        where: dict[str, Any] | None = {"source": {"$in": list(sources)}} if sources else None
        hits, dropped = self._query(vector, min(n, total), where, documents, records)
        if dropped and documents is not None:
            # Passages of incomplete documents took places in the results: ask Chroma to
            # filter (exact, but slower than the plain query, so only when needed).
            only = {"doc_hash": {"$in": sorted(documents)}}
            where = {"$and": [where, only]} if where else only
            hits, _ = self._query(vector, min(n, total), where, documents, records)
        return hits

    def _query(self, vector, n, where, documents, records) -> tuple[list[tuple[PassageRecord, float]], int]:
        got = self.passages.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            where=where,
            include=["distances"] if records is not None else ["metadatas", "distances"],
        )
        if records is not None:
            found = [(records.get(i), dist) for i, dist in zip(got["ids"][0], got["distances"][0])]
        else:
            rows = [(i, m, dist) for i, m, dist in zip(got["ids"][0], got["metadatas"][0], got["distances"][0]) if m]
            by_hash = self.document_records({m["doc_hash"] for _, m, _ in rows})
            # No record: deleted meanwhile, or an orphan
            found = [
                (PassageRecord.from_chroma(i, m, by_hash[m["doc_hash"]]) if m["doc_hash"] in by_hash else None, dist)
                for i, m, dist in rows
            ]
        hits = [
            (passage, 1.0 - dist)
            for passage, dist in found
            if passage is not None and (documents is None or passage.doc_hash in documents)
        ]
        return hits, len(got["ids"][0]) - len(hits)

    # --- writing ----------------------------------------------------------------------
    def add_document(
        self, record: DocumentRecord, text: str, passages: Sequence[PassageRecord], vectors: np.ndarray
    ) -> None:
        self.add_documents([(record, text, passages, vectors)])

    def add_documents(
        self, items: Sequence[tuple[DocumentRecord, str, Sequence[PassageRecord], np.ndarray]]
    ) -> None:
        """Several documents in few calls: each Chroma write costs ~50 ms whatever its size,
        so writing per document took more time than embedding small documents."""
        passages = [p for _, _, ps, _ in items for p in ps]
        if not passages:
            return
        vectors = np.concatenate([np.asarray(v, dtype=np.float32).reshape(len(ps), -1) for _, _, ps, v in items])
        for lo in range(0, len(passages), self._batch):
            batch = passages[lo : lo + self._batch]
            self.passages.upsert(  # no text: it is rebuilt from the document's (records.py)
                ids=[p.id for p in batch],
                metadatas=[p.metadata() for p in batch],
                embeddings=vectors[lo : lo + self._batch],
            )
        # Last, once all their passages are in: the records are the commit markers.
        for lo in range(0, len(items), self._batch):
            written = items[lo : lo + self._batch]
            self.documents.upsert(
                ids=[record.doc_hash for record, _, _, _ in written],
                documents=[text for _, text, _, _ in written],
                metadatas=[record.metadata() for record, _, _, _ in written],
                embeddings=[_PLACEHOLDER_VECTOR] * len(written),
            )

    def rename_document(self, record: DocumentRecord, source: str) -> None:
        """Same content at a new path: point the records at it without re-embedding."""
        got = self.passages.get(where={"doc_hash": record.doc_hash}, include=["metadatas"])
        metas = [{**m, "source": source} for m in got["metadatas"]]
        for lo in range(0, len(metas), self._batch):
            self.passages.update(ids=got["ids"][lo : lo + self._batch], metadatas=metas[lo : lo + self._batch])
        meta = {**record.metadata(), "source": source}
        self.documents.update(ids=[record.doc_hash], metadatas=[meta])

    def remove_document(self, doc_hash: str) -> None:
        self.documents.delete(ids=[doc_hash])  # first: from here on the document is gone
        self.passages.delete(where={"doc_hash": doc_hash})

    def remove_orphans(self) -> int:
        """Delete passages of documents whose ingest never completed; returns how many."""
        got = self.documents.get(include=["metadatas"])
        # Every complete document holds exactly its recorded passages, so equal counts mean
        # no orphans: skips reading every passage's metadata on each ingest (seconds at 100k).
        if self.passages.count() == sum(m["passages"] for m in got["metadatas"]):
            return 0
        complete = set(got["ids"])
        orphans = [p.id for p in self.iter_passages(with_text=False) if p.doc_hash not in complete]
        for lo in range(0, len(orphans), self._batch):
            self.passages.delete(ids=orphans[lo : lo + self._batch])
        return len(orphans)
