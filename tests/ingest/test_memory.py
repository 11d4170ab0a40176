"""Giving freed memory back (``release_freed_memory``, used after each embedding group) and
reading a process's memory figures (``process_memory_mb``, used by the model's process and
the benchmarks), on this real process. Run in a child so the test suite's heap is not
measured."""

from __future__ import annotations

import pytest

from tests.procs import run

pytestmark = pytest.mark.integration

CHECK = """
import gc
from ingest.memory import process_memory_mb, release_freed_memory

start = process_memory_mb()
blocks = [bytes(2000) for _ in range(150_000)]  # ~300 MB of malloc'd blocks
allocated = process_memory_mb()
keep = blocks[::50]  # one block in 50 stays: the heap is left full of holes glibc keeps
del blocks
gc.collect()
freed = process_memory_mb()
release_freed_memory()
trimmed = process_memory_mb()
print(start, allocated, freed, trimmed, process_memory_mb("self", "VmHWM"), process_memory_mb(2**22 + 12345))
"""


def test_freed_memory_goes_back_to_the_system_and_figures_are_read_from_proc():
    result = run(["-c", CHECK])
    assert result.returncode == 0, result.stderr
    start, allocated, freed, trimmed, peak, gone = result.stdout.split()
    start, allocated, freed, trimmed, peak = map(float, (start, allocated, freed, trimmed, peak))
    assert allocated - start > 250  # the figure follows what the process holds
    assert freed > allocated - 50  # without a trim, glibc keeps the holes
    assert trimmed < freed - 200  # with it, they go back
    # VmHWM is the peak, not the current figure (the kernel updates it lazily: within 1 MB).
    assert peak >= allocated - 1 and peak > trimmed + 200
    assert gone == "None"  # no such process
