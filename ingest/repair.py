"""`python -m ingest --repair`: rebuild what is damaged, keeping a copy of anything replaced.

Derived files (lexical index, case index, sources list) are rebuilt from Chroma without
re-embedding. A Chroma store that cannot be read is never deleted: the whole store folder
is renamed ``<store>.damaged-<UTC time>``, every document Chroma can still read whole is
copied from it with its vectors (ingest/salvage.py), and the source files listed in its
``sources.json`` (kept outside Chroma for this) are ingested again, which re-embeds only
the documents that could not be copied; the saved work
(conversations, briefings) and uploaded files are copied over when they are whole.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ingest.check import check, integrity
from ingest.errors import StoreUnavailable
from ingest.file_names import path_of
from ingest.lock import ingest_lock
from settings import Settings
from vectorstore import sources_manifest
from vectorstore.chroma_client import forget_client

# The user's own files in a store folder, carried over to a rebuilt store (not derived from Chroma).
_KEPT = ("workspace.sqlite3", "uploads")


@dataclass
class Repair:
    lines: list[str] = field(default_factory=list)
    exit_code: int = 0


def repair(
    settings: Settings, *, embed: Callable[[list[str]], np.ndarray] | None = None, progress: bool = False
) -> Repair:
    health = check(settings)
    if not settings.store_dir.is_dir():
        raise StoreUnavailable(f"{settings.store_dir}: no store here to repair; run `python -m ingest FOLDER`")
    if health.chroma_readable:
        return _rebuild_derived(settings)
    return _rebuild_chroma(settings, embed, progress)


def _rebuild_derived(settings: Settings) -> Repair:
    """Chroma is whole: remove orphans, rebuild the derived files from it."""
    from vectorstore.case_index import CaseIndex
    from vectorstore.lexical import LexicalIndex
    from vectorstore.store import CorpusStore

    done = Repair()
    with ingest_lock(settings.store_dir):  # no ingest writes while we rebuild
        store = CorpusStore(settings)
        store.reopen()
        if orphans := store.remove_orphans():
            done.lines.append(f"removed {orphans} orphan passage(s)")
        LexicalIndex.build(store).save(settings.store_dir / "lexical")
        (settings.store_dir / "cases.json").unlink(missing_ok=True)  # rebuilt whole, not trusted in part
        index = CaseIndex.for_store(store)
        records = store.document_records()
        sources_manifest.save(settings.store_dir, {h: r.source for h, r in records.items()})
    done.lines.append(
        f"rebuilt the lexical index, the case index ({len(index.cases)} cases) and the sources list "
        f"from Chroma ({len(records)} documents); nothing was re-embedded"
    )
    return done


def _rebuild_chroma(settings: Settings, embed, progress: bool) -> Repair:
    """Chroma cannot be read: move the store aside whole, ingest again from its sources."""
    from ingest.pipeline import ingest
    from ingest.salvage import salvage
    from vectorstore.store import CorpusStore

    store_dir = settings.store_dir
    try:
        sources = sources_manifest.load(store_dir)
    except (OSError, ValueError) as error:
        raise StoreUnavailable(
            f"{store_dir}: Chroma's file is damaged and the list of source files cannot be read ({error}); "
            f"move the folder aside and run `python -m ingest FOLDER` again"
        ) from None
    aside = store_dir.with_name(f"{store_dir.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    with ingest_lock(store_dir):  # no ingest starts on the damaged store meanwhile
        store_dir.rename(aside)
    forget_client(settings)  # this process's view of the old path is the damaged store's
    store_dir.mkdir(parents=True)
    done = Repair()
    done.lines.append(f"moved the damaged store to {aside} (nothing was deleted)")
    for name in _KEPT:
        _carry_over(aside / name, store_dir / name, done)
    with ingest_lock(store_dir):
        copied = salvage(aside / "chroma", CorpusStore(settings))
    done.lines.append(f"copied {copied} of {len(sources)} document(s) whole from the damaged store, with their vectors")
    # The salvaged documents come out unchanged (same bytes, same hash); the rest are embedded again.
    # Stored names are escaped (any bytes): the real paths are read back from them.
    files = sorted({s for s in sources.values() if path_of(s).is_file()})
    report = ingest([path_of(f) for f in files], settings, progress=progress, embed=embed)
    done.lines.append(f"ingested the {len(files)} source file(s) listed in {aside / sources_manifest.FILE_NAME}:")
    done.lines.append(report.summary())
    stored = CorpusStore(settings).document_ids()
    missing = sorted(s for h, s in sources.items() if h not in stored and not path_of(s).is_file())
    done.lines += [f"  missing: {s}: no longer there; not in the new store" for s in missing]
    done.exit_code = 1 if report.failed or missing else 0
    return done


def _carry_over(old: Path, new: Path, done: Repair) -> None:
    if not old.exists():
        return
    if old.is_file() and integrity(old) is not None:
        done.lines.append(f"not copied (damaged too): {old}")
        return
    if old.is_dir():
        shutil.copytree(old, new)
    else:
        shutil.copy2(old, new)
    done.lines.append(f"copied {old.name} to the new store")

