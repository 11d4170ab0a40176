"""Concurrent use of one store: a second ingest is refused while one runs, questions are
answered correctly while an ingest writes (from another process), and derived indexes
saved by two processes at once never clash."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from ingest.pipeline import ingest
from tests.procs import child_env, run, start, wait_for
from tests.store_checks import WORKERS, assert_complete, question, write_corpus
from vectorstore.lexical import LexicalIndex
from vectorstore.store import CorpusStore

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_second_ingest_is_refused_while_one_runs(tmp_path, settings):
    docs = tmp_path / "docs"
    paths = write_corpus(docs, 40, paragraphs=12)
    env = child_env(SCR_STORE_DIR=str(settings.store_dir), SCR_CHUNK_MAX_TOKENS="64")
    first = start(["-m", "ingest", str(docs), "--quiet"], env=env)
    lock = settings.store_dir / "ingest.lock"
    wait_for(lambda: lock.exists() and lock.read_text() == f"pid {first.pid}", 300, "the first ingest's lock", first)

    second = run(["-m", "ingest", str(docs), "--quiet"], env=env)
    assert first.poll() is None, "the first ingest ended before the second was tried"
    assert second.returncode == 2
    assert second.stdout == ""
    assert second.stderr == (
        f"error: {settings.store_dir}: another ingest is running on this store (pid {first.pid}); "
        "try again when it ends\n"
    )

    out, err = first.communicate(timeout=900)
    assert first.returncode == 0, out + err
    assert_complete(settings.model_copy(update={"chunk_max_tokens": 64}), paths)
    # The lock dies with its holder: the next ingest runs (and finds nothing to do).
    again = run(["-m", "ingest", str(docs), "--quiet"], env=env)
    assert again.returncode == 0 and again.stdout.startswith("added 0, updated 0, unchanged 40,"), again.stderr


# The real CLI, pausing 3 s after its first batch of documents is written: on a fast
# machine the half-done state would otherwise last too little for questions to meet it.
PAUSING_INGEST = """
import sys, time
from vectorstore.store import CorpusStore

real_add = CorpusStore.add_documents
def add_documents(self, items):
    real_add(self, items)
    if not getattr(CorpusStore, "paused", False):
        CorpusStore.paused = True
        time.sleep(3)
CorpusStore.add_documents = add_documents

from ingest.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_questions_are_answered_while_another_process_ingests(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    settings = settings.model_copy(update={"chunk_max_tokens": 64})
    early = write_corpus(docs, 4, paragraphs=12)
    ingest([docs], settings, progress=False, embed=embeddings.encode)
    paths = write_corpus(docs, 40, paragraphs=12)  # 36 more for the other process to ingest
    assistant = Assistant(settings, embeddings)
    store = CorpusStore(settings)

    ingesting = start(
        ["-c", PAUSING_INGEST, str(docs), "--quiet"],
        # Groups of 256 passages: the 36 documents are written in two steps, with a pause between.
        env=child_env(SCR_STORE_DIR=str(settings.store_dir), SCR_CHUNK_MAX_TOKENS="64", SCR_EMBED_GROUP_PASSAGES="256"),
    )
    asked, seen_partial = 0, set()
    while ingesting.poll() is None:
        i = asked % len(early)
        # Every other question is limited to its document: Chroma's filtered query is the
        # one an out-of-date client fails on ("Error finding id").
        sources = [str(early[i].resolve())] if asked % 2 else None
        answer = assistant.ask(question(i), sources=sources)
        complete = store.document_ids()  # documents are only added here, so this is a superset
        assert not answer.abstained and answer.citations[0].source == str(early[i].resolve()), answer.answer
        assert WORKERS[i] in answer.citations[0].text
        for c in answer.citations:
            assert c.doc_hash in complete, "cited a document whose ingest is not complete"
            assert c.text == assistant.document_text(c.doc_hash)[c.start : c.end]
        status = assistant.status()
        # Two looks at the store: the other process may finish a group between them, and
        # documents are only added here, so the later look never holds fewer.
        assert status["documents"] <= len(assistant.documents) and status["passages"] > 0
        if len(early) < status["documents"] < len(paths):
            seen_partial.add(status["documents"])
        asked += 1
    out, err = ingesting.communicate()
    assert ingesting.returncode == 0, out + err
    assert asked >= 3, f"only {asked} questions overlapped the ingest"
    assert seen_partial, "no question was answered while the other ingest was half done"

    # After it: the new documents answer, through both retrievers and through a filter.
    for i in (20, 39):
        path = str(paths[i].resolve())
        for sources in (None, [path]):
            answer = assistant.ask(question(i), sources=sources)
            assert answer.citations[0].source == path and WORKERS[i] in answer.citations[0].text
        vector = embeddings.encode([question(i)])[0]
        dense = assistant.store.dense_search(vector, 5, documents=frozenset(assistant.documents))
        assert dense[0][0].source == path  # the vector index sees what the other process wrote
    assert_complete(settings, paths)


SAVER = """
import sys, time
from pathlib import Path
from vectorstore.lexical import LexicalIndex

folder, rounds = Path(sys.argv[1]), int(sys.argv[2])
index = None
while index is None:  # the other saver may replace the folder while this one reads it
    index = LexicalIndex.load(folder)
for _ in range(rounds):
    index.save(folder)
print("saved", rounds)
"""

READER = """
import sys, time
from pathlib import Path
from vectorstore.lexical import LexicalIndex

folder, expected, fingerprint = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
loads = misses = 0
deadline = time.monotonic() + float(sys.argv[4])
while time.monotonic() < deadline:
    index = LexicalIndex.load(folder)
    if index is None:
        misses += 1  # the folder it pointed at was replaced mid-read: callers rebuild
        continue
    assert index.fingerprint == fingerprint and len(index.records) == expected, "a mixed or partial index"
    assert index.search("key worker", 3), "an index that does not search"
    loads += 1
print("loads", loads, "misses", misses)
"""


def test_lexical_index_saved_by_two_processes_at_once(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    write_corpus(docs, 3, paragraphs=4)
    ingest([docs], settings, progress=False, embed=embeddings.encode)
    folder = settings.store_dir / "lexical"
    index = LexicalIndex.load(folder)
    args = [str(folder), "150"]
    savers = [start(["-c", SAVER, *args]) for _ in range(2)]
    reader = start(["-c", READER, str(folder), str(len(index.records)), index.fingerprint, "4"])
    for process in [*savers, reader]:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    loads = int(out.split()[1])
    assert loads > 0
    final = LexicalIndex.load(folder)
    assert final is not None and final.fingerprint == index.fingerprint
    assert [r.id for r in final.records] == [r.id for r in index.records]
    assert folder.is_symlink()
