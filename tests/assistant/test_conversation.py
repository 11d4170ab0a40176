"""Follow-up questions resolved against the previous question (pure rules, no model)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.conversation import resolve

pytestmark = pytest.mark.unit

FIRST = "Which cases involved registered sex offenders?"


def test_first_question_is_asked_as_typed():
    r = resolve("  what about   in Rotherham? ", None)
    assert (r.question, r.follow_up) == ("what about in Rotherham?", False)


def test_cued_place_is_appended_to_the_previous_question():
    r = resolve("what about in Rotherham?", FIRST)
    assert r.follow_up
    assert r.question == "Which cases involved registered sex offenders in Rotherham?"
    assert r.asked == "what about in Rotherham?"


def test_referring_words_are_dropped_and_qualifier_kept():
    r = resolve("and those under 6 months?", FIRST)
    assert r.question == "Which cases involved registered sex offenders under 6 months?"


def test_bare_fragment_with_qualifier_is_a_follow_up():
    assert resolve("in Cornwall", FIRST).question == "Which cases involved registered sex offenders in Cornwall?"


def test_bare_topic_is_joined_with_and():
    assert resolve("what about neglect?", FIRST).question == "Which cases involved registered sex offenders and neglect?"


def test_question_that_refers_back_follows_a_colon():
    r = resolve("how many of them died?", FIRST)
    assert r.follow_up and r.question == "Which cases involved registered sex offenders: how many of them died?"


def test_new_question_is_not_a_follow_up():
    r = resolve("How many children died?", FIRST)
    assert (r.question, r.follow_up) == ("How many children died?", False)


def test_cue_before_a_complete_question_starts_afresh():
    r = resolve("And how many children died?", FIRST)
    assert (r.question, r.follow_up) == ("how many children died?", False)


def test_long_question_with_a_pronoun_stands_alone():
    asked = "How did agencies share information about the families they worked with over the years?"
    assert not resolve(asked, FIRST).follow_up


def test_refinements_chain_through_the_resolved_question():
    second = resolve("what about in Bedfordshire?", FIRST)
    third = resolve("and those under 6 months?", second.question)
    assert third.question == "Which cases involved registered sex offenders in Bedfordshire under 6 months?"


def test_pointing_back_alone_repeats_the_previous_question():
    assert resolve("those?", FIRST).question == FIRST


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_any_text_resolves_to_the_typed_question_or_a_refinement(asked):
    r = resolve(asked, FIRST)
    if not r.follow_up:
        # a new question is the typed one (cue aside), white space collapsed
        assert r.question in " ".join(asked.split())
    else:
        assert r.question.startswith(FIRST.rstrip("?"))
        assert r.question.endswith("?")
