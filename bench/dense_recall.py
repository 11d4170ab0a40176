"""`python -m bench.dense_recall --dev-store S [--store-10k S] [--out bench/results/dense_recall.json]`

Dense recall of Chroma's HNSW index measured against exact (brute-force) search, over a
grid of HNSW settings, to choose the store's defaults (settings.hnsw_*).

Corpora, all of real model vectors read back from ingested stores (nothing re-embedded):
  dev            the dev set's passages (`python -m ingest /work/shared/dev-eval/corpus --store S`)
  10k            the bench generator's 10k corpus (`python -m bench.generate --passages 10k`, ingested)
  10k+boiler     the 10k corpus plus 40% more passages drawn from 20 of its passages taken as
                 boilerplate paragraphs (criteria, methodology, board text): half exact copies
                 of a paragraph's vector, half near-copies (its vector plus small noise, cosine
                 ~0.98 to it), standing in for the same paragraph with a few words changed.

Queries: held-out passages (200 passage vectors not in the index) and the questions of the
corpus (embedded with the product's model). Recall@10 = share of HNSW's top 10 whose
similarity reaches brute force's 10th best (minus 1e-6): exact copies tie, so which of
several equal passages comes back is arbitrary, and counting ids would understate recall.

Reproduction (the reported fault): a collection of COPIES identical passages, a few hundred
others, then one passage that differs (cosine ~0.75 to the copies); query its own vector:
is it the top hit?

Each HNSW build is a real PersistentClient collection in a temporary folder; ef_search is
changed on the built collection with ``collection.modify`` and read by a fresh client (Chroma
stores the change, but an index already loaded keeps its old ef_search; M and construction
ef are fixed at creation).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
GRID_M = (16, 32)
GRID_EF_CONSTRUCTION = (100, 200)
GRID_EF_SEARCH = (10, 50, 100, 200, 400, 800)
HELD_OUT = 200
COPIES = 3000


def _rng(name: str) -> np.random.Generator:
    """Each corpus draws from its own seed: a rerun of one corpus repeats its draws exactly."""
    return np.random.default_rng(zlib.crc32(name.encode()))


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def _client(folder: str, fresh: bool = False):
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient
    from chromadb.config import Settings as ChromaSettings

    if fresh:  # a loaded index keeps the ef_search it was loaded with: read it anew
        SharedSystemClient._identifier_to_system.pop(folder, None)
        SharedSystemClient._identifier_to_refcount.pop(folder, None)
    return chromadb.PersistentClient(path=folder, settings=ChromaSettings(anonymized_telemetry=False))


def read_store_vectors(store: Path, prefix: str = "scr") -> np.ndarray:
    """Every passage vector of an ingested store, in id order."""
    col = _client(str(store / "chroma")).get_collection(f"{prefix}-passages")
    ids, vecs, offset = [], [], 0
    while True:
        got = col.get(include=["embeddings"], limit=5000, offset=offset)
        if not got["ids"]:
            break
        ids += got["ids"]
        vecs.append(np.asarray(got["embeddings"], dtype=np.float32))
        offset += len(got["ids"])
    order = np.argsort(ids)
    return _unit(np.concatenate(vecs)[order])


def embed_questions(texts: list[str]) -> np.ndarray:
    from settings import Settings
    from vectorstore.embeddings import load_embeddings

    return _unit(np.asarray(load_embeddings(Settings(_env_file=None)).encode(texts), dtype=np.float32))


def boilerplate_variant(vectors: np.ndarray, rng: np.random.Generator, share: float = 0.4, paragraphs: int = 20):
    """The corpus plus ``share`` x its size of boilerplate passages (see module doc)."""
    extra = int(len(vectors) * share)
    sources = vectors[rng.choice(len(vectors), paragraphs, replace=False)]
    picks = sources[rng.integers(0, paragraphs, extra)]
    near = rng.random(extra) < 0.5
    noise = rng.normal(0, 0.2 / np.sqrt(vectors.shape[1]), picks.shape).astype(np.float32)
    picks = np.where(near[:, None], _unit(picks + noise), picks)
    out = np.concatenate([vectors, picks])
    return out[rng.permutation(len(out))]


def brute_force_kth(index: np.ndarray, queries: np.ndarray, k: int = 10) -> np.ndarray:
    sims = queries @ index.T
    return -np.partition(-sims, k - 1, axis=1)[:, k - 1]


def build(folder: str, name: str, vectors: np.ndarray, m: int, ef_construction: int, groups: int = 10):
    col = _client(folder).create_collection(
        name,
        embedding_function=None,
        configuration={"hnsw": {"space": "cosine", "max_neighbors": m, "ef_construction": ef_construction}},
    )
    t0 = time.perf_counter()
    for lo in range(0, len(vectors), 2000):
        hi = min(lo + 2000, len(vectors))
        col.add(
            ids=[f"p{i:07d}" for i in range(lo, hi)],
            embeddings=vectors[lo:hi],
            metadatas=[{"group": i % groups} for i in range(lo, hi)],
        )
    col.count()
    return col, time.perf_counter() - t0


def with_ef_search(folder: str, col, ef_search: int):
    """The collection with this ef_search: stored by ``modify``, used by a client opened after."""
    col.modify(configuration={"hnsw": {"ef_search": ef_search}})
    return _client(folder, fresh=True).get_collection(col.name)


def measure(col, index: np.ndarray, queries: np.ndarray, k: int = 10, groups: int = 10) -> dict:
    kth = brute_force_kth(index, queries, k)
    recalls, latencies = [], []
    col.query(query_embeddings=[queries[0]], n_results=k, include=["distances"])  # warm
    for q, floor in zip(queries, kth):
        t0 = time.perf_counter()
        got = col.query(query_embeddings=[q], n_results=k, include=["distances"])
        latencies.append((time.perf_counter() - t0) * 1000)
        sims = 1.0 - np.asarray(got["distances"][0])
        recalls.append(float(np.sum(sims >= floor - 1e-6)) / k)
    # Filtered (as a source filter does): 3 of `groups` groups, on the first 100 queries.
    allowed = np.arange(len(index)) % groups < 3
    sub = queries[:100]
    kth_f = brute_force_kth(index[allowed], sub, k)
    frec = []
    for q, floor in zip(sub, kth_f):
        got = col.query(query_embeddings=[q], n_results=k, where={"group": {"$in": [0, 1, 2]}}, include=["distances"])
        frec.append(float(np.sum(1.0 - np.asarray(got["distances"][0]) >= floor - 1e-6)) / k)
    lat = sorted(latencies)
    return {
        "recall_at_10": round(statistics.mean(recalls), 4),
        "queries_below_0_99": int(sum(r < 0.99 for r in recalls)),
        "filtered_recall_at_10": round(statistics.mean(frec), 4),
        "median_ms": round(statistics.median(lat), 2),
        "p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 2),
    }


def reproduction(folder: str, pool: np.ndarray, m: int, ef_construction: int, ef_search: int, rng) -> dict:
    """COPIES identical passages, 300 others, then one unique passage: is it found by its own vector?"""
    base = pool[0]
    others = pool[1:301]
    unique = _unit(base + 0.9 * _unit(rng.normal(size=base.shape)))
    vectors = np.concatenate([others, np.repeat(base[None], COPIES, 0)])
    col, _ = build(folder, f"repro-{m}-{ef_construction}-{ef_search}", vectors, m, ef_construction)
    col = with_ef_search(folder, col, ef_search)
    col.add(ids=["unique"], embeddings=[unique], metadatas=[{"group": 0}])
    got = col.query(query_embeddings=[unique], n_results=10, include=["distances"])
    return {"found_top1": got["ids"][0][0] == "unique", "top1_similarity": round(1 - got["distances"][0][0], 3),
            "cosine_to_copies": round(float(unique @ base), 3)}


def run_corpus(name: str, vectors: np.ndarray, questions: np.ndarray, grid, ef_grid=GRID_EF_SEARCH) -> list[dict]:
    rng = _rng(name)
    order = rng.permutation(len(vectors))
    held, index = vectors[order[:HELD_OUT]], vectors[order[HELD_OUT:]]
    queries = np.concatenate([held, questions])
    rows = []
    for m, efc in grid:
        with tempfile.TemporaryDirectory() as folder:
            col, build_s = build(folder, "bench-passages", index, m, efc)
            for ef in ef_grid:
                row = {"corpus": name, "passages": len(index), "queries": len(queries), "M": m,
                       "ef_construction": efc, "ef_search": ef, "build_s": round(build_s, 1)}
                row.update(measure(with_ef_search(folder, col, ef), index, queries))
                print(json.dumps(row), flush=True)
                rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev-store", type=Path, required=True)
    parser.add_argument("--dev-questions", type=Path, default=Path("/work/shared/dev-eval/questions.jsonl"))
    parser.add_argument("--store-10k", type=Path)
    parser.add_argument("--questions-10k", type=Path, help="the generator's ground_truth.json")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "dense_recall.json")
    parser.add_argument("--only", help="run this corpus only (e.g. 10k+boiler), adding rows to OUT")
    parser.add_argument("--ef-search", type=int, nargs="+", default=list(GRID_EF_SEARCH))
    parser.add_argument("--grid", nargs="+", help="M:construction_ef pairs, e.g. 16:200 32:200")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    grid = [(m, efc) for m in GRID_M for efc in GRID_EF_CONSTRUCTION]
    if args.grid:
        grid = [(int(a), int(b)) for a, b in (g.split(":") for g in args.grid)]
    if args.only:
        extra_rows(args, grid)
        return

    dev = read_store_vectors(args.dev_store)
    dev_q = [json.loads(line)["question"] for line in args.dev_questions.read_text().splitlines() if line.strip()]
    rows = run_corpus("dev", dev, embed_questions(dev_q), grid, args.ef_search)
    rows += run_corpus("dev+boiler", boilerplate_variant(dev, _rng("dev+boiler")), embed_questions(dev_q), grid, args.ef_search)
    if args.store_10k:
        big = read_store_vectors(args.store_10k)
        truth = json.loads(args.questions_10k.read_text()) if args.questions_10k else {}
        texts = [q["question"] for q in truth.get("questions", [])][:200]
        big_q = embed_questions(texts) if texts else np.zeros((0, big.shape[1]), np.float32)
        rows += run_corpus("10k", big, big_q, grid, args.ef_search)
        rows += run_corpus("10k+boiler", boilerplate_variant(big, _rng("10k+boiler")), big_q, grid, args.ef_search)

    repro = []
    for m, efc in grid:
        for ef in (100,):
            with tempfile.TemporaryDirectory() as folder:
                r = {"M": m, "ef_construction": efc, "ef_search": ef, "copies": COPIES}
                r.update(reproduction(folder, dev, m, efc, ef, rng))
                print(json.dumps(r), flush=True)
                repro.append(r)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"grid": rows, "reproduction": repro, "held_out": HELD_OUT}, indent=1) + "\n")


def extra_rows(args, grid) -> None:
    """One corpus again (same seed, same held-out split) with other settings, added to OUT."""
    big = read_store_vectors(args.store_10k if args.only.startswith("10k") else args.dev_store)
    if args.only.startswith("10k"):
        truth = json.loads(args.questions_10k.read_text())
        texts = [q["question"] for q in truth.get("questions", [])][:200]
    else:
        texts = [json.loads(x)["question"] for x in args.dev_questions.read_text().splitlines() if x.strip()]
    if args.only.endswith("+boiler"):
        big = boilerplate_variant(big, _rng(args.only))
    rows = run_corpus(args.only, big, embed_questions(texts), grid, args.ef_search)
    old = json.loads(args.out.read_text()) if args.out.exists() else {"grid": [], "reproduction": []}
    old["grid"] += rows
    args.out.write_text(json.dumps(old, indent=1) + "\n")


if __name__ == "__main__":
    main()
