"""The model in its own process (what `python -m ingest` uses): the same vectors as the
model in-process, started only when there is something to embed, its failures named in
the parent, and never outliving a parent that was killed."""

from __future__ import annotations

import os
import signal
import time

import numpy as np
import pytest

from ingest.model_process import ModelProcess
from tests.procs import OutputTail, child_env, children, start, stored_rows, wait_for
from tests.store_checks import write_corpus

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TEXTS = ["Child T was a 15 month old girl who died.", "The review found no single agency held the full picture."]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet reaped) counts as gone
        return open(f"/proc/{pid}/stat").read().split(") ")[1][0] != "Z"
    except OSError:
        return False


def test_vectors_equal_the_in_process_model_and_the_child_starts_on_first_use(settings, embeddings):
    with ModelProcess(settings) as model:
        assert model.pid is None  # constructing it loads nothing
        vectors = model.encode(TEXTS)
        pid = model.pid
        assert pid is not None and pid != os.getpid() and alive(pid)
        assert model.peak_rss_mb() > 100  # the model is there, not here
    np.testing.assert_allclose(vectors, embeddings.encode(TEXTS), atol=1e-5)
    assert vectors.dtype == np.float32 and vectors.shape == (2, embeddings.dimension)
    wait_for(lambda: not alive(pid), 10, "the model's process to end after close()")


def test_a_model_that_cannot_load_is_named_in_the_parent(settings, tmp_path):
    broken = settings.model_copy(update={"model_path": tmp_path / "no-model-here"})
    with ModelProcess(broken) as model, pytest.raises(RuntimeError, match="the embedding model failed: .*no-model-here"):
        model.encode(TEXTS)


def test_a_model_process_that_dies_is_an_error_not_a_hang(settings):
    with ModelProcess(settings) as model:
        model.encode(TEXTS[:1])
        os.kill(model.pid, signal.SIGKILL)  # as the kernel's OOM killer would
        with pytest.raises(RuntimeError, match="ended unexpectedly"):
            model.encode(TEXTS)


PARENT = """
import sys, time
from settings import Settings
from ingest.model_process import ModelProcess

model = ModelProcess(Settings(_env_file=None))
model.encode(["warm-up"])
print(model.pid, flush=True)
time.sleep(600)
"""


def test_the_model_process_ends_when_its_parent_is_killed():
    parent = start(["-c", PARENT], env=child_env())
    line = parent.stdout.readline()
    assert line.strip().isdigit(), parent.stderr.read() if parent.poll() is not None else line
    pid = int(line)
    assert alive(pid)
    parent.send_signal(signal.SIGKILL)  # no clean-up code runs in the parent
    parent.wait(timeout=30)
    started = time.monotonic()
    wait_for(lambda: not alive(pid), 30, "the orphaned model process to end")
    print(f"model process ended {time.monotonic() - started:.2f} s after its parent was killed")


def test_a_killed_ingest_leaves_no_model_process_behind(tmp_path):
    """SIGKILL of `python -m ingest` while the model embeds a large group: the model's
    process (and any other child) is gone within 2 s, not when the group is done."""
    docs = tmp_path / "docs"
    write_corpus(docs, 40, paragraphs=25)  # small passages, one large second group: ~10 s of embedding
    store = tmp_path / "store"
    env = child_env(SCR_STORE_DIR=str(store), SCR_CHUNK_MAX_TOKENS="64", SCR_EMBED_GROUP_PASSAGES="4000")
    ingest = start(["-m", "ingest", str(docs)], env=env, text=False)
    tail = OutputTail(ingest.stderr)
    # The first (small) group written: the model is now at work on the large one.
    wait_for(lambda: stored_rows(store, "scr-documents") >= 1, 600, "the first group to be written", ingest)
    time.sleep(0.5)
    helpers = children(ingest.pid)
    assert helpers, tail.text()
    assert any(alive(pid) for pid in helpers)
    ingest.send_signal(signal.SIGKILL)
    ingest.wait(timeout=30)
    wait_for(lambda: not any(alive(pid) for pid in helpers), 2, "the ingest's children to end")
    assert stored_rows(store, "scr-documents") < 40, "the ingest finished before it was killed: nothing tested"
