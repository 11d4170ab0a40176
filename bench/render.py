"""Writing a document's elements (bench/cases.py) as .txt, .docx or .pdf bytes.

The .txt table uses the cell-per-line layout of converted briefings (each cell a
tab-led line, the pseudonym on its own untabbed line under the area); .docx gets a real
Word table; .pdf uses fpdf2's core font, which is latin-1 only, so typographic
characters are replaced by plain ones there. Output is byte-for-byte reproducible.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

_FIXED = datetime(2016, 1, 1, tzinfo=UTC)
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "✓": "X", "•": "-"})


def to_txt(elements: list[tuple]) -> bytes:
    out: list[str] = []
    for element in elements:
        kind = element[0]
        if kind == "bullet":
            out.append(f"• {element[1]}")
        elif kind == "table":
            header, rows = element[1], element[2]
            out += ["\t" + cell for cell in header[1:]]  # the area shares the "Case" column
            out.append("")
            for row in rows:
                out += [f"\t{row[0]} ", "", row[1]]
                out += ["\t" + cell for cell in row[2:]]
                out.append("")
        else:
            out.append(element[1])
        out.append("")
    return "\n".join(out).encode("utf-8")


def _fixed_zip(data: bytes) -> bytes:
    """python-docx stamps zip members with the current time: pin it for reproducibility."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2016, 1, 1, 0, 0, 0)), source.read(info))
    return buffer.getvalue()


def to_docx(elements: list[tuple]) -> bytes:
    import docx

    document = docx.Document()
    for attr in ("created", "modified", "last_printed"):
        setattr(document.core_properties, attr, _FIXED.replace(tzinfo=None))
    for element in elements:
        kind = element[0]
        if kind == "title":
            document.core_properties.title = element[1]
            document.add_heading(element[1], level=0)
        elif kind == "heading":
            document.add_heading(element[1], level=1)
        elif kind == "bullet":
            document.add_paragraph(element[1], style="List Bullet")
        elif kind == "table":
            header, rows = element[1], element[2]
            table = document.add_table(rows=1 + len(rows), cols=len(header))
            for r, cells in enumerate([header, *rows]):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
        else:
            document.add_paragraph(element[1])
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def to_pdf(elements: list[tuple]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(_FIXED)
    pdf.set_producer("bench")
    pdf.add_page()
    for element in elements:
        kind, text = element[0], element[1]
        if kind == "table":
            raise ValueError("tables are written to .txt and .docx only")
        text = text.translate(_PLAIN)
        if kind == "title":
            pdf.set_title(text)
            pdf.set_font("Helvetica", "B", 14)
        elif kind == "heading":
            pdf.set_font("Helvetica", "B", 12)
        else:
            pdf.set_font("Helvetica", "", 11)
            if kind == "bullet":
                text = f"- {text}"
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())


RENDERERS = {".txt": to_txt, ".docx": to_docx, ".pdf": to_pdf}
