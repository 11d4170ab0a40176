"""A text repeated in one call is embedded once, and every copy gets its vector."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.integration


def test_a_repeated_text_is_embedded_once(embeddings):
    boilerplate = "The panel thanks the family for their contribution to this review."
    texts = [boilerplate, "The baby was found unresponsive on the sofa.", boilerplate, boilerplate]
    before = embeddings.calls
    vectors = embeddings.encode(texts)
    assert embeddings.calls - before == 2
    assert vectors.shape == (4, embeddings.dimension)
    assert np.array_equal(vectors[0], vectors[2]) and np.array_equal(vectors[0], vectors[3])
    alone = embeddings.encode([texts[1]])[0]
    assert float(vectors[1] @ alone) > 0.99  # each copy in its own place, the others too
    assert float(vectors[0] @ alone) < 0.9
