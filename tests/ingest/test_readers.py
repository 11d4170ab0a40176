"""File readers on real files built in tmp_path: text, PDF, DOCX, HTML and their failures."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader, PdfWriter

import ingest.readers as readers
from ingest.extracted import UnreadableFile
from ingest.readers import SUPPORTED_SUFFIXES, read_document
from ingest.readers.pdf import join_pages
from ingest.readers.text import decode
from settings import Settings

pytestmark = pytest.mark.unit


def make_settings(**overrides) -> Settings:
    return Settings(_env_file=None, **overrides)


SETTINGS = make_settings()


def reason(path: Path, settings: Settings = SETTINGS) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_document(path, settings)
    assert str(caught.value) == f"{path}: {caught.value.reason}"  # the one line users see
    return caught.value.reason


# --- dispatch and shared checks ------------------------------------------------------


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".pdf", ".docx", ".html", ".htm"}


def test_suffix_is_case_insensitive_and_source_is_the_path_as_given(tmp_path):
    path = tmp_path / "NOTES.TXT"
    path.write_text("Summary\nbody\n")
    document = read_document(path, SETTINGS)
    assert document.source == str(path)
    assert document.title == "Summary"


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "data.xyz"
    path.write_text("x")
    assert reason(path) == "unsupported file type .xyz"


def test_missing_file(tmp_path):
    assert reason(tmp_path / "gone.txt") == "no such file"


def test_folder_named_like_a_document(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    assert reason(tmp_path / "folder.txt") == "is a folder, not a file"


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert reason(path) == "empty file"


def test_blank_file_has_no_text(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n")
    assert reason(path) == "no text found"


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("a" * 500)
    assert reason(path, make_settings(max_file_bytes=100)) == "too large: 500 bytes (limit 100 bytes)"
    path.write_text("a" * 2_500_000)
    assert reason(path, make_settings(max_file_bytes=1_000_000)) == "too large: 2.5 MB (limit 1 MB)"


def test_file_at_the_size_limit_is_read(tmp_path):
    path = tmp_path / "exact.txt"
    path.write_text("a" * 100)
    assert read_document(path, make_settings(max_file_bytes=100)).text == "a" * 100


def test_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    if os.geteuid() != 0:
        path.chmod(0)
    else:
        # root reads any file, so make exactly this file's open fail as it would for a user.
        real_open = open

        def guarded_open(file, *args, **kwargs):
            if Path(file) == path:
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(readers, "open", guarded_open, raising=False)
    try:
        assert reason(path) == "permission denied"
    finally:
        path.chmod(0o644)


# --- plain text and Markdown ---------------------------------------------------------


def test_cp1252_curly_quotes_and_pound(tmp_path):
    original = "Mother’s partner paid “£50” – in cash.\n"
    path = tmp_path / "windows.txt"
    path.write_bytes(original.encode("cp1252"))
    assert read_document(path, SETTINGS).text == original


def test_latin1_fallback_when_cp1252_cannot_decode():
    # 0x81 is undefined in Windows-1252; Latin-1 still maps every byte.
    assert decode("x.txt", b"caf\xe9 \x81ok") == "caf\xe9 \x81ok"


def test_utf8_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffReport summary\nChild A’s case\n".encode())
    document = read_document(path, SETTINGS)
    assert document.text == "Report summary\nChild A’s case\n"
    assert document.title == "Report summary"


def test_utf16_with_bom_is_text(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("Briefing\r\nLine two\r\n".encode("utf-16"))
    assert read_document(path, SETTINGS).text == "Briefing\nLine two\n"


def test_binary_junk_named_txt(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 4)
    assert reason(path) == "not a text file (binary content)"


def test_control_characters_without_nul_are_binary(tmp_path):
    path = tmp_path / "controls.txt"
    path.write_bytes(b"text" + bytes(range(1, 9)) * 20)
    assert reason(path) == "not a text file (binary content)"


def test_layout_is_kept_exactly_and_newlines_normalised(tmp_path):
    content = "Title  \r\n\r\n\tCase\r\n\tGender \r\n\r\n\tWest Sussex \r\n\r\n‘Carrie’\rlast line  "
    path = tmp_path / "layout.txt"
    path.write_bytes(content.encode())
    assert read_document(path, SETTINGS).text == content.replace("\r\n", "\n").replace("\r", "\n")


def test_markdown_title_drops_hashes_and_is_truncated(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("\n\n## Learning from reviews\n\nBody.\n")
    assert read_document(path, SETTINGS).title == "Learning from reviews"
    path.write_text("  " + "x" * 300 + "\n")
    assert read_document(path, SETTINGS).title == "x" * 200


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\t\n\r")))
def test_utf8_text_round_trips_apart_from_newlines(content):
    data = content.encode()
    if content.strip():
        assert readers.text.read("x.txt", data, SETTINGS).text == content.replace("\r\n", "\n").replace("\r", "\n")


# --- PDF -----------------------------------------------------------------------------


def make_pdf(pages: list[str], title: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    if title:
        pdf.set_title(title)
    for page in pages:
        pdf.add_page()
        for line in page.split("\n"):
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_two_page_pdf_has_correct_page_spans(tmp_path):
    path = tmp_path / "review.pdf"
    path.write_bytes(make_pdf(["Serious Case Review\nChild A was seen twice.", "Page two findings\nNo follow up."]))
    document = read_document(path, SETTINGS)
    expected = [page.extract_text() for page in PdfReader(path).pages]
    assert [p.number for p in document.pages] == [1, 2]
    assert [document.text[p.start : p.end] for p in document.pages] == expected
    assert document.text == "\n\n".join(expected)
    assert "Child A was seen twice." in document.text[document.pages[0].start : document.pages[0].end]
    assert "No follow up." in document.text[document.pages[1].start : document.pages[1].end]
    assert document.page_at(document.text.index("No follow up.")) == 2
    assert document.title == "Serious Case Review"  # no metadata title: first line


def test_pdf_metadata_title_wins(tmp_path):
    path = tmp_path / "titled.pdf"
    path.write_bytes(make_pdf(["Body text"], title="Overview Report: Child D"))
    assert read_document(path, SETTINGS).title == "Overview Report: Child D"


def test_pdf_without_text_layer(tmp_path):
    image = tmp_path / "scan.png"
    Image.new("RGB", (60, 40), "grey").save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=100)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert reason(path) == "no text layer; OCR is not supported"


def _encrypted(plain: bytes, user_password: str, owner_password: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(plain))
    writer.encrypt(user_password, owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted(make_pdf(["Confidential"]), "secret"))
    assert reason(path) == "encrypted PDF (password protected)"


def test_pdf_encrypted_with_empty_user_password_is_read(tmp_path):
    # Restrictions-only encryption (printing/copying flags) is common in published reports.
    path = tmp_path / "restricted.pdf"
    path.write_bytes(_encrypted(make_pdf(["Published summary"]), "", "owner-secret"))
    assert "Published summary" in read_document(path, SETTINGS).text


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\nthis is not really a pdf\n", b"hello, not a pdf at all", make_pdf(["Cut short"])[:300]],
)
def test_corrupt_pdf(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    message = reason(path)
    assert message.startswith("not a readable PDF (") and message.endswith(")")
    assert "\n" not in message


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=6))
def test_join_pages_spans_slice_back_to_each_page(pages):
    text, spans = join_pages(pages)
    assert [text[s.start : s.end] for s in spans] == pages
    assert [s.number for s in spans] == list(range(1, len(pages) + 1))


# --- DOCX ----------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_headings_in_order(tmp_path):
    document = docx.Document()
    document.add_heading("Case review", level=1)
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r}c{c}"
    document.add_heading("Findings", level=2)
    document.add_paragraph("After the table.")
    path = tmp_path / "review.docx"
    document.save(path)

    extracted = read_document(path, SETTINGS)
    assert extracted.text.split("\n\n") == [
        "Case review",
        "Before the table.",
        "r0c0\tr0c1\tr0c2",
        "r1c0\tr1c1\tr1c2",
        "r2c0\tr2c1\tr2c2",
        "Findings",
        "After the table.",
    ]
    assert [(h.level, extracted.text[h.start : h.end]) for h in extracted.headings] == [
        (1, "Case review"),
        (2, "Findings"),
    ]
    assert extracted.title == "Case review"  # no core title: first heading


def test_docx_merged_cells_are_not_repeated(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r}c{c}"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "wide"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "tall"
    path = tmp_path / "merged.docx"
    document.save(path)
    assert read_document(path, SETTINGS).text.split("\n\n") == [
        "wide\tr0c2",
        "r1c0\tr1c1\ttall",
        "r2c0\tr2c1\t",
    ]


def test_docx_title_from_core_properties(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Overview Report"
    document.add_paragraph("Just a paragraph.")
    path = tmp_path / "titled.docx"
    document.save(path)
    extracted = read_document(path, SETTINGS)
    assert extracted.title == "Overview Report"
    assert extracted.headings == ()


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("I am plain text pretending to be Word")
    assert reason(path) == "not a Word .docx file (not a zip archive)"


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * 1_000_000
            for _ in range(300):
                member.write(chunk)
    assert path.stat().st_size < 1_000_000  # the test file itself stays tiny
    settings = make_settings(max_unpacked_bytes=1_000_000)
    assert reason(path, settings) == "refused: unpacks to 300 MB (limit 1 MB), possible zip bomb"


def test_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    message = reason(path)
    assert message.startswith("not a readable Word document (") and "\n" not in message


# --- HTML ----------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><title>SCR  briefing</title>
<style>p { color: red; }</style><script>var leaked = 1;</script></head>
<body>
<noscript>Enable JavaScript</noscript>
<h1>Learning from <em>reviews</em></h1>
<p>The child was <b>not</b> seen
   by the health visitor.</p>
<script>alert(1)</script>
<!-- an editor's comment -->
<ul><li>First point<ul><li>Sub point</li></ul></li><li>Second point</li></ul>
<h2>Appendix</h2>
<table><tr><th>Case</th><th>Age</th></tr><tr><td><p>Child A</p></td><td>3 &amp; 4</td></tr></table>
<template><p>hidden template</p></template>
</body></html>
"""


def test_html_visible_text_only_with_layout(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML)
    document = read_document(path, SETTINGS)
    assert document.text == (
        "Learning from reviews\n\n"
        "The child was not seen by the health visitor.\n\n"
        "First point\nSub point\nSecond point\n\n"
        "Appendix\n\n"
        "Case\tAge\nChild A\t3 & 4"
    )
    for unwanted in ("alert", "leaked", "color", "Enable JavaScript", "comment", "hidden template", "<", ">"):
        assert unwanted not in document.text
    assert [(h.level, document.text[h.start : h.end]) for h in document.headings] == [
        (1, "Learning from reviews"),
        (2, "Appendix"),
    ]
    assert document.title == "SCR briefing"


def test_html_title_falls_back_to_h1_then_first_line(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text("<body><p>Intro line</p><h1>Main heading</h1></body>")
    assert read_document(path, SETTINGS).title == "Main heading"
    path.write_text("<body><p>Intro line</p><h2>Sub</h2></body>")
    assert read_document(path, SETTINGS).title == "Intro line"
    path.write_text("<title>Headless</title><p>Body only</p>")  # no <head>: title still not body text
    document = read_document(path, SETTINGS)
    assert (document.title, document.text) == ("Headless", "Body only")


def test_html_pre_keeps_its_lines(tmp_path):
    path = tmp_path / "pre.html"
    path.write_text("<p>Before</p><pre>  indented\n\nafter blank</pre>")
    assert read_document(path, SETTINGS).text == "Before\n\n  indented\n\nafter blank"


def test_html_only_script_has_no_text(tmp_path):
    path = tmp_path / "script.html"
    path.write_text("<html><head><title>t</title></head><body><script>alert(1)</script></body></html>")
    assert reason(path) == "no text found"


def test_deeply_nested_html_does_not_overflow(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<div>" * 5000 + "deep text")
    assert read_document(path, SETTINGS).text == "deep text"


# --- the sample corpus ----------------------------------------------------------------


def test_sample_corpus_text_is_the_file_exactly(sample_corpus):
    for path in sorted(sample_corpus.glob("*.txt")):
        raw = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        assert read_document(path, SETTINGS).text == raw, path.name
    briefing = read_document(sample_corpus / "portsmouth-scb-briefing-8-scr-summaries-2011.txt", SETTINGS)
    assert "\t" in briefing.text and "\n\n" in briefing.text
    assert briefing.title == "Briefing Paper:"
