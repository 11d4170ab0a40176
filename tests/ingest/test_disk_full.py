"""A full disk: an ingest that would not fit stops before writing, with the folder and the
space it needs, and the store goes on answering from what it held; answering never needs
to write (a derived index it cannot save is used from memory).

The first test puts the store on a real 20 MB filesystem (a tmpfs mounted by the test;
needs root), as in the fault report; the others simulate the disk at the calls that ask
for free space or write, so they run anywhere.
"""

from __future__ import annotations

import builtins
import errno
import logging
import os
import shutil
import subprocess
from collections import namedtuple
from pathlib import Path

import pytest

from assistant.service import Assistant
from ingest.errors import StoreUnavailable
from ingest.pipeline import ingest
from settings import Settings
from tests.store_checks import CHILDREN, WORKERS, consistent_state, question, review, write_corpus

pytestmark = pytest.mark.integration

Usage = namedtuple("Usage", "total used free")


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 20 MB filesystem of this test's own."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root; test_refused_when_free_space_runs_out_during_an_ingest simulates it")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); the simulated tests cover the logic")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave: int) -> None:
    """Write a filler file so that about ``leave`` bytes stay free."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(disk / "filler", "ab") as out:
        out.write(b"\0" * max(0, free - leave))
        out.flush()
        os.fsync(out.fileno())


def _many_reviews(folder: Path, count: int) -> None:
    """``count`` long reviews, all different from the first store's."""
    folder.mkdir(parents=True)
    for i in range(count):
        text = review(i % len(CHILDREN), paragraphs=60).replace("Serious Case Review:", f"Thematic review {i}:")
        (folder / f"more-{i:02d}.txt").write_text(text, encoding="utf-8")


def _forget_indexes(settings: Settings) -> None:
    """Remove the saved lexical and case indexes, so the next assistant must rebuild them."""
    lexical = settings.store_dir / "lexical"
    shutil.rmtree(lexical.resolve())
    lexical.unlink()
    (settings.store_dir / "cases.json").unlink()


def _cites(assistant: Assistant, i: int) -> bool:
    answer = assistant.ask(question(i))
    return not answer.abstained and any(WORKERS[i] in c.text and f"review-{i:02d}" in c.source for c in answer.citations)


@pytest.mark.slow  # a child process loads the model, or Chroma is rebuilt: 10-40 s
def test_ingest_on_a_nearly_full_small_disk_is_refused_and_the_store_still_answers(small_disk, tmp_path, embeddings, caplog):
    settings = Settings(_env_file=None, store_dir=small_disk / "store", disk_margin_bytes=2_000_000)
    first = write_corpus(tmp_path / "first", 5)
    assert not ingest([tmp_path / "first"], settings, progress=False, embed=embeddings.encode).failed
    _fill(small_disk, leave=3_000_000)
    _many_reviews(tmp_path / "more", 75)

    # Before the fix: chromadb InternalError "Error in compaction", and the store unreadable after.
    with pytest.raises(StoreUnavailable) as refused:
        ingest([tmp_path / "more"], settings, progress=False, embed=embeddings.encode)
    message = str(refused.value)
    assert str(settings.store_dir) in message and "MB needed" in message and "free" in message

    records, passages, orphans = consistent_state(settings)
    assert sorted(r.source for r in records.values()) == sorted(str(p.resolve()) for p in first)
    assert not orphans
    assistant = Assistant(settings, embeddings)
    assert all(_cites(assistant, i) for i in range(5))

    # Answering on a disk with almost no room: its indexes, gone, are rebuilt but cannot be
    # saved (before the fix: "OSError: N requested and M written" from the BM25 save).
    _forget_indexes(settings)
    _fill(small_disk, leave=24_576)  # Chroma writes a few kB to open a store; the index needs more
    with caplog.at_level(logging.WARNING):
        fresh = Assistant(settings, embeddings)
    assert "could not save the lexical index" in caplog.text
    assert all(_cites(fresh, i) for i in range(5))
    left = {p.name for p in settings.store_dir.iterdir()}
    assert not any(n.startswith(("lexical", ".lexical")) or n.endswith(".tmp") for n in left), left


def test_refused_when_free_space_runs_out_during_an_ingest(tmp_path, settings, embeddings, monkeypatch):
    """Checked before each write group: the groups written before stay whole and answer;
    the refused group and everything after it are not written at all."""
    settings = settings.model_copy(update={"embed_group_passages": 8, "disk_margin_bytes": 1_000_000})
    write_corpus(tmp_path / "docs", 12, paragraphs=12)
    checks = []

    def usage(path):
        checks.append(path)
        # Plenty for the start and the first two groups, then the disk is nearly full.
        return Usage(10**10, 0, 10**10 if len(checks) <= 3 else 500_000)

    monkeypatch.setattr("shutil.disk_usage", usage)
    with pytest.raises(StoreUnavailable, match="not enough disk space"):
        ingest([tmp_path / "docs"], settings, progress=False, embed=embeddings.encode)
    records, _, orphans = consistent_state(settings)
    assert 0 < len(records) < 12 and not orphans  # the first groups, whole; nothing half-written
    monkeypatch.undo()
    assistant = Assistant(settings, embeddings)
    stored = sorted(int(Path(r.source).stem.split("-")[1]) for r in records.values())
    assert all(_cites(assistant, i) for i in stored)
    # Space again: the next ingest finishes the job.
    report = ingest([tmp_path / "docs"], settings, progress=False, embed=embeddings.encode)
    assert len(report.added) == 12 - len(records) and len(report.unchanged) == len(records)


def test_no_ingest_starts_without_the_margin_free(tmp_path, settings, embeddings, monkeypatch):
    write_corpus(tmp_path / "docs", 2)
    assert not ingest([tmp_path / "docs"], settings, progress=False, embed=embeddings.encode).failed
    write_corpus(tmp_path / "docs2", 4)
    monkeypatch.setattr("shutil.disk_usage", lambda path: Usage(10**9, 10**9, 1_000_000))
    with pytest.raises(StoreUnavailable) as refused:
        ingest([tmp_path / "docs2"], settings, progress=False, embed=embeddings.encode)
    assert str(settings.store_dir) in str(refused.value)
    assert len(consistent_state(settings)[0]) == 2


def test_an_index_that_cannot_be_saved_is_used_from_memory(tmp_path, settings, embeddings, monkeypatch):
    """The write itself fails (ENOSPC at the BM25 save and the case index's write): the
    question is answered, and no half-written index is left to be loaded later."""
    write_corpus(tmp_path / "docs", 3)
    assert not ingest([tmp_path / "docs"], settings, progress=False, embed=embeddings.encode).failed
    _forget_indexes(settings)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    def open_then_full(path, mode="r", *args, **kwargs):
        if "w" not in mode:
            return builtins.open(path, mode, *args, **kwargs)
        builtins.open(path, mode).close()  # the temporary file exists, then the disk is full
        full()

    monkeypatch.setattr("bm25s.BM25.save", full)
    monkeypatch.setattr("vectorstore.cache_files.open", open_then_full, raising=False)
    assistant = Assistant(settings, embeddings)
    assert all(_cites(assistant, i) for i in range(3))
    left = {p.name for p in settings.store_dir.iterdir()}
    assert not any(n.startswith(("lexical", ".lexical")) or n.endswith(".tmp") for n in left), left
