"""Uploads ingested in the background, one run at a time per store, shared by every
browser session: start, follow (per-file progress, rate, time left), cancel.

The run is a child process (``ingest.job``): the app's server never waits for the model,
a cancel is SIGTERM (SIGKILL if it has not ended two seconds later), and the child is
told to stop if the server dies (PR_SET_PDEATHSIG), so no ingest outlives the app. It
runs at a lower priority (nice 10), so answers come first on a small server.

A cancel shows at once ("cancelling", kept here while the child ends) and the run ends
within about two seconds: a child whose model is mid-batch cannot run its SIGTERM
handler until the batch returns (measured 5-9 s a batch while the server answers
questions), so it is killed, and this manager writes its outcome (``_stopped``). A kill
is safe: ingest is built to survive SIGKILL at any point (docs/RELIABILITY.md).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from ingest.file_names import path_of
from ingest.job import read_status, write_status

ROOT = Path(__file__).resolve().parents[1]
UPLOAD_FOLDER = "uploads"
STATUS_FILE = "ingest-job.json"
# A cancel that SIGTERM did not end is forced after this long. A child that can run its
# handler writes its outcome and exits in well under a second; one still waiting for the
# model's batch would take seconds more, to no purpose: the vectors are thrown away.
KILL_AFTER_S = 2.0


class Busy(Exception):
    """Another upload is being ingested; the message says whose files."""


def _child_setup() -> None:  # runs in the child between fork and exec
    # Lower priority: on a small server the people asking questions come first.
    os.nice(10)
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


_MANAGERS: dict[str, IngestJobs] = {}
_MANAGERS_LOCK = threading.Lock()


def for_store(settings) -> IngestJobs:
    """The process's one manager per store (every session of the server shares it)."""
    key = str(Path(settings.store_dir).resolve())
    with _MANAGERS_LOCK:
        if key not in _MANAGERS:
            _MANAGERS[key] = IngestJobs(settings)
        return _MANAGERS[key]


def _alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
        return True
    except (OSError, TypeError, ValueError):
        return False


class IngestJobs:
    def __init__(self, settings):
        self.settings = settings
        self.folder = Path(settings.store_dir) / UPLOAD_FOLDER
        self.status_path = Path(settings.store_dir) / STATUS_FILE
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._cancelling: str | None = None  # the job a cancel was asked for, until it has ended
        self._stop_lock = threading.Lock()  # one clean-up at a time (the pages poll, the cancel's thread too)

    def running(self) -> bool:
        with self._lock:
            return self._proc is not None and self._proc.poll() is None

    def start(self, paths: list[Path]) -> str:
        """Ingest ``paths`` (already saved under the uploads folder); returns the run's id."""
        paths = [Path(p).resolve() for p in paths]
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                raise Busy("Documents are being added already; wait until that ends, or cancel it.")
            job = uuid.uuid4().hex
            self._cancelling = None
            # Said before the child starts: a reader must never see the last run's status as this one's.
            write_status(self.status_path, {"state": "starting", "job": job, "started": time.time(), "files": [
                {"name": p.name, "source": str(p), "bytes": p.stat().st_size, "passages": None, "embedded": 0,
                 "state": "waiting", "reason": ""} for p in paths]})  # fmt: skip
            args = [sys.executable, "-m", "ingest.job", str(self.status_path), *map(str, paths),
                    "--store", str(self.settings.store_dir), "--job", job]  # fmt: skip
            self._proc = self._launch(args)
            return job

    def _launch(self, args: list[str]) -> subprocess.Popen:
        """Start the child from a thread that lives as long as it does: the kernel's
        parent-death signal follows the thread that forked, and a session's script thread
        ends after each run."""
        started: list = []
        ready = threading.Event()

        def launch_and_wait() -> None:
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            try:
                with open(Path(self.settings.store_dir) / "ingest-job.log", "w") as log:
                    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            preexec_fn=_child_setup)  # fmt: skip
            except BaseException as error:
                started.append(error)
                ready.set()
                raise
            started.append(proc)
            ready.set()
            proc.wait()

        threading.Thread(target=launch_and_wait, daemon=True, name="ingest-job").start()
        ready.wait()
        if isinstance(started[0], BaseException):
            raise started[0]
        return started[0]

    def status(self) -> dict | None:
        """The current or last run's status; a child that died without saying so is
        reported as stopped, its unstored files removed. A run asked to cancel that has
        not ended yet is "cancelling" (the child's own status still says running)."""
        status = read_status(self.status_path)
        with self._lock:
            proc = self._proc
        ended = proc is None or proc.poll() is not None
        if status and status.get("state") in ("starting", "running"):
            if ended and not _alive(status.get("pid")):
                status = self._stopped()
            elif self._cancelling is not None and self._cancelling == status.get("job"):
                status = {**status, "state": "cancelling"}
        return status

    def _stopped(self) -> dict | None:
        from ingest.job import stored_sources

        with self._stop_lock:
            # Read again under the lock: another thread may have written the outcome already.
            status = read_status(self.status_path)
            if not status or status.get("state") not in ("starting", "running"):
                return status
            stored = stored_sources(self.settings)
            # Killed on a cancel, "cancelled: not added" says it all; else say why it stopped.
            why = "" if self._cancelling == status.get("job") else "the ingest stopped"
            for entry in status.get("files", []):
                if entry["source"] in stored:
                    entry["state"] = "added"
                elif entry["state"] not in ("failed", "unchanged"):
                    entry["state"], entry["reason"] = "cancelled", entry.get("reason") or why
                    path_of(entry["source"]).unlink(missing_ok=True)
            status["state"] = "cancelled"
            write_status(self.status_path, status)
            return status

    def cancel(self) -> None:
        with self._lock:
            proc = self._proc
            if proc is None or proc.poll() is not None or self._cancelling is not None:
                return  # a second click (or a second session) while cancelling changes nothing
            self._cancelling = (read_status(self.status_path) or {}).get("job", "")
        proc.send_signal(signal.SIGTERM)

        def force() -> None:
            try:
                proc.wait(KILL_AFTER_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            self.status()  # a killed child wrote no outcome: write it now, not at a page's next poll

        threading.Thread(target=force, daemon=True, name="ingest-cancel").start()

    def wait(self, timeout: float | None = None) -> dict | None:
        with self._lock:
            proc = self._proc
        if proc is not None:
            proc.wait(timeout)
        return self.status()


# --- what the page shows ------------------------------------------------------------------
@dataclass(frozen=True)
class FileLine:
    name: str
    fraction: float
    text: str
    failed: bool = False


STATES = {
    "waiting": "waiting",
    "embedding": "reading its passages into the index",
    "storing": "storing",
    "added": "added",
    "unchanged": "already indexed (unchanged)",
    "failed": "not added",
    "cancelled": "cancelled: not added",
}


def file_lines(status: dict) -> list[FileLine]:
    out = []
    for entry in status.get("files", []):
        state, total, done = entry["state"], entry.get("passages"), entry.get("embedded", 0)
        if state in ("added", "unchanged"):
            fraction = 1.0
        elif total:
            fraction = min(done / total, 1.0)
        else:
            fraction = 0.0
        text = STATES.get(state, state)
        if state == "embedding" and total:
            text += f": {done:,} of {total:,} passages"
        if state == "waiting" and status.get("state") == "running" and entry is _first_waiting(status):
            text = "reading the file"
        if entry.get("reason"):
            text += f": {entry['reason']}"
        out.append(FileLine(entry["name"], fraction, text, state in ("failed", "cancelled")))
    return out


def _first_waiting(status: dict) -> dict | None:
    return next((e for e in status.get("files", []) if e["state"] == "waiting"), None)


def rate_and_left(status: dict, now: float | None = None) -> tuple[float | None, float | None]:
    """Passages per second so far, and seconds left (files not read yet are estimated from
    their size at the passages-per-byte of those read)."""
    now = now or time.time()
    since, embedded = status.get("embedding_since"), status.get("embedded", 0)
    if not since or embedded <= 0 or now <= since:
        return None, None
    rate = embedded / (now - since)
    files = status.get("files", [])
    known = [f for f in files if f.get("passages") is not None]
    per_byte = sum(f["passages"] for f in known) / max(sum(f["bytes"] for f in known), 1) if known else 0
    remaining = sum(max((f["passages"] or 0) - f.get("embedded", 0), 0) for f in known)
    remaining += sum(f["bytes"] * per_byte for f in files if f.get("passages") is None and f["state"] == "waiting")
    return rate, remaining / rate


def duration(seconds: float) -> str:
    if seconds < 60:
        return "less than a minute"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"about {minutes} min"
    return f"about {minutes / 60:.1f} hours"


def outcome(status: dict) -> tuple[str, str]:
    """('success' | 'warning' | 'error', message) for a finished run: every file failed is
    an error, some failed a warning, never a green box over failures."""
    files = status.get("files", [])
    added = sum(1 for f in files if f["state"] == "added")
    unchanged = sum(1 for f in files if f["state"] == "unchanged")
    failed = [f for f in files if f["state"] in ("failed", "cancelled")]
    text = f"Added {added} document(s)"
    if unchanged:
        text += f", {unchanged} already indexed"
    if failed:
        text += f"; {len(failed)} not added"
    if status.get("state") == "cancelled":
        text = "Cancelled. " + text
    text += "."
    if not failed:
        return "success", text
    return ("error" if not added and not unchanged else "warning"), text
