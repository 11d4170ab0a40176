"""Turning one file into an ``ExtractedDocument``, whatever its format.

``read_document`` does the checks every format shares (size, empty, permissions) and
reads the bytes once; each format module is then a function of those bytes alone.
Anything wrong becomes ``UnreadableFile`` whose reason is one line a user can act on.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from ingest.extracted import ExtractedDocument, UnreadableFile
from ingest.file_names import stored_name
from ingest.readers import docx, html, pdf, text
from settings import Settings, get_settings

Reader = Callable[[str, bytes, Settings], ExtractedDocument]

_READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".md": text.read,
    ".pdf": pdf.read,
    ".docx": docx.read,
    ".html": html.read,
    ".htm": html.read,
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS)


def _describe_size(n: int) -> str:
    """A byte count as people read it: decimal MB, matching how the limits are set."""
    if n < 1_000_000:
        return f"{n:,} bytes"
    return f"{n / 1_000_000:.1f}".removesuffix(".0") + " MB"


def unsupported_reason(suffix: str) -> str:
    return f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"


def read_document(path: Path, settings: Settings | None = None, data: bytes | None = None) -> ExtractedDocument:
    """Extract ``path``'s text; raise ``UnreadableFile`` with a clear reason if we cannot.

    ``data``: the file's bytes as already read with ``read_bytes`` (so the text extracted
    is that of the bytes the caller hashed, even if the file changes meanwhile).
    """
    settings = settings or get_settings()
    source = stored_name(path)  # the document's name as stored and shown (any bytes, printable)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise UnreadableFile(source, unsupported_reason(suffix))
    if data is None:
        data = read_bytes(path, settings)
    document = reader(source, data, settings)
    if not document.text.strip():
        raise UnreadableFile(source, "no text found")
    return document


def read_bytes(path: Path, settings: Settings | None = None) -> bytes:
    """The file's bytes, with the checks every format shares (type, size limit, empty)."""
    return _read_bytes(path, stored_name(path), (settings or get_settings()).max_file_bytes)


def _read_bytes(path: Path, source: str, limit: int) -> bytes:
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFile(source, "is a folder, not a file")
        if not stat.S_ISREG(mode):  # a FIFO or device would block or never end
            raise UnreadableFile(source, "not a regular file")
        with open(path, "rb") as handle:
            # Read one byte past the limit rather than trusting stat(): the file may be
            # growing, and a huge file must never be pulled into memory whole.
            data = handle.read(limit + 1)
            if len(data) > limit:
                size = max(len(data), os.fstat(handle.fileno()).st_size)
                raise UnreadableFile(
                    source, f"too large: {_describe_size(size)} (limit {_describe_size(limit)})"
                )
    except PermissionError:
        raise UnreadableFile(source, "permission denied") from None
    except FileNotFoundError:
        raise UnreadableFile(source, "no such file") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnreadableFile(source, "symlink loop") from None
        raise UnreadableFile(source, f"cannot read file ({error.strerror or error})") from None
    if not data:
        raise UnreadableFile(source, "empty file")
    return data


__all__ = ["SUPPORTED_SUFFIXES", "read_bytes", "read_document", "unsupported_reason"]
