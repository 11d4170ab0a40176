"""`python -m assistant ask "QUESTION" ["QUESTION" ...] [--json] [--k N] [--source PATH]`"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from settings import get_settings


def _print_answer(answer) -> None:
    print(f"Q: {answer.question}")
    print(answer.answer)
    for c in answer.citations:
        where = ", ".join(x for x in (Path(c.source).name, c.section, f"p. {c.page}" if c.page else None) if x)
        label = " (weak match)" if c.weak else ""
        print(f"  [{c.n}] {where}{label} [{c.start}:{c.end}]: {' '.join(c.text.split())}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Ask the indexed reviews.")
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer questions with cited extracts")
    ask.add_argument("questions", nargs="+")
    ask.add_argument("--json", action="store_true", help="one JSON object per question, one per line")
    ask.add_argument("--k", type=int, help="citations per answer")
    ask.add_argument("--source", action="append", help="only this document (repeatable; path as ingested)")
    ask.add_argument("--store", type=Path, help="store folder (default: SCR_STORE_DIR or ./store)")
    args = parser.parse_args(argv)

    settings = get_settings()
    if args.store:
        settings = settings.model_copy(update={"store_dir": args.store})
    from assistant.service import Assistant, QuestionError

    assistant = Assistant(settings)
    if assistant.status()["documents"] == 0:
        print(f"error: the store at {settings.store_dir} is empty; run `python -m ingest FOLDER` first", file=sys.stderr)
        return 2
    status = 0
    sources = [str(Path(s).resolve()) for s in args.source] if args.source else None
    for question in args.questions:
        try:
            answer = assistant.ask(question, k=args.k, sources=sources)
        except QuestionError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
            continue
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False))
        else:
            _print_answer(answer)
    return status


if __name__ == "__main__":
    sys.exit(main())
