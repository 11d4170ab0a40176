"""Every extract in the corpus for one theme, for the theme explorer: the case evidence
tagged with it, plus any other sentence of any document that signals it."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.cases.records import CaseRecord
from ingest.structure import blocks, sentence_spans
from knowledge.themes import BY_KEY


@dataclass(frozen=True)
class ThemeExtract:
    doc_hash: str
    source: str
    title: str
    case_id: str | None
    case_label: str | None
    start: int
    end: int
    text: str  # exactly extracted_text[start:end]


def theme_extracts(
    theme_key: str, documents: dict[str, tuple[str, str, str]], cases: list[CaseRecord]
) -> list[ThemeExtract]:
    """``documents`` maps doc_hash -> (source, title, extracted text)."""
    theme = BY_KEY[theme_key]
    out: list[ThemeExtract] = []
    seen: set[tuple[str, int, int]] = set()
    case_spans: dict[str, list[tuple[int, int, CaseRecord]]] = {}
    for case in cases:
        for tag in case.themes:
            if tag.theme == theme_key:
                e = case.evidence[tag.evidence]
                source, title, _ = documents.get(case.doc_hash, (case.source, case.title, ""))
                out.append(ThemeExtract(case.doc_hash, source, title, case.case_id, case.label, e.start, e.end, e.text))
                seen.add((case.doc_hash, e.start, e.end))
        for e in case.evidence:
            case_spans.setdefault(case.doc_hash, []).append((e.start, e.end, case))
    for doc_hash, (source, title, text) in documents.items():
        for block in blocks(text):
            if block.kind == "heading":
                continue
            spans = [(block.start, block.end)] if block.kind == "table_row" else sentence_spans(text, block.start, block.end)
            for start, end in spans:
                if (doc_hash, start, end) in seen or not theme.regex.search(text[start:end]):
                    continue
                if any(s <= start and end <= e for s, e, _ in case_spans.get(doc_hash, [])):
                    continue  # inside a case's evidence, which is listed under that case already
                out.append(ThemeExtract(doc_hash, source, title, None, None, start, end, text[start:end]))
                seen.add((doc_hash, start, end))
    return out
