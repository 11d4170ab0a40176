"""How an ingest ends, as an exit status a script can act on, and the error that says the
store itself cannot be used (as opposed to one file, or a bug).

A file that cannot be read is that file's error (status 1, the others ingest); a full disk
or a damaged database stops every write, so the run stops with status 3 and a one-line
reason; anything else is a bug in this program, status 4.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

EXIT_OK = 0  # every file ingested (or unchanged)
EXIT_SOME_FAILED = 1  # the run finished; some files could not be read (listed as failed:)
EXIT_USAGE = 2  # bad arguments, or another ingest holds the store
EXIT_STORE_UNAVAILABLE = 3  # the store cannot be written: disk full, or its files are damaged
EXIT_INTERNAL = 4  # any other error: a bug

EXIT_STATUSES = {
    EXIT_OK: "every file ingested",
    EXIT_SOME_FAILED: "some files failed (each listed as failed: PATH: REASON); the rest ingested",
    EXIT_USAGE: "usage error, or another ingest is running on the store",
    EXIT_STORE_UNAVAILABLE: "the store cannot be used: disk full, or its files are damaged",
    EXIT_INTERNAL: "internal error (a one-line message names it)",
}

_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_DISK_FULL_WORDS = ("disk is full", "no space left on device", "disk quota exceeded")


class StoreUnavailable(Exception):
    """The store as a whole cannot be written or read (no space left, damaged files): no
    file's fault, and retrying another file will not help. ``str()`` is the one line shown."""


def store_failure(error: BaseException, store_dir: Path | None = None) -> str | None:
    """Why ``error`` means the store cannot be used (for the one-line message), or None if
    it is some other error. Looks through the errors it was raised from, as Chroma and the
    model's worker wrap what the disk or SQLite reported. An OSError on a path inside
    ``store_dir`` (not a folder, not writable) is the store's too: files' errors never
    reach here, the pipeline reports them one by one."""
    from chromadb.errors import InternalError  # here: classifying is rare, the import is not free

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        message = " ".join(str(current).split())
        if isinstance(current, StoreUnavailable):
            return message
        if isinstance(current, OSError) and current.errno in _DISK_FULL:
            return f"no space left to write the store ({message})"
        if any(words in message.lower() for words in _DISK_FULL_WORDS):
            return f"no space left to write the store ({message})"
        if isinstance(current, OSError) and store_dir is not None and _inside(current.filename, store_dir):
            return f"the store folder cannot be used ({current.strerror or message}: {current.filename})"
        if isinstance(current, sqlite3.DatabaseError | InternalError):
            return f"the store's database cannot be used, it may be damaged ({type(current).__name__}: {message})"
        current = current.__cause__ or current.__context__
    return None


def _inside(filename: object, folder: Path) -> bool:
    if not isinstance(filename, str | bytes | os.PathLike):
        return False
    path, root = Path(os.path.abspath(os.fsdecode(filename))), Path(os.path.abspath(folder))
    return path == root or root in path.parents
