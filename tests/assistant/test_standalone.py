"""Answer units that stand alone (pure: no model). Written in wording of its own, not
taken from the corpus."""

from __future__ import annotations

import pytest

from assistant.extractive import Unit
from assistant.retrieval import Candidate
from assistant.standalone import leans_back, standalone, with_context
from vectorstore.records import PassageRecord

pytestmark = pytest.mark.unit

TEXT = (
    "Findings\n\n"
    "The chief inspector spoke at the launch in March. “It is troubling that one review in five was late,” she said.\n\n"
    "Child Q was two when the family moved to Dorset. The toddler was seen by a GP eleven times that year.\n\n"
    "Contact log for the family in May\nThe baby was weighed on 3 May.\n\n"
    "The panel met monthly. Six agencies took part.\n"
)


def _unit(sentence: str) -> Unit:
    start = TEXT.index(sentence)
    passage = PassageRecord(id="p", doc_hash="d", source="/x.txt", title="T", section=None, page=None, start=0,
                            end=len(TEXT), kind="paragraph", text_hash="", embed_text="")
    return Unit(Candidate(passage, 0.0, 0.5, 0.5), start, start + len(sentence), sentence)


def test_a_quote_carries_the_sentence_that_says_who_spoke():
    grown = standalone(_unit("“It is troubling that one review in five was late,” she said."), TEXT)
    assert grown.text.startswith("The chief inspector spoke") and grown.text == TEXT[grown.start : grown.end]


def test_a_definite_description_carries_the_sentence_that_names_the_child():
    grown = standalone(_unit("The toddler was seen by a GP eleven times that year."), TEXT)
    assert grown.text.startswith("Child Q was two")


def test_a_sentence_that_stands_alone_is_unchanged_and_a_paragraph_start_is_never_crossed():
    assert standalone(_unit("Six agencies took part."), TEXT).text == "Six agencies took part."
    first = _unit("The panel met monthly.")
    assert not leans_back("Six agencies took part.") and standalone(first, TEXT) == first


def test_a_unit_already_inside_a_grown_one_is_not_cited_twice():
    quote = _unit("“It is troubling that one review in five was late,” she said.")
    speaker = _unit("The chief inspector spoke at the launch in March.")
    out = with_context([(quote, 0.9), (speaker, 0.5)], lambda _: TEXT)
    assert len(out) == 1 and out[0][0].text.startswith("The chief inspector")


def test_a_line_of_its_own_is_not_joined_to_the_line_before():
    baby = _unit("The baby was weighed on 3 May.")
    assert standalone(baby, TEXT) == baby
