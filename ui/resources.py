"""The model and the stores, loaded once per server process and shared by every session.

``Assistant`` serialises index refreshes and model calls with its own locks, so one
instance can serve Streamlit's session threads; it notices a finished ingest (from the CLI
or the uploader) by the store's fingerprint, so it never needs reloading here.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from settings import Settings

log = logging.getLogger(__name__)


def current_settings() -> Settings:
    # Read the environment on each run (cheap) rather than get_settings()'s process-wide
    # cache: one test process runs the app against several stores via SCR_STORE_DIR.
    return Settings()


@st.cache_resource(show_spinner="Loading the model and the index…")
def _load(key: str, _settings: Settings):
    import threading

    from assistant.service import Assistant  # heavy imports (torch, Chroma): once per server

    assistant = Assistant(_settings)
    # The first list question would otherwise read every case and embed its rows (a minute
    # at 100k passages): done in the background while the first page is read.
    threading.Thread(target=_prepare, args=(assistant,), daemon=True, name="prepare-case-answers").start()
    return assistant


def _prepare(assistant) -> None:
    try:
        assistant.prepare_case_answers()
    except Exception as error:  # noqa: BLE001 - a damaged store is shown by the page; the first question pays instead
        log.warning("could not prepare case answers in the background: %s", error)


def get_assistant(settings: Settings):
    """The shared assistant for these settings (one per distinct configuration)."""
    return _load(settings.model_dump_json(), settings)


@st.cache_resource(show_spinner=False)
def _workspace(path: str):
    from ui.workspace_db import WorkspaceDB

    return WorkspaceDB(Path(path))


def get_workspace(settings: Settings):
    """Saved conversations and briefings, beside the index in the store folder."""
    from ui.workspace_db import FILE_NAME

    return _workspace(str(settings.workspace_path or settings.store_dir / FILE_NAME))
