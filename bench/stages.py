"""One benchmark stage for one corpus size, run in its own process so its peak RSS is its own.

`python -m bench.stages ingest|query --size 10k --backend onnx-int8 [--cached-vectors]`
writes bench/results/<stage>-<size>.json. bench/run.py drives these; they can also be
run alone (e.g. the long 100k ingest in the background).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from bench.generate import HERE
from bench.scoring import case_scores, fact_hit, latency_questions
from ingest.memory import process_memory_mb

WORK, RESULTS = HERE / "work", HERE / "results"
STAGES = ("embed_ms", "dense_ms", "bm25_ms", "fusion_ms", "case_ms", "extract_ms", "total_ms", "outside_total_ms")


def store_dir(size: str, backend: str) -> Path:
    return WORK / f"store-{size}-{backend}"


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def current_rss_mb() -> float:
    return process_memory_mb()


def disk_mb(folder: Path) -> float:
    out = subprocess.run(["du", "-sk", str(folder)], capture_output=True, text=True, check=True).stdout
    return round(int(out.split()[0]) / 1024, 1)


def _settings(size: str, backend: str):
    from settings import Settings

    return Settings(_env_file=None, store_dir=store_dir(size, backend), embed_backend=backend)


def ingest_stage(size: str, backend: str, cached_vectors: bool, raw_sample: int, proxy_vectors: bool = False) -> dict:
    from ingest.model_process import ModelProcess

    settings = _settings(size, backend)
    with ModelProcess(settings) as model:  # as `python -m ingest` runs it: in a process of its own
        return _ingest_stage(model, settings, size, backend, cached_vectors, raw_sample, proxy_vectors)


def _ingest_stage(model, settings, size: str, backend: str, cached_vectors: bool, raw_sample: int, proxy_vectors: bool) -> dict:
    from bench.embed_cache import CachedEmbed, EmbedCache
    from ingest.pipeline import ingest
    from vectorstore.passage_text import text_hash
    from vectorstore.store import CorpusStore

    shutil.rmtree(settings.store_dir, ignore_errors=True)
    docs = WORK / f"corpus-{size}" / "docs"
    model.encode(["warm-up"])  # loading is start-up, not throughput
    rss_model = model.peak_rss_mb()
    rss_before_cache = current_rss_mb()
    cache = EmbedCache(WORK / "embcache" / backend)
    rss_start = current_rss_mb()
    embed = CachedEmbed(model.encode, cache, read=cached_vectors or proxy_vectors, proxy=proxy_vectors)

    # The raw model on the same passages: half the sample before the ingest, half after, so
    # the rate spans the ingest's time on a machine whose speed drifts.
    # The first 500 only warm the model's kernels for the lengths ahead (the ingest pays that
    # inside its own time), so the raw rate is the model's steady one: the stricter bar.
    sample = _raw_sample(docs, settings, raw_sample + 500)
    warm, sample = sample[:500], sample[500:]
    model.encode(warm, batch_size=settings.embed_batch_size)
    raw_before = _raw_rate(model, sample[: len(sample) // 2], settings)

    t0 = time.perf_counter()
    first = ingest([docs], settings, progress=False, embed=embed)
    ingest_s = time.perf_counter() - t0
    # Before the re-ingest and the raw-encode sample below. Two processes: this one's peak
    # plus the model's (their sum bounds the product's total at any moment).
    ingest_peak, model_peak = peak_rss_mb(), model.peak_rss_mb()
    if not proxy_vectors:
        cache.save()
    passages = CorpusStore(settings).count_passages()
    documents = len(first.added)

    t0 = time.perf_counter()
    again = ingest([docs], settings, progress=False, embed=embed)
    reingest_s = time.perf_counter() - t0

    stored = {p.text_hash for p in CorpusStore(settings).iter_passages()}  # hashes: ~100 MB less at 100k
    assert {text_hash(t) for t in sample} <= stored, "the raw sample is not made of the passages the ingest stored"
    raw_after = _raw_rate(model, sample[len(sample) // 2 :], settings)
    raw_rate = (raw_before + raw_after) / 2
    model_peak_end = model.peak_rss_mb()
    model.close()

    overhead_s = ingest_s - embed.model_seconds  # reading, chunking, Chroma writes, BM25 build
    result = {
        "size": size,
        "backend": backend,
        "documents": documents,
        "passages": passages,
        "failed": len(first.failed),
        "vectors_from_cache": embed.from_cache,
        "proxy_vectors": embed.proxies,
        "passages_embedded": embed.encoded,
        "ingest_s": round(ingest_s, 1),
        "model_s_inside_ingest": round(embed.model_seconds, 1),
        "non_model_s": round(overhead_s, 1),
        "raw_encode_passages_per_s": round(raw_rate, 1),
        "raw_encode_before_after": [round(raw_before, 1), round(raw_after, 1)],
        "raw_encode_sample": len(sample),
        # With every vector computed in the run, this is the measured end-to-end rate;
        # with cached vectors it is projected: raw model time plus the measured other work.
        "pipeline_passages_per_s": round(
            passages / ingest_s if not (embed.from_cache or embed.proxies) else passages / (passages / raw_rate + overhead_s), 1
        ),
        "pipeline_rate_measured": not (embed.from_cache or embed.proxies),
        "reingest_s": round(reingest_s, 2),
        "reingest_s_per_1000_docs": round(reingest_s / max(documents, 1) * 1000, 2),
        "reingest_embedded": again.embedded,
        "reingest_unchanged": len(again.unchanged),
        "store_mb": disk_mb(settings.store_dir),
        "peak_rss_mb": round(peak_rss_mb() + model_peak_end, 1),
        # Memory the product's ingest used: its peak, less what this benchmark holds besides
        # (its vector cache: loaded before, filled during; ~1.7 KB per vector as numpy rows).
        "ingest_peak_rss_mb": round(ingest_peak + model_peak, 1),
        "ingest_process_peak_rss_mb": ingest_peak,
        "model_process_peak_rss_mb": model_peak,
        "rss_model_loaded_mb": rss_model,
        "bench_cache_mb_at_start": round(rss_start - rss_before_cache, 1),
        "bench_cache_vectors_at_end": len(cache.vectors),
    }
    result["pipeline_share_of_raw"] = round(result["pipeline_passages_per_s"] / raw_rate, 3)
    return result


def _raw_sample(docs: Path, settings, size: int) -> list[str]:
    """``size`` passages the ingest will store, from documents picked at random and chunked
    here the same way (reading only as many documents as needed keeps this out of the
    ingest's memory at 100k)."""
    from ingest.pipeline import file_hash, passage_records
    from ingest.readers import read_document

    rng = random.Random(0)
    paths = sorted(p for p in docs.rglob("*") if p.is_file())
    rng.shuffle(paths)
    texts: list[str] = []
    for path in paths:
        if len(texts) >= 2 * size:
            break
        data = path.read_bytes()
        texts += [p.embed_text for p in passage_records(read_document(path.resolve(), settings, data), file_hash(data), settings)]
    return texts if len(texts) <= size else rng.sample(texts, size)


def _raw_rate(model, texts: list[str], settings) -> float:
    t0 = time.perf_counter()
    model.encode(texts, batch_size=settings.embed_batch_size)
    return len(texts) / (time.perf_counter() - t0)


def _percentile(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1) if len(values) > 1 else round(values[0], 1)


def query_stage(size: str, backend: str, questions_per_kind: int) -> dict:
    from assistant.service import Assistant

    settings = _settings(size, backend)
    truth = json.loads((WORK / f"corpus-{size}" / "ground_truth.json").read_text())
    t0 = time.perf_counter()
    assistant = Assistant(settings)
    startup_s = time.perf_counter() - t0
    assistant.prepare_case_answers()  # what the app does on load (ui/resources.py), before its first question
    for q in ("How many children died?", "Which cases involved alcohol abuse?", "What did the review recommend?"):
        assistant.ask(q)  # warm-up: first calls fill caches and page in the model

    questions = latency_questions(truth, questions_per_kind, seed=7)
    records = {c.case_id: c for c in assistant.cases()}  # a paged list is scored on every case it matched
    rows = []
    for q in questions:
        t0 = time.perf_counter()
        answer = assistant.ask(q["question"])
        wall_ms = (time.perf_counter() - t0) * 1e3  # includes the store-change check before timing starts
        timings = {**answer.timings_ms, "wall_ms": wall_ms}
        timings["outside_total_ms"] = wall_ms - answer.timings_ms.get("total_ms", 0.0)
        row = {"kind": q["kind"], "question": q["question"], "mode": answer.mode, "timings_ms": timings}
        if q["kind"] == "fact":
            row["hit"] = fact_hit(answer, q["expected_documents"])
        else:
            row["cases"] = case_scores(answer, q["expected_labels"], records)
        rows.append(row)

    # Questions worded freely, each asked once: every intent, topics outside the vocabulary.
    from bench.free_questions import FREE_QUESTIONS

    for intent, question in FREE_QUESTIONS:
        t0 = time.perf_counter()
        answer = assistant.ask(question)
        wall_ms = (time.perf_counter() - t0) * 1e3
        rows.append({"kind": "free", "intent": intent, "question": question, "mode": answer.mode,
                     "routed": answer.parsed.get("intent"), "listed": len(answer.matched_cases or answer.cases), "shown": len(answer.cases),
                     "timings_ms": {**answer.timings_ms, "wall_ms": wall_ms}})

    from bench.free_questions import COMMON_TOPIC_LISTS

    for question in COMMON_TOPIC_LISTS:
        t0 = time.perf_counter()
        answer = assistant.ask(question)
        wall_ms = (time.perf_counter() - t0) * 1e3
        rows.append({"kind": "common", "question": question, "mode": answer.mode, "routed": answer.parsed.get("intent"),
                     "listed": len(answer.matched_cases or answer.cases), "shown": len(answer.cases), "timings_ms": {**answer.timings_ms, "wall_ms": wall_ms}})

    summary: dict = {"size": size, "backend": backend, "passages": assistant.status()["passages"],
                     "documents": assistant.status()["documents"], "startup_s": round(startup_s, 1)}
    for kind in ("fact", "list", "free", "common"):
        picked = [r for r in rows if r["kind"] == kind]
        totals = [r["timings_ms"]["wall_ms"] for r in picked]
        breakdown = {}
        for stage in STAGES:
            values = [r["timings_ms"][stage] for r in picked if stage in r["timings_ms"]]
            if values:
                breakdown[stage] = round(statistics.median(values), 1)
        summary[kind] = {"n": len(picked), "p50_ms": _percentile(totals, 50), "p95_ms": _percentile(totals, 95),
                         "median_breakdown_ms": breakdown}
    summary["free"]["by_intent_p50_ms"] = {
        intent: _percentile([r["timings_ms"]["wall_ms"] for r in rows if r.get("intent") == intent], 50)
        for intent in sorted({r["intent"] for r in rows if r["kind"] == "free"})
    }
    summary["free"]["max_ms"] = round(max(r["timings_ms"]["wall_ms"] for r in rows if r["kind"] == "free"), 1)
    summary["common"]["max_ms"] = round(max(r["timings_ms"]["wall_ms"] for r in rows if r["kind"] == "common"), 1)
    summary["common"]["median_listed"] = statistics.median(r["listed"] for r in rows if r["kind"] == "common")
    facts = [r for r in rows if r["kind"] == "fact"]
    summary["fact"]["cited_right_document"] = round(sum(r["hit"] for r in facts) / len(facts), 3)
    scored = [r["cases"] for r in rows if r["kind"] == "list" and r["cases"] is not None]
    summary["list"]["case_index"] = bool(scored)
    if scored:
        summary["list"]["case_precision"] = round(statistics.mean(s["precision"] for s in scored), 3)
        summary["list"]["case_recall"] = round(statistics.mean(s["recall"] for s in scored), 3)
        summary["list"]["questions_scored"] = len(scored)
    summary["peak_rss_mb"] = peak_rss_mb()
    summary["questions"] = rows
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stage", choices=["ingest", "query"])
    parser.add_argument("--size", required=True)
    parser.add_argument("--backend", default="onnx-int8", choices=["torch", "onnx", "onnx-int8"])
    parser.add_argument("--cached-vectors", action="store_true", help="reuse vectors from bench/work/embcache")
    parser.add_argument("--proxy-vectors", action="store_true",
                        help="cached vectors, and stand-ins for the rest (latency/memory/size only; see embed_cache.py)")
    parser.add_argument("--raw-sample", type=int, default=5000, help="passages for the raw encode rate")
    parser.add_argument("--questions", type=int, default=40, help="latency questions per kind")
    args = parser.parse_args()
    if args.stage == "ingest":
        result = ingest_stage(args.size, args.backend, args.cached_vectors, args.raw_sample, args.proxy_vectors)
    else:
        result = query_stage(args.size, args.backend, args.questions)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{args.stage}-{args.size}.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(json.dumps({k: v for k, v in result.items() if k != "questions"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
