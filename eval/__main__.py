"""`python -m eval [--corpus DIR]`: this system vs a plain baseline on eval/questions.jsonl.

Prints, side by side: must-cite recall@1 and @5, MRR, abstention on unanswerable
questions (and false abstention on answerable ones), share of citations verbatim in the
source, for the fused system, its dense-only and BM25-only variants, and a baseline of
1000-character chunks with dense top-4 and no abstention. Also calibrates the abstention
threshold. Figures go to eval/results.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from settings import get_settings

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpus"


@dataclass
class Hit:
    source: str  # file name
    text: str
    verbatim: bool


def norm(text: str) -> str:
    return " ".join(text.split()).lower()


def is_hit(snippet: dict, hit: Hit) -> bool:
    if Path(hit.source).name != snippet["source"]:
        return False
    want, got = norm(snippet["snippet"]), norm(hit.text)
    # A citation counts if it contains the snippet, or is a large part of it.
    return want in got or (got in want and len(got) >= 0.5 * len(want))


def score_question(question: dict, hits: list[Hit]) -> dict:
    snippets = question["must_cite"]
    found_at = []
    for snippet in snippets:
        rank = next((r for r, h in enumerate(hits, start=1) if is_hit(snippet, h)), None)
        found_at.append(rank)
    first = min((r for r in found_at if r), default=None)
    return {
        "recall@1": sum(1 for r in found_at if r and r <= 1) / len(snippets),
        "recall@5": sum(1 for r in found_at if r and r <= 5) / len(snippets),
        "rr": 1.0 / first if first else 0.0,
    }


def summarise(name: str, questions: list[dict], runs: list[tuple[bool, list[Hit]]]) -> dict:
    answerable = [(q, r) for q, r in zip(questions, runs) if q["kind"] != "unanswerable"]
    unanswerable = [(q, r) for q, r in zip(questions, runs) if q["kind"] == "unanswerable"]
    per_q = [score_question(q, hits) for q, (_, hits) in answerable]
    all_hits = [h for _, hits in runs for h in hits]
    return {
        "system": name,
        "recall@1": round(statistics.mean(s["recall@1"] for s in per_q), 3),
        "recall@5": round(statistics.mean(s["recall@5"] for s in per_q), 3),
        "MRR": round(statistics.mean(s["rr"] for s in per_q), 3),
        "abstain_unanswerable": round(statistics.mean(1.0 if a else 0.0 for _, (a, _) in unanswerable), 3),
        "false_abstain_answerable": round(statistics.mean(1.0 if a else 0.0 for _, (a, _) in answerable), 3),
        "verbatim_citations": round(sum(h.verbatim for h in all_hits) / max(len(all_hits), 1), 3),
    }


def run_system(assistant, questions: list[dict], files: dict[str, str]) -> tuple[list, list[float]]:
    runs, best = [], []
    for q in questions:
        answer = assistant.ask(q["question"])
        hits = [
            Hit(c.source, c.text, files.get(Path(c.source).name, "")[c.start : c.end] == c.text)
            for c in answer.citations
        ]
        runs.append((answer.abstained, hits))
        best.append(answer.best_similarity)
    return runs, best


def run_baseline(settings, embeddings, corpus: Path, questions: list[dict], files: dict[str, str]) -> list:
    """1000-character chunks (LangChain's recursive splitter), dense top-4, never abstains."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=0, add_start_index=True)
    docs = splitter.split_documents(
        [Document(page_content=text, metadata={"source": name}) for name, text in files.items()]
    )
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    store = Chroma(client=client, collection_name="baseline", embedding_function=embeddings,
                   collection_metadata={"hnsw:space": "cosine"})
    store.add_documents(docs)
    runs = []
    for q in questions:
        found = store.similarity_search(q["question"], k=4)
        hits = []
        for d in found:
            start = d.metadata["start_index"]
            text = files[d.metadata["source"]]
            hits.append(Hit(d.metadata["source"], d.page_content, text[start : start + len(d.page_content)] == d.page_content))
        runs.append((False, hits))
    return runs


def calibrate(questions: list[dict], best: list[float]) -> dict:
    """Threshold that best separates answerable from unanswerable by top dense similarity."""
    labelled = [(b, q["kind"] == "unanswerable") for q, b in zip(questions, best)]
    candidates = sorted({round(b, 3) for b, _ in labelled})
    def balanced(t: float) -> float:
        un = [b < t for b, u in labelled if u]
        ans = [b >= t for b, u in labelled if not u]
        return (sum(un) / max(len(un), 1) + sum(ans) / max(len(ans), 1)) / 2
    best_t = max(candidates, key=lambda t: (balanced(t), -abs(t - 0.4)))
    return {
        "threshold": best_t,
        "balanced_accuracy": round(balanced(best_t), 3),
        "unanswerable_best_dense": sorted(round(b, 3) for b, u in labelled if u),
        "answerable_best_dense_lowest": sorted(round(b, 3) for b, u in labelled if not u)[:8],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)

    from assistant.service import Assistant
    from ingest.pipeline import ingest
    from vectorstore.embeddings import load_embeddings

    questions = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    files = {p.name: p.read_text(encoding="utf-8").replace("\r\n", "\n") for p in sorted(args.corpus.iterdir()) if p.is_file()}
    rows, calibration = [], None
    with tempfile.TemporaryDirectory() as tmp:
        base = get_settings().model_copy(update={"store_dir": Path(tmp) / "store", "collection_prefix": "eval"})
        embeddings = load_embeddings(base)
        ingest([args.corpus], base, progress=False)
        for name, fusion in (("fused (this system)", "rrf"), ("dense only", "dense"), ("BM25 only", "bm25")):
            settings = base.model_copy(update={"fusion": fusion})
            runs, best = run_system(Assistant(settings, embeddings), questions, files)
            rows.append(summarise(name, questions, runs))
            if fusion == "rrf":
                calibration = calibrate(questions, best)
        rows.append(summarise("baseline (1000-char chunks, dense top-4)", questions,
                              run_baseline(base, embeddings, args.corpus, questions, files)))

    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    print(f"\nabstention calibration (top dense cosine): {json.dumps(calibration)}")
    args.out.write_text(json.dumps({"questions": len(questions), "rows": rows, "calibration": calibration}, indent=2))
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
