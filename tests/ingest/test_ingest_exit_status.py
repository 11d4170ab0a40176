"""`python -m ingest` ends with a status a script can act on: 0 all ingested, 1 some files
failed, 2 usage or busy, 3 the store cannot be used (disk full, damaged), 4 internal error;
3 and 4 with a one-line message, never a traceback."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from ingest.__main__ import main
from ingest.errors import StoreUnavailable
from ingest.model_process import ModelProcess
from ingest.pipeline import ingest
from tests.store_checks import review
from vectorstore.store import CorpusStore

pytestmark = pytest.mark.integration


@pytest.fixture
def docs(tmp_path, settings, embeddings, monkeypatch):
    """A folder ingested once, and a new file in it; the CLI's model is this process's."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(review(0, 4))
    ingest([folder], settings, progress=False, embed=embeddings.encode)
    (folder / "b.txt").write_text(review(1, 4))
    monkeypatch.setattr(ModelProcess, "encode", lambda self, texts, batch_size=None: embeddings.encode(texts))
    return folder


def cli(docs, settings) -> int:
    return main([str(docs), "--store", str(settings.store_dir), "--quiet"])


def test_help_documents_the_exit_statuses(capsys):
    with pytest.raises(SystemExit) as ended:
        main(["--help"])
    assert ended.value.code == 0
    out = capsys.readouterr().out
    for line in ("exit status:", "0  every file ingested", "1  some files failed", "2  usage error",
                 "3  the store cannot be used: disk full, or its files are damaged", "4  internal error"):
        assert line in out


def test_all_ingested_is_0_and_a_failed_file_is_1(docs, settings, capsys):
    assert cli(docs, settings) == 0
    (docs / "empty.txt").write_bytes(b"")
    assert cli(docs, settings) == 1
    assert "failed: " in capsys.readouterr().out


@pytest.mark.parametrize("error", [
    OSError(errno.ENOSPC, "No space left on device"),
    sqlite3.OperationalError("database or disk is full"),
    sqlite3.DatabaseError("database disk image is malformed"),
    StoreUnavailable("only 3 MB free on /srv (need 200 MB)"),
], ids=["ENOSPC", "sqlite-full", "sqlite-damaged", "StoreUnavailable"])
def test_a_store_that_cannot_be_written_is_3_in_one_line(docs, settings, capsys, monkeypatch, error):
    def fail(self, items):
        raise error

    monkeypatch.setattr(CorpusStore, "add_documents", fail)
    assert cli(docs, settings) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"error: {settings.store_dir}: ") and err.count("\n") == 1 and "Traceback" not in err
    assert str(error).split()[0] in err


def test_a_damaged_database_file_is_3_in_one_line(docs, settings, capsys):
    database = settings.store_dir / "chroma" / "chroma.sqlite3"
    database.write_bytes(b"this is not a database" * 1000)
    assert cli(docs, settings) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"error: {settings.store_dir}: ") and err.count("\n") == 1, err


def test_a_store_folder_that_cannot_be_made_is_3(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(review(0, 4))
    not_a_folder = tmp_path / "store"
    not_a_folder.write_text("a file where the store folder should be")
    assert main([str(tmp_path / "docs"), "--store", str(not_a_folder), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"error: {not_a_folder}: the store folder cannot be used (") and err.count("\n") == 1, err


def test_any_other_error_is_4_in_one_line_naming_it(docs, settings, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("chunker broke\non two lines")

    monkeypatch.setattr("ingest.pipeline.chunk", broken)
    assert cli(docs, settings) == 4
    err = capsys.readouterr().err
    assert err == "error: internal error: ValueError: chunker broke on two lines\n"
