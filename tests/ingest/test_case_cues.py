"""Cues for who a document is about, each written here in wording other than the layout
it was found in: several pseudonyms introduced at once, a code's head with a first name,
Markdown headings, an age after "a girl of", and injuries named by what was done."""

from __future__ import annotations

import pytest

from ingest.cases.extract import extract_document
from ingest.cases.pseudonyms import candidates
from ingest.structure import blocks, heading_label, heading_level
from knowledge.ages import parse_age
from knowledge.words import AGE_IN_TEXT, HARM

pytestmark = pytest.mark.unit


def test_every_name_of_an_introduction_is_a_pseudonym():
    text = (
        "This learning review is about two brothers, referred to as ‘Ollie’ and ‘Reuben’, and their "
        "half-sister, who is called Mia in this report. Ollie was seen at school; Reuben was not."
    )
    assert {c.name for c in candidates(text) if c.introduced} == {"Ollie", "Reuben", "Mia"}


def test_a_code_head_with_a_first_name_is_one_pseudonym_with_both_mentions():
    text = "The infant, known as Baby Leo in this review, was nine days old. Leo's mother had no midwife."
    leo = next(c for c in candidates(text) if c.name == "Baby Leo")
    assert leo.introduced and [text[s:e] for s, e in leo.mentions] == ["Baby Leo", "Leo"]


def test_a_heading_that_is_an_introduced_name_opens_that_child_s_case():
    text = (
        "# Learning from two reviews in Bolton\n\n"
        "The two children are called Amelia and Tyler in this briefing.\n\n"
        "## Amelia\n\nAmelia, aged two, was found with bruises to her face by nursery staff.\n\n"
        "## Tyler\n\nTyler was eight when he was admitted to hospital with burns.\n\n"
        "## Learning\n\nBudget pressures meant visits were cut.\n"
    )
    result = extract_document(text, "Learning from two reviews in Bolton", "a" * 64, "bolton.md")
    assert result.kind == "several"
    assert sorted((c.child, c.age, c.outcome) for c in result.cases) == [("Amelia", "two", "harmed"), ("Tyler", "eight", "harmed")]


def test_a_bare_heading_that_no_introduction_named_is_no_child():
    text = "# Annual report\n\n## Budget\n\nThe budget rose.\n\n## Training\n\nTraining was delivered to 400 staff.\n"
    assert extract_document(text, "Annual report", "b" * 64, "report.md").cases == []


def test_markdown_headings_are_headings_with_their_level_and_a_plain_label():
    assert heading_level("### Key episodes") == 3 and heading_level("#hashtag campaign") == 0
    text = "## What happened\nThe baby was admitted.\n"
    assert [b.kind for b in blocks(text)] == ["heading", "paragraph"]
    assert heading_label("##   What  happened") == "What happened"


@pytest.mark.parametrize(("sentence", "days"), [("a boy of 14 who lived", 14 * 365), ("a girl of eleven, who", 11 * 365)])
def test_an_age_after_a_girl_of_or_a_boy_of_is_years(sentence, days):
    match = AGE_IN_TEXT.search(sentence)
    assert match and parse_age(match.group("age")).min_days == pytest.approx(days, abs=6)
    assert AGE_IN_TEXT.search("the youngest child of three") is None


@pytest.mark.parametrize("sentence", ["He was stabbed in a park.", "She took an overdose of tablets.", "The boy had been trafficked to Cardiff."])
def test_an_injury_named_by_what_was_done_is_harm(sentence):
    assert HARM.search(sentence)
