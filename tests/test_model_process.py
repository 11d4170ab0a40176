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
from tests.procs import child_env, start, wait_for

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
