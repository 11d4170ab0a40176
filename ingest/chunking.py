"""Cutting a document into passages that follow its structure and fit the model.

A passage is a contiguous span of the extracted text inside one section: whole
paragraphs, bullet items or table rows packed together while they fit; a unit too long
for the model is cut at sentences, and a sentence too long at words. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extracted import ExtractedDocument
from ingest.structure import blocks, heading_label, sentence_spans, trim
from ingest.tokens import TokenCounter
from vectorstore.passage_text import clean, context_line, embed_text


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    section: tuple[str, ...]  # heading path, outermost first
    kind: str  # "paragraph" | "bullet" | "table_row" | "heading": its first body unit
    embed_text: str  # what the model and BM25 read (vectorstore.passage_text)


def _split_chars(text: str, start: int, end: int, count: TokenCounter, budget: int) -> list[tuple[int, int]]:
    """Last resort for a "word" longer than the model reads (a URL, junk): cut by characters."""
    pieces = []
    while start < end:
        lo, hi = start + 1, end  # find the longest prefix that fits, by bisection
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count(text[start:mid]) <= budget:
                lo = mid
            else:
                hi = mid - 1
        pieces.append((start, lo))
        start = lo
    return pieces


def _split_long(text: str, start: int, end: int, count: TokenCounter, budget: int) -> list[tuple[int, int]]:
    """Cut one over-long unit into spans of at most ``budget`` word pieces each."""
    pieces: list[tuple[int, int]] = []
    for s, e in sentence_spans(text, start, end):
        if count(text[s:e]) <= budget:
            pieces.append((s, e))
            continue
        window: tuple[int, int] | None = None
        for match in re.finditer(r"\S+", text[s:e]):
            w_start, w_end = match.start() + s, match.end() + s
            if window and count(text[window[0] : w_end]) <= budget:
                window = (window[0], w_end)
                continue
            if window:
                pieces.append(window)
            if count(text[w_start:w_end]) > budget:
                pieces.extend(_split_chars(text, w_start, w_end, count, budget))
                window = None
            else:
                window = (w_start, w_end)
        if window:
            pieces.append(window)
    return pieces


def chunk(
    document: ExtractedDocument, count: TokenCounter, max_tokens: int, target_tokens: int | None = None
) -> list[Passage]:
    """Passages of ``document``, each at most ``max_tokens`` word pieces as embedded.

    Units are packed together only while the passage stays within ``target_tokens``
    (default: ``max_tokens``): smaller passages keep one topic each, so a passage's vector
    says what it is about; a single unit may still use the whole ``max_tokens``."""
    target = min(target_tokens or max_tokens, max_tokens)
    text = document.text
    passages: list[Passage] = []
    path: list[tuple[int, str]] = []  # (level, heading text)
    pending: list[tuple[int, int, str]] = []  # units of the passage being packed

    def section() -> tuple[str, ...]:
        return tuple(heading for _, heading in path)

    def emit() -> None:
        if not pending:
            return
        start, end = trim(text, pending[0][0], pending[-1][1])
        kind = next((kind for _, _, kind in pending if kind != "heading"), "heading")
        body = embed_text(document.title, " > ".join(section()), text[start:end])
        passages.append(Passage(start, end, section(), kind, body))
        pending.clear()

    for block in blocks(text, document.headings):
        if block.kind == "heading":
            # A heading opens its passage, so no text is lost; a run of guessed headings
            # with no body between them (a sign-off, a title block) stays together.
            has_body = any(kind != "heading" for _, _, kind in pending)
            new_page = bool(pending) and document.page_at(block.start) != document.page_at(pending[0][0])
            if has_body or block.strong or new_page:
                emit()
            while path and path[-1][0] >= block.level:
                path.pop()
            path.append((block.level, heading_label(text[block.start : block.end])))
            pending.append((block.start, block.end, "heading"))
            continue
        budget = max_tokens - count(context_line(document.title, " > ".join(section())))
        units = [(block.start, block.end)]
        if count(clean(text[block.start : block.end])) > budget:
            units = _split_long(text, block.start, block.end, count, budget)
        for start, end in units:
            if pending and document.page_at(start) != document.page_at(pending[0][0]):
                emit()  # a passage stays on one page, so its citation names the right page
            if pending:
                candidate = clean(text[pending[0][0] : end])
                # Rows and bullets pack together; a new paragraph starts its own passage
                # once the current one has some body, so passages stay topical.
                body_kinds = {kind for _, _, kind in pending} - {"heading"}
                pack_budget = budget - (max_tokens - target)
                if count(candidate) > pack_budget or (block.kind == "paragraph" and body_kinds - {"paragraph"}):
                    emit()
            pending.append((start, end, block.kind))
    emit()
    return passages
