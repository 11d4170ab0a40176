"""HTML via BeautifulSoup: visible text only, laid out the way the chunker reads text.

Block elements (p, div, h1-h6, lists, tables…) are separated by a blank line; list
items, table rows and <br> start a new line; table cells are joined by tabs; inline
elements (b, a, span…) stay inside their sentence. This is why we walk the tree rather
than call ``get_text("\\n")``, which would put a line break around every inline tag and
so split sentences. The text is data: no markup, script or style survives.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from ingest.extracted import ExtractedDocument, HeadingSpan, UnreadableFile
from ingest.readers.text import TITLE_MAX_CHARS, UTF16_BOMS, looks_binary, short_error, title_from_text
from settings import Settings

# <title> becomes the document's title, not body text (even when a page has no <head>).
_DROPPED = {"script", "style", "noscript", "template", "head", "title"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "details", "dialog", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "html",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "ul", *_HEADINGS,
}  # fmt: skip
_LINES = {"li", "dt", "dd", "tr", "caption", "legend", "option", "br"}
_CELLS = {"td", "th"}
_LISTS = {"ul", "ol", "dl"}


def read(source: str, data: bytes, settings: Settings) -> ExtractedDocument:
    if not data.startswith(UTF16_BOMS) and looks_binary(data):
        raise UnreadableFile(source, "not an HTML file (binary content)")
    try:
        soup = BeautifulSoup(data, "html.parser")
        page_title = " ".join(soup.title.get_text().split()) if soup.title else ""
        text, headings = layout(soup)
    except Exception as error:  # the parser is lenient; this is a last resort
        raise UnreadableFile(source, f"not a readable HTML file ({short_error(error)})") from None
    first_h1 = next((h for h in headings if h.level == 1), None)
    title = page_title or (text[first_h1.start : first_h1.end] if first_h1 else "") or title_from_text(text, source)
    return ExtractedDocument(source=source, title=title[:TITLE_MAX_CHARS], text=text, headings=headings)


def layout(root: Tag) -> tuple[str, tuple[HeadingSpan, ...]]:
    """The visible text under ``root`` and the spans of its h1-h6 headings."""
    writer = _Writer()
    # An explicit stack, not recursion: unclosed tags can nest thousands deep.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            writer.close(node)
        elif isinstance(node, Tag):
            if node.name in _DROPPED:
                continue
            writer.open(node)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif type(node) in (NavigableString, CData):  # not comments, doctypes, etc.
            writer.text(str(node))
    writer.flush()
    return "".join(writer.out), tuple(writer.headings)


class _Writer:
    """Accumulates lines; a line is written only once it has content, so the separator
    before it is the strongest break requested since the previous line."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.length = 0
        self.line: list[str] = []
        self.pending = 0  # 1: new line, 2: blank line before the next content
        self.spans: list[tuple[int, int]] = []  # every written line
        self.headings: list[HeadingSpan] = []
        self.heading_opened: list[tuple[int, int]] = []  # (level, len(spans) at <hN>)
        self.pre_depth = 0
        self.cell_depth = 0
        self.cells_in_row = 0
        self.list_depth = 0

    def open(self, tag: Tag) -> None:
        name = tag.name
        if name in _CELLS:
            if self.cells_in_row:
                self.line.append("\t")
            self.cells_in_row += 1
            self.cell_depth += 1
        elif self.cell_depth:
            self.line.append(" ")  # blocks inside a cell must not split its row
        elif name in _BLOCKS or name in _LINES:
            self.request(self._strength(name))
        if name in _LISTS:
            self.list_depth += 1
        if name == "tr":
            self.cells_in_row = 0
        if name == "pre":
            self.pre_depth += 1
        if name in _HEADINGS and not self.cell_depth:
            self.heading_opened.append((_HEADINGS[name], len(self.spans)))

    def close(self, tag: Tag) -> None:
        name = tag.name
        if name in _CELLS:
            self.cell_depth -= 1
        elif self.cell_depth:
            self.line.append(" ")
        if name in _LISTS:
            self.list_depth -= 1
        if not self.cell_depth and (name in _BLOCKS or name in _LINES):
            self.request(self._strength(name))
        if name == "pre":
            self.pre_depth -= 1
        if name in _HEADINGS and not self.cell_depth and self.heading_opened:
            self.flush()
            level, first = self.heading_opened.pop()
            if len(self.spans) > first:
                self.headings.append(HeadingSpan(level, self.spans[first][0], self.spans[-1][1]))

    def text(self, value: str) -> None:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if not self.pre_depth:
            self.line.append(re.sub(r"\s+", " ", value))
            return
        first, *rest = value.split("\n")  # <pre> keeps its own line breaks and spacing
        self.line.append(first)
        for part in rest:
            self.newline()
            self.line.append(part)

    def _strength(self, name: str) -> int:
        # A list nested in a list item starts a line, not a paragraph: items stay together.
        # (Called before a list's own depth is counted on open, after it is uncounted on close.)
        nested_list = name in _LISTS and self.list_depth > 0
        return 1 if name in _LINES or nested_list else 2

    def newline(self) -> None:
        """A line break inside <pre>: a second one in a row keeps a blank line."""
        written = len(self.spans)
        self.flush()
        self.pending = 1 if len(self.spans) > written else min(self.pending + 1, 2)

    def request(self, strength: int) -> None:
        self.flush()
        self.pending = max(self.pending, strength)

    def flush(self) -> None:
        raw = "".join(self.line)
        self.line = []
        if self.pre_depth:
            content = raw.rstrip()
        else:
            content = re.sub(r" *\t *", "\t", re.sub(r" {2,}", " ", raw)).strip(" ")
        if not content.strip():
            return
        if self.out:
            separator = "\n" * max(self.pending, 1)
            self.out.append(separator)
            self.length += len(separator)
        self.out.append(content)
        self.spans.append((self.length, self.length + len(content)))
        self.length += len(content)
        self.pending = 0
