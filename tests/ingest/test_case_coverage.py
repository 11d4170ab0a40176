"""Coverage of the case index reaches the ingest report and the assistant: real model,
real Chroma, real files from eval/case_layouts (one single review, one table, one document
about no case), and a document whose cases cannot be read still ingests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.service import Assistant
from ingest.pipeline import ingest

pytestmark = pytest.mark.integration

LAYOUTS = Path(__file__).resolve().parents[2] / "eval" / "case_layouts"
FILES = ["lcspr-child-q-summary.txt", "scr_repository_2019.md", "safer-sleep-leaflet.txt"]


def test_ingest_reports_coverage_and_the_assistant_lists_the_cases(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in FILES:
        shutil.copy(LAYOUTS / name, docs / name)
    (docs / "odd.txt").write_text("Child\n" * 200 + "| | |\n" * 50)  # nothing a case can be read from
    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert not report.failed and len(report.added) == 4
    assert report.cases == 6  # Leeds — Child Q, and the five rows of the repository table
    assert report.coverage[0] == "case index: 6 cases from 2 of 4 documents; 2 judged to describe no case"
    assert "case index:" in report.summary()

    assistant = Assistant(settings, embeddings)
    coverage = assistant.coverage()
    assert (coverage.documents, coverage.with_cases, coverage.without_cases) == (4, 2, 2)
    labels = {c.label for c in assistant.cases()}
    assert {"Leeds — Child Q", "Bradford — Child LB", "Cumbria — Children C and D"} <= labels
    classes = assistant.case_index.classes
    assert {c["kind"] for c in classes.values()} == {"single", "several", "none"}
    assert all(c["reason"] for c in classes.values())
