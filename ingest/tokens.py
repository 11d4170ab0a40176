"""Counting word pieces the way the embedding model does, without loading the model.

The model silently truncates past ``model_max_tokens``; passages are sized with this
counter so that never happens. Only the fast tokenizer file is read (no torch).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from tokenizers import Tokenizer

TokenCounter = Callable[[str], int]


@lru_cache(maxsize=4)
def _tokenizer(model_path: str) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
    # The file ships with truncation at 128 and padding on: both would hide the true length.
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def word_piece_counter(model_path: Path) -> TokenCounter:
    """Word pieces of ``text`` including the [CLS] and [SEP] the model adds."""
    tokenizer = _tokenizer(str(model_path))

    # The chunker asks about the same texts again (a section's context line for each of its
    # paragraphs, a long paragraph's words); the tokenizer call is the cost.
    @lru_cache(maxsize=4096)
    def count(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=True).ids)

    return count
