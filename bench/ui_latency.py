"""`python -m bench.ui_latency [--corpus DIR] [--rounds N]`

Time from pressing Enter in the real app (streamlit run + /usr/bin/chromium) to the answer
on screen, after warm-up, on the sample corpus; next to it the assistant's own time (the
"Answered in N ms" caption), so the app's share is visible. Prints a table and writes
bench/results/ui_latency.json. The issue's target (an answer within a second after warm-up)
is printed next to the figures, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.procs import free_port
from tests.ui.test_ui_browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]

QUESTIONS = (
    "Which cases involved registered sex offenders?",
    "Which cases involved co-sleeping?",
    "How many children died?",
    "What did Ofsted find about risk assessments?",
)
_CAPTIONS = "[...document.querySelectorAll('[data-testid=stCaptionContainer]')].map(e => e.innerText).filter(t => t.startsWith('Answered in'))"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from ingest.pipeline import ingest
    from settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, store_dir=Path(tmp) / "store")
        ingest([args.corpus], settings, progress=False)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SCR_")}
        env.update(SCR_STORE_DIR=str(settings.store_dir), PYTHONPATH=str(ROOT))
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "ui/app.py", "--server.port", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        rows = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                for _ in range(120):  # the server takes a few seconds to listen
                    try:
                        page.goto(f"http://127.0.0.1:{port}")
                        break
                    except Exception:  # noqa: BLE001 - connection refused until it listens
                        time.sleep(0.5)
                page.get_by_test_id("stChatInputTextArea").wait_for(timeout=180_000)
                _ask(page, QUESTIONS[0])  # warm-up: first render of tables, first model call
                for question in QUESTIONS:
                    for _ in range(args.rounds):
                        page.reload()  # a fresh session: the history would otherwise grow each round
                        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
                        seconds, caption = _ask(page, question)
                        assistant_ms = float(re.search(r"([\d.]+) ms", caption).group(1))
                        rows.append({"question": question, "screen_s": round(seconds, 3), "assistant_ms": assistant_ms})
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)

    summary = {
        q: {
            "median_screen_s": statistics.median(r["screen_s"] for r in rows if r["question"] == q),
            "median_assistant_ms": statistics.median(r["assistant_ms"] for r in rows if r["question"] == q),
        }
        for q in QUESTIONS
    }
    result = {"load_avg": os.getloadavg(), "cores": os.cpu_count(), "rows": rows, "summary": summary, "target_s": 1.0}
    out = ROOT / "bench" / "results" / "ui_latency.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"{'question':50} {'screen s':>9} {'assistant ms':>13}   (target: < 1 s on screen)")
    for q, s in summary.items():
        print(f"{q:50} {s['median_screen_s']:9.2f} {s['median_assistant_ms']:13.0f}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; written to {out}")
    return 0


def _ask(page, question: str) -> tuple[float, str]:
    before = len(page.evaluate(_CAPTIONS))
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    started = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(f"{_CAPTIONS}.length > {before}", timeout=120_000)
    return time.perf_counter() - started, page.evaluate(_CAPTIONS)[-1]


if __name__ == "__main__":
    sys.exit(main())
