"""How a call's few texts are cut into batches of like length: against every cut tried."""

from __future__ import annotations

import itertools
import random

import pytest

from vectorstore.onnx_embedder import padding_batches


@pytest.mark.unit
@pytest.mark.parametrize("seed", range(30))
def test_padding_batches_cost_what_the_cheapest_cut_costs(seed):
    """The batches are consecutive, cover every text once, and cost what the cheapest of
    every possible cut costs (each tried)."""
    rng = random.Random(seed)
    lengths = sorted(rng.randint(3, 120) for _ in range(rng.randint(1, 9)))
    call_cost = rng.choice([0, 8, 24, 200])

    def cost(batches):
        return sum((b - a) * lengths[b - 1] + call_cost for a, b in batches)

    got = padding_batches(lengths, call_cost)
    assert [a for a, _ in got] == [0] + [b for _, b in got[:-1]] and got[-1][1] == len(lengths)
    n = len(lengths)
    cheapest = min(
        cost(list(zip((0, *cuts), (*cuts, n))))
        for r in range(n)
        for cuts in itertools.combinations(range(1, n), r)
    )
    assert cost(got) == cheapest
