"""Which of a list's judged sentences are read by their own vectors: every run (one
review's) that holds a sentence no stored passage holds, whole; against the loop over the
runs it replaces."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.service import runs_holding

pytestmark = pytest.mark.unit


def _walk(marked: list[bool], sizes: list[int]) -> list[int]:
    out, at = [], 0
    for size in sizes:
        if any(marked[at : at + size]):
            out.extend(range(at, at + size))
        at += size
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.booleans(), max_size=6), max_size=12))
def test_runs_holding_a_marked_place_are_the_walk_s(runs):
    sizes = [len(r) for r in runs]
    marked = [m for r in runs for m in r]
    assert runs_holding(np.array(marked, dtype=bool), sizes).tolist() == _walk(marked, sizes)
