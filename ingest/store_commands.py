"""The `--check` and `--repair` commands: run them, print what they found, give the exit status.

Exit 0: the store is whole (after repair, if asked); 1: repaired, but some source files
could not be ingested again; 3: damaged (StoreUnavailable), with what to do printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ingest.check import check
from ingest.errors import StoreUnavailable
from ingest.repair import repair
from settings import get_settings

DAMAGED = 3


def run(store: Path | None, check_only: bool, progress: bool) -> int:
    settings = get_settings()
    if store:
        settings = settings.model_copy(update={"store_dir": store})
    health = check(settings)
    if check_only:
        print("\n".join(health.lines()))
        return 0 if health.healthy else DAMAGED
    try:
        if health.chroma_readable:
            done = repair(settings, progress=progress)  # derived files only: no model needed
        else:
            from ingest.model_process import ModelProcess

            with ModelProcess(settings) as model:
                done = repair(settings, embed=model.encode, progress=progress)
    except StoreUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return DAMAGED
    print("\n".join(done.lines))
    after = check(settings)
    print("\n".join(after.lines()))
    return done.exit_code if after.healthy else DAMAGED
