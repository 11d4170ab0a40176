"""`python -m bench.run --sizes 1k,10k,100k [--backend onnx-int8] [--cached-vectors]`

For each size: generate the corpus if missing (bench/generate.py), then run the ingest
stage and the query stage each in a child process (bench/stages.py) so peak RSS is
per stage, print a table and write bench/results/summary.json. Targets are printed next
to the figures; nothing here asserts them (see docs/BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from bench.generate import HERE, parse_size
from bench.stages import RESULTS, WORK, store_dir

ROOT = HERE.parent


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "load_avg_at_start": os.getloadavg()}


def stage(args: list[str]) -> dict:
    print("$ python -m bench.stages " + " ".join(args), flush=True)
    done = subprocess.run([sys.executable, "-m", "bench.stages", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"stage failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(rows: list[dict]) -> str:
    head = ("size", "passages", "pipeline/s", "raw/s", "share", "re-ingest s/1k docs", "fact p50/p95 ms",
            "list p50/p95 ms", "free p50/p95 ms", "common-topic list p50/p95 ms", "extract ms", "ingest RSS MB", "query RSS MB", "store MB", "case P/R")
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        i, q = r.get("ingest", {}), r["query"]
        cases = (f"{q['list']['case_precision']}/{q['list']['case_recall']}" if q["list"].get("case_index")
                 else "n/a (no case index)")
        lines.append(" | ".join(str(x) for x in (
            r["size"], q["passages"], i.get("pipeline_passages_per_s", "-"), i.get("raw_encode_passages_per_s", "-"),
            i.get("pipeline_share_of_raw", "-"), i.get("reingest_s_per_1000_docs", "-"),
            f"{q['fact']['p50_ms']}/{q['fact']['p95_ms']}", f"{q['list']['p50_ms']}/{q['list']['p95_ms']}",
            f"{q['free']['p50_ms']}/{q['free']['p95_ms']}" if "free" in q else "-",
            f"{q['common']['p50_ms']}/{q['common']['p95_ms']}" if "common" in q else "-",
            q["fact"]["median_breakdown_ms"].get("extract_ms", "-"), i.get("peak_rss_mb", "-"), q["peak_rss_mb"],
            i.get("store_mb", "-"), cases)))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1k,10k")
    parser.add_argument("--backend", default="onnx-int8", choices=["torch", "onnx", "onnx-int8"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cached-vectors", action="store_true",
                        help="ingest with vectors cached by earlier runs (bench/work/embcache): the pipeline "
                             "rate is then projected from the raw model rate plus the measured other work")
    parser.add_argument("--proxy-vectors", default="",
                        help="sizes (e.g. 100k) whose store is built with cached vectors plus stand-ins for "
                             "the rest: latency, memory and size figures only (bench/embed_cache.py)")
    parser.add_argument("--skip-ingest", nargs="?", const="all", default="",
                        help="query the stores built by an earlier run: all sizes, or those listed (e.g. 100k)")
    parser.add_argument("--questions", type=int, default=40, help="latency questions per kind")
    args = parser.parse_args()

    info = machine()
    rows = []
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        parse_size(size)
        if not (WORK / f"corpus-{size}" / "ground_truth.json").exists():
            subprocess.run([sys.executable, "-m", "bench.generate", "--passages", size, "--seed", str(args.seed)],
                           cwd=ROOT, check=True)
        row: dict = {"size": size}
        skip = args.skip_ingest == "all" or size in args.skip_ingest.split(",")
        if skip and store_dir(size, args.backend).exists():
            previous = RESULTS / f"ingest-{size}.json"
            row["ingest"] = json.loads(previous.read_text()) if previous.exists() else {}
        else:
            row["ingest"] = stage(["ingest", "--size", size, "--backend", args.backend]
                                  + (["--cached-vectors"] if args.cached_vectors else [])
                                  + (["--proxy-vectors"] if size in args.proxy_vectors.split(",") else []))
        row["query"] = stage(["query", "--size", size, "--backend", args.backend, "--questions", str(args.questions)])
        rows.append(row)
        print(table(rows[-1:]).splitlines()[-1], flush=True)

    info["load_avg_at_end"] = os.getloadavg()
    print()
    print(table(rows))
    print("\ntargets: pipeline >= 85% of raw; re-ingest <= 2 s per 1000 documents with 0 embedded; "
          "at 100k: p50 <= 60 ms, p95 <= 150 ms, RSS <= 1.5 GB")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "summary.json").write_text(json.dumps({"machine": info, "backend": args.backend, "rows": rows},
                                                     indent=1, ensure_ascii=False))
    print(f"wrote {RESULTS / 'summary.json'}")


if __name__ == "__main__":
    main()
