"""A briefing as files to hand out: Markdown and Word (.docx).

Both carry the title, date, author and introduction, each item with its note, case
tables as real tables, and one numbered reference list (document title, section, page).
Word's core properties (title, author, dates, description) come from the briefing, not
from python-docx's template, which says "python-docx" and 2013.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from assistant.extractive import display
from ui.briefing import Briefing, marks, number
from ui.labels import readable_date
from ui.markdown_text import cell, inert, paragraphs

# XML 1.0 forbids these; python-docx refuses strings containing them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
SUBJECT = "Safeguarding briefing from serious case reviews"


def byline(briefing: Briefing) -> str:
    parts = [readable_date(briefing.date), briefing.author.strip()]
    return " · ".join(p for p in parts if p)


def to_markdown(briefing: Briefing) -> str:
    numbered = number(briefing.items)
    out = [f"# {inert(briefing.title) or 'Briefing'}", ""]
    if line := byline(briefing):
        out += [f"*{inert(line)}*", ""]
    for paragraph in paragraphs(briefing.intro):
        out += [paragraph, ""]
    for item, lines in numbered.items:
        out += [f"## {inert(item.title)}", ""]
        if item.intro:
            out += [inert(item.intro), ""]
        if item.table is not None:
            out += _markdown_table(item.table, numbered.row_numbers.get(item.id, [])) + [""]
        if lines:
            out += [f"- {inert(text)} {marks(nums)}".rstrip() for text, nums in lines] + [""]
        for paragraph in paragraphs(item.note):
            out += [f"> {paragraph}", ""]
    if numbered.references:
        out += ["## References", ""]
        out += [f"{n}. {inert(ref.label())}" for n, ref in enumerate(numbered.references, start=1)]
        out.append("")
    return "\n".join(out)


def _markdown_table(table, row_numbers: list[list[int]]) -> list[str]:
    columns = list(table.columns) + ["Sources"]
    out = ["| " + " | ".join(cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    for i, row in enumerate(table.rows):
        nums = row_numbers[i] if i < len(row_numbers) else []
        out.append("| " + " | ".join([cell(v) for v in row] + [marks(nums)]) + " |")
    return out


def to_docx(briefing: Briefing, now: datetime | None = None) -> bytes:
    from docx import Document  # python-docx: imported only when a Word file is asked for

    numbered = number(briefing.items)
    doc = Document()
    _core_properties(doc, briefing, now or datetime.now(UTC))
    doc.add_heading(_xml(briefing.title or "Briefing"), 0)
    if line := byline(briefing):
        doc.add_paragraph(_xml(line), style="Subtitle")
    for paragraph in briefing.intro.splitlines():
        if paragraph.strip():
            doc.add_paragraph(_xml(paragraph))
    for item, lines in numbered.items:
        doc.add_heading(_xml(item.title), 1)
        if item.intro:
            doc.add_paragraph(_xml(item.intro))
        if item.table is not None:
            _docx_table(doc, item.table, numbered.row_numbers.get(item.id, []))
        for text, nums in lines:
            doc.add_paragraph(_xml(f"{display(text)} {marks(nums)}".rstrip()), style="List Bullet")
        for paragraph in item.note.splitlines():
            if paragraph.strip():
                doc.add_paragraph(_xml(paragraph), style="Intense Quote")
    if numbered.references:
        doc.add_heading("References", 1)
        for n, ref in enumerate(numbered.references, start=1):
            doc.add_paragraph(_xml(f"[{n}] {ref.label()}"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def table_docx(title: str, columns: list[str], rows: list[list[str]], now: datetime | None = None) -> bytes:
    """A Word file holding one table (the Cases view's export)."""
    from docx import Document

    from ui.briefing import CaseTable

    doc = Document()
    _core_properties(doc, Briefing(title=title), now or datetime.now(UTC))
    doc.add_heading(_xml(title), 1)
    _docx_table(doc, CaseTable(tuple(columns), tuple(tuple(r) for r in rows)), None)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_table(doc, table, row_numbers: list[list[int]] | None) -> None:
    columns = list(table.columns) + (["Sources"] if row_numbers is not None else [])
    grid = doc.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    for cell_, name in zip(grid.rows[0].cells, columns):
        cell_.text = ""
        cell_.paragraphs[0].add_run(_xml(name)).bold = True
    for i, row in enumerate(table.rows):
        values = list(row)
        if row_numbers is not None:
            values.append(marks(row_numbers[i] if i < len(row_numbers) else []))
        for cell_, value in zip(grid.add_row().cells, values):
            cell_.text = _xml(value)


def _core_properties(doc, briefing: Briefing, now: datetime) -> None:
    props = doc.core_properties
    props.title = _xml(briefing.title or "Briefing")
    props.author = _xml(briefing.author)
    props.last_modified_by = _xml(briefing.author)
    props.subject = SUBJECT
    props.comments = _xml(" ".join(briefing.intro.split())[:500])  # python-docx's says "generated by python-docx"
    props.keywords = "safeguarding; serious case review"
    props.category = "Briefing"
    props.created = props.modified = now.replace(tzinfo=None)
    props.revision = 1
    props.language = "en-GB"


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)
