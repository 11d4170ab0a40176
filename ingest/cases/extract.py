"""All cases of one document. The document is classified first (one review, several
cases, or none); then the single review's child, or every case of a document about
several, is read with verbatim evidence for each field; then theme tags."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ingest.cases.anchors import anchors, named_headings
from ingest.cases.areas import document_area
from ingest.cases.classify import NONE, SEVERAL, SINGLE, DocumentClass, classify
from ingest.cases.fields import Headings, evidence, slug
from ingest.cases.pseudonyms import candidates, plain_names
from ingest.cases.records import CaseRecord, ThemeTag
from ingest.cases.several import attach_references, attach_statements, from_anchors, from_row, key, merge_into
from ingest.cases.single import single_case
from ingest.cases.table import table_rows
from ingest.structure import blocks, heading_label, sentence_spans
from knowledge.glossary import document_keys, expand, merged
from knowledge.themes import THEMES, themes_in
from knowledge.words import DEATH

__all__ = ["DocumentCases", "extract_cases", "extract_document", "slug"]


@dataclass(frozen=True)
class DocumentCases:
    """What one document gave: its class (and why) and its cases."""

    kind: str
    reason: str
    unsure: bool
    cases: list[CaseRecord]
    area: str | None = None  # the area the document belongs to (its board, commissioner, heading)


def extract_document(text: str, title: str, doc_hash: str, source: str) -> DocumentCases:
    doc = {"doc_hash": doc_hash, "source": source, "title": title}
    headings: Headings = [(b.start, heading_label(text[b.start : b.end])) for b in blocks(text) if b.kind == "heading"]
    rows = [r for r in table_rows(text) if r]
    found = anchors(text)
    children = candidates(text, title, source)
    introduced = [c.name for c in children if c.introduced and not c.code]
    if introduced:  # "## Kyle" after "the young people are called Jayden, Kyle and Precious"
        heading_spans = [(b.start, b.end) for b in blocks(text) if b.kind == "heading"]
        taken = {a.start for a in found}
        found = sorted(found + [a for a in named_headings(text, heading_spans, introduced) if a.start not in taken], key=lambda a: a.start)
    structured = [a for a in found if a.structured]
    if not children or len(children[0].mentions) < 3 and not children[0].in_title:
        children = children + plain_names(text)
        children.sort(key=lambda c: -c.score)
    kind = classify(text, title, children, rows, structured)
    area = document_area(text, title, source)
    if kind.kind == SINGLE:
        cases = [single_case(text, doc, children[0], headings, area)]
        _whole_document_evidence(text, cases[0], headings)
    elif kind.kind == SEVERAL:
        cases = _several(text, doc, rows, found, headings, area)
        if not cases:
            kind = DocumentClass(NONE, kind.reason + ", but none could be read as a case", unsure=True)
    else:
        cases = []
    glossary = merged(document_keys(text))
    for case in cases:
        _tag_themes(case, glossary)
    return DocumentCases(kind.kind, kind.reason, kind.unsure, cases, area.area if area else None)


def extract_cases(text: str, title: str, doc_hash: str, source: str) -> list[CaseRecord]:
    return extract_document(text, title, doc_hash, source).cases


def _several(text: str, doc: dict, rows, found, headings: Headings, area) -> list[CaseRecord]:
    by_key: dict[tuple[str, str], CaseRecord] = {}
    by_child: dict[str, list[CaseRecord]] = {}

    def add(case: CaseRecord) -> None:
        k = key(case.local_authority, case.child)
        if k in by_key:
            merge_into(by_key[k], case)
            return
        if not case.local_authority:
            # "Baby F: …" after a row "Oldham — Baby F": the one case of that name.
            same = by_child.get(k[1], [])
            if len(same) == 1:
                merge_into(same[0], case)
                return
        by_key[k] = case
        by_child.setdefault(k[1], []).append(case)

    for row in rows:
        if case := from_row(text, row, doc, headings):
            add(case)
    row_spans = [(e.start, e.end) for c in by_key.values() for e in c.evidence if e.field in ("row", "section")]
    structured = [a for a in found if a.structured and not any(s <= a.start < e for s, e in row_spans)]
    for case in from_anchors(text, structured, doc, headings):
        add(case)
    cases = list(by_key.values())
    if cases and not any(c.local_authority for c in cases):
        # A thematic review by one board about its own cases: the board's area is theirs.
        if area:
            for case in cases:
                case.local_authority = area.area
                case.label = f"{area.area} — {case.child}"
                case.case_id = f"{doc['doc_hash'][:10]}-{slug(case.label)}"
    # A name that only ever appears without an area, when another case has the same name
    # with one, is that case ("Baby F: …" statements); drop the area-less duplicate.
    named = {key(None, c.child)[1] for c in cases if c.local_authority}
    cases = [c for c in cases if c.local_authority or key(None, c.child)[1] not in named]
    attach_statements(text, cases, headings)
    attach_references(text, cases, headings)
    return cases


def _whole_document_evidence(text: str, case: CaseRecord, headings: Headings) -> None:
    """A one-review document is all about its case: the first sentence that signals each
    theme anywhere in it becomes evidence (so the theme is tagged with its span), and so does
    the first mention of a death when none is recorded yet.

    Each theme's pattern runs once over the whole text (not once per sentence: that was most
    of the extraction's time); only sentences holding an acronym of the glossary are read
    again with it expanded."""
    glossary = merged(document_keys(text))
    spans = [sp for block in blocks(text) if block.kind != "heading" for sp in sentence_spans(text, block.start, block.end)]
    if not spans:
        return
    starts = [s for s, _ in spans]

    def sentence_of(offset: int) -> int | None:
        i = bisect_right(starts, offset) - 1
        return i if i >= 0 and spans[i][0] <= offset < spans[i][1] else None

    first: dict[str, int] = {}
    for theme in THEMES:
        for match in theme.regex.finditer(text):
            if (i := sentence_of(match.start())) is not None:
                first[theme.key] = i
                break
    # Only acronyms whose meaning signals a theme ("RSO", "DV"), not "LSCB" or "GP".
    acronyms = [a for a, meaning in glossary.items() if a in text and themes_in(meaning)]
    if acronyms:
        pattern = re.compile("|".join(rf"(?<![\w]){re.escape(a)}s?(?![\w])" for a in acronyms))
        for match in pattern.finditer(text):
            i = sentence_of(match.start())
            if i is None:
                continue
            for theme, _, _ in themes_in(expand(text[spans[i][0] : spans[i][1]], glossary)):
                if i < first.get(theme.key, len(spans)):
                    first[theme.key] = i
    chosen = set(first.values())
    if not (case.outcome == "died" and any(e.field == "outcome" for e in case.evidence)):
        if death := next((m for m in DEATH.finditer(text) if sentence_of(m.start()) is not None), None):
            chosen.add(sentence_of(death.start()))  # type: ignore[arg-type]
    death_at = None
    for i in sorted(chosen):
        start, end = spans[i]
        if any(e.start <= start and end <= e.end for e in case.evidence):
            continue
        dies = death_at is None and bool(DEATH.search(text[start:end]))
        death_at = i if dies else death_at
        case.evidence.append(evidence(text, start, end, "incident" if dies else "document", headings))


def _tag_themes(case: CaseRecord, glossary: dict[str, str]) -> None:
    seen: set[str] = set()
    for index, item in enumerate(case.evidence):
        if item.field in ("row", "title", "child", "area"):
            continue  # a row repeats its cells, which are tagged themselves
        texts = [expand(item.text, glossary)]
        if item.field == "statement":
            texts.append(item.section or "")  # "5.1 Workforce Capacity:" says what the quote is evidence of
        for text in texts:
            for theme, _, _ in themes_in(text, skip=seen):
                seen.add(theme.key)
                case.themes.append(ThemeTag(theme.key, index))
