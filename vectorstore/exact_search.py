"""Exact dense search: the question's vector against every stored passage vector.

Chroma's HNSW graph is approximate, and one way it fails cannot be tuned away: thousands
of exact copies of one passage (boilerplate pasted into many reviews) leave later
passages unreachable, so a passage at cosine 0.71 is never returned while the top hit is
0.10 (docs/RELIABILITY.md). A matrix product over all vectors has no such failure and is
fast enough at this product's sizes (a few ms at 10k passages, tens at 100k; docs/BENCHMARKS.md),
so up to ``settings.exact_search_max_passages`` it replaces the graph for questions. The
vectors are read once from Chroma and saved, row for row with the lexical index's records,
in that index's folder (``vectorstore/lexical.py``): same fingerprint, checksum and repair.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vectorstore import top_k

FILE = "vectors.npy"


def wanted(passages: int, limit: int) -> bool:
    """Does a store of ``passages`` keep a matrix for exact search (``limit``: the setting)?"""
    return 0 < passages <= limit


def normalised(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (float32), so a dot product is the cosine Chroma reports."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def unit(vector: np.ndarray) -> np.ndarray:
    """One vector scaled to unit length (float32): a question's, before a dot product."""
    vector = np.asarray(vector, dtype=np.float32).ravel()
    return vector / (np.linalg.norm(vector) or 1.0)


def read_vectors(passages, ids: Sequence[str], page: int = 1000) -> np.ndarray:
    """The stored vectors of ``ids`` from the Chroma collection ``passages``, in that order."""
    rows: dict[str, np.ndarray] = {}
    for lo in range(0, len(ids), page):
        got = passages.get(ids=list(ids[lo : lo + page]), include=["embeddings"])
        rows.update(zip(got["ids"], got["embeddings"]))
    missing = [i for i in ids if i not in rows]
    if missing:  # a passage deleted between listing and reading: the caller rebuilds later
        raise KeyError(f"{len(missing)} passage vector(s) vanished while reading, e.g. {missing[0]}")
    return normalised(np.stack([np.asarray(rows[i], dtype=np.float32) for i in ids])) if ids else np.zeros((0, 0), np.float32)


def save(matrix: np.ndarray, folder: Path) -> None:
    np.save(folder / FILE, matrix, allow_pickle=False)


def load(folder: Path) -> np.ndarray | None:
    """The saved matrix, memory-mapped (the page cache holds it, shared by processes), or None."""
    path = folder / FILE
    return np.load(path, mmap_mode="r", allow_pickle=False) if path.exists() else None


def nearest(matrix: np.ndarray, vector: np.ndarray, n: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Rows of the ``n`` passages closest to ``vector`` (cosine, best first); ``rows``:
    the rows that may be returned (a document filter), the only ones scored."""
    if n <= 0 or matrix.shape[0] == 0:
        return []
    if rows is None:
        return top_k.best(matrix @ unit(vector), n)
    return top_k.best(np.asarray(matrix[rows]) @ unit(vector), n, rows)
