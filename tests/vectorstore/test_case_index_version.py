"""A saved case index is used only under the vocabulary it was tagged with: cases carry
theme tags, so a change to any theme's phrases makes the saved index stale and it is
rebuilt, without anyone remembering to bump a number."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ingest.cases.records import CaseRecord
from knowledge.themes import THEMES
from vectorstore import case_index
from vectorstore.case_index import CaseIndex, index_version

pytestmark = pytest.mark.unit


def test_the_version_changes_with_any_themes_phrases_and_only_with_them():
    assert index_version(THEMES) == index_version(tuple(THEMES))
    widened = (replace(THEMES[0], pattern=THEMES[0].pattern + "|battered"),) + tuple(THEMES[1:])
    assert index_version(widened) != index_version(THEMES)
    assert index_version(THEMES[:-1]) != index_version(THEMES)


def test_an_index_saved_under_another_vocabulary_is_not_loaded(tmp_path, monkeypatch):
    case = CaseRecord(case_id="a", label="Child A", doc_hash="d", source="a.txt", title="A", origin="single review")
    path = tmp_path / "cases.json"
    CaseIndex({"d": [case]}, {}, "fp").save(path)
    assert [c.label for c in CaseIndex.load(path).cases] == ["Child A"]
    monkeypatch.setattr(case_index, "_VERSION", index_version(THEMES[:-1]))
    assert CaseIndex.load(path) is None
