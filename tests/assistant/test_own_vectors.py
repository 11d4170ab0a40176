"""The kept vectors of cases read by their rows (assistant/own_vectors.py): cosines read
from one stacked matrix equal a product per case, however the cases were added and
whether every case is asked for or a few (whose rows alone are read)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.own_vectors import OwnVectors

pytestmark = pytest.mark.unit


def test_cosines_per_case_equal_a_product_per_case():
    rng = np.random.default_rng(3)
    kept = OwnVectors(8)
    matrices = {}
    for batch in ([(0, 3), (1, 0), (5, 2)], [(2, 4)], [(7, 1), (3, 5)]):
        vectors = [rng.normal(size=(n, 8)).astype(np.float32) for _, n in batch]
        for (number, _), m in zip(batch, vectors):
            matrices[number] = m
        assert list(kept.missing(np.array([n for n, _ in batch]))) == [n for n, _ in batch]
        kept.add(np.array([c for c, _ in batch]), np.array([n for _, n in batch]), np.concatenate(vectors))
        assert not len(kept.missing(np.array([c for c, _ in batch]))) and list(kept.missing(np.array([6]))) == [6]
        assert not len(kept.missing(np.array(list(matrices))))
        query = rng.normal(size=8).astype(np.float32)
        every = list(matrices)[::-1]  # any order
        # Every case (one product over the matrix), or a few (their rows only), one twice.
        for asked in (np.array(every), np.array(every[:1]), np.array([every[-1], 1, every[-1]])):
            got, best = kept.cosines(asked, query)
            for number, top in zip(asked, best):
                m = matrices[int(number)]
                assert got.of(int(number)).shape == (len(m),)
                assert np.allclose(got.of(int(number)), m @ query, atol=1e-5)
                assert top == (-np.inf if not len(m) else pytest.approx(float(np.max(m @ query)), abs=1e-5))


def test_a_few_cases_of_many_are_read_from_their_rows_alone():
    """Asking for a few of many cases reads their rows only: the same cosines, each case's
    own, and none for a case not asked."""
    rng = np.random.default_rng(4)
    kept = OwnVectors(40)
    sizes = rng.integers(0, 6, size=40)
    matrices = [rng.normal(size=(int(n), 8)).astype(np.float32) for n in sizes]
    kept.add(np.arange(40), sizes, np.concatenate(matrices))
    query = rng.normal(size=8).astype(np.float32)
    asked = np.array([int(np.argmax(sizes)), 7, int(np.argmax(sizes))])
    got, best = kept.cosines(asked, query)
    for number, top in zip(asked.tolist(), best):
        m = matrices[number]
        np.testing.assert_allclose(got.of(number), m @ query, atol=1e-5)
        assert top == (-np.inf if not len(m) else pytest.approx(float(np.max(m @ query)), abs=1e-5))
    assert not len(got.of(next(n for n in range(40) if n not in asked and sizes[n])))
