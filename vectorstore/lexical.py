"""BM25 over the stored passages (bm25s), kept consistent with Chroma.

The index is derived data: it is saved under the store folder tagged with the store's
fingerprint and rebuilt from Chroma whenever that fingerprint no longer matches.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

from vectorstore.records import PassageRecord
from vectorstore.store import CorpusStore

_STEMMER = Stemmer.Stemmer("english")


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    return bm25s.tokenize(list(texts), stopwords="en", stemmer=_STEMMER, return_ids=False, show_progress=False)


class LexicalIndex:
    def __init__(self, records: list[PassageRecord], retriever: bm25s.BM25 | None, fingerprint: str):
        self.records = records  # metadata only (embed_text empty): what a hit points to
        self.retriever = retriever
        self.fingerprint = fingerprint
        self._sources = np.array([r.source for r in records], dtype=object)

    @classmethod
    def build(cls, store: CorpusStore) -> "LexicalIndex":
        fingerprint = store.fingerprint()
        records, texts = [], []
        for passage in store.iter_passages():
            texts.append(passage.embed_text)
            records.append(PassageRecord(**{**asdict(passage), "embed_text": ""}))
        retriever = None
        if records:
            retriever = bm25s.BM25()
            retriever.index(tokenize(texts), show_progress=False)
        return cls(records, retriever, fingerprint)

    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.retriever is not None:
            self.retriever.save(str(tmp / "bm25"))
        (tmp / "records.json").write_text(json.dumps([asdict(r) for r in self.records]))
        (tmp / "fingerprint").write_text(self.fingerprint)
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)  # swap in whole, so a reader never sees half an index

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex | None":
        try:
            fingerprint = (folder / "fingerprint").read_text()
            records = [PassageRecord(**r) for r in json.loads((folder / "records.json").read_text())]
            retriever = bm25s.BM25.load(str(folder / "bm25")) if records else None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(records, retriever, fingerprint)

    @classmethod
    def for_store(cls, store: CorpusStore) -> "LexicalIndex":
        """The saved index if it matches the store, else a fresh one (saved for next time)."""
        folder = store.settings.store_dir / "lexical"
        current = store.fingerprint()
        index = cls.load(folder)
        if index is None or index.fingerprint != current:
            index = cls.build(store)
            folder.parent.mkdir(parents=True, exist_ok=True)
            index.save(folder)
        return index

    def search(self, query: str, n: int, sources: Sequence[str] | None = None) -> list[tuple[PassageRecord, float]]:
        """Best passages for ``query`` with their BM25 scores (zero-score hits dropped)."""
        if self.retriever is None:
            return []
        tokens = [t for t in tokenize([query])[0] if t in self.retriever.vocab_dict]
        if not tokens:
            return []
        mask = None
        if sources:
            mask = np.isin(self._sources, list(sources)).astype(np.float32)
        ids, scores = self.retriever.retrieve(
            [tokens], k=min(n, len(self.records)), show_progress=False, weight_mask=mask
        )
        return [(self.records[i], float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]
