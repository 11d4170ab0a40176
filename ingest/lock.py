"""One ingest at a time per store: a second one is refused, not queued or interleaved."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class IngestBusy(Exception):
    pass


@contextmanager
def ingest_lock(store_dir: Path) -> Iterator[None]:
    # An OS lock (flock on POSIX) is released by the kernel if the holder dies, so a killed
    # ingest never wedges the store. timeout=0: refuse at once rather than queue.
    path = store_dir / "ingest.lock"
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        holder = _holder(path) or "another process"
        raise IngestBusy(
            f"{store_dir}: another ingest is running on this store ({holder}); try again when it ends"
        ) from None
    try:
        # Who holds it, for the message a refused ingest prints; the lock file's bytes are
        # ours to write while we hold it.
        path.write_text(f"pid {os.getpid()}", encoding="utf-8")
        yield
    finally:
        lock.release()


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
