"""The ONNX backends: exported from the bundled model, cached, and close to the torch vectors."""

from __future__ import annotations

import numpy as np
import pytest

from settings import Settings
from vectorstore.onnx_embedder import OnnxEncoder, exported_graph

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # exports and quantises the model

SENTENCES = [
    "The mother's partner was a registered sex offender.",
    "Child B suffered a fractured skull after an assault by his father.",
    "Health visitors gave safe sleeping advice that was not followed.",
    "Records were incomplete, so later workers could not see the history of concern.",
    "short",
]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def torch_embeddings():
    """The reference: the PyTorch model, whatever the default backend is."""
    from vectorstore.embeddings import load_embeddings

    return load_embeddings(Settings(_env_file=None, embed_backend="torch"))


# int8: the worst cosine to torch measured by bench/embedding_backends.py is 0.9723 (docs/BENCHMARKS.md);
# int8 kernels differ by CPU, and "short" gave 0.9797 on one machine.
@pytest.mark.parametrize("quantized, floor", [(False, 0.9999), (True, 0.97)])
def test_vectors_match_torch(torch_embeddings, cache_dir, quantized, floor):
    model_path = Settings(_env_file=None).resolved_model_path()
    encoder = OnnxEncoder(model_path, 256, cache_dir, quantized=quantized)
    got = encoder.encode(SENTENCES, batch_size=2)  # several batches, padded differently
    want = torch_embeddings.encode(SENTENCES)
    assert got.shape == want.shape and got.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cosine = (got * want).sum(axis=1)
    assert cosine.min() > floor, cosine


def test_export_is_cached_and_reused(cache_dir, monkeypatch):
    model_path = Settings(_env_file=None).resolved_model_path()
    graph = exported_graph(model_path, cache_dir, quantized=True)
    before = {p: p.stat().st_mtime_ns for p in graph.parent.iterdir()}
    assert {p.name for p in before} == {"model.onnx", "model-int8.onnx"}

    import vectorstore.onnx_embedder as module

    def refuse(*_):
        raise AssertionError("exported again despite the cache")

    monkeypatch.setattr(module, "_export_fp32", refuse)
    monkeypatch.setattr(module, "_quantise", refuse)
    assert exported_graph(model_path, cache_dir, quantized=True) == graph
    assert exported_graph(model_path, cache_dir, quantized=False) == graph.parent / "model.onnx"
    assert {p: p.stat().st_mtime_ns for p in graph.parent.iterdir()} == before


def test_long_text_is_truncated_like_the_model(torch_embeddings, cache_dir):
    model_path = Settings(_env_file=None).resolved_model_path()
    encoder = OnnxEncoder(model_path, 256, cache_dir, quantized=False)
    long_text = " ".join(["neglect and domestic abuse were not recognised by agencies"] * 80)  # > 256 pieces
    cosine = float(encoder.encode([long_text])[0] @ torch_embeddings.encode([long_text])[0])
    assert cosine > 0.9999


def test_local_embeddings_uses_the_onnx_backend(tmp_path):
    from vectorstore.embeddings import LocalEmbeddings

    settings = Settings(_env_file=None, embed_backend="onnx-int8", onnx_cache_dir=tmp_path / "cache")
    model = LocalEmbeddings(settings)
    assert isinstance(model.model, OnnxEncoder)
    assert model.dimension == 384
    assert len(model.embed_query("Which cases involved co-sleeping?")) == 384
    assert (tmp_path / "cache").is_dir() and any((tmp_path / "cache").rglob("model-int8.onnx"))


def test_idle_threads_do_not_spin(cache_dir):
    """Spinning intra-op threads hold the cores numpy's search needs right after a question
    is embedded (a first fact question at 100k passages: 97 ms with, 61 without)."""
    model_path = Settings(_env_file=None).resolved_model_path()
    encoder = OnnxEncoder(model_path, 256, cache_dir, quantized=True)
    options = encoder.session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_one_call_of_mixed_lengths_is_split_and_keeps_the_vectors(torch_embeddings, cache_dir):
    """A question's few candidate sentences, short and long, go to the model in batches of
    like length (fewer padded tokens), and each vector is still the text's own."""
    model_path = Settings(_env_file=None).resolved_model_path()
    encoder = OnnxEncoder(model_path, 256, cache_dir, quantized=False)
    texts = ["Neglect.", "The baby died.", " ".join(["The health visitor did not visit the family home again"] * 12)]
    texts = texts + [t + " It was noted." for t in texts]
    calls = []
    real_run = encoder.session.run

    class Counting:
        def run(self, names, feed):
            calls.append(feed["input_ids"].shape)
            return real_run(names, feed)

    encoder.session = Counting()
    got = encoder.encode(texts, batch_size=32)
    assert len(calls) >= 2  # the long texts apart from the short ones
    assert sum(rows * width for rows, width in calls) < len(texts) * max(width for _, width in calls)
    cosine = (got * torch_embeddings.encode(texts)).sum(axis=1)
    assert cosine.min() > 0.9999, cosine
