"""File names of any bytes (not UTF-8, a newline, a forged report line) ingest, are stored
losslessly and shown escaped; document text holding terminal escape sequences is printed
inert by both CLIs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.service import Assistant
from ingest.file_names import path_of, stored_name
from ingest.pipeline import ingest
from tests.procs import child_env, run
from tests.store_checks import WORKERS, question, review
from vectorstore.store import CorpusStore

pytestmark = pytest.mark.integration

NOT_UTF8 = b"review-\xff\xfe.txt"  # Latin-1 "ÿþ" as bytes: never valid UTF-8
FORGED = "x\n  failed: forged.txt: looks like a failure.txt"  # a newline and a fake report line
ESCAPES = "\x1b[2J\x1b[31m"  # clear the screen, then print in red


def _write(folder: Path, name: bytes | str, text: str) -> Path:
    path = os.path.join(os.fsencode(folder), os.fsencode(name))
    with open(path, "wb") as out:
        out.write(text.encode("utf-8"))
    return Path(os.fsdecode(path))


def odd_folder(tmp_path: Path) -> tuple[Path, list[Path]]:
    docs = tmp_path / "docs"
    docs.mkdir()
    paths = [
        _write(docs, NOT_UTF8, review(0, 4)),
        _write(docs, FORGED, review(1, 4)),
        # The fact a question asks is wrapped in escape sequences.
        _write(docs, "plain.txt", review(2, 4).replace(f"named {WORKERS[2]}", f"named {ESCAPES}{WORKERS[2]}\x1b[0m\r")),
    ]
    return docs, paths


def test_odd_file_names_ingest_losslessly_and_are_reported_escaped(tmp_path, settings, embeddings):
    docs, paths = odd_folder(tmp_path)
    empty = _write(docs, b"empty-\xff\n  failed: all is lost.txt", "")  # fails, and its name tries to forge
    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    expected = sorted(stored_name(p.resolve()) for p in paths)
    assert sorted(report.added) == expected and report.failed == [(stored_name(empty.resolve()), "empty file")]
    # The summary's lines are its own: a name neither breaks one nor forges a failed line.
    failed_lines = [line for line in report.summary().splitlines() if line.startswith("  failed:")]
    assert failed_lines == [f"  failed: {docs.resolve()}/empty-\\xff\\x0a  failed: all is lost.txt: empty file"]
    assert all(line.isprintable() for line in report.summary().splitlines())
    empty.unlink()

    store = CorpusStore(settings)
    records = {r.source: r for r in store.document_records().values()}
    assert sorted(records) == expected
    for source in records:  # the stored name leads back to the very file
        assert os.fsencode(path_of(source)) in {os.fsencode(p.resolve()) for p in paths}
        assert {p.source for p in store.iter_passages(with_text=False) if p.doc_hash == records[source].doc_hash} == {source}

    answer = Assistant(settings, embeddings).ask(question(0))
    assert answer.citations[0].source == stored_name(paths[0].resolve()) and WORKERS[0] in answer.citations[0].text

    # Nothing changed: the names read back as the same files (no removal, no re-embedding).
    again = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert again.removed == [] and again.added == [] and sorted(again.unchanged) == expected
    # Moved to another odd name: re-pointed, found through the stored name.
    moved = Path(os.fsdecode(os.path.join(os.fsencode(docs), b"moved-\xe9.txt")))
    paths[0].rename(moved)
    third = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert third.removed == [] and third.embedded == 0 and stored_name(moved.resolve()) in third.unchanged
    assert stored_name(moved.resolve()) in {r.source for r in CorpusStore(settings).document_records().values()}


@pytest.mark.slow
def test_both_clis_print_odd_names_and_hostile_text_inert(tmp_path, settings):
    docs, paths = odd_folder(tmp_path)
    env = child_env(SCR_STORE_DIR=str(settings.store_dir))
    ingested = run(["-m", "ingest", str(docs), "--quiet"], env=env)
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr
    assert "added 3," in ingested.stdout and "\x1b" not in ingested.stdout
    assert not [line for line in ingested.stdout.splitlines() if line.lstrip().startswith("failed:")]

    asked = run(["-m", "assistant", "ask", question(2)], env=env)
    assert asked.returncode == 0, asked.stderr
    assert WORKERS[2] in asked.stdout
    assert "\x1b" not in asked.stdout and "\r" not in asked.stdout  # shown, not obeyed:
    assert "\\x1b[2J\\x1b[31m" + WORKERS[2] in asked.stdout

    # A file whose name is not UTF-8 is chosen by its real name (bytes on the command line).
    chosen = run([b"-m", b"assistant", b"ask", question(0).encode(), b"--source", os.fsencode(paths[0])], env=env)  # type: ignore[list-item]
    assert chosen.returncode == 0, chosen.stderr
    assert WORKERS[0] in chosen.stdout and "review-\\xff\\xfe.txt" in chosen.stdout
