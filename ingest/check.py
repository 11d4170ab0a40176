"""`python -m ingest --check`: is the store whole, and if not, what is wrong.

Checks every SQLite file in the store folder (``PRAGMA integrity_check``), Chroma's
passages against the document records (each complete document holds exactly its
recorded passages), and the checksums of the derived files (lexical index, case index,
sources list). Problems are damage ``--repair`` deals with; notes are states the product
mends by itself (an out-of-date index is rebuilt by the next question, orphan passages
of an interrupted ingest are removed by the next ingest).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from settings import Settings
from vectorstore import sources_manifest
from vectorstore.cache_files import verify
from vectorstore.lexical import damage as lexical_damage

CHROMA_FILE = Path("chroma") / "chroma.sqlite3"


@dataclass
class Health:
    store_dir: Path
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chroma_readable: bool = True  # False: --repair must rebuild Chroma itself

    @property
    def healthy(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"damaged: {p}" for p in self.problems] + [f"note: {n}" for n in self.notes]
        if self.healthy:
            out.append(f"{self.store_dir}: the store is whole")
        else:
            out.append(f"{self.store_dir}: the store is damaged; run `python -m ingest --repair` (it keeps a copy of anything it replaces)")
        return out


def sqlite_files(store_dir: Path) -> list[Path]:
    """Every SQLite database under the store folder (Chroma's, the saved work, any other)."""
    found = []
    for path in sorted(store_dir.rglob("*")):
        if path.is_file() and not path.is_symlink() and _is_sqlite(path):
            found.append(path)
    return found


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def integrity(path: Path) -> str | None:
    """What SQLite finds wrong with the file (first lines), or None if it is whole."""
    try:
        # Read-only: checking must not change what it checks.
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            rows = [r[0] for r in db.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if rows == ["ok"] else "; ".join(" ".join(r.split()) for r in rows[:3])


def check(settings: Settings) -> Health:
    store_dir = settings.store_dir
    health = Health(store_dir)
    if not store_dir.is_dir():
        health.problems.append(f"{store_dir}: no such folder")
        return health
    for path in sqlite_files(store_dir):
        if (wrong := integrity(path)) is not None:
            health.problems.append(f"{path}: {wrong}")
            if path == store_dir / CHROMA_FILE:
                health.chroma_readable = False
    if settings.chroma_mode == "embedded" and not (store_dir / CHROMA_FILE).is_file():
        health.notes.append(f"{store_dir / CHROMA_FILE}: missing (an empty store)")
    if health.chroma_readable:
        _check_chroma(settings, health)
    _check_derived(store_dir, health)
    return health


def _check_chroma(settings: Settings, health: Health) -> None:
    from chromadb.errors import ChromaError

    from vectorstore.store import CorpusStore

    try:
        store = CorpusStore(settings)
        store.reopen()  # the disk as it is now, not a view this process read earlier
        records = store.document_records()
        held = Counter(p.doc_hash for p in store.iter_passages(with_text=False))
    except (ChromaError, sqlite3.DatabaseError, OSError) as error:
        health.chroma_readable = False
        health.problems.append(f"Chroma store cannot be read: {type(error).__name__}: {error}")
        return
    short = sorted(r.source for h, r in records.items() if held.get(h, 0) != r.passages)
    if short:
        health.problems.append(
            f"{len(short)} document(s) do not hold their recorded passages, e.g. {short[0]}"
        )
    orphans = sum(n for h, n in held.items() if h not in records)
    if orphans:
        health.notes.append(f"{orphans} passage(s) of an interrupted ingest; the next ingest removes them")
    try:
        listed = sources_manifest.load(health.store_dir)
    except FileNotFoundError:
        if records:
            health.notes.append("no sources list (sources.json); --repair writes it")
        return
    except (OSError, ValueError):
        return  # reported as a damaged derived file
    if set(listed) != set(records):
        health.notes.append("the sources list differs from the stored documents; --repair rewrites it")


def _check_derived(store_dir: Path, health: Health) -> None:
    lexical = store_dir / "lexical"
    if lexical.exists():
        if (wrong := lexical_damage(lexical.resolve())) is not None:
            health.problems.append(f"lexical index: {wrong}")
    for name in ("cases.json", sources_manifest.FILE_NAME):
        if (wrong := verify(store_dir / name)) is not None:
            health.problems.append(wrong)
