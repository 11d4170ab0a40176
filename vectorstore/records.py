"""The records the store holds, as plain data: what a passage and a document carry."""

from __future__ import annotations

from dataclasses import dataclass


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
    text_hash: str  # of embed_text: an unchanged passage in a changed document keeps its vector
    embed_text: str

    def metadata(self) -> dict:
        meta = {
            "doc_hash": self.doc_hash,
            "source": self.source,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "text_hash": self.text_hash,
        }
        # Chroma metadata cannot hold None: absent means "none".
        if self.section:
            meta["section"] = self.section
        if self.page is not None:
            meta["page"] = self.page
        return meta

    @classmethod
    def from_chroma(cls, id: str, document: str, meta: dict) -> "PassageRecord":
        return cls(
            id=id,
            doc_hash=meta["doc_hash"],
            source=meta["source"],
            title=meta["title"],
            section=meta.get("section"),
            page=meta.get("page"),
            start=meta["start"],
            end=meta["end"],
            kind=meta["kind"],
            text_hash=meta["text_hash"],
            embed_text=document,
        )


@dataclass(frozen=True)
class DocumentRecord:
    """One ingested document. Written after all its passages: its presence means complete."""

    doc_hash: str
    source: str
    title: str
    passages: int
    ingested_at: str  # ISO 8601, UTC
    pages: str = ""  # "number:start:end;…" for PDFs, to place a citation on its page

    def metadata(self) -> dict:
        return {
            "source": self.source,
            "title": self.title,
            "passages": self.passages,
            "ingested_at": self.ingested_at,
            "pages": self.pages,
        }

    @classmethod
    def from_chroma(cls, id: str, meta: dict) -> "DocumentRecord":
        return cls(
            doc_hash=id,
            source=meta["source"],
            title=meta["title"],
            passages=meta["passages"],
            ingested_at=meta["ingested_at"],
            pages=meta.get("pages", ""),
        )


def page_at(pages: str, offset: int) -> int | None:
    """Page of ``offset`` from a DocumentRecord's "number:start:end;…" list (PDFs only)."""
    for item in filter(None, pages.split(";")):
        number, start, end = (int(x) for x in item.split(":"))
        if start <= offset < end:
            return number
    return None
