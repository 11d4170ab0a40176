"""The Briefing view: pick or start a briefing; edit its title, date, author and
introduction, and a note under each item; reorder; preview; download as Markdown and
Word. Every edit is saved as it is made (``ui.workspace``)."""

from __future__ import annotations

import re
from datetime import date

import streamlit as st

from ui import render, workspace
from ui.briefing_export import to_docx, to_markdown
from ui.briefing_preview import preview_html
from ui.labels import readable_date

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXPORT = "briefing_export"
KINDS = {"answer": "Answer", "theme": "Theme page", "cases": "Case table"}


def exports(session, briefing) -> dict:
    """Markdown and DOCX of the briefing, rebuilt only when it changes (a Word file takes
    tens of milliseconds; reruns happen on every click)."""
    from ui import codec

    key = repr(codec.briefing_to(briefing))
    cached = session.get(EXPORT)
    if cached is None or cached["key"] != key:
        cached = {"key": key, "title": briefing.title, "markdown": to_markdown(briefing), "docx": to_docx(briefing)}
        session[EXPORT] = cached
    return cached


def render_briefing(db, default_author: str = "") -> None:
    session = st.session_state
    _pick(db, default_author)
    meta = session[workspace.META]
    # Widgets read their value from the saved briefing when (re)created: after a view
    # switch or a reload they show what was saved, never a default.
    _seed("briefing-title", meta.get("title", "Briefing"))
    _seed("briefing-author", meta.get("author", ""))
    _seed("briefing-date", _date(meta.get("date")))
    _seed("briefing-intro", meta.get("intro", ""))
    st.text_input("Title", key="briefing-title", on_change=_set, args=(db, "title", "briefing-title"))
    left, right = st.columns(2)
    left.text_input("Author", key="briefing-author", on_change=_set, args=(db, "author", "briefing-author"),
                    help="New briefings start with the briefing_author setting.")  # fmt: skip
    right.date_input("Date", key="briefing-date", on_change=_set_date, args=(db,), format="DD/MM/YYYY")
    st.text_area("Introduction", key="briefing-intro", on_change=_set, args=(db, "intro", "briefing-intro"),
                 placeholder="Why this briefing, and for whom.")  # fmt: skip
    items = workspace.current_briefing(session).items
    if not items:
        st.info("Nothing in the briefing yet: use “Add to briefing” under an answer, on a theme page, or in Cases.")
        return
    for i, item in enumerate(items):
        with st.container(border=True):
            text, up, down, drop = st.columns([10, 1, 1, 1], vertical_alignment="center")
            size = f"{len(item.table.rows)} case(s)" if item.table is not None else f"{len(item.segments)} extract(s)"
            text.html(
                render.block(
                    f"<strong>{i + 1}. {render.escape(item.title)}</strong><br>"
                    f'<span class="scr-ref">{KINDS.get(item.kind, item.kind)} · {size}</span>'
                )
            )
            up.button("↑", key=f"up-{item.id}", on_click=workspace.move, args=(session, db, item.id, -1), disabled=i == 0, help="Move up")
            down.button("↓", key=f"down-{item.id}", on_click=workspace.move, args=(session, db, item.id, 1), disabled=i == len(items) - 1, help="Move down")
            drop.button("✕", key=f"drop-{item.id}", on_click=workspace.remove, args=(session, db, item.id), help="Remove")
            key = f"{workspace.NOTE}{item.id}"
            _seed(key, item.note)
            st.text_area("Your note", key=key, on_change=_set_note, args=(db, item.id, key),
                         placeholder="What the reader should take from this.", height=80)  # fmt: skip
    briefing = workspace.current_briefing(session)
    files = exports(session, briefing)
    stem = re.sub(r"[^\w-]+", "-", briefing.title).strip("-").lower() or "briefing"
    left, right = st.columns(2)
    left.download_button("Download Markdown", files["markdown"], file_name=f"{stem}.md", mime="text/markdown", on_click="ignore")
    right.download_button("Download Word (.docx)", files["docx"], file_name=f"{stem}.docx", mime=DOCX_MIME, on_click="ignore")
    with st.expander("Preview", expanded=True):
        st.html(preview_html(briefing))


def _pick(db, default_author: str) -> None:
    session = st.session_state
    saved = db.briefings()
    current = session.get(workspace.BRIEFING_ID)
    options = [s.id for s in saved] + ([None] if current is None else [])
    names = {s.id: f"{s.name} ({readable_date(s.updated)})" for s in saved}
    names[None] = "New briefing (not saved yet)"
    pick, new, drop = st.columns([6, 2, 2], vertical_alignment="bottom")
    chosen = pick.selectbox("Briefing", options, index=options.index(current), format_func=lambda b: names.get(b, b),
                            key=f"briefing-pick-{current}")  # fmt: skip
    if chosen != current:
        workspace.open_briefing(session, db, chosen)
        st.rerun()
    new.button("New briefing", key="briefing-new", on_click=workspace.new_briefing, args=(session, default_author))
    drop.button("Delete", key="briefing-delete", disabled=current is None, help="Delete this briefing",
                on_click=workspace.delete_briefing, args=(session, db, current or "", default_author))  # fmt: skip


def _seed(key: str, value) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def _set(db, name: str, key: str) -> None:
    workspace.set_meta(st.session_state, db, **{name: st.session_state[key]})


def _set_date(db) -> None:
    value = st.session_state["briefing-date"]
    workspace.set_meta(st.session_state, db, date=value.isoformat() if value else "")


def _set_note(db, item_id: str, key: str) -> None:
    workspace.set_note(st.session_state, db, item_id, st.session_state[key])


def _date(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None
