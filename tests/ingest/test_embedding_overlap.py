"""Ingest runs the model on a worker thread: while it embeds one group of passages, this
thread writes the group before and reads the next files. With the real model and a real
store: every stored vector is its own passage's (no group paired with another's vectors),
the model really ran while a write did, and a model failing mid-ingest leaves the
documents already written complete, with no thread left behind."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from ingest.pipeline import ingest
from tests.store_checks import assert_complete, consistent_state, write_corpus
from vectorstore.store import CorpusStore

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # ingests of generated corpora

# ~12 passages per document at 64 word pieces: groups of 20 passages are two documents each.
SMALL_GROUPS = {"chunk_max_tokens": 64, "embed_group_passages": 20}


def test_every_stored_vector_is_the_model_vector_of_its_own_passage(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    write_corpus(docs, 12, paragraphs=12)
    settings = settings.model_copy(update=SMALL_GROUPS)
    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert report.exit_code == 0 and len(report.added) == 12

    store = CorpusStore(settings)
    got = store.passages.get(include=["embeddings"])
    stored = np.asarray(got["embeddings"], dtype=np.float32)
    text = {p.id: p.embed_text for p in store.iter_passages()}  # rebuilt from the documents' text
    expected = embeddings.encode([text[i] for i in got["ids"]])
    assert len(stored) == report.embedded > 100
    similarity = stored @ expected.T
    # Each row matches its own passage (torch gives the same vector whatever the batch) and
    # no other passage as well: a shifted group would match a neighbour instead.
    assert np.all(np.diag(similarity) > 0.9999)
    assert np.all(similarity.argmax(axis=1) == np.arange(len(stored)))


def test_the_model_embeds_while_the_previous_group_is_written(tmp_path, settings, embeddings, monkeypatch):
    docs = tmp_path / "docs"
    write_corpus(docs, 12, paragraphs=12)
    settings = settings.model_copy(update=SMALL_GROUPS)
    spans: dict[str, list[tuple[float, float]]] = {"embed": [], "write": []}
    threads: set[str] = set()

    def embed(texts):
        start = time.perf_counter()
        threads.add(threading.current_thread().name)
        vectors = embeddings.encode(texts)
        spans["embed"].append((start, time.perf_counter()))
        return vectors

    real_add = CorpusStore.add_documents

    def add_documents(self, items):
        start = time.perf_counter()
        real_add(self, items)
        spans["write"].append((start, time.perf_counter()))

    monkeypatch.setattr(CorpusStore, "add_documents", add_documents)
    ingest([docs], settings, progress=False, embed=embed)

    assert len(spans["embed"]) >= 5 and len(spans["write"]) == len(spans["embed"])
    assert threading.main_thread().name not in threads
    overlapped = [w for w in spans["write"] if any(e0 < w[1] and w[0] < e1 for e0, e1 in spans["embed"])]
    assert overlapped, "every write waited for the model to stop: nothing ran alongside it"


def test_a_model_failing_mid_ingest_keeps_the_documents_written_before(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    paths = write_corpus(docs, 12, paragraphs=12)
    settings = settings.model_copy(update=SMALL_GROUPS)
    calls = 0

    def failing(texts):
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("the model ran out of memory")
        return embeddings.encode(texts)

    with pytest.raises(RuntimeError, match="ran out of memory"):
        ingest([docs], settings, progress=False, embed=failing)
    assert not [t for t in threading.enumerate() if t.name.startswith("embedding")], "the model's thread outlived the ingest"
    records, _, orphans = consistent_state(settings)
    assert orphans == [] and 0 < len(records) < len(paths)  # the groups before the failing one

    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert len(report.unchanged) == len(records) and len(report.added) == len(paths) - len(records)
    assert_complete(settings, paths)


def test_the_first_group_is_small_so_the_model_starts_soon(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    write_corpus(docs, 12, paragraphs=12)
    settings = settings.model_copy(update={"chunk_max_tokens": 64})  # default groups: 1,024 passages
    sizes: list[int] = []

    def embed(texts):
        sizes.append(len(texts))
        return embeddings.encode(texts)

    report = ingest([docs], settings, progress=False, embed=embed)
    per_document = report.embedded / 12
    assert report.embedded > 128 + per_document  # enough for a second group
    assert 128 <= sizes[0] < 128 + per_document and sum(sizes) == report.embedded and len(sizes) == 2
