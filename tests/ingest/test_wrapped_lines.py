"""Sentences read across wrapped lines (pure). PDF text and hard-wrapped plain text break
lines mid-sentence; a line that is a paragraph, a title, a table row or a rule keeps its
own. The layouts are written here, in wording of their own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from ingest.structure import read_sentences, sentence_spans, wrap_width, wraps
from tests.ingest.test_properties import assert_ordered_stripped_slices

pytestmark = pytest.mark.unit

# Wrapped at about 80 characters, as pypdf gives a PDF's page.
WRAPPED = (
    "The review found that the health visitor saw the family on four occasions and\n"
    "that the father answered every question put to the mother. No\n"
    "referral was made when a small bruise was seen on the baby's cheek at six\n"
    "weeks. Police attended once in January 2017 after a neighbour reported\n"
    "Shouting, and recorded that no child was present in the flat.\n"
    "The panel met five times."
)


def _read(text: str) -> list[str]:
    return [text[s:e] for s, e in read_sentences(text, 0, len(text))]


def test_a_wrapped_paragraph_reads_as_whole_sentences():
    assert [" ".join(s.split()) for s in _read(WRAPPED)] == [
        "The review found that the health visitor saw the family on four occasions and that the father "
        "answered every question put to the mother.",
        "No referral was made when a small bruise was seen on the baby's cheek at six weeks.",
        # A full line runs on even into a capital ("Shouting"): the page ended, not the sentence.
        "Police attended once in January 2017 after a neighbour reported Shouting, and recorded that no "
        "child was present in the flat.",
        "The panel met five times.",
    ]


def test_spans_are_exact_slices_with_their_line_breaks():
    for s, e in read_sentences(WRAPPED, 0, len(WRAPPED)):
        assert WRAPPED[s:e] == WRAPPED[s:e].strip()
    assert "\n" in _read(WRAPPED)[0]


def test_one_paragraph_per_line_reads_as_before():
    text = (
        "7 minute briefing: Neglect and missed appointments\n"
        "Calderdale Safeguarding Children Partnership\n"
        "Children who miss health appointments repeatedly may be neglected, and each missed appointment "
        "should be followed up with the family and the referrer rather than closed\n"
        "Practitioners should record who brought the child and who did not attend\n"
    )
    assert read_sentences(text, 0, len(text)) == sentence_spans(text, 0, len(text))


@pytest.mark.parametrize(
    "text",
    [
        "| Area | Child | Outcome |\n|------|-------|---------|\n| Kent | Baby Q | Died |",
        "--------------------------------------------------------------------------\n"
        "2016 - Wirral - Child J: death of a three-year-old from untreated pneumonia",
        "The panel asked each of the agencies below to say what it knew and when, namely\n"
        "a) the police and the probation service, who held the father's record",
        "The father said the injury happened when the baby fell from the sofa on to the “\n"
        "Recommendations follow in the next part of this summary for each of the agencies",
    ],
)
def test_a_line_that_ends_a_table_row_a_rule_or_a_title_keeps_its_own(text):
    lines = text.split("\n")
    assert not wraps(lines[0], lines[1], wrap_width(text))


def test_a_short_title_keeps_its_line_in_a_wrapped_document():
    text = "Rapid review: Baby T\nRochdale Borough Safeguarding Children Partnership\n" + WRAPPED
    assert _read(text)[:2] == ["Rapid review: Baby T", "Rochdale Borough Safeguarding Children Partnership"]


def test_a_line_going_on_in_lower_case_runs_on_however_short():
    entry = "2018 - Anonymous - Charlie and Sam\nLearning: recognising\n   disguised compliance; missed health appointments."
    text = WRAPPED + "\n\n" + entry
    start = text.index("2018")
    assert [text[s:e] for s, e in read_sentences(text, start, len(text))] == [
        "2018 - Anonymous - Charlie and Sam",
        "Learning: recognising\n   disguised compliance; missed health appointments.",
    ]


def test_width_is_the_document_s_long_lines():
    lengths = sorted(len(line) for line in WRAPPED.split("\n"))
    assert lengths[-2] <= wrap_width(WRAPPED) <= lengths[-1]
    assert wrap_width("") == 0


LINES = st.lists(st.text(alphabet=st.sampled_from("ab .,-|\n”"), max_size=30), max_size=6).map("\n".join)


@hyp_settings(max_examples=150, deadline=None)
@given(LINES, st.data())
def test_read_sentences_keep_every_word_of_the_lines_they_read(doc, data):
    start = data.draw(st.integers(0, len(doc)))
    end = data.draw(st.integers(start, len(doc)))
    spans = read_sentences(doc, start, end)
    assert_ordered_stripped_slices(doc, start, end, spans)
    # The same characters as the line-by-line reading, only grouped differently.
    def covered(found):
        return {i for s, e in found for i in range(s, e) if not doc[i].isspace()}
    assert covered(spans) == covered(sentence_spans(doc, start, end))
