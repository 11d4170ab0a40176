"""The sidebar: which view, corpus status, filters (documents, themes), adding documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from ui import upload
from ui.caseindex import case_count, themes

VIEWS = ("Ask", "Themes", "Briefing")


@dataclass
class Filters:
    view: str
    sources: list[str] = field(default_factory=list)  # document paths; empty: all documents
    themes: list[str] = field(default_factory=list)  # theme keys; empty: all themes


def render_sidebar(assistant, settings) -> Filters:
    with st.sidebar:
        view = st.radio("View", VIEWS, key="view", horizontal=True)
        _status(assistant, settings)
        documents = {r.source: r for r in assistant.documents.values()}
        sources = st.multiselect(
            "Only these documents",
            sorted(documents, key=lambda s: documents[s].title.lower()),
            format_func=lambda s: f"{documents[s].title} ({Path(s).name})" if s in documents else Path(s).name,
            key="filter-documents",
            placeholder="All documents",
        )
        known_themes = {t.key: t.name for t in themes(assistant)}
        chosen_themes = []
        if known_themes:
            chosen_themes = st.multiselect(
                "Only cases with these themes",
                list(known_themes),
                format_func=lambda k: known_themes.get(k, k),
                key="filter-themes",
                placeholder="All themes",
            )
        st.divider()
        upload.render_uploader(settings)
        upload.render_result()
    # A filter can name a document that has since left the index: drop it silently.
    return Filters(view, [s for s in sources if s in documents], chosen_themes)


def _status(assistant, settings) -> None:
    status = assistant.status()
    cases = case_count(assistant, status)
    cols = st.columns(3)
    cols[0].metric("Documents", status["documents"])
    cols[1].metric("Passages", status["passages"])
    cols[2].metric("Cases", "–" if cases is None else cases)
    st.caption(f"Last ingest: {status['last_ingest'] or 'never'}")
    if settings.chroma_mode == "embedded":  # where `python -m ingest` must write for this app to see it
        st.caption(f"Store: `{settings.store_dir}`")
