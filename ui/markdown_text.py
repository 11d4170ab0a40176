"""Document text as Markdown that reads cleanly and stays inert.

Escaping every punctuation character (``ui.render.label``) is safe but leaves ``\\[1\\]``
and ``\\&`` in files people open in viewers that show them raw. Here a character is escaped
only where it could start markup: a link or image (``](``, ``][``, ``]:``), an HTML tag or
entity, emphasis, code, maths, strike-through, or a block marker at the start of a line.
Web addresses go in code spans, so no viewer turns them into links. Citation marks such
as ``[1]`` and ordinary ``&`` stay as they are.
"""

from __future__ import annotations

import re

_URL = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>`]+")
_RULES = [
    (re.compile(r"\\(?=[!-/:-@\[-`{-~])"), r"\\\\"),  # a backslash that would escape what follows
    (re.compile(r"([`*])"), r"\\\1"),
    (re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])"), r"\\_"),  # intra-word "_" is never emphasis
    (re.compile(r"<(?=[A-Za-z/!?])"), r"\\<"),
    (re.compile(r"&(?=#?\w+;)"), r"\\&"),
    (re.compile(r"\](?=[(\[:])"), r"\\]"),
    (re.compile(r"!(?=\[)"), r"\\!"),
    (re.compile(r"~(?=~)"), r"\\~"),
]
_BLOCK_MARK = re.compile(r"^([#>+\-=|])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def inert(text: str) -> str:
    """One line of document (or user) text, white space collapsed, safe inside a paragraph,
    a list item or a table cell."""
    line = " ".join(text.split())
    out, at = [], 0
    for m in _URL.finditer(line):
        url = m.group().rstrip(".,;:!?)]'\"")  # closing punctuation belongs to the sentence
        out.append(_escape(line[at : m.start()]))
        out.append(_code(url))
        at = m.start() + len(url)
    out.append(_escape(line[at:]))
    joined = "".join(out)
    joined = _BLOCK_MARK.sub(r"\\\1", joined, count=1)
    return _LIST_NUMBER.sub(r"\1\\\2", joined, count=1)


def cell(text: str) -> str:
    """Text for a GFM table cell: inert, and its pipes escaped."""
    return inert(text).replace("|", "\\|")


def paragraphs(text: str) -> list[str]:
    """A user's multi-line text (an introduction, a note) as inert paragraphs."""
    return [inert(line) for line in text.splitlines() if line.strip()]


def _escape(piece: str) -> str:
    for pattern, replacement in _RULES:
        piece = pattern.sub(replacement, piece)
    if piece.count("$") >= 2:  # "$x$" is maths in GitHub's and others' viewers
        piece = piece.replace("$", "\\$")
    return piece


def _code(url: str) -> str:
    return f"`{url}`"  # _URL excludes backticks, so one fence always suffices
