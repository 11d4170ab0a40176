"""Dense search against exact search, in a real Chroma store with the store's HNSW settings.

A store with much repeated text (review boilerplate) must still return the passages exact
(brute-force) search would: recall@10 >= 0.99. The settings come from bench/dense_recall.py
(docs/BENCHMARKS.md) and are applied by the store, to new collections and, for ef_search,
to existing ones when opened.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from settings import Settings
from vectorstore.chroma_client import forget_client
from vectorstore.store import CorpusStore

pytestmark = pytest.mark.integration

DIM = 384


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def _corpus(rng: np.random.Generator, n: int = 3000) -> np.ndarray:
    """Topic clusters like real passages, plus 40% boilerplate: copies and near-copies of 20 paragraphs."""
    centres = _unit(rng.normal(size=(60, DIM)))
    topical = _unit(centres[rng.integers(0, 60, n)] + rng.normal(0, 2.5 / np.sqrt(DIM), (n, DIM)))
    paragraphs = topical[rng.choice(n, 20, replace=False)]
    boiler = paragraphs[rng.integers(0, 20, int(0.4 * n))]
    near = rng.random(len(boiler)) < 0.5
    boiler = np.where(near[:, None], _unit(boiler + rng.normal(0, 0.2 / np.sqrt(DIM), boiler.shape)), boiler)
    out = np.concatenate([topical, boiler])
    return out[rng.permutation(len(out))]


def _fill(store: CorpusStore, vectors: np.ndarray) -> None:
    for lo in range(0, len(vectors), 1000):
        hi = min(lo + 1000, len(vectors))
        store.passages.add(
            ids=[f"p{i:06d}" for i in range(lo, hi)],
            embeddings=vectors[lo:hi],
            metadatas=[{"doc_hash": "d", "source": "s"} for _ in range(lo, hi)],
        )


def _recall_at_10(store: CorpusStore, index: np.ndarray, queries: np.ndarray) -> float:
    kth = -np.partition(-(queries @ index.T), 9, axis=1)[:, 9]
    recalls = []
    for q, floor in zip(queries, kth):
        got = store.passages.query(query_embeddings=[q], n_results=10, include=["distances"])
        # Exact copies tie: any of several equal passages is a right answer.
        recalls.append(np.mean(1.0 - np.asarray(got["distances"][0]) >= floor - 1e-6))
    return float(np.mean(recalls))


def test_new_store_takes_the_hnsw_settings(settings: Settings):
    hnsw = CorpusStore(settings).passages.configuration["hnsw"]
    assert hnsw["ef_construction"] == settings.hnsw_ef_construction == 200
    assert hnsw["ef_search"] == settings.hnsw_ef_search == 200
    assert hnsw["max_neighbors"] == settings.hnsw_max_neighbors


def test_existing_store_is_given_the_configured_ef_search(settings: Settings):
    """A store made with Chroma's defaults (as before) searches with the configured ef when
    opened again; its M and construction ef stay as built."""
    # Made by another process that has ended, as an older version would have: a client of
    # this process left open could still hold SQLite's lock when the store retunes it.
    script = (
        "import sys, chromadb\n"
        "from chromadb.config import Settings\n"
        "client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))\n"
        "client.create_collection(sys.argv[2], embedding_function=None,"
        " configuration={'hnsw': {'space': 'cosine', 'ef_search': 10}})\n"
    )
    (settings.store_dir / "chroma").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-c", script, str(settings.store_dir / "chroma"), f"{settings.collection_prefix}-passages"],
        check=True, timeout=120,
    )
    forget_client(settings)
    store = CorpusStore(settings.model_copy(update={"hnsw_ef_search": 150}))
    assert store.passages.configuration["hnsw"]["ef_search"] == 150
    assert store.passages.configuration["hnsw"]["ef_construction"] == 100


@pytest.mark.slow
def test_recall_at_10_with_boilerplate_matches_exact_search(tmp_path):
    """Clustered passages with 40% boilerplate copies: HNSW's top 10 holds >= 0.99 of exact
    search's. Chroma's defaults (construction ef 100, ef_search 100) gave 0.98 here."""
    rng = np.random.default_rng(3)
    vectors = _corpus(rng)
    held = rng.choice(len(vectors), 150, replace=False)
    keep = np.setdiff1d(np.arange(len(vectors)), held)
    store = CorpusStore(Settings(_env_file=None, store_dir=tmp_path / "store"))
    _fill(store, vectors[keep])
    forget_client(store.settings)
    store = CorpusStore(store.settings)
    assert _recall_at_10(store, vectors[keep], vectors[held]) >= 0.99
