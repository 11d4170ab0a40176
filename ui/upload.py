"""Sidebar "Add documents": uploads saved under ``<store>/uploads/`` and ingested in the
background (``ui.ingest_job``) with the same pipeline as the CLI.

While a run goes on, every session sees it (per-file progress, rate, time left) and can
keep asking; the session that started it, or anyone, can cancel it. When it ends the page
reruns, so new documents and cases show at once; files that were not added are removed
and listed as errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from ingest.readers import SUPPORTED_SUFFIXES
from ui import ingest_job, render

UPLOAD_FOLDER = ingest_job.UPLOAD_FOLDER
_KEY = "uploader_generation"  # bumped after starting a run so the uploader clears itself
_MINE = "ingest_mine"  # runs this session started: their outcome is shown here


@dataclass
class UploadOutcome:
    saved: list[Path] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)


def save_uploads(files: list[tuple[str, bytes]], folder: Path) -> UploadOutcome:
    """Write (name, bytes) pairs into ``folder``; a name that could escape it or that is
    given twice is refused with a reason instead."""
    folder.mkdir(parents=True, exist_ok=True)
    outcome, names = UploadOutcome(), set()
    for name, data in files:
        safe = Path(name.replace("\\", "/")).name  # browsers send bare names; never trust a path
        if not safe or safe.startswith(".") or safe != name:
            outcome.errors.append((name, "not a plain file name"))
        elif safe in names:
            outcome.errors.append((name, "two uploaded files have this name; upload one at a time"))
        else:
            names.add(safe)
            path = folder / safe
            path.write_bytes(data)
            outcome.saved.append(path)
    return outcome


def jobs(settings) -> ingest_job.IngestJobs:
    """The server's one background-ingest manager for this store."""
    return ingest_job.for_store(settings)


def render_uploads(settings) -> None:
    manager = jobs(settings)
    if manager.running():
        _progress(manager)
    else:
        _uploader(settings, manager)
        _result(manager)


def _uploader(settings, manager) -> None:
    generation = st.session_state.setdefault(_KEY, 0)
    files = st.file_uploader(
        "Add documents",
        type=sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES),
        accept_multiple_files=True,
        key=f"uploader-{generation}",
        help="Added to the shared index in the background, with the same pipeline as `python -m ingest`.",
    )
    if not files or not st.button(f"Ingest {len(files)} file(s)", key="ingest-uploads"):
        return
    saved = save_uploads([(f.name, f.getvalue()) for f in files], Path(settings.store_dir) / UPLOAD_FOLDER)
    st.session_state["upload_refused"] = saved.errors
    if saved.saved:
        try:
            job = manager.start(saved.saved)
            st.session_state.setdefault(_MINE, []).append(job)
        except ingest_job.Busy as busy:
            st.session_state["upload_refused"] = saved.errors + [(p.name, str(busy)) for p in saved.saved]
    st.session_state[_KEY] = generation + 1
    st.rerun()


@st.fragment(run_every=1.0)
def _progress(manager) -> None:
    """Redrawn every second on its own; the whole page reruns once the run ends."""
    status = manager.status() or {}
    if status.get("state") not in ("starting", "running", "cancelling"):
        st.rerun(scope="app")
    cancelling = status.get("state") == "cancelling"
    st.markdown("**Cancelling…**" if cancelling else "**Adding documents**")
    for line in ingest_job.file_lines(status):
        st.progress(line.fraction, text=render.label(f"{line.name}: {line.text}"))
    rate, left = ingest_job.rate_and_left(status)
    if cancelling:  # shown from the click on (the child may take two seconds more to end)
        st.caption("Stopping the ingest; files not yet added are removed.")
    elif rate is not None and left is not None:
        st.caption(f"{rate:,.1f} passages a second; {ingest_job.duration(left)} left. You can keep asking meanwhile.")
    else:
        st.caption("Starting: loading the model and reading the files. You can keep asking meanwhile.")
    st.button("Cancel", key="ingest-cancel", on_click=manager.cancel, disabled=cancelling,
              help="Stop within seconds; files not yet added are removed.")  # fmt: skip


def _result(manager) -> None:
    """The last run's outcome, in the session that started it; the refused names too."""
    refused = st.session_state.get("upload_refused") or []
    status = manager.status()
    mine = status is not None and status.get("job") in st.session_state.get(_MINE, [])
    if mine:
        kind, text = ingest_job.outcome(status)
        getattr(st, kind)(text)
        failed = [line for line in ingest_job.file_lines(status) if line.failed]
        refused = refused + [(line.name, line.text) for line in failed]
    if refused:
        if not mine:
            st.error(f"{len(refused)} file(s) not added.")
        st.html(render.block("<br>".join(f"{render.escape(n)}: {render.escape(r)}" for n, r in refused), "scr-text scr-weak"))
