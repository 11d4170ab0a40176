"""Saved work: conversations (their turns) and briefings, in SQLite under the store folder.

Plain data only (JSON payloads the caller builds and reads back): no Streamlit, no answer
objects, so it is testable alone and survives reloads, view switches and server restarts.
One connection per call: Streamlit serves each browser session on its own thread, and
SQLite (WAL) lets them read while one writes.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FILE_NAME = "workspace.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS turns (
    conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (conversation, position));
CREATE TABLE IF NOT EXISTS briefings (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL,
    payload TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Saved:
    """A conversation or briefing as listed: id, name and when it last changed."""

    id: str
    name: str
    updated: str


def _now() -> str:
    # Microseconds: two changes in one second still list in the order they were made.
    return datetime.now(UTC).isoformat(timespec="microseconds")


class WorkspaceDB:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @classmethod
    def for_store(cls, store_dir: Path) -> WorkspaceDB:
        return cls(Path(store_dir) / FILE_NAME)

    @contextmanager
    def _db(self):
        with closing(sqlite3.connect(self.path, timeout=10)) as db:
            db.execute("PRAGMA foreign_keys=ON")
            with db:  # one transaction: committed on success, rolled back on error
                yield db

    # --- conversations --------------------------------------------------------------
    def new_conversation(self, name: str) -> str:
        cid, now = uuid.uuid4().hex, _now()
        with self._db() as db:
            db.execute("INSERT INTO conversations VALUES (?, ?, ?, ?)", (cid, name, now, now))
        return cid

    def conversations(self) -> list[Saved]:
        with self._db() as db:
            rows = db.execute("SELECT id, name, updated FROM conversations ORDER BY updated DESC, rowid DESC")
            return [Saved(*row) for row in rows]

    def has_conversation(self, cid: str) -> bool:
        with self._db() as db:
            return db.execute("SELECT 1 FROM conversations WHERE id = ?", (cid,)).fetchone() is not None

    def rename_conversation(self, cid: str, name: str) -> None:
        with self._db() as db:
            db.execute("UPDATE conversations SET name = ?, updated = ? WHERE id = ?", (name, _now(), cid))

    def add_turn(self, cid: str, payload: dict) -> int:
        """Append one turn; returns its position. One statement picks the position, so two
        tabs adding to the same conversation at once never collide."""
        with self._db() as db:
            db.execute(
                "INSERT INTO turns SELECT ?, COALESCE(MAX(position) + 1, 0), ? FROM turns WHERE conversation = ?",
                (cid, json.dumps(payload, ensure_ascii=False), cid),
            )
            db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (_now(), cid))
            (position,) = db.execute("SELECT MAX(position) FROM turns WHERE conversation = ?", (cid,)).fetchone()
        return position

    def turns(self, cid: str) -> list[dict]:
        with self._db() as db:
            rows = db.execute("SELECT payload FROM turns WHERE conversation = ? ORDER BY position", (cid,))
            return [json.loads(p) for (p,) in rows]

    def delete_conversation(self, cid: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM conversations WHERE id = ?", (cid,))

    # --- briefings --------------------------------------------------------------------
    def save_briefing(self, bid: str | None, title: str, payload: dict) -> str:
        """Insert or replace a whole briefing (it is small: a few items of text)."""
        bid, now = bid or uuid.uuid4().hex, _now()
        body = json.dumps(payload, ensure_ascii=False)
        with self._db() as db:
            db.execute(
                "INSERT INTO briefings VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "title = excluded.title, updated = excluded.updated, payload = excluded.payload",
                (bid, title, now, now, body),
            )
        return bid

    def briefing(self, bid: str) -> dict | None:
        with self._db() as db:
            row = db.execute("SELECT payload FROM briefings WHERE id = ?", (bid,)).fetchone()
        return json.loads(row[0]) if row else None

    def briefings(self) -> list[Saved]:
        with self._db() as db:
            rows = db.execute("SELECT id, title, updated FROM briefings ORDER BY updated DESC, rowid DESC")
            return [Saved(*row) for row in rows]

    def delete_briefing(self, bid: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM briefings WHERE id = ?", (bid,))

    def delete_last_turn(self, cid: str) -> None:
        with self._db() as db:
            db.execute(
                "DELETE FROM turns WHERE conversation = ? AND position = "
                "(SELECT MAX(position) FROM turns WHERE conversation = ?)",
                (cid, cid),
            )
