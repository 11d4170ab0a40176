"""The negation patterns lead each alternation with a look at its first letter, a
shortcut for speed: they find exactly what the plain alternation finds (an oracle test),
and each alternative's first letter is among those looked at."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from knowledge.words import NEGATED_AFTER, NEGATED_AFTER_PHRASES, NEGATION, NEGATION_WORDS

pytestmark = pytest.mark.unit

PLAIN_NEGATION = re.compile(rf"\b(?:{NEGATION_WORDS})\b", re.I)
PLAIN_NEGATED_AFTER = re.compile(rf"^[^.;:]{{0,60}}?\b(?:{NEGATED_AFTER_PHRASES})\b", re.I)

# Every word of both patterns, near misses, filler and the letters that change case oddly.
WORDS = [
    "no", "not", "never", "none", "neither", "nor", "without", "nobody", "one", "ruled", "out", "evidence",
    "unfounded", "unsubstantiated", "denied", "absence", "of", "if", "unless", "would", "could", "have",
    "was", "were", "is", "are", "did", "had", "n't", "didn't", "a", "an", "factor", "relevant", "issue",
    "concern", "present", "involved", "known", "or", "suspected", "found", "feature", "arise", "apply",
    "played", "part", "role", "co-sleeping", "casino", "note", "the", "baby", "İf", "ıf", "ſo", "Kelvin",
    "WAS", "Not", "NOR", ".", ";", ":", ",", "\n", "  ",
]
texts = st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join)


@given(texts)
@hyp_settings(max_examples=3000, deadline=None)
def test_the_first_letter_look_finds_what_the_plain_alternation_finds(text):
    for fast, plain in ((NEGATION, PLAIN_NEGATION), (NEGATED_AFTER, PLAIN_NEGATED_AFTER)):
        found, expected = fast.search(text), plain.search(text)
        assert (found.span() if found else None) == (expected.span() if expected else None)


def _top_level(alternatives: str) -> list[str]:
    """The alternatives of an alternation, split at the bars outside every group."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(alternatives):
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == "|" and depth == 0:
            parts.append(alternatives[start:i])
            start = i + 1
    return [*parts, alternatives[start:]]


def _first_letters(alternatives: str) -> set[str]:
    """Each alternative's first letter; one that opens with a group, each of the group's."""
    letters = set()
    for part in _top_level(alternatives):
        if part.startswith("(?:"):
            depth, close = 0, 0
            for i, c in enumerate(part):  # the group's closing bracket
                depth += {"(": 1, ")": -1}.get(c, 0)
                if depth == 0:
                    close = i
                    break
            letters |= _first_letters(part[3:close])
        else:
            letters.add(part[0])
    return letters


@pytest.mark.parametrize(("pattern", "alternatives"), [(NEGATION, NEGATION_WORDS), (NEGATED_AFTER, NEGATED_AFTER_PHRASES)])
def test_every_alternative_starts_with_a_letter_looked_at(pattern, alternatives):
    looked_at = re.search(r"\(\?=\[(\w+)\]\)", pattern.pattern).group(1)
    firsts = _first_letters(alternatives)
    assert len(firsts) >= 5 and firsts <= set(looked_at)
