"""Giving memory the process has freed back to the operating system, between embedding groups.

glibc keeps what Python, the tokenizer and onnxruntime free inside its heap. After a few
hundred embedding batches of different padded shapes, a 100k-passage ingest held hundreds of
MB it no longer used, on top of which each new batch peaked. ``malloc_trim`` returns it
(measured: 345 -> 132 MB after embedding 3,000 passages; speed unchanged within noise).
Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache


@cache
def _trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    trim = _trim()
    if trim is not None:
        trim(0)
