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
class Run:
    abstained: bool
    hits: list[Hit]
    cases: set[str]  # case labels the answer lists (list questions)
    unknown_terms: bool = False  # the question names something the corpus never mentions


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


def case_scores(questions: list[dict], runs: list[Run]) -> dict:
    """Micro-averaged precision/recall/F1 of the case sets listed for list questions."""
    tp = fp = fn = 0
    for q, run in zip(questions, runs):
        if q["kind"] != "list":
            continue
        gold = set(q["expected_cases"])
        tp += len(run.cases & gold)
        fp += len(run.cases - gold)
        fn += len(gold - run.cases)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"case_precision": round(precision, 3), "case_recall": round(recall, 3), "case_F1": round(f1, 3)}


def summarise(name: str, questions: list[dict], runs: list[Run]) -> dict:
    answerable = [(q, r) for q, r in zip(questions, runs) if q["kind"] != "unanswerable"]
    unanswerable = [(q, r) for q, r in zip(questions, runs) if q["kind"] == "unanswerable"]
    per_q = [score_question(q, r.hits) for q, r in answerable]
    all_hits = [h for r in runs for h in r.hits]
    return {
        "system": name,
        "recall@1": round(statistics.mean(s["recall@1"] for s in per_q), 3),
        "recall@5": round(statistics.mean(s["recall@5"] for s in per_q), 3),
        "MRR": round(statistics.mean(s["rr"] for s in per_q), 3),
        "abstain_unanswerable": round(statistics.mean(1.0 if r.abstained else 0.0 for _, r in unanswerable), 3),
        "false_abstain_answerable": round(statistics.mean(1.0 if r.abstained else 0.0 for _, r in answerable), 3),
        "verbatim_citations": round(sum(h.verbatim for h in all_hits) / max(len(all_hits), 1), 3),
        **case_scores(questions, runs),
    }


def run_system(assistant, questions: list[dict], files: dict[str, str]) -> tuple[list[Run], list[float]]:
    from assistant.grounding import unknown_named_terms
    from vectorstore.lexical import tokenize

    runs, best = [], []
    for q in questions:
        answer = assistant.ask(q["question"])
        hits = [
            Hit(c.source, c.text, files.get(Path(c.source).name, "")[c.start : c.end] == c.text)
            for c in answer.citations
        ]
        unknown = bool(unknown_named_terms(answer.question, assistant.lexical.vocabulary, tokenize))
        runs.append(Run(answer.abstained, hits, {c.label for c in answer.cases}, unknown))
        # Case-list answers do not use the dense threshold: keep them out of its calibration.
        best.append(None if answer.mode == "case-list" else answer.best_similarity)
    return runs, best


def run_baseline(settings, embeddings, corpus: Path, questions: list[dict], files: dict[str, str]) -> list[Run]:
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
    labels = sorted({label for q in questions for label in q["expected_cases"]})
    runs = []
    for q in questions:
        found = store.similarity_search(q["question"], k=4)
        hits = []
        for d in found:
            start = d.metadata["start_index"]
            text = files[d.metadata["source"]]
            hits.append(Hit(d.metadata["source"], d.page_content, text[start : start + len(d.page_content)] == d.page_content))
        runs.append(Run(False, hits, _cases_named(hits, labels)))
    return runs


def _cases_named(hits: list[Hit], labels: list[str]) -> set[str]:
    """The baseline has no case index: a case counts as listed if its area and child both
    appear in one retrieved chunk (the most a reader of those chunks could conclude)."""
    found = set()
    for label in labels:
        area, _, child = label.partition(" — ")
        if any(area in h.text and child in h.text for h in hits):
            found.add(label)
    return found


def calibrate(questions: list[dict], best: list[float | None], runs: list[Run]) -> dict:
    """The dense threshold that, with the named-term rule, abstains on the most unanswerable
    questions while refusing at most 5% of answerable ones (a refused answer a social worker
    needed is a harm too); ties go to fewer false abstentions."""
    labelled = [(b, q["kind"] == "unanswerable", r.unknown_terms) for q, b, r in zip(questions, best, runs) if b is not None]

    def rates(t: float) -> tuple[float, float]:
        caught = [b < t or unknown for b, un, unknown in labelled if un]
        false = [b < t or unknown for b, un, unknown in labelled if not un]
        return sum(caught) / max(len(caught), 1), sum(false) / max(len(false), 1)

    candidates = sorted({0.0} | {round(b + 0.001, 3) for b, _, _ in labelled})
    allowed = [t for t in candidates if rates(t)[1] <= 0.05]
    best_t = max(allowed, key=lambda t: (rates(t)[0], -rates(t)[1], -t))
    caught, false = rates(best_t)
    return {
        "threshold": best_t,
        "unanswerable_abstained": round(caught, 3),
        "answerable_abstained": round(false, 3),
        "unanswerable_best_dense": sorted(round(b, 3) for b, un, _ in labelled if un),
        "answerable_best_dense_lowest": sorted(round(b, 3) for b, un, _ in labelled if not un)[:8],
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
        variants = (("fused RRF", "rrf"), ("fused linear", "linear"), ("dense only", "dense"), ("BM25 only", "bm25"))
        for name, fusion in variants:
            name += " (this system)" if fusion == base.fusion else ""
            settings = base.model_copy(update={"fusion": fusion})
            runs, best = run_system(Assistant(settings, embeddings), questions, files)
            rows.append(summarise(name, questions, runs))
            if fusion == base.fusion:
                calibration = calibrate(questions, best, runs)
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
