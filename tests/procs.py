"""Running the product's real entry points in child processes, and reading a store while
another process writes it, for the hardening tests (bad input, kills, concurrency, egress);
serving on a free loopback port (Chroma, the app, a model server) until a URL answers."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child: nothing inherited that the product should set itself
    (HF_*, telemetry switches) or that would point it at another store (SCR_*)."""
    drop = ("SCR_", "HF_", "TRANSFORMERS_", "ANONYMIZED_TELEMETRY", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str] | None = None, timeout: float = 600, prefix: list[str] = ()) -> subprocess.CompletedProcess:
    """``python ARGS`` in the repository root, output captured as text."""
    return subprocess.run(
        [*prefix, sys.executable, *args],
        cwd=ROOT,
        env=env or child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start(args: list[str], env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env or child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=kwargs.pop("text", True),
        **kwargs,
    )


class OutputTail:
    """Collects a child's output as it comes (tqdm bars write without newlines)."""

    def __init__(self, stream):
        self.data = b""
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream) -> None:
        while chunk := os.read(stream.fileno(), 4096):
            self.data += chunk

    def text(self) -> str:
        return self.data.decode(errors="replace")


def wait_for(condition: Callable[[], bool], timeout: float, what: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            raise AssertionError(f"process ended (status {process.returncode}) before {what}")
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def free_port() -> int:
    """A loopback port nothing listens on (at the moment of asking)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answering(
    url: str,
    process: subprocess.Popen,
    what: str,
    output: Callable[[], str],
    timeout: float = 90,
    ok: Callable[[bytes], bool] = lambda body: True,
) -> None:
    """Poll ``url`` until it answers 200 (and ``ok(body)``); fail with the server's output if
    it exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{output()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                if reply.status == 200 and ok(reply.read()):
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not answer {url} within {timeout} s:\n{output()[-3000:]}")
        time.sleep(0.3)


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def stored_rows(store_dir: Path, collection: str) -> int:
    """Rows of a Chroma collection, read from its SQLite file without opening Chroma: a test
    polling a store must not become a second Chroma client of it."""
    path = store_dir / "chroma" / "chroma.sqlite3"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute(
                "SELECT COUNT(*) FROM embeddings e JOIN segments s ON e.segment_id = s.id "
                "JOIN collections c ON s.collection = c.id WHERE c.name = ? AND s.scope = 'METADATA'",
                (collection,),
            ).fetchone()[0]
    except sqlite3.Error:
        return 0  # the writer holds the database, or the schema is not there yet


def without_dac_override() -> list[str]:
    """A prefix that runs a command without root's power to read any file.

    Tests run as root here, and root reads a mode-000 file; dropping the two capabilities
    that grant this makes the kernel refuse the open exactly as it would for a user.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "running as root: setpriv (util-linux) is needed to test an unreadable file honestly"
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def children(pid: int) -> list[int]:
    """Pids of the live processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(") ", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found
