"""Vectors already computed for a passage text, kept under bench/work between runs.

Embedding 100k passages takes most of an hour on two cores; the cache lets later runs
rebuild a store without re-embedding. Keyed by the SHA-256 of the exact text and by the
backend (int8 vectors are not fp32 vectors). ``CachedEmbed`` is the ``embed=`` hook of
``ingest.pipeline.ingest`` and records how long the model itself ran.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class EmbedCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.vectors: dict[str, np.ndarray] = {}
        self._new = 0
        keys, values = folder / "keys.npy", folder / "vectors.npy"
        if keys.exists() and values.exists():
            for key, vector in zip(np.load(keys), np.load(values)):
                self.vectors[str(key)] = vector

    def save(self) -> None:
        if not self._new:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self.vectors), dtype="U32")
        values = np.stack(list(self.vectors.values())).astype(np.float32)
        np.save(self.folder / "vectors.tmp.npy", values)
        np.save(self.folder / "keys.tmp.npy", keys)
        (self.folder / "vectors.tmp.npy").replace(self.folder / "vectors.npy")
        (self.folder / "keys.tmp.npy").replace(self.folder / "keys.npy")
        self._new = 0

    def put(self, text: str, vector: np.ndarray) -> None:
        self.vectors[text_key(text)] = vector
        self._new += 1


class CachedEmbed:
    """Encode what the cache lacks (if ``read``), remember everything, time the model.

    ``proxy``: instead of running the model on a text the cache lacks, give it the cached
    vector of another passage (picked by the text's hash) plus small noise. Only for
    building a large store in little time to measure latency, memory and size: such a
    store's retrieval quality means nothing, and results say how many vectors were proxies.
    """

    def __init__(self, encode: Callable[[list[str]], np.ndarray], cache: EmbedCache, read: bool, proxy: bool = False):
        self.encode, self.cache, self.read, self.proxy = encode, cache, read, proxy
        self.model_seconds = 0.0
        self.encoded = 0
        self.from_cache = 0
        self.proxies = 0
        self._pool = np.stack(list(cache.vectors.values())) if proxy and cache.vectors else None

    def _proxy(self, text: str) -> np.ndarray:
        seed = int(text_key(text)[:8], 16)
        rng = np.random.default_rng(seed)
        vector = self._pool[seed % len(self._pool)] + rng.normal(0, 0.02, self._pool.shape[1])
        return (vector / np.linalg.norm(vector)).astype(np.float32)

    def __call__(self, texts: list[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        if self._pool is not None:
            out = []
            for text, key in zip(texts, keys):
                if key in self.cache.vectors:
                    self.from_cache += 1
                    out.append(self.cache.vectors[key])
                else:
                    self.proxies += 1
                    out.append(self._proxy(text))
            return np.stack(out)
        missing = [t for t, k in zip(texts, keys) if not (self.read and k in self.cache.vectors)]
        if missing:
            t0 = time.perf_counter()
            fresh = self.encode(missing)
            self.model_seconds += time.perf_counter() - t0
            self.encoded += len(missing)
            for text, vector in zip(missing, fresh):
                self.cache.put(text, vector)
        self.from_cache += len(texts) - len(missing)
        return np.stack([self.cache.vectors[k] for k in keys])
