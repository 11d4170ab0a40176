"""An error of the file system on one file or folder is that file's error, never the run's:
a folder ingested before that becomes unreadable is reported and kept, and the rest of the
run (new documents, their BM25 and case records) completes."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from tests.procs import child_env, run, without_dac_override
from tests.store_checks import WORKERS, question, review
from vectorstore.case_index import CaseIndex
from vectorstore.lexical import LexicalIndex
from vectorstore.store import CorpusStore

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_a_folder_that_became_unreadable_is_reported_kept_and_the_rest_ingests(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    sub = docs / "sub"
    sub.mkdir(parents=True)
    (sub / "a.txt").write_text(review(0, 4))
    (docs / "b.txt").write_text(review(1, 4))
    env = child_env(SCR_STORE_DIR=str(settings.store_dir))
    first = run(["-m", "ingest", str(docs), "--quiet"], env=env)
    assert first.returncode == 0, first.stdout + first.stderr

    (docs / "c.txt").write_text(review(2, 4))
    sub.chmod(0)  # as root, the CLI runs without the capabilities that would read it anyway
    try:
        second = run(["-m", "ingest", str(docs), "--quiet"], env=env, prefix=without_dac_override())
    finally:
        sub.chmod(0o755)
    output = second.stdout + second.stderr
    assert second.returncode == 1 and "Traceback" not in output, output
    assert f"failed: {sub}: permission denied" in second.stdout
    assert f"failed: {sub / 'a.txt'}: permission denied; its stored version is kept" in second.stdout
    assert "added 1," in second.stdout and "removed 0," in second.stdout

    # Every index has the new document and still has the one it could not look at.
    store = CorpusStore(settings)
    sources = {r.source for r in store.document_records().values()}
    assert sources == {str(p.resolve()) for p in (sub / "a.txt", docs / "b.txt", docs / "c.txt")}
    lexical = LexicalIndex.load(settings.store_dir / "lexical")
    assert lexical is not None and lexical.fingerprint == store.fingerprint()
    assert {r.source for r in lexical.records} == sources
    cases = CaseIndex.load(settings.store_dir / "cases.json")
    assert cases is not None and {c["source"] for c in cases.classes.values()} == sources
    assistant = Assistant(settings, embeddings)
    for i, path in ((0, sub / "a.txt"), (2, docs / "c.txt")):
        answer = assistant.ask(question(i))
        assert answer.citations[0].source == str(path.resolve()) and WORKERS[i] in answer.citations[0].text
