"""Answers from a PDF laid out as published reviews are: wrapped lines, a running header
and a page footer (real model, real Chroma, a real PDF made here)."""

from __future__ import annotations

import pytest
from fpdf import FPDF

from assistant.service import Assistant
from ingest.pipeline import ingest

pytestmark = pytest.mark.integration

HEADER = "Wrexham Safeguarding Board - Child Practice Review CPR 2/2019 - Child M"
SECTIONS = {
    "Background": (
        "Child M was nine when he was admitted to hospital with severe malnutrition in the winter of 2018. "
        "He lived with his mother and two younger sisters in a rented house on the edge of the town, and "
        "his attendance at school had fallen to fifty per cent over the two years before the admission."
    ),
    "Practice and organisational learning": (
        "The school nurse wrote to the family doctor twice about Child M's weight, but neither letter was "
        "answered and no one followed the letters up with a telephone call or a home visit. The education "
        "welfare officer visited the house eleven times and was never let in, and each visit was recorded "
        "as an attempted contact rather than as a concern about the children."
    ),
    "Recommendations": (
        "The board should ask schools to treat three unanswered home visits as a safeguarding concern in "
        "their own right. Health and education should agree how a worry about a child's weight is passed "
        "on, and who checks that it has been read."
    ),
}


class _Review(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, HEADER, new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def _review_pdf() -> bytes:
    pdf = _Review()
    pdf.alias_nb_pages()
    pdf.add_page()
    for _ in range(4):  # long enough to run over pages, so every page has a header and footer
        for heading, body in SECTIONS.items():
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=11)
            pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.fixture
def assistant(tmp_path, settings, embeddings):
    source = tmp_path / "cpr-2-2019-child-m.pdf"
    source.write_bytes(_review_pdf())
    ingest([source], settings, progress=False, embed=embeddings.encode)
    return Assistant(settings, embeddings)


def test_a_cited_sentence_is_whole_and_free_of_page_furniture(assistant):
    document = assistant.store.document_text(next(iter(assistant.store.document_ids())))
    assert document.count(HEADER) == 1 and "Page 2 of" not in document  # the first page keeps its title

    answer = assistant.ask("How many times did the education welfare officer visit the house?")
    assert not answer.abstained
    first = " ".join(answer.citations[0].text.split())
    assert first == (
        "The education welfare officer visited the house eleven times and was never let in, and each visit "
        "was recorded as an attempted contact rather than as a concern about the children."
    )
    for citation in answer.citations:
        assert citation.text == assistant.document_text(citation.doc_hash)[citation.start : citation.end]
        assert "Page " not in citation.text and "Wrexham Safeguarding Board" not in citation.text
