"""A file moved or renamed is cited, listed and chosen by its new path everywhere: the store,
the lexical and case indexes, and an assistant that was running when the ingest ran; a
``--source`` the store does not hold is an error that says so."""

from __future__ import annotations

import pytest

from assistant.__main__ import main as ask_main
from assistant.service import Assistant
from ingest.pipeline import ingest
from tests.store_checks import WORKERS, question, review
from vectorstore.case_index import CaseIndex
from vectorstore.lexical import LexicalIndex

pytestmark = pytest.mark.integration


@pytest.fixture
def moved(tmp_path, settings, embeddings):
    """(old path, new path, the assistant that was running before the move)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    old = docs / "child-a-draft.txt"
    old.write_text(review(0, 4))
    (docs / "other.txt").write_text(review(1, 4))
    ingest([docs], settings, progress=False, embed=embeddings.encode)
    assistant = Assistant(settings, embeddings)
    assert assistant.ask(question(0)).citations[0].source == str(old.resolve())

    new = docs / "final" / "child-a.txt"
    new.parent.mkdir()
    old.rename(new)
    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert report.embedded == 0 and report.removed == [] and report.added == []
    return str(old.resolve()), str(new.resolve()), assistant


def test_the_indexes_point_at_the_new_path(moved, settings):
    old, new, _ = moved
    cases = CaseIndex.load(settings.store_dir / "cases.json")
    assert cases is not None
    sources = {c["source"] for c in cases.classes.values()}
    assert new in sources and old not in sources
    assert all(case.source != old and old not in case.also_in for case in cases.cases)
    lexical = LexicalIndex.load(settings.store_dir / "lexical")
    assert lexical is not None and old not in {r.source for r in lexical.records}
    assert new in {r.source for r in lexical.records}


def test_a_running_assistant_cites_and_filters_by_the_new_path(moved):
    old, new, assistant = moved
    answer = assistant.ask(question(0))  # its next question, no restart
    assert answer.citations[0].source == new and WORKERS[0] in answer.citations[0].text
    chosen = assistant.ask(question(0), sources=[new])
    assert not chosen.abstained and {c.source for c in chosen.citations} == {new}
    assert old not in {c.source for c in assistant.cases()}
    assert old not in {source for source, _ in assistant.coverage().unsure}


def test_ask_with_the_new_path_answers_and_a_misspelled_one_is_an_error(moved, settings, capsys):
    old, new, _ = moved
    assert ask_main(["ask", question(0), "--store", str(settings.store_dir), "--source", new]) == 0
    assert WORKERS[0] in capsys.readouterr().out

    misspelled = new.replace("child-a.txt", "chlid-a.txt")
    assert ask_main(["ask", question(0), "--store", str(settings.store_dir), "--source", misspelled]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"--source {misspelled}: not in the store; did you mean {new}" in captured.err

    assert ask_main(["ask", question(0), "--store", str(settings.store_dir), "--source", old]) == 2
    assert f"--source {old}: not in the store" in capsys.readouterr().err
