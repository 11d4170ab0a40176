"""A damaged store: damaged derived files are noticed by their checksums and rebuilt, never
loaded; `python -m ingest --check` says what is wrong (exit 3) and `--repair` rebuilds it,
moving a Chroma store it cannot read aside (never deleting it) and ingesting again from the
sources it lists; `python -m assistant ask` on it prints one line saying what to run.

Real stores, damaged on disk as a failing disk would: bytes overwritten in the middle of
Chroma's SQLite file, bits flipped in the BM25 arrays and the case index.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest

from assistant.service import Assistant
from ingest.check import check
from ingest.pipeline import ingest
from settings import Settings
from tests.procs import child_env, run
from tests.store_checks import WORKERS, question, write_corpus
from ui.workspace_db import WorkspaceDB
from vectorstore.case_index import CaseIndex
from vectorstore.chroma_client import forget_client
from vectorstore.lexical import LexicalIndex

pytestmark = pytest.mark.integration

DOCS = 3


@pytest.fixture(scope="module")
def built(tmp_path_factory, embeddings) -> tuple[Path, Path]:
    """(sources, store) of a small whole store, built once; each test damages a copy."""
    root = tmp_path_factory.mktemp("damage")
    write_corpus(root / "docs", DOCS)
    settings = Settings(_env_file=None, store_dir=root / "store")
    assert not ingest([root / "docs"], settings, progress=False, embed=embeddings.encode).failed
    forget_client(settings)
    return root / "docs", settings.store_dir


@pytest.fixture
def store(built, tmp_path) -> Settings:
    """A copy of the built store at a path of its own (so no client of this process has seen it)."""
    copy = tmp_path / "store"
    shutil.copytree(built[1], copy, symlinks=True)
    return Settings(_env_file=None, store_dir=copy)


def _flip_bm25_scores(store_dir: Path) -> None:
    """Set the largest BM25 score to a huge float: the file still loads as a valid array."""
    data = next((store_dir / "lexical" / "bm25").resolve().glob("data.csc.index.npy"))
    array = np.load(data)
    raw = bytearray(data.read_bytes())
    header = len(raw) - array.nbytes
    at = header + int(np.argmax(array)) * array.itemsize
    raw[at + array.itemsize - 1] ^= 0x7F  # the exponent's high bits: ~1e38, or NaN
    data.write_bytes(bytes(raw))


def _damage_sqlite(path: Path) -> None:
    """Overwrite the middle half of the file with noise, as a failing disk would."""
    size = path.stat().st_size
    start = (size // 4) // 4096 * 4096
    with open(path, "r+b") as f:
        f.seek(start)
        f.write(random.Random(0).randbytes(size // 2))


def _damage_unread_pages(path: Path) -> None:
    """Overwrite the pages of Chroma's full-text table (never read by the product): SQLite
    calls the file malformed, yet every document can still be read."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = [p for (p,) in db.execute("SELECT pageno FROM dbstat WHERE name = 'embedding_fulltext_search_content'")]
    assert pages
    with open(path, "r+b") as f:
        for page in pages:
            f.seek((page - 1) * size)
            f.write(random.Random(page).randbytes(size))


def test_bit_flipped_bm25_cache_is_rebuilt_not_loaded(store, embeddings):
    _flip_bm25_scores(store.store_dir)
    assert LexicalIndex.load(store.store_dir / "lexical") is None  # before the fix: loaded, scoring 1e38/NaN
    assert any("lexical index" in p for p in check(store).problems)
    assistant = Assistant(store, embeddings)
    for i in range(DOCS):
        scores = [s for _, s in assistant.lexical.search(question(i), 5)]
        assert scores and all(math.isfinite(s) and s < 100 for s in scores)
        answer = assistant.ask(question(i))
        assert any(WORKERS[i] in c.text for c in answer.citations)
    assert LexicalIndex.load(store.store_dir / "lexical") is not None  # rebuilt and saved whole
    assert check(store).healthy


def test_case_index_with_a_changed_byte_is_rebuilt(store):
    path = store.store_dir / "cases.json"
    text = path.read_text(encoding="utf-8")
    changed = text.replace('"area": "Kent"', '"area": "Kenz"', 1)  # review-00's area, as read
    assert changed != text
    json.loads(changed.split("\n", 1)[-1])  # valid JSON still (after the checksum line): only a checksum notices
    path.write_text(changed, encoding="utf-8")
    assert CaseIndex.load(path) is None  # before the fix: loaded, with an area no review names
    assert any("cases.json" in p for p in check(store).problems)


def test_check_and_repair_rebuild_damaged_derived_files_without_the_model(store):
    _flip_bm25_scores(store.store_dir)
    env = child_env(SCR_MODEL_PATH="/nonexistent")  # proves repair of derived files never loads the model
    checked = run(["-m", "ingest", "--check", "--store", str(store.store_dir)], env=env)
    assert checked.returncode == 3, checked.stdout + checked.stderr
    assert "damaged: lexical index" in checked.stdout and "--repair" in checked.stdout
    repaired = run(["-m", "ingest", "--repair", "--quiet", "--store", str(store.store_dir)], env=env)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "nothing was re-embedded" in repaired.stdout and "the store is whole" in repaired.stdout
    assert run(["-m", "ingest", "--check", "--store", str(store.store_dir)], env=env).returncode == 0


@pytest.mark.slow  # a child process loads the model, or Chroma is rebuilt: 10-40 s
def test_damaged_chroma_file_is_reported_then_moved_aside_and_rebuilt(store, built, embeddings):
    store_dir = store.store_dir
    WorkspaceDB.for_store(store_dir).new_conversation("kept across the repair")
    chroma = store_dir / "chroma" / "chroma.sqlite3"
    _damage_sqlite(chroma)
    damaged_bytes = chroma.read_bytes()

    asked = run(["-m", "assistant", "ask", question(0), "--store", str(store_dir)])
    assert asked.returncode == 3, asked.stdout + asked.stderr  # before the fix: a traceback
    lines = asked.stderr.strip().splitlines()
    assert len(lines) == 1 and str(store_dir) in lines[0], asked.stderr
    assert "python -m ingest --check" in lines[0] and "--repair" in lines[0] and "Traceback" not in asked.stderr

    for again in ([], ["--rebuild"]):  # before the fix: tracebacks ending in "malformed"
        ingested = run(["-m", "ingest", str(built[0]), "--quiet", "--store", str(store_dir), *again])
        assert ingested.returncode == 3, ingested.stdout + ingested.stderr
        assert "Traceback" not in ingested.stderr and "python -m ingest --repair" in ingested.stderr

    checked = run(["-m", "ingest", "--check", "--store", str(store_dir)])
    assert checked.returncode == 3, checked.stdout + checked.stderr
    assert f"damaged: {chroma}" in checked.stdout

    repaired = run(["-m", "ingest", "--repair", "--quiet", "--store", str(store_dir)])
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    aside = [p for p in store_dir.parent.iterdir() if p.name.startswith("store.damaged-")]
    assert len(aside) == 1 and (aside[0] / "chroma" / "chroma.sqlite3").read_bytes() == damaged_bytes  # kept as it was
    assert f"added {DOCS}," in repaired.stdout and "the store is whole" in repaired.stdout
    assert [c.name for c in WorkspaceDB.for_store(store_dir).conversations()] == ["kept across the repair"]

    assert run(["-m", "ingest", "--check", "--store", str(store_dir)]).returncode == 0
    assistant = Assistant(store, embeddings)
    for i in range(DOCS):
        answer = assistant.ask(question(i))
        assert any(WORKERS[i] in c.text and str(built[0].resolve()) in c.source for c in answer.citations)


@pytest.mark.slow  # a child process loads the model, or Chroma is rebuilt: 10-40 s
def test_repair_copies_what_chroma_can_still_read_without_re_embedding(store, built, embeddings):
    chroma = store.store_dir / "chroma" / "chroma.sqlite3"
    _damage_unread_pages(chroma)
    damaged_bytes = chroma.read_bytes()
    env = child_env(SCR_MODEL_PATH="/nonexistent")  # any re-embedding would fail
    checked = run(["-m", "ingest", "--check", "--store", str(store.store_dir)], env=env)
    assert checked.returncode == 3 and f"damaged: {chroma}" in checked.stdout, checked.stdout + checked.stderr

    repaired = run(["-m", "ingest", "--repair", "--quiet", "--store", str(store.store_dir)], env=env)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert f"copied {DOCS} of {DOCS} document(s) whole" in repaired.stdout
    assert f"unchanged {DOCS}" in repaired.stdout and "(0 passages embedded" in repaired.stdout
    aside = next(p for p in store.store_dir.parent.iterdir() if p.name.startswith("store.damaged-"))
    assert (aside / "chroma" / "chroma.sqlite3").read_bytes() == damaged_bytes  # read from a copy, kept as found
    assert not list(store.store_dir.glob(".salvage-*"))
    assert run(["-m", "ingest", "--check", "--store", str(store.store_dir)], env=env).returncode == 0
    assistant = Assistant(store, embeddings)
    for i in range(DOCS):
        assert any(WORKERS[i] in c.text for c in assistant.ask(question(i)).citations)
