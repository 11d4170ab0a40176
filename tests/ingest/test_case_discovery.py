"""Case discovery on layouts the extractor was not written around: the hand-written
documents of eval/case_layouts (one test per layout), tables in DOCX and PDF files made
here, the gazetteer, classification of documents about no case, and the same child found
twice. No model or store is needed: this is the pure function ingest calls."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from eval.case_discovery import evaluate, norm_area, norm_child
from ingest.cases.extract import extract_document
from ingest.cases.merge import merge_same_child
from ingest.readers import read_document
from knowledge.gazetteer import canonical, find_areas

pytestmark = pytest.mark.unit

LAYOUTS = Path(__file__).resolve().parents[2] / "eval" / "case_layouts"
EXPECTED = json.loads((LAYOUTS / "expected.json").read_text(encoding="utf-8"))


def _extract(path: Path):
    document = read_document(path)
    return extract_document(document.text, document.title, "f" * 64, str(path))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_layout_gives_its_cases_and_class(name):
    want = EXPECTED[name]
    got = _extract(LAYOUTS / name)
    assert got.kind == want["class"], got.reason
    found = {(norm_area(c.local_authority), norm_child(c.child)) for c in got.cases}
    expected = {(norm_area(c["area"]), norm_child(c["child"])) for c in want["cases"]}
    assert found == expected
    for case in got.cases:  # every field that was read carries its verbatim span
        document = read_document(LAYOUTS / name).text
        assert all(document[e.start : e.end] == e.text for e in case.evidence if e.doc_hash is None)


def test_hand_written_layouts_meet_the_field_targets():
    summary = evaluate(EXPECTED, LAYOUTS)["summary"]
    assert summary["found"] >= 0.95 and summary["spurious"] <= 0.05
    assert min(summary["age_band"], summary["gender"], summary["died_or_harmed"]) >= 0.9, summary
    assert summary["no_case_documents_classified_none"] == 1.0


ROWS = [("Area", "Child", "Sex", "Age", "Outcome"), ("Knowsley", "Child S", "F", "4 months", "Died"),
        ("Tower Hamlets", "Baby K", "M", "3 weeks", "Serious harm"), ("Bucks", "‘Poppy’", "F", "15 years", "Died")]
WANT = {("knowsley", "child s", "F", "1–6 months", True), ("tower hamlets", "baby k", "M", "under 1 month", False),
        ("buckinghamshire", "poppy", "F", "13–17 years", True)}


def _fields(result):
    return {(c.local_authority.lower(), norm_child(c.child), c.gender, c.age_band, c.died) for c in result.cases}


def test_docx_table_of_cases(tmp_path):
    document = docx.Document()
    document.add_paragraph("Learning from reviews in other areas: a summary for the board")
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "learning-summary.docx"
    document.save(path)
    result = _extract(path)
    assert result.kind == "several" and _fields(result) == WANT


def test_pdf_table_of_cases(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(0, 8, "Reviews considered by the learning subgroup", new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for row in ROWS:
            cells = table.row()
            for value in row:
                cells.cell(value.replace("‘", "'").replace("’", "'"))
    path = tmp_path / "subgroup-reviews.pdf"
    pdf.output(str(path))
    result = _extract(path)
    assert result.kind == "several" and _fields(result) == WANT


def test_gazetteer_names_variants_and_ignores_ordinary_words():
    assert canonical("Bucks") == "Buckinghamshire" and canonical("Norwich") == "Norfolk"
    assert canonical("Glasgow City") == "Glasgow" and canonical("North Wales") == "North Wales"
    found = [m.area for m in find_areas("Reading the report, Wirral LSCB and Tower Hamlets Safeguarding Children Partnership agreed")]
    assert found == ["Wirral", "Tower Hamlets"]
    assert [m.area for m in find_areas("The family moved to Reading in 2015.")] == ["Reading"]


def test_documents_about_no_case_give_none_even_with_review_words():
    text = (
        "Serious Case Review Procedure\n\n1. Purpose\nThis procedure explains when the board commissions a serious "
        "case review. A review is considered when a child dies and abuse or neglect is known or suspected.\n\n"
        "2. Notification\nThe chair decides within 15 working days. Child A, Child B and so on are used in reports.\n"
    )
    result = extract_document(text, "Serious Case Review Procedure", "e" * 64, "procedure.txt")
    assert result.kind == "none" and not result.cases and result.reason


def test_the_same_child_in_two_documents_is_one_case_and_two_children_stay_two():
    single = extract_document(
        "Serious Case Review: Child S\nKnowsley Safeguarding Children Board\n\nChild S was a baby girl of four months "
        "who died at home. Child S had been seen by a health visitor. Her mother had depression.\n",
        "Serious Case Review: Child S", "1" * 64, "knowsley-child-s.txt",
    ).cases
    briefing = extract_document(
        "Cases considered\n\nArea | Child | Age | Outcome\nKnowsley | Child S | 4 months | Died\n"
        "Sunderland | Child S | 15 years | Serious harm\n",
        "Briefing", "2" * 64, "briefing.txt",
    ).cases
    merged = merge_same_child(single + briefing)
    labels = sorted(c.label for c in merged)
    assert labels == ["Knowsley — Child S", "Sunderland — Child S"]
    knowsley = next(c for c in merged if c.local_authority == "Knowsley")
    assert knowsley.also_in == ["briefing.txt"] and any(e.doc_hash == "2" * 64 for e in knowsley.evidence)


def test_an_odd_document_gives_no_case_and_no_crash():
    for text in ("\x00\x01 ||| \t\t\n" * 50, "Child\n" * 300, "‘’“”" * 100, "2019 - - -\n| | |\n" * 40):
        result = extract_document(text, "", "3" * 64, "odd.txt")
        assert result.kind in ("none", "several", "single")
