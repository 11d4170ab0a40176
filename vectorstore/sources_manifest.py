"""Which file each stored document came from, kept outside Chroma.

When Chroma's SQLite file is damaged its document records cannot be read, so the list of
source files a store was built from is kept beside it as well (``sources.json``, written
atomically with a checksum after every ingest): ``python -m ingest --repair`` re-ingests
from it after moving a damaged store aside.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from vectorstore.cache_files import read_checked, write_atomic

FILE_NAME = "sources.json"


def save(store_dir: Path, sources: Mapping[str, str]) -> None:
    """``sources``: document hash -> source path, for every complete document."""
    write_atomic(store_dir / FILE_NAME, json.dumps(dict(sorted(sources.items())), ensure_ascii=False).encode())


def load(store_dir: Path) -> dict[str, str]:
    """The saved list; OSError or ValueError (cache_files.CacheDamaged) if unreadable."""
    data = json.loads(read_checked(store_dir / FILE_NAME))
    if not isinstance(data, dict):
        raise ValueError(f"{store_dir / FILE_NAME}: not a mapping")
    return {str(k): str(v) for k, v in data.items()}
