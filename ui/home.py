"""The Home view: what is loaded and example questions (while nothing is asked yet, and
folded away after), then the conversation and the question box (``ui.chat``)."""

from __future__ import annotations

import streamlit as st

from ui import caseindex, overview, state, upload
from ui.chat import PENDING, render_chat

COLUMNS = ["Document", "Kind", "Year", "Cases", "Added", "File"]


def render_home(assistant, filters, db) -> None:
    rows = overview.documents(assistant)
    cases = caseindex.case_count(assistant, assistant.status())
    if upload.jobs(assistant.settings).running():  # said here too: on a phone the sidebar is folded
        st.caption("Documents are being added in the background; answers cover what is indexed so far.")
    top = st.container()  # filled after the chat: a question asked in this run folds it away
    render_chat(assistant, filters, db)
    with top:
        if not state.turns(st.session_state):
            _loaded(rows, cases)
            _examples(assistant)
        elif rows:
            with st.expander(f"What is loaded: {overview.summary(rows, cases)}"):
                _loaded(rows, cases, heading=False)


def _loaded(rows: list[dict], cases: int | None, heading: bool = True) -> None:
    if heading:
        st.subheader("What is loaded")
    if not rows:
        return
    st.caption(overview.summary(rows, cases))
    # Text throughout: a document without cases says so in its Cases cell.
    table = [{k: str(r[k]) for k in COLUMNS} for r in rows]
    for shown, row in zip(table, rows):
        if row["no_cases"]:
            shown["Cases"] = "none found"
    if cases:
        st.button(f"See all {cases} cases in one table", key="home-all-cases", on_click=_show_cases, icon=":material/table:")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Document": st.column_config.TextColumn("Document", pinned=True, width="medium")},
        key="home-documents",
    )


def _examples(assistant) -> None:
    st.subheader("Try a question")
    for i, question in enumerate(overview.examples(assistant)):
        st.button(question, key=f"example-{i}", on_click=_pick, args=(question,))


def _show_cases() -> None:
    st.session_state["view"] = "Cases"  # the view switch's key: set before it is drawn


def _pick(question: str) -> None:
    st.session_state[PENDING] = question
