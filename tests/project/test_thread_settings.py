"""OpenBLAS reads OPENBLAS_THREAD_TIMEOUT once, when numpy first loads: each entry point
must have set it (settings.py) before anything imports numpy, or numpy's idle threads
busy-wait on the cores the embedding model needs next."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.procs import ROOT, child_env

pytestmark = pytest.mark.integration

# Records the variable as it is when numpy starts to load, whether the entry point loads it
# on import or only later, when it runs.
_PROBE = """
import importlib, importlib.abc, os, sys
seen = []
class Probe(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "numpy" and not seen:
            seen.append(os.environ.get("OPENBLAS_THREAD_TIMEOUT"))
        return None
sys.meta_path.insert(0, Probe())
importlib.import_module(sys.argv[1])
import numpy  # loaded here if the entry point loads it only when it runs
print(seen[0])
"""


@pytest.mark.parametrize("module", ["assistant.__main__", "ingest.__main__", "bench.stages"])
def test_entry_point_sets_the_blas_timeout_before_numpy_loads(module):
    env = child_env()
    env.pop("OPENBLAS_THREAD_TIMEOUT", None)
    done = subprocess.run([sys.executable, "-c", _PROBE, module], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "4"


def test_the_app_launcher_sets_it_too():
    # Streamlit imports numpy before it runs ui/app.py, so bin/demo exports the default.
    assert 'export OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"' in (ROOT / "bin" / "demo").read_text()
