"""Words are matched by their base form, irregular ones too, and a saved BM25 index made
with another tokenizer is rebuilt rather than read."""

from __future__ import annotations

import json

import pytest

from vectorstore.cache_files import read_checked, sha256_file, write_atomic
from vectorstore.lexical import MANIFEST, LexicalIndex, tokenize

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "one, other",
    [("took their own lives", "took his own life"), ("the children", "a child"), ("two women", "a woman"), ("dying", "died")],
)
def test_irregular_forms_share_a_stem_with_their_base(one, other):
    stems = lambda text: set(tokenize([text])[0])  # noqa: E731
    assert stems(one) & stems(other) - {"took", "own"}


def test_an_index_saved_by_another_tokenizer_is_not_read(tmp_path):
    folder = tmp_path / "lexical"
    LexicalIndex([], None, "abc").save(folder)
    assert LexicalIndex.load(folder) is not None
    (folder / "fingerprint").write_text("abc")  # as saved before the tokenizer was named
    # Keep the checksums true, so only the tokenizer differs.
    sums = json.loads(read_checked(folder / MANIFEST))
    sums["fingerprint"] = sha256_file(folder / "fingerprint")
    write_atomic(folder / MANIFEST, json.dumps(sums, sort_keys=True).encode())
    assert LexicalIndex.load(folder) is None
