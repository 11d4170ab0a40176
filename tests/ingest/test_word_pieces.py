"""The word-piece counter adds up its words' pieces instead of tokenizing whole texts; it
must give what the model's own tokenizer gives for the whole text (an oracle test)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

import ingest.tokens
from ingest.tokens import _tokenizer, word_piece_counter
from settings import Settings

pytestmark = pytest.mark.integration

MODEL = Settings(_env_file=None).resolved_model_path()
# Every kind of character the two could disagree on: Python's whitespace, the controls the
# normalizer deletes, accents, CJK (split per character), punctuation, surrogates excluded.
ODD = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u3000\u200b\x00\ufffd"
PART = st.one_of(
    st.text(alphabet=st.one_of(st.sampled_from(list(ODD + " .,;'’-()éÉñ漢字")), st.characters(codec="utf-8"))),
    st.sampled_from(["child", "safeguarding", "unexplained", "LSCB", "Northshire", " "]),
)
TEXT = st.lists(PART, max_size=12).map("".join)


def whole(text: str) -> int:
    return len(_tokenizer(str(MODEL)).encode(text, add_special_tokens=True).ids)


@pytest.mark.slow  # 1,500 hypothesis examples through the real tokenizer
@hyp_settings(max_examples=1500, deadline=None)
@given(TEXT)
def test_counting_by_words_equals_tokenizing_the_whole_text(text):
    assert word_piece_counter(MODEL)(text) == whole(text)


def test_the_remembered_words_are_bounded_and_counts_stay_right(monkeypatch):
    monkeypatch.setattr(ingest.tokens, "_MAX_WORDS_REMEMBERED", 5)
    count = word_piece_counter(MODEL)
    texts = [f"word{i} shared unexplained{i}" for i in range(40)]
    assert [count(t) for t in texts] == [whole(t) for t in texts]
    assert len(ingest.tokens._PIECES_PER_WORD[str(MODEL)]) <= 5 + 3
