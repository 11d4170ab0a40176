"""A store Chroma cannot read (a damaged file, a log it cannot apply after a full disk):
one plain message for every command and the app, saying what to run, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from chromadb.errors import ChromaError

# What reading a damaged store raises: Chroma's own errors ("database disk image is
# malformed" comes through its Rust core as InternalError), or SQLite's from Python.
READ_ERRORS: tuple[type[Exception], ...] = (ChromaError, sqlite3.DatabaseError)


REPAIR_ADVICE = "run `python -m ingest --check` to see what is wrong, then `python -m ingest --repair` to rebuild it"


def damaged_message(store_dir: Path, error: BaseException) -> str:
    reason = " ".join(str(error).split())[:200] or type(error).__name__
    if "disk is full" in reason or "No space left" in reason:
        # Chroma writes a few kB even to open a store for reading.
        return f"the store at {store_dir} cannot be opened: its disk is full ({reason}); free some space on that disk and try again"
    return (
        f"the store at {store_dir} cannot be read ({reason}); {REPAIR_ADVICE}"
    )
