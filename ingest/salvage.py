"""Copying what Chroma can still read out of a damaged store, so a repair re-embeds only
what was lost.

SQLite reports a file as malformed when any page is, yet reads that never touch the bad
pages (Chroma's unused full-text tables, say) still work. Each document is copied whole or
not at all: its record, its text and all its recorded passages with vectors that are
finite and of unit length (the model's vectors are normalised, so a damaged one shows).
Reading is done on a copy: Chroma writes even when it opens a store, and the damaged store
is kept exactly as it was found.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np

from ingest.disk_space import folder_bytes, free_bytes
from settings import Settings
from vectorstore.chroma_client import forget_client
from vectorstore.damage import READ_ERRORS
from vectorstore.records import PassageRecord
from vectorstore.store import CorpusStore


def salvage(damaged_chroma: Path, target: CorpusStore) -> int:
    """Copy every document that reads back whole from ``damaged_chroma`` (a Chroma folder)
    into ``target``; how many were copied. 0 if the store cannot be opened, or if there is
    no room for a working copy of it."""
    if free_bytes(target.settings.store_dir) < 2 * folder_bytes(damaged_chroma):
        return 0  # the copy, and the documents written from it
    with tempfile.TemporaryDirectory(dir=target.settings.store_dir, prefix=".salvage-") as work:
        shutil.copytree(damaged_chroma, Path(work) / "chroma")
        settings = target.settings.model_copy(update={"store_dir": Path(work), "chroma_mode": "embedded"})
        try:
            return _copy_documents(settings, target)
        finally:
            forget_client(settings)  # the copy is deleted: no client may point at it


def _copy_documents(settings: Settings, target: CorpusStore) -> int:
    try:
        old = CorpusStore(settings)
        records = old.document_records()
    except READ_ERRORS:
        return 0
    copied = 0
    for doc_hash, record in records.items():
        try:
            text = old.document_text(doc_hash)
            got = old.passages.get(where={"doc_hash": doc_hash}, include=["metadatas", "embeddings"])
        except READ_ERRORS:
            continue
        if text is None or len(got["ids"]) != record.passages or not got["ids"]:
            continue
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        if not np.all(np.isfinite(vectors)) or np.any(np.abs(np.linalg.norm(vectors, axis=1) - 1) > 1e-3):
            continue
        try:
            passages = [PassageRecord.from_chroma(i, m, record, text) for i, m in zip(got["ids"], got["metadatas"])]
        except (KeyError, ValueError, TypeError):
            continue  # a metadata row that reads, but not as ours
        if any(p.doc_hash != doc_hash or not 0 <= p.start < p.end <= len(text) for p in passages):
            continue
        target.add_documents([(record, text, passages, vectors)])
        copied += 1
    return copied
