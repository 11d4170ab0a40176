"""The embedding model in a child process of its own, for bulk ingest (`python -m ingest`).

On a thread of the ingest's own process the model shares the GIL with the rest of the
ingest, and Chroma's upsert holds the GIL for its whole call (measured: a Python thread
stood still for almost all of a 1,000-passage upsert's 0.5-0.7 s), so the model stopped for
every write. In its own process it shares only the CPU. On the 10k benchmark the two
measured within the machine's noise (share of raw encode 0.786 on a thread, 0.792 in a
process, one run each); the stall grows with the corpus, as Chroma's writes get dearer.

The child loads the model on the first ``encode`` (an ingest with nothing new loads none)
and ends with ``close()`` or when its parent dies. Its end of the pipe reads EOF then, but
only once the group it is embedding is done (45-60 s at ~600 MB, measured after a SIGKILL of
the ingest); so the child also asks the kernel for SIGKILL when its parent dies
(``PR_SET_PDEATHSIG``, Linux) and watches its parent's pid on a thread of its own, and is
gone within a second.
The Streamlit app keeps the model it already holds for questions and ingests uploads with
that one (see ``ui/upload.py``).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from typing import Any

import numpy as np

from ingest.memory import process_memory_mb, release_freed_memory
from settings import Settings


class ModelProcess:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._process: Any = None
        self._conn: Any = None
        self._lock = threading.Lock()  # one request on the pipe at a time

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """L2-normalised vectors, as ``LocalEmbeddings.encode`` gives them in-process."""
        with self._lock:
            if self._process is None:
                self._start()
            try:
                self._conn.send((list(texts), batch_size))
                status, payload = self._conn.recv()
            except (EOFError, OSError):
                self._process.join(timeout=5)
                raise RuntimeError(
                    f"the embedding model's process ended unexpectedly (exit code {self._process.exitcode})"
                ) from None
        if status != "ok":
            raise RuntimeError(f"the embedding model failed: {payload}")
        return payload

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def peak_rss_mb(self) -> float:
        """The child's peak resident memory so far (0 if it never started)."""
        if self._process is None or not self._process.is_alive():
            return 0.0
        return process_memory_mb(self._process.pid, "VmHWM") or 0.0

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")  # fork would copy this process's threads and locks
        parent, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, self.settings, os.getpid(), threading.current_thread() is threading.main_thread()),
            name="scr-embedding-model", daemon=True,
        )
        self._process.start()
        child.close()  # only the child holds its end: the parent's death is an EOF there
        self._conn = parent

    def close(self) -> None:
        if self._process is None:
            return
        self._conn.close()  # the child reads EOF and returns
        self._process.join(timeout=30)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        self._process = None

    def __enter__(self) -> ModelProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_INTERVAL_S = 0.2


def _end_with_parent(parent: int, started_on_main_thread: bool) -> None:
    """Make this child end as soon as ``parent`` dies, even in the middle of a group.

    The kernel's parent-death signal follows the *thread* that started the child, so it is
    asked for only when that was the parent's main thread (an ingest starts the model from
    its embedding thread, which ends before the ingest does). The watchdog thread covers
    every case and other systems: a dead parent's child is re-parented, so its parent pid
    changes; the model's native code releases the GIL, so the thread runs meanwhile."""
    if started_on_main_thread and sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl here: the watchdog alone

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_INTERVAL_S)
        os._exit(1)  # no clean-up: the parent, which would want any, is gone

    if os.getppid() != parent:  # died before any of this was in place
        os._exit(1)
    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _serve(conn, settings: Settings, parent: int | None = None, started_on_main_thread: bool = False) -> None:
    """The child: load the model once, then answer each request until the pipe closes."""
    if parent is not None:
        _end_with_parent(parent, started_on_main_thread)
    from vectorstore.embeddings import load_embeddings

    model = None
    while True:
        try:
            texts, batch_size = conn.recv()
        except (EOFError, OSError):
            return
        try:
            model = model or load_embeddings(settings)
            reply: tuple[str, Any] = ("ok", model.encode(texts, batch_size=batch_size))
            release_freed_memory()  # batches of many padded shapes leave freed memory in the heap
        except Exception as error:  # sent back: the parent names it in its own error
            reply = ("error", f"{type(error).__name__}: {error}")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
