"""Text from documents and file names, made safe to print on a terminal.

A document is data: an escape sequence in it ("\\x1b[2J" clears the screen, "\\x1b[31m"
recolours, "\\r" overwrites the line) must not hide or forge what the command line
prints around it (the answer, its citations, a report's ``failed:`` lines). Every
character that steers a terminal is shown as a visible escape instead (``\\x1b``,
``\\u202e``); newlines and tabs are kept where the layout needs them. Both CLIs print
through these functions.
"""

from __future__ import annotations

import json
import unicodedata

# Characters that reorder or break text without being "control" characters: bidi
# embeddings, overrides, isolates and marks, line and paragraph separators.
_STEERING = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def _visible(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def steers(ch: str) -> bool:
    """Whether printing ``ch`` raw could move, hide, reorder or break text on a terminal."""
    return ch in _STEERING or unicodedata.category(ch) in ("Cc", "Cs")


def for_terminal(text: str, keep: str = "\n\t") -> str:
    """``text`` with every terminal-steering character but those in ``keep`` escaped."""
    if text.isprintable():  # the usual case, checked at C speed
        return text
    return "".join(_visible(ch) if steers(ch) and ch not in keep else ch for ch in text)


def line_for_terminal(text: str) -> str:
    """One line: a newline or tab inside ``text`` is escaped too, so it cannot start a line
    of its own (a forged ``failed:`` line)."""
    return for_terminal(text, keep="")


def json_for_terminal(value: object) -> str:
    """``json.dumps`` as the CLIs print it (non-ASCII kept readable): JSON already escapes
    C0 controls; the C1 controls and bidi characters it leaves raw are escaped too (the
    same string to any JSON reader)."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(f"\\u{ord(ch):04x}" if steers(ch) else ch for ch in text)
