"""Word .docx via python-docx: paragraphs and tables in document order, headings marked.

One line per paragraph; one line per table row with its cells joined by tabs (the
layout the chunker reads as a table row). Heading-styled paragraphs become HeadingSpans.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from ingest.extracted import ExtractedDocument, HeadingSpan, UnreadableFile
from ingest.readers.text import TITLE_MAX_CHARS, short_error, title_from_text
from settings import Settings

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
# Block-level wrappers whose children are ordinary paragraphs and tables
# (content controls hold cover pages and tables of contents).
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}
_SEPARATOR = "\n\n"
_HEADING_LEVEL = re.compile(r"^Heading\s*(\d+)")


def read(source: str, data: bytes, settings: Settings) -> ExtractedDocument:
    check_archive(source, data, settings.max_unpacked_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = _lines(document)
        core_title = (document.core_properties.title or "").strip()
    except Exception as error:  # python-docx and lxml raise many types on malformed parts
        raise UnreadableFile(source, f"not a readable Word document ({short_error(error)})") from None
    # A blank line between paragraphs keeps Word's paragraph boundaries visible to the chunker.
    text = _SEPARATOR.join(line for line, _ in lines)
    spans = _heading_spans(lines)
    title = core_title or _first_heading(text, spans) or title_from_text(text, source)
    return ExtractedDocument(source=source, title=title[:TITLE_MAX_CHARS], text=text, headings=spans)


def check_archive(source: str, data: bytes, max_unpacked: int) -> None:
    """Refuse non-zips and zip bombs before python-docx inflates anything."""
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise UnreadableFile(source, "not a Word .docx file (not a zip archive)")
    try:
        with zipfile.ZipFile(buffer) as archive:
            # zipfile never inflates a member past its declared size, so the declared
            # sizes bound what python-docx can unpack.
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile(source, f"not a Word .docx file (damaged zip archive: {short_error(error)})") from None
    if unpacked > max_unpacked:
        raise UnreadableFile(
            source,
            f"refused: unpacks to {_megabytes(unpacked)} MB (limit {_megabytes(max_unpacked)} MB), "
            "possible zip bomb",
        )


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f}".removesuffix(".0")


def _lines(document: Document) -> list[tuple[str, int]]:
    """(line, heading level or 0) for every paragraph and table row, in document order."""
    lines: list[tuple[str, int]] = []
    # Heading level by style id: python-docx finds a style by scanning every style in the
    # document, which was most of the time spent reading a .docx.
    levels: dict[str | None, int] = {}
    for element in _blocks(document.element.body):
        if element.tag == _P:
            paragraph = Paragraph(element, document)
            style_id = element.style
            if style_id not in levels:
                levels[style_id] = heading_level(paragraph)
            lines.append((paragraph.text, levels[style_id]))
        else:
            lines.extend((row, 0) for row in table_rows(element, document))
    return lines


def _blocks(parent) -> Iterator:
    """Body-level paragraphs and tables in order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def table_rows(tbl, document: Document) -> Iterator[str]:
    """Each row as one line: one entry per <w:tc>, cells joined by tabs.

    Walking <w:tc> elements rather than python-docx's ``row.cells`` de-duplicates merged
    cells: a horizontal span is one <w:tc>, and a vertical span's continuation cells are
    left empty instead of repeating the text above (which would duplicate evidence).
    """
    for tr in tbl.iterchildren(_TR):
        cells = [
            "" if tc.vMerge == "continue" else _cell_text(tc, document) for tc in tr.iterchildren(_TC)
        ]
        if any(cells):
            yield "\t".join(cells)


def _cell_text(tc, document: Document) -> str:
    # Tabs and line breaks inside a cell would split the row, so they become spaces.
    # iter() also reaches paragraphs of nested tables, flattening them into the cell.
    texts = (Paragraph(p, document).text for p in tc.iter(_P))
    return " ".join(" ".join(text.split()) for text in texts if text.strip())


def heading_level(paragraph: Paragraph) -> int:
    """1-9 for 'Title' and 'Heading N' paragraph styles, 0 for anything else."""
    try:
        name = paragraph.style.name or ""
    except (KeyError, ValueError, AttributeError):  # dangling style reference
        return 0
    if name == "Title":
        return 1
    if not name.startswith("Heading"):
        return 0
    match = _HEADING_LEVEL.match(name)
    return min(max(int(match.group(1)), 1), 9) if match else 1


def _heading_spans(lines: list[tuple[str, int]]) -> tuple[HeadingSpan, ...]:
    """Spans of heading lines in the joined text, trimmed of surrounding white space."""
    spans, offset = [], 0
    for line, level in lines:
        if level and line.strip():
            start = offset + len(line) - len(line.lstrip())
            end = offset + len(line.rstrip())
            spans.append(HeadingSpan(level, start, end))
        offset += len(line) + len(_SEPARATOR)
    return tuple(spans)


def _first_heading(text: str, spans: tuple[HeadingSpan, ...]) -> str:
    return " ".join(text[spans[0].start : spans[0].end].split()) if spans else ""
