"""What a reader returns: a document's extracted text, exactly, plus where its pages are.

Every offset the product ever shows (passages, citations, case evidence) indexes into
``ExtractedDocument.text``; nothing downstream edits that string.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageSpan:
    number: int  # 1-based page number as printed by a PDF viewer
    start: int
    end: int


@dataclass(frozen=True)
class HeadingSpan:
    """A heading the file format marked explicitly (DOCX heading style, HTML <h1>-<h6>)."""

    level: int
    start: int
    end: int


@dataclass(frozen=True)
class ExtractedDocument:
    source: str
    title: str
    text: str
    pages: tuple[PageSpan, ...] = field(default=())
    headings: tuple[HeadingSpan, ...] = field(default=())

    def page_at(self, offset: int) -> int | None:
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return None


class UnreadableFile(Exception):
    """A file that cannot be ingested; ``str()`` is the one line shown to the user."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
