"""``Names.held_in`` (one-word names looked up at once) against its definition: a name is
held when the sentence holds every stem of it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.topic_roles import Names, names_someone

pytestmark = pytest.mark.unit

STEMS = ["mother", "father", "partner", "step", "gp", "health", "visitor", "boy", "she", "drug"]
_name = st.frozensets(st.sampled_from(STEMS), max_size=3)


@settings(max_examples=300, deadline=None)
@given(names=st.lists(_name, max_size=6), stems=st.lists(st.sampled_from(STEMS), unique=True, max_size=6).map(tuple))
def test_held_in_is_every_stem_of_some_name(names, stems):
    assert Names(names).held_in(stems) == any(all(stem in stems for stem in name) for name in names)


def test_someone_is_a_family_member_the_child_or_a_pronoun():
    assert names_someone(("mother", "drug"))
    assert names_someone(("she", "given", "drug"))
    assert names_someone(("boy", "injur"))
    assert not names_someone(("drug", "alcohol", "misus"))


_TOKENS = [
    "by", "his", "her", "the", "step-father", "stepfather", "step", "father's", "fathers'", "mother", "Mother’s",
    "partner", "Mr", "Ms.", "B", "shook", "was", "assaulted", "punched", "injured", "carer", "parent", "baby", ",", "who",
]


@settings(max_examples=400, deadline=None)
@given(
    question=st.sampled_from([
        "Which boys were harmed by their stepfather?", "Which children were shaken by their father?",
        "Which babies were injured by a parent?", "Which children were abused by the mother's partner?",
    ]),
    words=st.lists(st.sampled_from(_TOKENS), max_size=12),
)
def test_who_harmed_is_looked_for_only_where_it_can_be_and_found_the_same(question, words):
    from assistant.list_topic import topic_of

    by_whom = topic_of(question, (), {}).by_whom
    text = " ".join(words)
    assert by_whom is not None
    assert bool(by_whom.search(text)) == bool(by_whom.pattern.search(text))


@pytest.mark.parametrize(
    "question, text",
    [
        ("Which babies were injured by a parent?", "The baby was assaulted by Mr B on the night of the admission."),
        ("Which children were shaken by their father?", "She had been shaken by her Father, the review found."),
        ("Which children were abused by the mother's partner?", "He was punched by his MOTHER’S PARTNER."),
        ("Which boys were harmed by their stepfather?", "The boy was injured by his Step-Father in 2019."),
    ],
)
def test_who_harmed_is_found_however_the_name_is_written(question, text):
    from assistant.list_topic import topic_of

    by_whom = topic_of(question, (), {}).by_whom
    assert by_whom is not None and by_whom.pattern.search(text)
    assert by_whom.search(text)
