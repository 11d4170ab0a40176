"""The records the store holds, as plain data: what a passage and a document carry.

A passage row in Chroma holds its vector and only what searches filter or group by
(document, source, kind, section); its span is in its id, and its title, page and text
come from its document's record and text. Rows written before that (with every field and
the passage text) read the same way.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import cast

from vectorstore.passage_text import embed_text, text_hash


def passage_id(doc_hash: str, start: int, end: int) -> str:
    return f"{doc_hash[:24]}:{start}:{end}"


def passage_span(id: str) -> tuple[int, int]:
    """(start, end) in the document's text, from a ``passage_id``."""
    _, start, end = id.rsplit(":", 2)
    return int(start), int(end)


@dataclass(frozen=True)
class PassageRecord:
    id: str
    doc_hash: str
    source: str
    title: str
    section: str | None  # heading path joined with " > "
    page: int | None
    start: int
    end: int
    kind: str
    text_hash: str  # of embed_text ("" when read without the document's text)
    embed_text: str  # what was embedded ("" when read without the document's text)

    def metadata(self) -> dict:
        """What Chroma keeps beside the vector: each key costs time on every write."""
        meta = {"doc_hash": self.doc_hash, "source": self.source, "kind": self.kind}
        if self.section:  # Chroma metadata cannot hold None: absent means "none"
            meta["section"] = self.section
        return meta

    @classmethod
    def from_chroma(
        cls, id: str, meta: dict, document: DocumentRecord | None, text: str | None = None
    ) -> PassageRecord:
        """A stored row, completed from its document's record (title, pages) and, when
        given, the document's ``text``. Without a record (an orphan) title is empty."""
        start, end = passage_span(id)
        section = meta.get("section")
        title = document.title if document is not None else ""
        embedded = embed_text(title, section, text[start:end]) if text is not None else ""
        return cls(
            id=id,
            doc_hash=meta["doc_hash"],
            source=meta["source"],
            title=title,
            section=section,
            page=document.page_of(start) if document is not None else None,
            start=start,
            end=end,
            kind=meta["kind"],
            text_hash=text_hash(embedded) if embedded else "",
            embed_text=embedded,
        )


@dataclass(frozen=True)
class DocumentRecord:
    """One ingested document. Written after all its passages: its presence means complete."""

    doc_hash: str
    source: str
    title: str
    passages: int
    ingested_at: str  # ISO 8601, UTC
    pages: str = ""  # pages_field(): for PDFs, to place a citation on its page

    @cached_property
    def _pages(self) -> list[tuple[int, int, int]]:
        return [cast(tuple[int, int, int], tuple(int(x) for x in item.split(":")))
                for item in filter(None, self.pages.split(";"))]

    @cached_property
    def _page_starts(self) -> list[int] | None:
        starts = [start for _, start, _ in self._pages]
        return starts if all(a <= b for a, b in zip(starts, starts[1:])) else None

    def page_of(self, offset: int) -> int | None:
        """Page of ``offset`` in the document's text (PDFs only). By bisection over the
        pages' starts (listing every case of a long briefing scanned its pages once per
        case: 150 ms for 14k cases); pages out of order are scanned."""
        starts = self._page_starts
        if starts is not None:
            j = bisect.bisect_right(starts, offset) - 1
            nearest = starts[j] if j >= 0 else None
            while j >= 0 and starts[j] == nearest:  # an empty page may share the start of the next
                number, start, end = self._pages[j]
                if start <= offset < end:
                    return number
                j -= 1
        return next((number for number, start, end in self._pages if start <= offset < end), None)

    def metadata(self) -> dict:
        return {
            "source": self.source,
            "title": self.title,
            "passages": self.passages,
            "ingested_at": self.ingested_at,
            "pages": self.pages,
        }

    @classmethod
    def from_chroma(cls, id: str, meta: dict) -> DocumentRecord:
        return cls(
            doc_hash=id,
            source=meta["source"],
            title=meta["title"],
            passages=meta["passages"],
            ingested_at=meta["ingested_at"],
            pages=meta.get("pages", ""),
        )


def pages_field(pages: Iterable) -> str:
    """A document's pages (each with number, start, end) as one metadata string:
    "number:start:end;…"."""
    return ";".join(f"{p.number}:{p.start}:{p.end}" for p in pages)
