"""The Ask view: the session's conversation, each answer with its citations (and case
table for list answers), and the chat box. Follow-ups go through the API's conversation
state (``assistant.session.Conversation``), kept per browser session."""

from __future__ import annotations

import streamlit as st

from assistant.conversation import resolve
from assistant.service import QuestionError
from ui import generated, render, state
from ui.briefing import from_answer
from ui.cases import render_case_table
from ui.citations import render_citations


def render_chat(assistant, filters) -> None:
    session = st.session_state
    if assistant.status()["documents"] == 0:
        st.info("The index is empty: add documents in the sidebar, or run `python -m ingest FOLDER`.")
    for turn in state.turns(session):
        _render_turn(assistant, turn, filters)
    asked = st.chat_input("Ask about the reviews, e.g. “Which cases involved registered sex offenders?”")
    if asked:
        turn = _ask(assistant, asked, filters)
        state.add_turn(session, turn)
        _render_turn(assistant, turn, filters, stream=generated.enabled(assistant))


def _ask(assistant, asked: str, filters) -> state.Turn:
    chat = state.conversation(st.session_state, assistant)
    try:
        with st.spinner("Searching the reviews…"):
            # Generation, if configured, streams into the page afterwards (render_answer).
            answer = chat.ask(asked, sources=filters.sources or None, generate=False)
        return state.Turn(chat.resolved, answer, sources=tuple(filters.sources))
    except QuestionError as error:
        # A refused question is not part of the conversation: show how it would have been read.
        return state.Turn(resolve(asked, chat.question), None, error=str(error), sources=tuple(filters.sources))


def _render_turn(assistant, turn: state.Turn, filters, stream: bool = False) -> None:
    with st.chat_message("user"):
        st.html(render.block(render.escape(turn.resolved.asked)))
        notes = []
        if turn.resolved.follow_up:
            notes.append(f"Follow-up, asked as: {turn.resolved.question}")
        if turn.sources:
            notes.append(f"Searched {len(turn.sources)} chosen document(s) only.")
        if notes:
            st.html(render.block("<br>".join(render.escape(n) for n in notes), "scr-ref"))
    with st.chat_message("assistant"):
        if turn.error:
            st.warning(render.label(turn.error))  # messages may quote the question
            return
        if stream and turn.answer.generated is None:
            generated.stream_into(assistant, turn.answer)
        render_answer(assistant, turn.answer, filters.themes)
        added = state.in_briefing(st.session_state, turn.id)
        if st.button("Added to briefing" if added else "Add to briefing", key=f"brief-{turn.id}", disabled=added):
            state.add_item(st.session_state, from_answer(turn.answer, id=turn.id))
            st.rerun()


def render_answer(assistant, answer, wanted_themes: list[str]) -> None:
    # Labelled: extractive, or generated and validated (an abstention says why, and may name a
    # term the documents never mention).
    generated.render_answer_text(answer)
    if answer.cases:
        render_case_table(assistant, answer, wanted_themes)
    render_citations(assistant, answer.citations, answer.question)
    total = answer.timings_ms.get("total_ms")
    if total is not None:
        st.caption(f"Answered in {total:.0f} ms." if total >= 1 else "Answered in under 1 ms.")
