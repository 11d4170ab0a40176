"""``display`` (an extract as shown in an answer) against its definition, on text with every
kind of white space ``str.split`` breaks at: its shortcut for text already so must agree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.extractive import display

pytestmark = pytest.mark.unit

_SPACES = list(" \n\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2003\u200a\u2028\u2029\u202f\u205f\u3000")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_SPACES, "a", "b", ".", "é", "’", "\u200b"]), max_size=12) | st.text(max_size=30))
def test_display_is_the_words_joined_by_single_spaces(text):
    assert display(text) == " ".join(text.split())


def test_text_already_shown_so_is_not_copied():
    text = "The baby died after co-sleeping with his mother on a sofa."
    assert display(text) is text
