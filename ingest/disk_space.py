"""Room on the store's disk for what an ingest is about to write.

Chroma writes a group of passages to its log, then compacts the log into its SQLite file
and vector index; a disk that fills in between leaves a log it cannot apply, and every
later read fails until space is freed. So an ingest checks before it starts and before
each write group, and stops (StoreUnavailable) while the store still holds only whole
documents.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ingest.errors import StoreUnavailable
from settings import Settings

# Below this many passages a store's size is mostly fixed overhead (empty SQLite tables,
# index headers), so its size per passage would overstate the cost of a passage.
MEASURE_FROM_PASSAGES = 500


def folder_bytes(folder: Path) -> int:
    """Disk space the files under ``folder`` take (allocated blocks, not apparent size)."""
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                continue  # removed meanwhile (a cache being replaced)
    return total


def bytes_per_passage(settings: Settings, stored_passages: int) -> int:
    """What one more passage is expected to take on disk: measured on this store when it
    holds enough passages, else the setting."""
    if stored_passages >= MEASURE_FROM_PASSAGES:
        return max(1, folder_bytes(settings.store_dir) // stored_passages)
    return settings.disk_bytes_per_passage


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def ensure_room(settings: Settings, passages: int, per_passage: int) -> None:
    """Raise StoreUnavailable unless the store's disk has room for ``passages`` more
    passages plus the margin."""
    needed = passages * per_passage + settings.disk_margin_bytes
    free = free_bytes(settings.store_dir)
    if free < needed:
        raise StoreUnavailable(
            f"{settings.store_dir}: not enough disk space to ingest: {_mb(needed)} needed "
            f"({passages} passages and a margin of {_mb(settings.disk_margin_bytes)}), {_mb(free)} free; "
            "free some space on that disk (or set SCR_STORE_DIR to a folder on a larger one) and run the "
            "ingest again. Nothing of this group was written: the store still answers from what it held."
        )


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"
