"""Ingest keeps the store in step with the source folder, embedding only what changed."""

from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from ingest.pipeline import ingest
from vectorstore.lexical import LexicalIndex
from vectorstore.store import CorpusStore

pytestmark = pytest.mark.integration

REVIEW_A = """Serious Case Review: Child D, Anyshire LSCB

1.  Background

Child D was a four month old boy who died after an unexplained injury.

2.  Findings

Agencies did not share information about the father's history of violence.
The health visitor was not told about the domestic abuse incidents.
"""

REVIEW_B = """Learning briefing

Practitioners should maintain respectful uncertainty when parents give reassurances.
Supervision should challenge over-optimistic views of parental capacity.
"""


def _write_pdf(path: Path, lines: list[str]) -> None:
    pdf = FPDF()
    for line in lines:
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, line)
    pdf.output(str(path))


def _write_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Thematic review of neglect", level=1)
    document.add_paragraph("Neglect was present in most of the families reviewed.")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Area", "Child", "Age"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["Northshire", "Child K", "2 years"]):
        cell.text = text
    document.save(str(path))


def _passages_by_doc(store: CorpusStore) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in store.iter_passages(with_text=False):
        counts[p.source] = counts.get(p.source, 0) + 1
    return counts


def test_ingest_is_idempotent_and_incremental(tmp_path, settings, embeddings):
    source = tmp_path / "docs"
    source.mkdir()
    (source / "a.txt").write_text(REVIEW_A, encoding="utf-8")
    (source / "b.md").write_text(REVIEW_B, encoding="utf-8")
    _write_pdf(source / "c.pdf", ["The first page mentions the school nurse.", "The second page mentions the GP."])
    _write_docx(source / "d.docx")
    (source / "notes.xyz").write_text("not a document")

    first = ingest([source], settings, progress=False, embed=embeddings.encode)
    assert sorted(Path(p).name for p in first.added) == ["a.txt", "b.md", "c.pdf", "d.docx"]
    assert [Path(p).name for p, _ in first.skipped] == ["notes.xyz"]
    assert first.embedded > 0 and first.failed == []

    second = ingest([source], settings, progress=False, embed=embeddings.encode)
    assert second.embedded == 0 and second.added == [] and len(second.unchanged) == 4

    # Change one sentence of one file: only that file is touched, unchanged passages keep vectors.
    (source / "a.txt").write_text(REVIEW_A.replace("four month old boy", "six week old girl"), encoding="utf-8")
    third = ingest([source], settings, progress=False, embed=embeddings.encode)
    assert [Path(p).name for p in third.updated] == ["a.txt"]
    assert 0 < third.embedded <= 2 and third.reused >= 1
    store = CorpusStore(settings)
    assert len(store.document_records()) == 4
    text = next(store.document_text(h) for h, r in store.document_records().items() if r.source.endswith("a.txt"))
    assert "six week old girl" in text and "four month old boy" not in text

    # Remove a file: its passages leave both indexes.
    (source / "b.md").unlink()
    fourth = ingest([source], settings, progress=False, embed=embeddings.encode)
    assert [Path(p).name for p in fourth.removed] == ["b.md"]
    assert not any(src.endswith("b.md") for src in _passages_by_doc(store))
    lexical = LexicalIndex.for_store(store)
    assert not any(r.source.endswith("b.md") for r in lexical.records)
    assert {r.id for r in lexical.records} == {p.id for p in store.iter_passages(with_text=False)}


def test_pdf_pages_and_docx_tables_reach_the_passages(tmp_path, settings, embeddings):
    source = tmp_path / "docs"
    source.mkdir()
    _write_pdf(source / "c.pdf", ["The first page mentions the school nurse.", "The second page mentions the GP."])
    _write_docx(source / "d.docx")
    ingest([source], settings, progress=False, embed=embeddings.encode)
    store = CorpusStore(settings)
    passages = list(store.iter_passages())
    gp = next(p for p in passages if "second page" in p.embed_text)
    assert gp.page == 2
    row = next(p for p in passages if "Child K" in p.embed_text)
    text = store.document_text(row.doc_hash)
    assert "Northshire\tChild K\t2 years" in text[row.start : row.end]


def test_passage_rows_written_with_their_text_and_every_field_read_the_same(tmp_path, settings, embeddings):
    # Stores written before passage rows were slimmed hold each passage's text and all its
    # fields beside its vector; they must read as they did, and updates still reuse vectors.
    source = tmp_path / "docs"
    source.mkdir()
    (source / "a.txt").write_text(REVIEW_A, encoding="utf-8")
    _write_pdf(source / "c.pdf", ["The first page mentions the school nurse.", "The second page mentions the GP."])
    ingest([source], settings, progress=False, embed=embeddings.encode)
    store = CorpusStore(settings)
    slim = {p.id: p for p in store.iter_passages()}
    got = store.passages.get(include=["metadatas", "embeddings"])
    full = [
        {**m, "title": p.title, "start": p.start, "end": p.end, "text_hash": p.text_hash, "page": p.page or 0}
        for p, m in ((slim[i], m) for i, m in zip(got["ids"], got["metadatas"]))
    ]
    texts = [slim[i].embed_text for i in got["ids"]]
    store.passages.upsert(ids=got["ids"], documents=texts, metadatas=full, embeddings=got["embeddings"])
    assert {p.id: p for p in CorpusStore(settings).iter_passages()} == slim

    (source / "a.txt").write_text(REVIEW_A.replace("four month old boy", "six week old girl"), encoding="utf-8")
    report = ingest([source], settings, progress=False, embed=embeddings.encode)
    assert report.updated and report.reused >= 1 and report.embedded <= 2


def test_unreadable_file_keeps_the_old_version(tmp_path, settings, embeddings):
    source = tmp_path / "docs"
    source.mkdir()
    good = source / "review.docx"
    _write_docx(good)
    ingest([source], settings, progress=False, embed=embeddings.encode)
    good.write_bytes(b"this is not a zip any more")
    report = ingest([source], settings, progress=False, embed=embeddings.encode)
    assert report.exit_code == 1
    assert report.failed == [(str(good.resolve()), "not a Word .docx file (not a zip archive)")]
    records = CorpusStore(settings).document_records()
    assert [Path(r.source).name for r in records.values()] == ["review.docx"]


def test_a_file_named_on_the_command_line_and_then_deleted_is_removed_by_naming_it(tmp_path, settings, embeddings, monkeypatch):
    monkeypatch.chdir(tmp_path)  # named as a user types it: relative to where they are
    Path("gone.txt").write_text(REVIEW_A)
    Path("keep.txt").write_text(REVIEW_B)
    first = ingest([Path("gone.txt"), Path("keep.txt")], settings, progress=False, embed=embeddings.encode)
    assert first.exit_code == 0 and len(first.added) == 2
    Path("gone.txt").unlink()

    report = ingest([Path("gone.txt")], settings, progress=False, embed=embeddings.encode)
    assert report.removed == [str(tmp_path / "gone.txt")] and report.failed == [] and report.exit_code == 0
    assert {r.source for r in CorpusStore(settings).document_records().values()} == {str(tmp_path / "keep.txt")}
    assert "removed 1," in report.summary()

    # Named, gone and never stored: still an error (a typo must not pass silently).
    never = ingest([Path("never.txt")], settings, progress=False, embed=embeddings.encode)
    assert never.failed == [("never.txt", "no such file or folder")] and never.exit_code == 1


def test_a_symlink_loop_named_as_a_source_is_its_error_not_the_runs(tmp_path, settings, embeddings):
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "good.txt").write_text(REVIEW_B)
    report = ingest([tmp_path / "loop.txt", tmp_path / "good.txt"], settings, progress=False, embed=embeddings.encode)
    assert report.failed == [(str(tmp_path / "loop.txt"), "symlink loop")] and report.exit_code == 1
    assert report.added == [str(tmp_path / "good.txt")]
