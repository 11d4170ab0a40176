"""The sidebar: saved conversations, what is loaded, filters (saying what they apply to),
adding documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from ui import upload, workspace
from ui.caseindex import case_count, themes
from ui.labels import readable_time

VIEWS = ("Home", "Cases", "Themes", "Briefing")


@dataclass
class Filters:
    view: str
    sources: list[str] = field(default_factory=list)  # document paths; empty: all documents
    themes: list[str] = field(default_factory=list)  # theme keys; empty: all themes


def render_sidebar(assistant, settings, db) -> tuple[list[str], list[str], object]:
    """Draws the sidebar; returns the chosen documents and themes, and the slot the list of
    conversations goes in (filled by ``render_conversations`` at the end of the run, so a
    conversation started in this run is listed at once)."""
    with st.sidebar:
        slot = st.container()
        st.divider()
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
        st.caption(filter_scope(len(sources), len(chosen_themes)))
        st.divider()
        upload.render_uploads(settings)
    # A filter can name a document that has since left the index: drop it silently.
    return [s for s in sources if s in documents], chosen_themes, slot


def filter_scope(documents: int, themes: int) -> str:
    """What the filters do, in one line: they shape the next answers, not earlier ones."""
    if not documents and not themes:
        return "No filter: questions search every document."
    parts = []
    if documents:
        parts.append(f"search only the {documents} chosen document(s)")
    if themes:
        parts.append(f"list only cases with the {themes} chosen theme(s)")
    return "New questions " + " and ".join(parts) + "; earlier answers keep what they showed."


def render_conversations(slot, db) -> None:
    with slot:
        _conversations(db)


def _conversations(db) -> None:
    session = st.session_state
    st.subheader("Conversations")
    st.button("New conversation", key="new-conversation", on_click=workspace.new_conversation, args=(session,),
              icon=":material/add:", width="stretch")  # fmt: skip
    current = session.get(workspace.CONVERSATION_ID)
    for saved in db.conversations()[:30]:
        name, drop = st.columns([6, 1], vertical_alignment="center")
        label = ("▸ " if saved.id == current else "") + saved.name
        name.button(label, key=f"conv-{saved.id}", on_click=workspace.open_conversation, args=(session, db, saved.id),
                    type="tertiary", help="Open this conversation")  # fmt: skip
        drop.button("✕", key=f"conv-del-{saved.id}", on_click=workspace.delete_conversation,
                    args=(session, db, saved.id), help="Delete this conversation", type="tertiary")  # fmt: skip


def _status(assistant, settings) -> None:
    status = assistant.status()
    cases = case_count(assistant, status)
    cols = st.columns(2)
    cols[0].metric("Documents", status["documents"])
    cols[1].metric("Cases", "–" if cases is None else cases)
    st.caption(f"Last document added: {readable_time(status['last_ingest'])}")
    if settings.chroma_mode == "embedded":  # where `python -m ingest` must write for this app to see it
        st.caption(f"Store: `{settings.store_dir}`")
