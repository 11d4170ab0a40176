"""The app on a damaged store shows one plain banner saying what to run, not a traceback
(streamlit.testing's AppTest, real model and a real store damaged on disk)."""

from __future__ import annotations

import random
import shutil
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.pipeline import ingest
from settings import Settings
from tests.store_checks import write_corpus
from vectorstore.chroma_client import forget_client

pytestmark = pytest.mark.integration

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


def test_app_on_a_damaged_store_shows_a_banner_not_a_traceback(tmp_path, embeddings, monkeypatch):
    write_corpus(tmp_path / "docs", 2)
    built = Settings(_env_file=None, store_dir=tmp_path / "built")
    assert not ingest([tmp_path / "docs"], built, progress=False, embed=embeddings.encode).failed
    forget_client(built)
    store = tmp_path / "store"  # a path no client in this process has opened
    shutil.copytree(built.store_dir, store, symlinks=True)
    chroma = store / "chroma" / "chroma.sqlite3"
    size = chroma.stat().st_size
    with open(chroma, "r+b") as f:  # the middle half overwritten, as a failing disk would
        f.seek((size // 4) // 4096 * 4096)
        f.write(random.Random(0).randbytes(size // 2))

    monkeypatch.setenv("SCR_STORE_DIR", str(store))
    monkeypatch.setenv("SCR_WORKSPACE_PATH", str(tmp_path / f"workspace-{uuid.uuid4().hex}.sqlite3"))
    monkeypatch.delenv("SCR_APP_PASSWORD", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception, at.exception  # before the fix: the Chroma error, as a traceback
    banner = " ".join(e.value for e in at.error)
    assert str(store) in banner and "python -m ingest --check" in banner and "--repair" in banner
    assert not at.chat_input  # nothing offered that would fail
