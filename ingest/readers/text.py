"""Plain text and Markdown: decoded, line endings normalised, otherwise kept exactly.

Tabs, blank lines and trailing spaces survive on purpose: the chunker reads tables
(cells separated by tabs and blank lines) and paragraphs from that layout.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ingest.extracted import ExtractedDocument, UnreadableFile
from settings import Settings

TITLE_MAX_CHARS = 200
# Control bytes that never occur in real text (tab, LF, VT, FF and CR excluded).
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_MAX_CONTROL_SHARE = 0.05
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ATX_HEADING = re.compile(r"^#{1,6}(?:\s+|$)")


def read(source: str, data: bytes, settings: Settings) -> ExtractedDocument:
    text = normalise_newlines(decode(source, data))
    return ExtractedDocument(source=source, title=title_from_text(text, source), text=text)


def decode(source: str, data: bytes) -> str:
    """UTF-8 (BOM stripped), else Windows-1252, else Latin-1, which never fails."""
    if data.startswith(UTF16_BOMS):  # Notepad's "Unicode" files: NUL-laden but text
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise UnreadableFile(source, "not a text file (binary content)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    controls = len(data.translate(None, _NOT_CONTROL))  # C-speed count of control bytes
    return controls > _MAX_CONTROL_SHARE * len(data)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def title_from_text(text: str, source: str) -> str:
    """First non-empty line (Markdown '#' marks removed), else the file name's stem."""
    for line in text.split("\n"):
        line = _ATX_HEADING.sub("", line.strip()).strip()
        if line:
            return line[:TITLE_MAX_CHARS]
    return PurePath(source).stem


def short_error(error: Exception) -> str:
    """The first line of a library's exception message, trimmed for a one-line report."""
    # KeyError's str() is the repr of its key, quotes and all.
    raw = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    message = raw.strip().split("\n", 1)[0] or type(error).__name__
    return message if len(message) <= 120 else message[:117] + "..."
