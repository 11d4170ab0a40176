"""A long list answer shows a page of entries at a time (``list_page_size``) but matches,
counts and follows up over every case; "show more" gives the next page. On the sample
corpus (real model, real Chroma), with pages of two cases."""

from __future__ import annotations

import json

import pytest

from assistant.__main__ import main
from assistant.service import Assistant, QuestionError
from assistant.session import Conversation
from settings import get_settings
from tests.written_stores import ingested_sample

pytestmark = pytest.mark.integration

BABIES = "Which cases concerned babies under six months old?"


@pytest.fixture(scope="module")
def corpus_settings(tmp_path_factory, embeddings):
    return ingested_sample(tmp_path_factory.mktemp("pages"), embeddings)


@pytest.fixture(scope="module")
def whole(corpus_settings, embeddings) -> Assistant:
    return Assistant(corpus_settings.model_copy(update={"list_page_size": 0}), embeddings)


@pytest.fixture(scope="module")
def paged(corpus_settings, embeddings) -> Assistant:
    return Assistant(corpus_settings.model_copy(update={"list_page_size": 2}), embeddings)


def test_pages_together_are_the_whole_list_in_its_order(whole, paged):
    every = whole.ask(BABIES)
    assert len(every.cases) == 5 and every.matched_cases == [c.case_id for c in every.cases]
    assert "show more" not in every.answer
    first = paged.ask(BABIES)
    assert first.answer.startswith("5 of 8 indexed cases")  # the count is the whole list's
    assert first.matched_cases == every.matched_cases
    assert [c.n for c in first.citations] == [1, 2] and len(first.cases) == 2
    assert "Listed here: cases 1–2 of the 5; ask “show more” for the next 2." in first.answer
    pages = [first, paged.ask(BABIES, offset=2), paged.ask(BABIES, offset=4)]
    assert [len(p.cases) for p in pages] == [2, 2, 1]
    assert [h.case_id for p in pages for h in p.cases] == every.matched_cases
    # Each page cites the same spans the whole list does for its cases, numbered from 1.
    spans = {h.case_id: every.citations[h.citations[0] - 1] for h in every.cases}
    for page in pages:
        for hit in page.cases:
            cited = page.citations[hit.citations[0] - 1]
            assert (cited.source, cited.start, cited.end) == (spans[hit.case_id].source, spans[hit.case_id].start, spans[hit.case_id].end)
    assert "(Listed here: case 5 of the 5.)" in pages[2].answer
    assert pages[1].parsed["offset"] == 2


def test_show_more_and_follow_ups_read_every_case_matched(paged):
    chat = Conversation(paged)
    first = chat.ask(BABIES)
    assert len(first.cases) == 2
    # "which of those died?" is asked over all five, not the two shown.
    died = chat.ask("which of those died?")
    assert died.answer.startswith("3 of 5 cases in the previous answer")
    assert len(died.cases) == 2 and len(died.matched_cases) == 3
    more = chat.ask("show more")  # the rest of "which of those died?", over the same five
    assert more.answer.startswith("3 of 5 cases in the previous answer")
    assert [h.case_id for h in died.cases + more.cases] == died.matched_cases
    assert chat.resolved is not None and chat.resolved.follow_up
    done = chat.ask("next")
    assert not done.cases and "no more" in done.answer
    with pytest.raises(QuestionError):
        paged.ask(BABIES, offset=-1)


def test_the_command_line_gives_a_page_from_an_offset(corpus_settings, monkeypatch, capsys, request):
    monkeypatch.setenv("SCR_LIST_PAGE_SIZE", "2")
    get_settings.cache_clear()  # read the environment afresh, and again after this test
    request.addfinalizer(get_settings.cache_clear)
    assert main(["ask", "--store", str(corpus_settings.store_dir), "--json", "--offset", "2", BABIES]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["offset"] == 2 and len(answer["cases"]) == 2 and len(answer["matched_cases"]) == 5
    with pytest.raises(SystemExit):
        main(["ask", "--store", str(corpus_settings.store_dir), "--chat", "--offset", "2", BABIES])
