"""Background ingest of uploads: a real child process (``ingest.job``) on a real store;
progress with a rate and time left, a cancel that ends it within seconds and leaves the
store whole, and the page's wording of each outcome."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.service import Assistant
from ingest.pipeline import ingest
from settings import Settings
from ui import ingest_job
from ui.upload import save_uploads

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REVIEW = "Serious case review: Eastshire\n\nBaby E, a boy aged 3 months, was injured by his father.\n"


def _big_text(paragraphs: int) -> bytes:
    lines = [
        f"{i}. The health visitor recorded concern number {i} about the home, the school nurse wrote to the "
        f"GP about missed appointment {i}, and the social worker's supervision note {i} was not followed up."
        for i in range(paragraphs)
    ]
    return "\n\n".join(lines).encode()


def test_a_large_upload_shows_progress_and_cancels_within_seconds(tmp_path, embeddings):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "eastshire.txt").write_text(REVIEW)
    settings = Settings(_env_file=None, store_dir=tmp_path / "store")
    ingest([docs], settings, progress=False, embed=embeddings.encode)
    saved = save_uploads([("huge.txt", _big_text(20_000))], settings.store_dir / "uploads")
    manager = ingest_job.IngestJobs(settings)
    manager.start(saved.saved)
    deadline = time.time() + 240
    status = manager.status()
    while time.time() < deadline:
        status = manager.status()
        if status.get("embedded", 0) >= 64:
            break
        time.sleep(0.5)
    assert status["state"] == "running" and status["embedded"] >= 64, status
    rate, left = ingest_job.rate_and_left(status)
    assert rate > 0 and left > 10  # thousands of passages still to go
    line = ingest_job.file_lines(status)[0]
    assert line.name == "huge.txt" and 0 < line.fraction < 1 and "passages" in line.text

    asked = time.perf_counter()
    manager.cancel()
    assert manager.status()["state"] == "cancelling"  # acknowledged at once, for every session's page
    status = manager.wait(timeout=30)
    stopped = time.perf_counter() - asked
    print(f"\ncancel: the ingest ended {stopped:.1f} s after the cancel; rate was {rate:.0f} passages/s")
    assert stopped < 6  # about 1.5 s idle; a generous bound for a noisy machine
    assert status["state"] == "cancelled" and status["files"][0]["state"] == "cancelled", status
    assert not (settings.store_dir / "uploads" / "huge.txt").exists()
    assert ingest_job.outcome(status) == ("error", "Cancelled. Added 0 document(s); 1 not added.")
    assistant = Assistant(settings, embeddings)  # the store is whole: the old document, nothing half-added
    assert [Path(r.source).name for r in assistant.documents.values()] == ["eastshire.txt"]
    assert not assistant.ask("Who injured Baby E?").abstained
    # And the next run starts cleanly (the lock was released; no orphan passages are left).
    again = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert again.unchanged and not again.failed


STUCK = """
import os, signal, sys, time
from ingest.job import read_status, write_status
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM])  # like a handler waiting for torch's batch
status = read_status(sys.argv[1])
write_status(sys.argv[1], {**status, "state": "running", "pid": os.getpid()})
time.sleep(120)
"""


def test_a_cancel_ends_a_child_stuck_in_the_model_within_seconds(tmp_path):
    """A child whose SIGTERM handler cannot run (the model mid-batch: measured 5-9 s a batch
    while the server answers) is killed, and the manager writes its outcome: the page shows
    "Cancelled" within seconds, the upload that was not added is removed."""
    import sys

    settings = Settings(_env_file=None, store_dir=tmp_path / "store")
    saved = save_uploads([("stuck.txt", REVIEW.encode())], settings.store_dir / "uploads")
    manager, path = ingest_job.IngestJobs(settings), saved.saved[0]
    # What start() does, with a stand-in for the ingest child.
    ingest_job.write_status(manager.status_path, {"state": "starting", "job": "stuck", "started": time.time(), "files": [
        {"name": path.name, "source": str(path), "bytes": path.stat().st_size, "passages": None, "embedded": 0,
         "state": "waiting", "reason": ""}]})  # fmt: skip
    manager._proc = manager._launch([sys.executable, "-c", STUCK, str(manager.status_path)])
    deadline = time.time() + 30
    while time.time() < deadline and not (manager.status() or {}).get("pid"):
        time.sleep(0.1)
    asked = time.perf_counter()
    manager.cancel()
    assert manager.status()["state"] == "cancelling"
    status = manager.wait(timeout=30)
    stopped = time.perf_counter() - asked
    print(f"\ncancel of a stuck child: ended and reported {stopped:.1f} s after the cancel")
    assert stopped < 6  # KILL_AFTER_S (2 s) plus the manager's look at the store; was 8 s and more
    assert status["state"] == "cancelled" and status["files"][0]["state"] == "cancelled", status
    assert ingest_job.outcome(status) == ("error", "Cancelled. Added 0 document(s); 1 not added.")
    assert not path.exists()  # not added, so not kept in the uploads folder


def test_progress_wording():
    status = {
        "state": "running", "embedding_since": 100.0, "embedded": 50,
        "files": [
            {"name": "a.txt", "bytes": 1000, "passages": 100, "embedded": 50, "state": "embedding", "reason": ""},
            {"name": "b.txt", "bytes": 1000, "passages": None, "embedded": 0, "state": "waiting", "reason": ""},
        ],
    }  # fmt: skip
    rate, left = ingest_job.rate_and_left(status, now=110.0)
    assert rate == 5.0 and left == (50 + 100) / 5.0  # b.txt estimated from a.txt's passages per byte
    lines = ingest_job.file_lines(status)
    assert lines[0].text == "reading its passages into the index: 50 of 100 passages" and lines[0].fraction == 0.5
    assert lines[1].text == "reading the file"
    assert ingest_job.duration(30) == "less than a minute" and ingest_job.duration(600) == "about 10 min"
    done = {"state": "done", "files": [{"name": "a", "state": "added"}, {"name": "b", "state": "unchanged"}]}
    assert ingest_job.outcome(done) == ("success", "Added 1 document(s), 1 already indexed.")


SERVER = """
import sys, time
from pathlib import Path
from settings import Settings
from ui import ingest_job

manager = ingest_job.IngestJobs(Settings(_env_file=None, store_dir=Path(sys.argv[1])))
manager.start([Path(sys.argv[2])])
time.sleep(600)
"""


def test_an_ingest_ends_when_the_server_dies(tmp_path):
    """The app's server killed outright (no clean-up code runs): its ingest child stops too."""
    import os
    import signal
    import subprocess
    import sys

    from ingest.job import read_status
    from tests.procs import ROOT, child_env

    store = tmp_path / "store"
    (store / "uploads").mkdir(parents=True)
    big = store / "uploads" / "huge.txt"
    big.write_bytes(_big_text(20_000))
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(store), str(big)], cwd=ROOT, env=child_env())
    status_path = store / ingest_job.STATUS_FILE
    deadline = time.time() + 240
    while time.time() < deadline and not (read_status(status_path) or {}).get("pid"):
        time.sleep(0.5)
    child = read_status(status_path)["pid"]
    server.kill()
    server.wait()
    deadline = time.time() + 30
    while time.time() < deadline and ingest_job._alive(child):
        try:
            os.waitpid(child, os.WNOHANG)  # not ours to reap; only reaped if re-parented to us
        except ChildProcessError:
            pass
        time.sleep(0.5)
    alive = ingest_job._alive(child) and "zombie" not in Path(f"/proc/{child}/status").read_text().lower()
    if alive:
        os.kill(child, signal.SIGKILL)
    assert not alive, "the ingest outlived the server"
    # It was told (SIGTERM), so it cleaned up: the half-read upload is gone, the run says so.
    assert read_status(status_path)["state"] == "cancelled" and not big.exists()
