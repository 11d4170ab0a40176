"""Progress for people: tqdm bars on a terminal; in a log (CI, a pipe, a file) plain lines,
one every LOG_INTERVAL_S at most, instead of carriage-return redraws that pile up there."""

from __future__ import annotations

import re
import sys
from typing import Any

from tqdm import tqdm

LOG_INTERVAL_S = 30.0
# What tqdm writes to redraw in place: carriage returns and cursor moves (nested bars).
_REDRAW = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|\r")


class _Lines:
    """A file for tqdm: each redraw becomes one line; a cleared bar writes nothing."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> None:
        line = _REDRAW.sub("", text).strip()
        if line:
            self._stream.write(line + "\n")

    def flush(self) -> None:
        self._stream.flush()


def progress_bar(**kwargs: Any) -> tqdm:
    stream = sys.stderr
    if stream.isatty():
        return tqdm(file=stream, **kwargs)
    # leave=True: in a log the final count is the line worth keeping.
    options = {**kwargs, "leave": True, "mininterval": LOG_INTERVAL_S, "ascii": True, "ncols": 80}
    return tqdm(file=_Lines(stream), **options)
