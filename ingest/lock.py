"""One ingest at a time per store: a second one is refused, not queued or interleaved."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class IngestBusy(Exception):
    pass


@contextmanager
def ingest_lock(store_dir: Path) -> Iterator[None]:
    # flock is released by the kernel if the holder dies, so a killed ingest never wedges the store.
    path = store_dir / "ingest.lock"
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IngestBusy(f"{store_dir}: another ingest is running on this store ({holder}); try again when it ends")
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()
