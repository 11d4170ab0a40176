#!/usr/bin/env python3
"""Validate the evaluation question set (``eval/questions.jsonl``) against the corpus.

Usage::

    python eval/check_questions.py [QUESTIONS_FILE]

The corpus folder comes from the environment variable ``SCR_CORPUS``; by default it is
``../shared/corpus`` relative to the repository root. Standard library only.

Each line of the questions file is one JSON object::

    {"id": "q01", "kind": "fact"|"said"|"list"|"unanswerable", "question": "...",
     "must_cite": [{"source": "<corpus file name>", "snippet": "<verbatim substring>"}],
     "expected_cases": ["Bedfordshire — Child J", ...]}

Rules checked:

* every line is a JSON object with exactly those keys; ids are unique; kind is valid;
* every ``must_cite`` source is a file in the corpus and every snippet is an exact
  substring of it, as read with ``open(path, encoding="utf-8").read()``;
* no snippet contains a tab or a line break (so a snippet lies inside one sentence/cell);
* snippets are 20-200 characters, except a shorter one (at least 8 characters) that
  is a whole table cell / line of the source, e.g. ``Death by overlay``;
* no snippet is repeated within one question;
* ``unanswerable`` questions have no ``must_cite`` and no ``expected_cases``;
  ``fact``/``said``/``list`` questions have at least one ``must_cite``;
* ``list`` questions have a non-empty, duplicate-free ``expected_cases`` whose labels
  are known cases; other kinds have ``expected_cases == []``;
* the file holds at least ``MIN_QUESTIONS`` questions.

Exit status is 0 when the file passes, 1 otherwise (2 for a missing file/folder).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

KINDS = ("fact", "said", "list", "unanswerable")
KEYS = {"id", "kind", "question", "must_cite", "expected_cases"}
MIN_QUESTIONS = 48
MIN_SNIPPET, MAX_SNIPPET, MIN_CELL = 20, 200, 8

# Case labels ("Area — Child") formed from the appendix table of the Portsmouth briefing.
KNOWN_CASES = {
    "West Sussex — Carrie",
    "Leicestershire — Child B",
    "Blackpool — Child F",
    "Bedfordshire — Child J",
    "Rotherham — Child T",
    "Rotherham — Child W",
    "Cornwall — Young person",
    "Sefton — Child 1",
}
ID_RE = re.compile(r"^q\d{2,}$")


def corpus_dir() -> Path:
    env = os.environ.get("SCR_CORPUS")
    if env:
        return Path(env).expanduser().resolve()
    return Path(__file__).resolve().parents[2] / "shared" / "corpus"


def whole_cells(text: str) -> set[str]:
    """Every line and every tab-separated cell of ``text``, stripped."""
    cells: set[str] = set()
    for line in text.splitlines():
        cells.add(line.strip())
        cells.update(part.strip() for part in line.split("\t"))
    cells.discard("")
    return cells


def check(questions_path: Path, corpus: Path) -> tuple[list[str], Counter]:
    errors: list[str] = []
    kinds: Counter = Counter()
    texts: dict[str, str] = {}
    cells: dict[str, set[str]] = {}

    def source_text(name: str) -> str | None:
        if name not in texts:
            path = corpus / name
            if Path(name).name != name or not path.is_file():
                return None
            texts[name] = open(path, encoding="utf-8").read()
            cells[name] = whole_cells(texts[name])
        return texts[name]

    seen_ids: dict[str, int] = {}
    count = 0
    with open(questions_path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's final newline
    for lineno, line in enumerate(lines, 1):
        where = f"line {lineno}"
        if not line.strip():
            errors.append(f"{where}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: invalid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{where}: not a JSON object")
            continue
        count += 1
        qid = obj.get("id")
        where = f"line {lineno} ({qid})"
        missing, extra = KEYS - obj.keys(), obj.keys() - KEYS
        if missing:
            errors.append(f"{where}: missing keys {sorted(missing)}")
        if extra:
            errors.append(f"{where}: unexpected keys {sorted(extra)}")

        if not isinstance(qid, str) or not ID_RE.match(qid):
            errors.append(f"{where}: id must be a string like 'q01'")
        elif qid in seen_ids:
            errors.append(f"{where}: duplicate id (first on line {seen_ids[qid]})")
        else:
            seen_ids[qid] = lineno

        kind = obj.get("kind")
        if kind not in KINDS:
            errors.append(f"{where}: kind {kind!r} not one of {KINDS}")
        else:
            kinds[kind] += 1

        question = obj.get("question")
        if not isinstance(question, str) or not question.strip():
            errors.append(f"{where}: question must be a non-empty string")

        cites = obj.get("must_cite", [])
        if not isinstance(cites, list):
            errors.append(f"{where}: must_cite must be a list")
            cites = []
        seen_snips: set[tuple[str, str]] = set()
        for i, cite in enumerate(cites):
            cw = f"{where} must_cite[{i}]"
            if not isinstance(cite, dict) or set(cite) != {"source", "snippet"}:
                errors.append(f"{cw}: must be an object with exactly 'source' and 'snippet'")
                continue
            source, snippet = cite["source"], cite["snippet"]
            if not isinstance(source, str) or not isinstance(snippet, str):
                errors.append(f"{cw}: source and snippet must be strings")
                continue
            if "\t" in snippet or "\n" in snippet or "\r" in snippet:
                errors.append(f"{cw}: snippet contains a tab or line break: {snippet!r}")
            text = source_text(source)
            if text is None:
                errors.append(f"{cw}: source {source!r} is not a file in {corpus}")
                continue
            if snippet not in text:
                errors.append(f"{cw}: snippet not found verbatim in {source}: {snippet!r}")
            n = len(snippet)
            if n > MAX_SNIPPET:
                errors.append(f"{cw}: snippet is {n} chars (max {MAX_SNIPPET})")
            elif n < MIN_SNIPPET and not (n >= MIN_CELL and snippet in cells[source]):
                errors.append(
                    f"{cw}: snippet is {n} chars (min {MIN_SNIPPET}, or {MIN_CELL} for a whole "
                    f"cell/line): {snippet!r}"
                )
            if snippet != snippet.strip():
                errors.append(f"{cw}: snippet has leading/trailing whitespace: {snippet!r}")
            if (source, snippet) in seen_snips:
                errors.append(f"{cw}: snippet repeated in this question: {snippet!r}")
            seen_snips.add((source, snippet))

        cases = obj.get("expected_cases", [])
        if not isinstance(cases, list) or not all(isinstance(c, str) for c in cases):
            errors.append(f"{where}: expected_cases must be a list of strings")
            cases = []

        if kind == "unanswerable":
            if cites:
                errors.append(f"{where}: unanswerable question must have must_cite == []")
        elif kind in KINDS and not cites:
            errors.append(f"{where}: {kind} question needs at least one must_cite")

        if kind == "list":
            if not cases:
                errors.append(f"{where}: list question needs non-empty expected_cases")
            dupes = [c for c, k in Counter(cases).items() if k > 1]
            if dupes:
                errors.append(f"{where}: repeated expected_cases {dupes}")
            unknown = [c for c in cases if c not in KNOWN_CASES]
            if unknown:
                errors.append(f"{where}: unknown case labels {unknown}")
        elif kind in KINDS and cases:
            errors.append(f"{where}: only list questions may have expected_cases")

    if count < MIN_QUESTIONS:
        errors.append(f"only {count} questions (need at least {MIN_QUESTIONS})")
    return errors, kinds


def main(argv: list[str]) -> int:
    questions = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "questions.jsonl"
    corpus = corpus_dir()
    if not questions.is_file():
        print(f"questions file not found: {questions}", file=sys.stderr)
        return 2
    if not corpus.is_dir():
        print(f"corpus folder not found: {corpus} (set SCR_CORPUS)", file=sys.stderr)
        return 2
    errors, kinds = check(questions, corpus)
    total = sum(kinds.values())
    summary = ", ".join(f"{k}={kinds.get(k, 0)}" for k in KINDS)
    for err in errors:
        print(f"ERROR {err}", file=sys.stderr)
    if errors:
        print(f"FAILED: {len(errors)} error(s); {total} questions ({summary})", file=sys.stderr)
        return 1
    print(f"OK: {total} questions ({summary}) checked against {corpus}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
