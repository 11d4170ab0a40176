"""The case index: case records of every stored document, kept beside the vector store.

Derived from the documents' extracted text held in Chroma (the source of truth), saved as
JSON under the store folder and brought up to date incrementally: cases are extracted
only for documents it has not seen, and dropped with documents that left the store.
A document-defined glossary ("Key: RSO – …") is kept per document too.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ingest.cases.extract import extract_document
from ingest.cases.merge import merge_same_child
from ingest.cases.records import CaseRecord
from knowledge.glossary import document_keys, merged
from knowledge.themes import THEMES, Theme
from vectorstore.cache_files import CacheDamaged, read_checked, save_or_warn, write_atomic
from vectorstore.store import CorpusStore

_EXTRACTION = 7  # bump when extraction changes, so saved indexes are rebuilt


def index_version(themes: Sequence[Theme] = THEMES) -> str:
    """The extraction's number and a digest of the theme vocabulary: cases carry theme
    tags, so a saved index is rebuilt when a theme's phrases change, without a bump."""
    digest = hashlib.sha256(repr([(t.key, t.pattern) for t in themes]).encode()).hexdigest()[:12]
    return f"{_EXTRACTION}-{digest}"


_VERSION = index_version()


@dataclass(frozen=True)
class DocumentCases:
    """What the index keeps of one document: its cases, the acronyms it defines, and what
    kind of document it was judged to be (one review, several cases, none) and why."""

    source: str
    cases: list[CaseRecord]
    glossary: dict[str, str]
    kind: str = "none"
    reason: str = ""
    unsure: bool = False
    area: str | None = None

    def describe(self) -> dict:
        return {"kind": self.kind, "reason": self.reason, "unsure": self.unsure, "cases": len(self.cases), "area": self.area}


def document_cases(text: str, title: str, doc_hash: str, source: str) -> DocumentCases:
    found = extract_document(text, title, doc_hash, source)
    return DocumentCases(source, found.cases, document_keys(text), found.kind, found.reason, found.unsure, found.area)


@dataclass(frozen=True)
class Coverage:
    """How much of the store the case index speaks for: documents that gave cases, those
    judged to describe none, and those it is unsure about (source and why)."""

    documents: int
    with_cases: int
    without_cases: int
    unsure: list[tuple[str, str]]
    cases: int

    def lines(self) -> list[str]:
        head = (
            f"case index: {self.cases} cases from {self.with_cases} of {self.documents} documents; "
            f"{self.without_cases} judged to describe no case"
        )
        if self.unsure:
            head += f"; unsure about {len(self.unsure)} (check by hand)"
        return [head] + [f"  unsure: {source}: {reason}" for source, reason in self.unsure]

    def to_dict(self) -> dict:
        return {"documents": self.documents, "with_cases": self.with_cases, "without_cases": self.without_cases,
                "unsure": [{"source": s, "reason": r} for s, r in self.unsure], "cases": self.cases}


class CaseIndex:
    def __init__(
        self,
        by_document: dict[str, list[CaseRecord]],
        glossaries: dict[str, dict[str, str]],
        fingerprint: str,
        classes: dict[str, dict] | None = None,
    ):
        self.by_document = by_document
        self.glossaries = glossaries
        self.fingerprint = fingerprint
        self.classes = classes or {}  # doc hash -> {"kind", "reason", "unsure", "source"}

    # An index is not changed once made (an ingest makes a new one), so what is derived from
    # it is computed once: at 15,000 cases rebuilding the list cost 6 ms per question.
    @cached_property
    def cases(self) -> list[CaseRecord]:
        """Every case once: a child found in two documents is one record citing both."""
        return merge_same_child([case for doc in sorted(self.by_document) for case in self.by_document[doc]])

    @cached_property
    def document_names(self) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
        """Per document, the areas (its own and its cases', lower case) and the children it
        names: what a question that names a review is matched against, made once per index
        rather than once per question."""
        out = {}
        for doc_hash, cases in self.by_document.items():
            areas = {(c.local_authority or "").lower() for c in cases if c.local_authority}
            if area := self.classes.get(doc_hash, {}).get("area"):
                areas.add(area.lower())
            out[doc_hash] = (frozenset(areas), frozenset((c.child or "").lower() for c in cases if c.child))
        return out

    def prepare_lookups(self) -> None:
        """Build now the lookups a question that names a review or a child reads, rather
        than on the first such question."""
        _ = (self.documents_naming, self.document_order, self.one_word_children)

    @cached_property
    def documents_naming(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The documents that name each area, and each child (lower case), in the order of
        ``document_names``: a question's names are looked up, not matched against every
        document (31 ms a question at 100k passages)."""
        by_area: dict[str, list[str]] = {}
        by_child: dict[str, list[str]] = {}
        for doc_hash, (areas, children) in self.document_names.items():
            for area in areas:
                by_area.setdefault(area, []).append(doc_hash)
            for child in children:
                by_child.setdefault(child, []).append(doc_hash)
        return by_area, by_child

    @cached_property
    def document_order(self) -> dict[str, int]:
        """Each document's place in ``document_names``: documents found by several names
        are taken in one order, the order of the index."""
        return {doc_hash: i for i, doc_hash in enumerate(self.document_names)}

    @cached_property
    def one_word_children(self) -> frozenset[str]:
        """Pseudonyms that are a single name ("Isla", "Tomasz"), as written."""
        return frozenset(c.child for c in self.cases if c.child and " " not in c.child)

    @cached_property
    def coverage(self) -> Coverage:
        with_cases = sum(1 for cases in self.by_document.values() if cases)
        unsure = sorted(
            (c.get("source", h), c.get("reason", "")) for h, c in self.classes.items() if c.get("unsure") and not self.by_document.get(h)
        )
        return Coverage(len(self.by_document), with_cases, len(self.by_document) - with_cases, unsure, len(self.cases))

    @cached_property
    def glossary(self) -> dict[str, str]:
        """Built-in sector glossary plus every document's own keys."""
        return merged(*self.glossaries.values())

    @cached_property
    def areas(self) -> list[str]:
        """Every area a case names, sorted."""
        return sorted({c.local_authority for c in self.cases if c.local_authority})

    @cached_property
    def _by_area(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        for i, case in enumerate(self.cases):
            if case.local_authority:
                out[case.local_authority.lower()].append(i)
        return out

    @cached_property
    def _by_theme(self) -> dict[str, set[int]]:
        out: dict[str, set[int]] = defaultdict(set)
        for i, case in enumerate(self.cases):
            for tag in case.themes:
                out[tag.theme].add(i)
        return out

    def candidates(self, areas: Sequence[str] = (), themes: Sequence[str] = ()) -> list[CaseRecord]:
        """The cases that can be in any of ``areas`` and have all ``themes`` (every case if
        neither is given), in index order: a list question that names an area or a theme
        need not look at every case."""
        picked: set[int] | None = None
        if areas:
            picked = {i for a in areas for i in self._by_area.get(a.lower(), ())}
        for theme in themes:
            tagged = self._by_theme.get(theme, set())
            picked = tagged if picked is None else picked & tagged
        if picked is None:
            return self.cases
        return [self.cases[i] for i in sorted(picked)]

    @classmethod
    def load(cls, path: Path) -> CaseIndex | None:
        try:
            data = json.loads(read_checked(path))  # a damaged file is rebuilt, never used
            if data.get("version") != _VERSION:
                return None
            by_document = {h: [CaseRecord.from_dict(c) for c in cs] for h, cs in data["by_document"].items()}
            return cls(by_document, data["glossaries"], data["fingerprint"], data.get("classes", {}))
        except (OSError, ValueError, KeyError, TypeError, CacheDamaged):
            return None

    def save(self, path: Path) -> None:
        data = {
            "version": _VERSION,
            "fingerprint": self.fingerprint,
            "glossaries": self.glossaries,
            "classes": self.classes,
            "by_document": {h: [c.to_dict() for c in cs] for h, cs in self.by_document.items()},
        }
        write_atomic(path, json.dumps(data, ensure_ascii=False).encode())  # a reader sees old or new, whole

    @classmethod
    def for_store(cls, store: CorpusStore, extracted: Mapping[str, DocumentCases] | None = None) -> CaseIndex:
        """The index for what ``store`` holds now: saved cases kept, new documents' cases
        taken from ``extracted`` (doc hash -> ``document_cases``, done by the ingest while
        the model embedded) or else extracted from the stored text."""
        extracted = extracted or {}
        path = store.settings.store_dir / "cases.json"
        fingerprint = store.fingerprint()
        index = cls.load(path) or cls({}, {}, "")
        if index.fingerprint == fingerprint:
            return index
        records = store.document_records()
        by_document = {h: cs for h, cs in index.by_document.items() if h in records}
        glossaries = {h: g for h, g in index.glossaries.items() if h in records}
        classes = {h: c for h, c in index.classes.items() if h in records}
        todo = []
        for doc_hash, record in records.items():
            known = classes.get(doc_hash)
            if doc_hash in by_document and known and known.get("source") == record.source:
                continue  # read already, under the same name
            todo.append(doc_hash)
        from_ingest = {h: extracted[h] for h in todo if h in extracted and extracted[h].source == records[h].source}
        for doc_hash, done in from_ingest.items():
            by_document[doc_hash], glossaries[doc_hash] = done.cases, done.glossary
            classes[doc_hash] = {**done.describe(), "source": done.source}
        for doc_hash, text in store.document_texts([h for h in todo if h not in from_ingest]):
            record = records[doc_hash]
            done = read_cases(text or "", record.title, doc_hash, record.source)
            by_document[doc_hash], glossaries[doc_hash] = done.cases, done.glossary
            classes[doc_hash] = {**done.describe(), "source": done.source}
        index = cls(by_document, glossaries, fingerprint, classes)
        path.parent.mkdir(parents=True, exist_ok=True)
        save_or_warn("case index", lambda: index.save(path))  # answering goes on if the disk is full
        return index


def read_cases(text: str, title: str, doc_hash: str, source: str) -> DocumentCases:
    """A document whose cases cannot be read keeps its passages and gets a coverage line."""
    try:
        return document_cases(text, title, doc_hash, source)
    except Exception as error:  # noqa: BLE001 - one odd document must not stop the index
        return DocumentCases(source, [], {}, "none", f"cases could not be read: {type(error).__name__}: {error}", True)
