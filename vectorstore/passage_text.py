"""What the model and BM25 read for a passage: a context line and the cleaned passage.

The ingest builds it from the document's text, and the store rebuilds it the same way
when read: Chroma keeps each document's text once, not again in every passage (storing
passage texts was about a third of Chroma's cost in an ingest). Pure functions.
"""

from __future__ import annotations

import hashlib
import re

_BULLET = re.compile(r"(?m)^[ \t]*[·•▪◦●‣∙][ \t]*")


def clean(text: str) -> str:
    """Text as the model should read it: one space between words, no bullet glyphs."""
    return " ".join(_BULLET.sub("", text).split())


def context_line(title: str, section: str | None) -> str:
    """"Title > Heading > Subheading": where the passage stands, read with it."""
    return " > ".join(clean(part) for part in (title, section) if part)


def embed_text(title: str, section: str | None, body: str) -> str:
    """``body`` is the passage's span of the document's extracted text."""
    return f"{context_line(title, section)}\n{clean(body)}"


def text_hash(text: str) -> str:
    """Names what was embedded: an unchanged passage in a changed document keeps its vector."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]
