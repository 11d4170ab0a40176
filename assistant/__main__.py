"""`python -m assistant ask "QUESTION" ["QUESTION" ...] [--json] [--k N] [--source PATH] [--generate]`"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

from settings import get_settings

# The folder this command would use, so `--help` answers "where is my index?".
STORE_HELP = (
    f"store folder (now: {get_settings().store_dir}; set by SCR_STORE_DIR, "
    "default ~/.local/share/scr-assistant/store)"
)

# After settings, which sets the offline switches before anything of ours is imported.
from ingest.file_names import stored_name  # noqa: E402
from ingest.terminal_text import for_terminal, json_for_terminal, line_for_terminal  # noqa: E402


def _print_generated(generated: dict) -> None:
    """The generated answer under a label saying whether it is generated or the extractive fallback."""
    who = " ".join(x for x in (generated["provider"], Path(generated["model"]).name) if x)
    if generated["mode"] == "generated-validated":
        print(line_for_terminal(f"Generated and validated ({who}):"))
        print(for_terminal(generated["text"]))
    else:
        print(line_for_terminal(f"Generated answer not shown ({who}): the extractive answer above stands."))
    for reason in (generated.get("error"), generated.get("note")):
        if reason:
            print(line_for_terminal(f"  ({reason})"))
    for dropped in generated.get("dropped_sentences", []):
        print(line_for_terminal(f"  dropped: {' '.join(dropped['text'].split())} — {'; '.join(dropped['reasons'])}"))


def _print_answer(answer) -> None:
    # Document text is data: whatever it holds, it cannot steer the terminal (terminal_text.py).
    print(line_for_terminal(f"Q: {answer.question}"))
    print(for_terminal(answer.answer))
    if answer.generated:
        _print_generated(answer.generated)
    for c in answer.citations:
        print(line_for_terminal(citation_line(c)))
    print()


def citation_line(c) -> str:
    """'[1] Serious Case Review: Child T — 4. Findings, p. 12 (child-t.pdf): "…"': where a
    practitioner finds the extract in the document; character offsets only in --json."""
    title = " ".join(c.title.split()) or Path(c.source).name
    where = ", ".join(x for x in (" ".join((c.section or "").split()), f"p. {c.page}" if c.page else "") if x)
    file_name = f" ({Path(c.source).name})" if Path(c.source).name != title else ""
    label = " (weak match)" if c.weak else ""
    return f"  [{c.n}] {title}{' — ' + where if where else ''}{file_name}{label}: {' '.join(c.text.split())}"


def _list_cases(assistant, theme: str | None, as_json: bool) -> int:
    from knowledge.themes import BY_KEY

    if theme and theme not in BY_KEY:
        print(f"error: unknown theme {theme!r}; one of: {', '.join(BY_KEY)}", file=sys.stderr)
        return 2
    cases = assistant.cases(theme)
    coverage = assistant.coverage()
    for case in cases:
        if as_json:
            print(json_for_terminal(case.to_dict()))
            continue
        gender = case.gender or "gender not stated"
        outcome = {"died": "died", "harmed": "harmed"}.get(case.outcome or "", "outcome not stated")
        print(line_for_terminal(f"{case.label} ({gender}, {case.age or 'age not stated'}, {outcome}) — {case.context or ''}"))
        also = f"; also in {', '.join(Path(s).name for s in case.also_in)}" if case.also_in else ""
        print(line_for_terminal(f"    themes: {', '.join(case.theme_keys) or 'none'}; source: {Path(case.source).name}{also}"))
    if as_json:
        print(json_for_terminal({"coverage": coverage.to_dict()}))  # the last line
    else:
        print(f"{len(cases)} case(s)" + (f" tagged {theme}" if theme else ""))
        print("\n".join(line_for_terminal(line) for line in coverage.lines()))
    return 0


def _not_in_store(sources: list[str], stored: set[str]) -> list[str]:
    """One message per ``--source`` the store does not hold, with the closest stored paths:
    a misspelled path would otherwise filter every passage out and silently abstain."""
    messages = []
    for source in sources:
        if source in stored:
            continue
        close = difflib.get_close_matches(source, sorted(stored), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else "; `python -m assistant cases` and the ingest report list what it holds"
        messages.append(f"--source {source}: not in the store{hint}")
    return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Ask the indexed reviews.")
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer questions with cited extracts")
    ask.add_argument("questions", nargs="+")
    ask.add_argument("--json", action="store_true", help="one JSON object per question, one per line")
    ask.add_argument("--k", type=int, help="citations per answer")
    ask.add_argument(
        "--offset", type=int, default=0,
        help="a list answer's cases from this one on (a long list shows SCR_LIST_PAGE_SIZE at a time)",
    )
    ask.add_argument("--source", action="append", help="only this document (repeatable; path as ingested)")
    ask.add_argument("--store", type=Path, help=STORE_HELP)
    ask.add_argument(
        "--chat", action="store_true",
        help="read each question after the first as a follow-up of the one before "
        "(\"which of those died?\", \"what about in Rotherham?\")",
    )
    ask.add_argument(
        "--generate", action=argparse.BooleanOptionalAction, default=None,
        help="also write a validated answer with the SCR_GENERATION_PROVIDER model (default: when one is configured)",
    )
    cases = commands.add_parser("cases", help="list the case index")
    cases.add_argument("--theme", help="only cases tagged with this theme key (see docs/THEMES.md)")
    cases.add_argument("--json", action="store_true", help="one JSON object per case, one per line")
    cases.add_argument("--store", type=Path, help=STORE_HELP)
    args = parser.parse_args(argv)
    if args.command == "ask" and args.chat and args.offset:
        parser.error("--offset is for questions asked one by one; in --chat, ask \"show more\"")
    if args.command == "ask" and args.offset < 0:
        parser.error(f"--offset must be 0 or more, not {args.offset}")

    settings = get_settings()
    if args.store:
        settings = settings.model_copy(update={"store_dir": args.store})
    from assistant.service import Assistant, QuestionError
    from vectorstore.damage import READ_ERRORS, damaged_message

    try:
        assistant = Assistant(settings)
        if assistant.status()["documents"] == 0:
            print(f"error: the store at {settings.store_dir} is empty; run `python -m ingest FOLDER` first", file=sys.stderr)
            return 2
        if args.command == "cases":
            return _list_cases(assistant, args.theme, args.json)
    except READ_ERRORS as error:  # a damaged store: one line saying what to run, no traceback
        print(f"error: {damaged_message(settings.store_dir, error)}", file=sys.stderr)
        return 3
    status = 0
    sources = None
    if args.source:
        sources = [stored_name(os.path.realpath(s)) for s in args.source]  # as the ingest stored them
        unknown = _not_in_store(sources, {r.source for r in assistant.documents.values()})
        if unknown:
            for message in unknown:
                print(line_for_terminal(f"error: {message}"), file=sys.stderr)
            return 2
    from assistant.session import Conversation

    chat = Conversation(assistant) if args.chat else None
    for question in args.questions:
        try:
            if chat is not None:
                answer = chat.ask(question, k=args.k, sources=sources, generate=args.generate)
            else:
                answer = assistant.ask(question, k=args.k, sources=sources, generate=args.generate, offset=args.offset)
        except QuestionError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
            continue
        except READ_ERRORS as error:
            print(f"error: {damaged_message(settings.store_dir, error)}", file=sys.stderr)
            return 3
        if args.json:
            print(json_for_terminal(answer.to_dict()))
        else:
            _print_answer(answer)
    return status


if __name__ == "__main__":
    sys.exit(main())
