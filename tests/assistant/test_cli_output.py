"""Output for people: the CLI's citations read as a practitioner would look them up (title,
section, page and file name; character offsets stay in --json), and progress written to a
log is plain lines, not carriage-return redraws."""

from __future__ import annotations

import pytest

from assistant.__main__ import citation_line
from assistant.answer import Citation

pytestmark = pytest.mark.unit


def _citation(**changes) -> Citation:
    fields = dict(
        n=1, source="/data/reviews/child-t.pdf", title="Serious Case Review:\nChild T", section="4. Findings",
        page=12, start=4880, end=4926, text="The mother\nwas not seen.", score=0.8, doc_hash="h",
    )
    return Citation(**{**fields, **changes})


def test_title_section_page_and_file_without_offsets():
    line = citation_line(_citation())
    assert line == "  [1] Serious Case Review: Child T — 4. Findings, p. 12 (child-t.pdf): The mother was not seen."
    assert "4880" not in line


def test_missing_parts_are_left_out():
    assert citation_line(_citation(section=None, page=None)) == (
        "  [1] Serious Case Review: Child T (child-t.pdf): The mother was not seen."
    )
    assert citation_line(_citation(title="", section=None, page=3, weak=True)) == (
        "  [1] child-t.pdf — p. 3 (weak match): The mother was not seen."
    )


def test_progress_off_a_terminal_is_plain_lines(monkeypatch):
    import io
    import sys

    from ingest.progress import progress_bar

    log = io.StringIO()  # not a terminal, as in CI or a redirected ingest
    monkeypatch.setattr(sys, "stderr", log)
    for _ in progress_bar(iterable=range(3), desc="files", unit="file"):
        pass
    bar = progress_bar(total=0, desc="embedding", unit="passage", leave=False)
    bar.total += 5
    bar.refresh()
    bar.update(5)
    bar.close()
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue() and "\x1b" not in log.getvalue()
    assert lines[0].startswith("files:") and "3/3" in lines[1]
    assert lines[-1].startswith("embedding: 100%") and "5/5" in lines[-1]  # the final count is kept
