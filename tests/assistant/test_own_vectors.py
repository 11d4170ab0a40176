"""The kept vectors of cases read by their rows (assistant/own_vectors.py): cosines read
from one stacked matrix equal a product per case, however the cases were added."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.own_vectors import OwnVectors

pytestmark = pytest.mark.unit


def test_cosines_per_case_equal_a_product_per_case():
    rng = np.random.default_rng(3)
    kept = OwnVectors()
    matrices = {}
    for batch in ([("a", 3), ("b", 0), ("c", 2)], [("d", 4)], [("e", 1), ("f", 5)]):
        vectors = [rng.normal(size=(n, 8)).astype(np.float32) for _, n in batch]
        for (case_id, _), m in zip(batch, vectors):
            matrices[case_id] = m
        kept.add([c for c, _ in batch], [n for _, n in batch], np.concatenate(vectors))
        assert all(c in kept for c, _ in batch) and "z" not in kept
        query = rng.normal(size=8).astype(np.float32)
        asked = list(matrices)[::-1]  # any order
        got, best = kept.cosines(asked, query)
        for case_id, top in zip(asked, best):
            m = matrices[case_id]
            assert got[case_id].shape == (len(m),)
            assert np.allclose(got[case_id], m @ query, atol=1e-5)
            assert top == (-np.inf if not len(m) else pytest.approx(float(np.max(m @ query)), abs=1e-5))
