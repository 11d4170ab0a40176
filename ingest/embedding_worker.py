"""The embedding model, run on a worker thread so ingest does its other work meanwhile.

The model is the slow step (~90 passages/s on two cores, torch). Reading the next files,
chunking them, and writing the previous group to the store took another ~3 ms per
passage when done in turn; on this thread they overlap the forward pass, which runs in
native code without the GIL. Groups are embedded in the order they were submitted.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
from tqdm import tqdm

from ingest.progress import progress_bar


class EmbeddingWorker:
    """``submit(texts)`` returns at once; ``future.result()`` is their vectors, in order.

    Used as a context manager: leaving it (also on error) drops groups not yet started and
    waits for the one in the model, so no thread outlives the ingest.
    """

    def __init__(self, load_model: Callable[[], Callable[[list[str]], np.ndarray]], progress: bool):
        self._load_model = load_model  # called on the first group, on the worker: nothing to embed, no model
        self._embed: Callable[[list[str]], np.ndarray] | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedding")
        self._progress = progress
        self._bar: tqdm | None = None  # shown from the first group on: "embedding" means the model is at work

    def submit(self, texts: list[str]) -> Future:
        if self._bar is None:
            self._bar = progress_bar(total=0, desc="embedding", unit="passage", disable=not self._progress, leave=False)
        self._bar.total += len(texts)
        self._bar.refresh()
        return self._pool.submit(self._run, texts)

    def _run(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        if self._embed is None:
            self._embed = self._load_model()
        vectors = np.asarray(self._embed(texts), dtype=np.float32)
        if len(vectors) != len(texts):
            raise RuntimeError(f"the model returned {len(vectors)} vectors for {len(texts)} passages")
        if self._bar is not None:
            self._bar.update(len(texts))
        return vectors

    def __enter__(self) -> EmbeddingWorker:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._bar is not None:
            self._bar.close()
