"""The corpus in Chroma: passages with our own vectors, and documents with their full text.

Chroma is the source of truth; every other index (lexical, cases) is rebuilt from it.
Write order makes interruptions safe: a document's passages go in first and its document
record last, so a document counts only once all its passages are in; removal deletes the
record first. Passages without a record are orphans, cleared by ``remove_orphans``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

import numpy as np
from chromadb.api.models.Collection import Collection

from settings import Settings
from vectorstore.chroma_client import open_client
from vectorstore.records import DocumentRecord, PassageRecord

# Document records need a vector of some size; they are fetched by id, never searched.
_PLACEHOLDER_VECTOR = [1.0]


class CorpusStore:
    def __init__(self, settings: Settings):
        self.settings = settings
        client = open_client(settings)
        prefix = settings.collection_prefix
        self.passages: Collection = client.get_or_create_collection(
            f"{prefix}-passages", embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
        self.documents: Collection = client.get_or_create_collection(
            f"{prefix}-documents", embedding_function=None
        )
        self._batch = min(client.get_max_batch_size(), 2000)

    # --- reading ----------------------------------------------------------------------
    def document_records(self) -> dict[str, DocumentRecord]:
        got = self.documents.get(include=["metadatas"])
        return {i: DocumentRecord.from_chroma(i, m) for i, m in zip(got["ids"], got["metadatas"])}

    def document_text(self, doc_hash: str) -> str | None:
        got = self.documents.get(ids=[doc_hash], include=["documents"])
        return got["documents"][0] if got["ids"] else None

    def fingerprint(self) -> str:
        """Changes whenever the set of complete documents changes (passages follow from it)."""
        ids = sorted(self.documents.get(include=[])["ids"])
        return hashlib.sha256("\n".join(ids).encode()).hexdigest()

    def iter_passages(self, with_text: bool = True, page_size: int = 5000) -> Iterator[PassageRecord]:
        """Every stored passage, paged so memory stays flat at any corpus size."""
        include = ["documents", "metadatas"] if with_text else ["metadatas"]
        offset = 0
        while True:
            got = self.passages.get(include=include, limit=page_size, offset=offset)
            texts = got["documents"] if with_text else [""] * len(got["ids"])
            for i, d, m in zip(got["ids"], texts, got["metadatas"]):
                yield PassageRecord.from_chroma(i, d, m)
            if len(got["ids"]) < page_size:
                return
            offset += page_size

    def vectors_by_text_hash(self, doc_hash: str) -> dict[str, list[float]]:
        """Vectors of a stored document's passages, keyed by the hash of what was embedded."""
        got = self.passages.get(where={"doc_hash": doc_hash}, include=["metadatas", "embeddings"])
        return {m["text_hash"]: list(e) for m, e in zip(got["metadatas"], got["embeddings"])}

    def count_passages(self) -> int:
        return self.passages.count()

    def dense_search(
        self, vector: Sequence[float], n: int, sources: Sequence[str] | None = None
    ) -> list[tuple[PassageRecord, float]]:
        """Nearest passages with their cosine similarity, best first."""
        total = self.passages.count()
        if total == 0:
            return []
        where = {"source": {"$in": list(sources)}} if sources else None
        got = self.passages.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=min(n, total),
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        return [
            (PassageRecord.from_chroma(i, d, m), 1.0 - dist)
            for i, d, m, dist in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        ]

    # --- writing ----------------------------------------------------------------------
    def add_document(
        self, record: DocumentRecord, text: str, passages: Sequence[PassageRecord], vectors: np.ndarray
    ) -> None:
        for lo in range(0, len(passages), self._batch):
            batch = passages[lo : lo + self._batch]
            self.passages.upsert(
                ids=[p.id for p in batch],
                documents=[p.embed_text for p in batch],
                metadatas=[p.metadata() for p in batch],
                embeddings=[list(map(float, v)) for v in vectors[lo : lo + self._batch]],
            )
        # Last: the record is the commit marker.
        self.documents.upsert(
            ids=[record.doc_hash], documents=[text], metadatas=[record.metadata()], embeddings=[_PLACEHOLDER_VECTOR]
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
        complete = set(self.documents.get(include=[])["ids"])
        orphans = [p.id for p in self.iter_passages(with_text=False) if p.doc_hash not in complete]
        for lo in range(0, len(orphans), self._batch):
            self.passages.delete(ids=orphans[lo : lo + self._batch])
        return len(orphans)
