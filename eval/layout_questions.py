"""List questions over the hand-written layouts of eval/case_layouts, end to end.

    python -m eval.layout_questions [--out FILE]

Ingests the layouts into a temporary store (real model, real Chroma), asks each question
of eval/case_layouts/questions.jsonl and scores the cases listed against its gold
[area, pseudonym] pairs: precision, recall, F1 per question and their means (a question
whose gold is empty scores 1 when nothing is listed, 0 otherwise).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from eval.case_discovery import norm_area, norm_child

LAYOUTS = Path(__file__).parent / "case_layouts"


def score(listed: list[tuple[str | None, str | None]], gold: list[list[str]]) -> tuple[float, float, float]:
    got = {(norm_area(a), norm_child(c)) for a, c in listed}
    want = {(norm_area(a), norm_child(c)) for a, c in gold}
    if not want:
        return (1.0, 1.0, 1.0) if not got else (0.0, 1.0, 0.0)
    hit = len(got & want)
    p = hit / len(got) if got else 0.0
    r = hit / len(want)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.layout_questions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write the per-question scores and means here as JSON")
    args = parser.parse_args(argv)
    from assistant.service import Assistant
    from ingest.pipeline import ingest
    from settings import Settings

    questions = [json.loads(line) for line in (LAYOUTS / "questions.jsonl").read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store_dir=Path(tmp) / "store")
        ingest([LAYOUTS], settings, progress=False)
        assistant = Assistant(settings)
        rows = []
        for q in questions:
            answer = assistant.ask(q["question"])
            p, r, f = score([(c.local_authority, c.child) for c in answer.cases], q["gold"])
            rows.append({"question": q["question"], "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                         "listed": [c.label for c in answer.cases]})
            print(json.dumps(rows[-1], ensure_ascii=False))
    n = len(rows)
    summary = {k: round(sum(row[k] for row in rows) / n, 3) for k in ("precision", "recall", "f1")}
    print(json.dumps(summary))
    if args.out:
        args.out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
