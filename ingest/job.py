"""An ingest run as a separate process for the web app: ``python -m ingest.job STATUS FILE…``.

A process of its own so the app never waits for the model (other users keep asking), a
cancel is a signal that stops it within a batch, and its progress is a small JSON file
the app polls: per file, passages to embed and embedded so far. SIGTERM (a cancel, or
the app's server stopping) ends it at the next batch; files that were not stored by then
are deleted and reported as cancelled, so the uploads folder holds only indexed files.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from ingest.file_names import path_of, stored_name

BATCH = 32  # passages per model call: progress moves (and a cancel lands) at least this often


class Cancelled(Exception):
    pass


def read_status(path: Path) -> dict | None:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


def write_status(path: Path, status: dict) -> None:
    tmp = Path(f"{path}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(status))
    os.replace(tmp, path)  # the app reads the old status or the new one, never half


class Progress:
    """Per-file progress, written at most twice a second (and on every change of state).
    The model's thread and the reading thread both report: one lock keeps writes whole."""

    def __init__(self, path: Path, files: list[Path], job: str = ""):
        self.path = path
        self.lock = threading.Lock()
        self.cancelled = False
        self.status: dict[str, Any] = {
            "state": "running", "job": job, "pid": os.getpid(), "started": time.time(), "updated": time.time(),
            "embedded": 0, "embedding_since": None,
            "files": [{"name": f.name, "source": stored_name(f.resolve()), "bytes": f.stat().st_size, "passages": None,
                       "embedded": 0, "state": "waiting", "reason": ""} for f in files],
        }  # fmt: skip
        self._by_source = {f["source"]: f for f in self.status["files"]}
        self._queue: list[dict] = []  # prepared files, in the order the model embeds them
        self._written = 0.0
        self.save(force=True)

    def event(self, kind: str, source: str, n: int) -> None:
        with self.lock:
            self._event(kind, source, n)

    def _event(self, kind: str, source: str, n: int) -> None:
        entry = self._by_source.get(source)
        if entry is None:
            return
        if kind == "prepared":
            entry["passages"], entry["state"] = n, "embedding" if n else "storing"
            self._queue.append(entry)
        elif kind == "written":
            entry["embedded"], entry["state"] = entry["passages"] or 0, "added"
        self.save(force=True)

    def embedded(self, n: int) -> None:
        """``n`` more passages embedded: credited to the files in the order they were read."""
        with self.lock:
            self._embedded(n)

    def _embedded(self, n: int) -> None:
        if self.status["embedding_since"] is None:
            self.status["embedding_since"] = time.time() - 0.001
        self.status["embedded"] += n
        for entry in self._queue:
            room = (entry["passages"] or 0) - entry["embedded"]
            if room <= 0:
                continue
            taken = min(room, n)
            entry["embedded"] += taken
            n -= taken
            if n == 0:
                break
        self.save()

    def save(self, force: bool = False) -> None:
        now = time.time()
        if force or now - self._written >= 0.5:
            self.status["updated"] = now
            write_status(self.path, self.status)
            self._written = now

    def finish(self, state: str, report=None, stored: set[str] | None = None, error: str = "") -> None:
        failed = {}
        if report is not None:
            failed = {p: r for p, r in report.failed + report.skipped}
        for entry in self.status["files"]:
            source = entry["source"]
            if source in failed and "same content as" not in failed[source]:
                entry["state"], entry["reason"] = "failed", failed[source]
            elif report is not None and source in report.unchanged:
                entry["state"] = "unchanged"
            elif stored is not None and source in stored:
                entry["state"] = "added"
            elif state == "cancelled":
                entry["state"] = "cancelled"
            elif error:
                entry["state"], entry["reason"] = "failed", error
            if entry["state"] in ("failed", "cancelled"):
                path_of(source).unlink(missing_ok=True)  # only indexed files stay in the uploads folder
        self.status.update(state=state, error=error, cases=getattr(report, "cases", None))
        self.save(force=True)


def stored_sources(settings) -> set[str]:
    from vectorstore.store import CorpusStore

    store = CorpusStore(settings)
    store.reopen()
    return {r.source for r in store.document_records().values()}


def run(status_path: Path, files: list[Path], settings, job: str = "") -> dict:
    import numpy as np

    from ingest.pipeline import ingest
    from vectorstore.embeddings import load_embeddings

    progress = Progress(status_path, files, job)

    def cancel(signum, frame):
        progress.cancelled = True  # the model's thread stops at its next batch
        raise Cancelled()

    signal.signal(signal.SIGTERM, cancel)
    try:
        encode = load_embeddings(settings).encode

        def embed(texts: list[str]) -> np.ndarray:
            parts = []
            for i in range(0, len(texts), BATCH):
                if progress.cancelled:
                    raise Cancelled()
                parts.append(np.asarray(encode(texts[i : i + BATCH]), dtype=np.float32))
                progress.embedded(len(texts[i : i + BATCH]))
            return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)

        report = ingest(files, settings, progress=False, embed=embed, on_event=progress.event)
        progress.finish("done", report)
    except Cancelled:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the clean-up below must not be cut short
        progress.finish("cancelled", stored=stored_sources(settings))
    except Exception as error:  # noqa: BLE001 - reported to the app, which shows it against the files
        progress.finish("failed", stored=stored_sources(settings), error=f"{type(error).__name__}: {error}")
    return progress.status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.job", description=__doc__.splitlines()[0])
    parser.add_argument("status", type=Path)
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--job", default="", help="an id the app gives the run, echoed in the status")
    args = parser.parse_args(argv)
    from settings import Settings

    status = run(args.status, args.files, Settings(store_dir=args.store), args.job)
    if status["state"] == "cancelled":
        # Its outcome is written and nothing is left to save (a kill here would be safe too),
        # and the page waits for the process to end: skip the 1.5-2.6 s of tearing down torch
        # and Chroma, which would run into the app's kill two seconds after the cancel.
        sys.stdout.flush()
        os._exit(1)
    return 0 if status["state"] == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
