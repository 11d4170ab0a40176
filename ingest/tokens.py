"""Counting word pieces the way the embedding model does, without loading the model.

The model silently truncates past ``model_max_tokens``; passages are sized with this
counter so that never happens. Only the fast tokenizer file is read (no torch).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from tokenizers import Tokenizer

TokenCounter = Callable[[str], int]

# Python splits words at these, but the model's normalizer deletes them (they are control
# characters to it), joining the words around them: such texts are counted whole.
_JOINERS = re.compile("[\x0b\x0c\x1c-\x1f\x85]")
_MAX_WORDS_REMEMBERED = 500_000  # ~50 MB at most; a corpus's vocabulary is far smaller


@lru_cache(maxsize=4)
def _tokenizer(model_path: str) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
    # The file ships with truncation at 128 and padding on: both would hide the true length.
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


_PIECES_PER_WORD: dict[str, dict[str, int]] = {}  # by model path, shared by every counter


def word_piece_counter(model_path: Path) -> TokenCounter:
    """Word pieces of ``text`` including the [CLS] and [SEP] the model adds."""
    tokenizer = _tokenizer(str(model_path))
    pieces = _PIECES_PER_WORD.setdefault(str(model_path), {})

    # The model's tokenizer splits at whitespace before anything else, so a text's pieces
    # are the sum of its words' pieces. The chunker asks about growing runs of the same
    # words; a word is tokenized once, then looked up: a fifth of the ingest's own CPU went
    # to tokenizing whole texts.
    def count(text: str) -> int:
        if _JOINERS.search(text):
            return len(tokenizer.encode(text, add_special_tokens=True).ids)
        if len(pieces) > _MAX_WORDS_REMEMBERED:
            pieces.clear()
        words = text.split()
        new = [w for w in set(words) if w not in pieces]
        if new:
            for word, encoding in zip(new, tokenizer.encode_batch(new, add_special_tokens=False)):
                pieces[word] = len(encoding.ids)
        return 2 + sum(map(pieces.__getitem__, words))

    return count
