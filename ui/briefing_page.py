"""The Briefing view: the items added from answers and theme pages, reorderable, with
Markdown and Word downloads (numbered references to source file, section and page)."""

from __future__ import annotations

import re

import streamlit as st

from ui import render, state
from ui.briefing import to_docx, to_markdown

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXPORT = "briefing_export"


def exports(session, items: list, title: str) -> dict:
    """Markdown and DOCX of the briefing, rebuilt only when its items or title change
    (a Word file takes tens of milliseconds; reruns happen on every click)."""
    key = (title, tuple(item.id for item in items))
    cached = session.get(EXPORT)
    if cached is None or cached["key"] != key:
        cached = {"key": key, "markdown": to_markdown(items, title), "docx": to_docx(items, title)}
        session[EXPORT] = cached
    return cached


def render_briefing() -> None:
    session = st.session_state
    items = state.briefing(session)
    title = st.text_input("Briefing title", value="Briefing", key="briefing-title") or "Briefing"
    if not items:
        st.info("Nothing in the briefing yet: use “Add to briefing” under an answer, or on a theme page.")
        return
    for i, item in enumerate(items):
        with st.container(border=True):
            text, up, down, drop = st.columns([10, 1, 1, 1], vertical_alignment="center")
            kind = "Answer" if item.kind == "answer" else "Theme page"
            text.html(
                render.block(
                    f"<strong>{i + 1}. {render.escape(item.title)}</strong><br>"
                    f'<span class="scr-ref">{kind} · {len(item.segments)} extract(s)</span>'
                )
            )
            up.button("↑", key=f"up-{item.id}", on_click=state.move, args=(session, item.id, -1), disabled=i == 0, help="Move up")
            down.button("↓", key=f"down-{item.id}", on_click=state.move, args=(session, item.id, 1), disabled=i == len(items) - 1, help="Move down")
            drop.button("✕", key=f"drop-{item.id}", on_click=state.remove, args=(session, item.id), help="Remove")
    files = exports(session, items, title)
    stem = re.sub(r"[^\w-]+", "-", title).strip("-").lower() or "briefing"
    left, right = st.columns(2)
    left.download_button("Download Markdown", files["markdown"], file_name=f"{stem}.md", mime="text/markdown", on_click="ignore")
    right.download_button("Download Word (.docx)", files["docx"], file_name=f"{stem}.docx", mime=DOCX_MIME, on_click="ignore")
