"""Sidebar "Add documents": uploads go through the same ingest pipeline as the CLI.

Files are saved under ``<store>/uploads/`` (the store then keeps pointing at real files,
as for any ingested folder) and ingested one by one, so the progress bar moves per file
and each file's failure is shown against its name. Ingest is idempotent and locks the
store, so a repeated upload is "unchanged" and a concurrent ingest is refused plainly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from ingest.lock import IngestBusy
from ingest.pipeline import IngestReport, ingest
from ingest.readers import SUPPORTED_SUFFIXES
from ui import render

UPLOAD_FOLDER = "uploads"
_KEY = "uploader_generation"  # bumped after an ingest so the uploader clears itself


@dataclass
class UploadOutcome:
    saved: list[Path] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    reports: list[IngestReport] = field(default_factory=list)


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


def ingest_uploads(files: list[tuple[str, bytes]], settings, on_progress=None) -> UploadOutcome:
    outcome = save_uploads(files, settings.store_dir / UPLOAD_FOLDER)
    for i, path in enumerate(outcome.saved):
        if on_progress:
            on_progress(i, len(outcome.saved), path.name)
        try:
            report = ingest([path], settings, progress=False)
        except IngestBusy as busy:
            outcome.errors.append((path.name, str(busy)))
            continue
        outcome.reports.append(report)
        outcome.errors += [(Path(p).name, reason) for p, reason in report.failed + report.skipped]
    if on_progress:
        on_progress(len(outcome.saved), len(outcome.saved), "")
    return outcome


def render_uploader(settings) -> None:
    generation = st.session_state.setdefault(_KEY, 0)
    files = st.file_uploader(
        "Add documents",
        type=sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES),
        accept_multiple_files=True,
        key=f"uploader-{generation}",
        help="Ingested into the shared index with the same pipeline as `python -m ingest`.",
    )
    if not files or not st.button(f"Ingest {len(files)} file(s)", key="ingest-uploads"):
        return
    bar = st.progress(0.0, text="Ingesting…")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / max(total, 1), text=f"Ingesting {done + 1} of {total}" if name else "Done")

    outcome = ingest_uploads([(f.name, f.getvalue()) for f in files], settings, progress)
    added = sum(len(r.added) + len(r.updated) for r in outcome.reports)
    unchanged = sum(len(r.unchanged) for r in outcome.reports)
    st.session_state["upload_result"] = (added, unchanged, outcome.errors)
    st.session_state[_KEY] = generation + 1
    st.rerun()


def render_result() -> None:
    """The last ingest's outcome, kept across the rerun that cleared the uploader."""
    result = st.session_state.get("upload_result")
    if not result:
        return
    added, unchanged, errors = result
    st.success(f"Ingested: {added} new or changed, {unchanged} unchanged, {len(errors)} not ingested.")
    if errors:
        st.html(render.block("<br>".join(f"{render.escape(n)}: {render.escape(r)}" for n, r in errors), "scr-text scr-weak"))


def render_uploads(settings) -> None:
    render_uploader(settings)
    render_result()
