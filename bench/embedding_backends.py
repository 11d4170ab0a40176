"""`python -m bench.embedding_backends [--corpus DIR] [--passages 512]`

Encodes the same passages (as the product cuts them from a corpus) with each embedding
backend — torch fp32, ONNX fp32, ONNX int8 — and prints passages/s, speed-up over torch
and the cosine of each backend's vectors to torch's (mean and worst). Writes
bench/results/embedding_backends.json. The first ONNX run includes a one-off export,
done before timing starts.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

from bench.generate import HERE

SAMPLE = HERE.parents[1] / "shared" / "corpus"


def passage_texts(corpus: Path, limit: int) -> list[str]:
    from ingest.chunking import chunk
    from ingest.discovery import discover
    from ingest.readers import read_document
    from ingest.tokens import word_piece_counter
    from settings import Settings

    settings = Settings(_env_file=None)
    count = word_piece_counter(settings.resolved_model_path())
    texts: list[str] = []
    for path in discover([corpus]).files:
        texts += [p.embed_text for p in chunk(read_document(path, settings), count, settings.chunk_max_tokens)]
        if len(texts) >= limit:
            break
    return texts[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=HERE / "work" / "corpus-1k" / "docs")
    parser.add_argument("--passages", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=2, help="timed passes per backend (best kept)")
    args = parser.parse_args()

    from ingest.tokens import word_piece_counter
    from settings import Settings
    from vectorstore.embeddings import LocalEmbeddings

    texts = passage_texts(args.corpus, args.passages)
    count = word_piece_counter(Settings(_env_file=None).resolved_model_path())
    mean_tokens = float(np.mean([count(t) for t in texts]))
    print(f"{len(texts)} passages from {args.corpus}, mean {mean_tokens:.0f} word pieces")
    results, reference = [], None
    for backend in ("torch", "onnx", "onnx-int8"):
        model = LocalEmbeddings(Settings(_env_file=None, embed_backend=backend))
        model.encode(texts[:8])  # warm-up (and, first time, the ONNX export)
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            vectors = model.encode(texts)
            best = min(best, time.perf_counter() - t0)
        if reference is None:
            reference = vectors
        cosine = (vectors * reference).sum(axis=1)
        row = {
            "backend": backend,
            "passages_per_s": round(len(texts) / best, 1),
            "speedup_vs_torch": None,
            "mean_cosine_to_torch": round(float(cosine.mean()), 5),
            "min_cosine_to_torch": round(float(cosine.min()), 5),
        }
        results.append(row)
    for row in results:
        row["speedup_vs_torch"] = round(row["passages_per_s"] / results[0]["passages_per_s"], 2)
        print(f"{row['backend']:>10}: {row['passages_per_s']:7.1f} passages/s  x{row['speedup_vs_torch']:<5} "
              f"cosine to torch mean {row['mean_cosine_to_torch']:.4f} min {row['min_cosine_to_torch']:.4f}")
    out = HERE / "results" / "embedding_backends.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "passages": len(texts), "mean_word_pieces": round(mean_tokens, 1), "corpus": str(args.corpus),
        "machine": {"cpu": platform.processor() or platform.machine(), "python": platform.python_version()},
        "results": results,
    }, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
