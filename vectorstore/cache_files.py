"""Files derived from the store, written whole or not at all and checked when read.

A derived file (the case index, the sources list, a lexical index's manifest) is written
to a temporary name and renamed over the old one, so a reader sees one whole version; its
first line is the SHA-256 of the rest, so a file damaged on disk (a flipped bit loads as
valid JSON or as a valid array of floats) is noticed and rebuilt, never used.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from pathlib import Path

log = logging.getLogger(__name__)
_PREFIX = b"sha256:"


class CacheDamaged(ValueError):
    """A derived file whose bytes do not match its checksum (or that lacks one)."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_atomic(path: Path, body: bytes) -> None:
    """Write ``body`` behind a checksum line, atomically; a failed write leaves no temp file."""
    # A name of its own: two processes (the UI, a CLI ask) may rebuild the same cache at once.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "wb") as out:
            out.write(_PREFIX + hashlib.sha256(body).hexdigest().encode() + b"\n")
            out.write(body)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_checked(path: Path) -> bytes:
    """The body of a file written by ``write_atomic``; CacheDamaged if it does not match."""
    data = path.read_bytes()
    head, _, body = data.partition(b"\n")
    if not head.startswith(_PREFIX) or head[len(_PREFIX):].decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
        raise CacheDamaged(f"{path}: checksum does not match its contents")
    return body


def verify(path: Path) -> str | None:
    """What is wrong with a checked file, or None if it reads back whole."""
    try:
        read_checked(path)
    except FileNotFoundError:
        return None  # absent: rebuilt when needed, not damage
    except (OSError, CacheDamaged) as error:
        return str(error)
    return None


def save_or_warn(what: str, save) -> bool:
    """Run ``save()``; a derived file that cannot be written (a full disk) is logged and
    the caller goes on with what it holds in memory."""
    try:
        save()
        return True
    except OSError as error:
        log.warning("could not save the %s (%s); using it from memory, it is rebuilt next time", what, error)
        return False
