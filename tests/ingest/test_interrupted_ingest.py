"""An ingest killed with SIGKILL (no clean-up code runs) leaves a store that answers
correctly and counts only complete documents; the next ingest finishes the job with no
duplicate passages, no orphans and a lexical index that matches Chroma.

Two kinds of kill: a real ``python -m ingest`` killed at moments found by watching its
progress and its store (as a user's Ctrl-C or a power cut would land), and the same CLI
killing itself at the exact windows between two writes where a crash would do most harm.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from assistant.service import Assistant
from ingest.pipeline import ingest
from tests.procs import OutputTail, child_env, run, start, stored_rows, wait_for
from tests.store_checks import CHILDREN, WORKERS, assert_complete, consistent_state, question, review, write_corpus
from vectorstore.case_index import CaseIndex

pytestmark = [pytest.mark.integration, pytest.mark.slow]

KILLED = -signal.SIGKILL


def check_answers(settings, embeddings, asked: dict[int, Path]) -> None:
    """Questions about complete documents cite them; nothing cites an incomplete one."""
    assistant = Assistant(settings, embeddings)
    complete = {r.source for r in assistant.documents.values()}
    # The case index, derived like the lexical one, covers exactly the complete documents.
    saved_cases = CaseIndex.load(settings.store_dir / "cases.json")
    assert set(saved_cases.by_document) == set(assistant.case_index.by_document) == set(assistant.documents)
    assert {r.doc_hash for r in assistant.lexical.records} <= set(assistant.documents)  # no orphan in BM25
    for i, path in asked.items():
        answer = assistant.ask(question(i))
        sources = {c.source for c in answer.citations}
        assert sources <= complete, f"cites an incomplete document: {sources - complete}"
        for c in answer.citations:
            assert c.text == assistant.document_text(c.doc_hash)[c.start : c.end]
        if str(path.resolve()) in complete:
            assert not answer.abstained and answer.citations[0].source == str(path.resolve()), answer.answer
            assert WORKERS[i] in answer.citations[0].text


def test_cli_ingest_killed_at_several_points_then_resumed(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    paths = write_corpus(docs, 40, paragraphs=12)  # ~480 short passages: two embedding groups of 256
    settings = settings.model_copy(update={"chunk_max_tokens": 64, "embed_group_passages": 256})
    env = child_env(SCR_STORE_DIR=str(settings.store_dir), SCR_CHUNK_MAX_TOKENS="64", SCR_EMBED_GROUP_PASSAGES="256")

    def documents() -> int:
        return stored_rows(settings.store_dir, "scr-documents")

    def passages_written() -> int:
        return stored_rows(settings.store_dir, "scr-passages")

    complete_before = 0
    # Kill points: while the first batch is being embedded (nothing written yet); as soon
    # as its passages start landing (before the records that complete their documents);
    # once the first batch's documents are complete, while the second batch is embedded;
    # and in a last run once every document is in (building and saving the lexical index).
    points = [
        ("first run, embedding", lambda tail: "embedding" in tail.text(), 0.3),
        ("second run, first writes", lambda tail: passages_written() >= 1, 0.0),
        ("third run, embedding the second batch", lambda tail: documents() >= 1, 0.3),
        ("fourth run, all documents written", lambda tail: documents() == len(paths), 0.0),
    ]
    for name, ready, delay in points:
        process = start(["-m", "ingest", str(docs)], env=env, text=False)
        tail = OutputTail(process.stderr)
        wait_for(lambda: ready(tail), timeout=600,  # noqa: B023 (called within this iteration)
                 what=f"kill point '{name}'", process=process)
        if delay:
            time.sleep(delay)  # well into the batch, not at its first instruction
        process.send_signal(signal.SIGKILL)
        status = process.wait(timeout=60)
        last = name.startswith("fourth")
        # The last run may finish in the instant between seeing its last write and the kill.
        assert status == KILLED or (last and status == 0), f"{name}: the ingest ended before it could be killed"

        records, _, orphans = consistent_state(settings)
        print(f"killed at {name}: {len(records)} documents complete, {len(orphans)} orphan passages")
        assert last or len(records) < len(paths), f"{name}: killed too late to test anything"
        assert len(records) >= complete_before, f"{name}: documents complete before were lost"
        complete_before = len(records)
        check_answers(settings, embeddings, {i: paths[i] for i in (0, 13, 26, 39)})

    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert report.exit_code == 0
    assert report.added == [] and len(report.unchanged) == len(paths)
    assert_complete(settings, paths)
    check_answers(settings, embeddings, {i: paths[i] for i in (0, 13, 26, 39)})


# The CLI, made to SIGKILL itself at one exact point: ``python -c DRIVER POINT ARGS...``.
DRIVER = """
import os, signal, sys

point, args = sys.argv[1], sys.argv[2:]


def die(*_, **__):
    os.kill(os.getpid(), signal.SIGKILL)


def die_when(owner, name, when):
    # owner.name, made to kill the process when when(*args) holds for a call
    real = getattr(owner, name)

    def wrapped(*a, **k):
        if when(*a, **k):
            die()
        return real(*a, **k)

    setattr(owner, name, wrapped)


from chromadb.api.models.Collection import Collection

if point == "passages-written-record-not":
    die_when(Collection, "upsert", lambda self, *a, **k: self.name.endswith("-documents"))
elif point == "new-version-written-old-not-removed":
    from vectorstore.store import CorpusStore

    CorpusStore.remove_document = die
elif point == "record-removed-passages-not":
    die_when(Collection, "delete", lambda self, *a, **k: self.name.endswith("-passages"))
elif point == "lexical-written-not-published":
    die_when(os, "replace", lambda src, dst, *a, **k: os.path.basename(dst) == "lexical")
else:
    raise SystemExit(f"unknown kill point {point}")

from ingest.__main__ import main

sys.exit(main(args))
"""


def killed_at(point: str, docs: Path, settings) -> None:
    result = run(["-c", DRIVER, point, str(docs), "--quiet"], env=child_env(SCR_STORE_DIR=str(settings.store_dir)))
    assert result.returncode == KILLED, f"{point}: not killed ({result.returncode}): {result.stdout}{result.stderr}"


def test_killed_between_passages_and_record(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    a, b = (docs / "a.txt", docs / "b.txt")
    docs.mkdir()
    a.write_text(review(0, 6))
    ingest([docs], settings, progress=False, embed=embeddings.encode)
    b.write_text(review(1, 6))

    killed_at("passages-written-record-not", docs, settings)
    records, _, orphans = consistent_state(settings)
    assert [r.source for r in records.values()] == [str(a.resolve())]
    assert orphans and {p.source for p in orphans} == {str(b.resolve())}  # b's passages, no record
    check_answers(settings, embeddings, {0: a, 1: b})  # b is not cited: it is not complete

    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert report.orphans_removed == len(orphans) and report.added == [str(b.resolve())]
    assert_complete(settings, [a, b])
    check_answers(settings, embeddings, {0: a, 1: b})


def test_killed_between_new_version_and_old_removal(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    docs.mkdir()
    a, b = docs / "a.txt", docs / "b.txt"
    a.write_text(review(0, 6))
    b.write_text(review(1, 6))
    ingest([docs], settings, progress=False, embed=embeddings.encode)
    a.write_text(review(0, 6).replace(WORKERS[0], "Kingsley"))

    killed_at("new-version-written-old-not-removed", docs, settings)
    records, _, orphans = consistent_state(settings)
    assert sorted(Path(r.source).name for r in records.values()) == ["a.txt", "a.txt", "b.txt"]  # both versions

    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert report.updated == [str(a.resolve())]
    assert_complete(settings, [a, b])  # one version of a.txt: the current one
    answer = Assistant(settings, embeddings).ask(question(0))
    assert "Kingsley" in answer.citations[0].text and WORKERS[0] not in answer.answer


def test_killed_between_record_and_passages_removal(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    docs.mkdir()
    a, b = docs / "a.txt", docs / "b.txt"
    a.write_text(review(0, 6))
    b.write_text(review(1, 6))
    ingest([docs], settings, progress=False, embed=embeddings.encode)
    b.unlink()

    killed_at("record-removed-passages-not", docs, settings)
    records, _, orphans = consistent_state(settings)
    assert [r.source for r in records.values()] == [str(a.resolve())]
    assert {p.source for p in orphans} == {str(b.resolve())}
    check_answers(settings, embeddings, {0: a, 1: b})
    assert not any(CHILDREN[1] in c.text for c in Assistant(settings, embeddings).ask(question(1)).citations)

    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert report.orphans_removed == len(orphans)
    assert_complete(settings, [a])


def test_killed_while_publishing_the_lexical_index(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    docs.mkdir()
    a, b = docs / "a.txt", docs / "b.txt"
    a.write_text(review(0, 6))
    ingest([docs], settings, progress=False, embed=embeddings.encode)
    b.write_text(review(1, 6))

    killed_at("lexical-written-not-published", docs, settings)
    consistent_state(settings)
    leftovers = sorted(p.name for p in settings.store_dir.glob("lexical-*"))
    assert len(leftovers) == 2  # the published index and the one written but never linked
    # Chroma has b; the published lexical index is the old one, so it is rebuilt on open.
    check_answers(settings, embeddings, {0: a, 1: b})

    ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert_complete(settings, [a, b])
