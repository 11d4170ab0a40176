"""A file's path as the store keeps and shows it: any bytes, losslessly, as printable text.

A POSIX file name is bytes. Python decodes the bytes that are not UTF-8 to lone surrogates
(``os.fsdecode``), which Chroma's metadata refuses (the whole write fails), and a newline or
an escape sequence in a name would break or recolour a report line. So every path is stored
and printed in an escaped form, and turned back into the real path only to touch the file:

- ``\\`` becomes ``\\\\``;
- a byte that is not UTF-8 becomes ``\\xHH``, as does an ASCII control character (the byte
  and the character are the same there);
- other characters that steer a terminal or the reading order (C1 controls, line and
  paragraph separators, bidirectional controls, lone surrogates) become ``\\uHHHH``.

Everything else (accents, other scripts) is kept as written, so ordinary names are stored
exactly as before. ``path_of(stored_name(p))`` is ``p`` for every path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ingest.terminal_text import steers

_ESCAPE = re.compile(r"\\(\\|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")


def _escaped(ch: str) -> str:
    code = ord(ch)
    if ch == "\\":
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for one byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if steers(ch):
        return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"
    return ch


def stored_name(path: str | os.PathLike[str] | bytes) -> str:
    """The printable, reversible text the store keeps for ``path`` (see the module's rules)."""
    text = os.fsdecode(path)
    return "".join(_escaped(ch) for ch in text)


def _unescaped(match: re.Match[str]) -> str:
    body = match.group(1)
    if body == "\\":
        return "\\"
    code = int(body[1:], 16)
    if body[0] == "x" and code >= 0x80:
        return chr(0xDC00 + code)  # back to the byte, through os.fsencode
    return chr(code)


def path_of(stored: str) -> Path:
    """The real path ``stored_name`` was made from (a name stored before names were escaped,
    holding a backslash not followed by an escape, reads as written)."""
    return Path(_ESCAPE.sub(_unescaped, stored))
