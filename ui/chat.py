"""The conversation: each answer with its citations (and case table for list answers),
and the question box. Follow-ups go through the API's conversation state
(``assistant.session.Conversation``); every turn is saved (``ui.workspace``), so a reload
shows the same conversation.

Filters apply to the question being asked and are recorded on its turn: an earlier
answer keeps what it showed, and says which documents and themes it was limited to.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant.conversation import resolve
from assistant.service import QuestionError
from ui import caseindex, generated, render, state, workspace
from ui.briefing import from_answer
from ui.cases import render_case_table
from ui.citations import render_citations

PENDING = "pending_question"  # an example question clicked on the start page


def render_chat(assistant, filters, db) -> None:
    session = st.session_state
    if assistant.status()["documents"] == 0:
        st.info("Nothing is loaded yet: add documents in the sidebar, or run `python -m ingest FOLDER`.")
    # (The box is pinned below the conversation wherever it is drawn: read it first, so an
    # earlier answer does not offer "show more" while a new question is answered.)
    asked = st.chat_input("Ask about the reviews, e.g. “Which cases involved registered sex offenders?”")
    asked = asked or session.pop(PENDING, None)
    turns = state.turns(session)
    for n, turn in enumerate(turns):
        _render_turn(assistant, turn, db, last=n == len(turns) - 1 and not asked)
    if asked:
        turn = _ask(assistant, asked, filters)
        workspace.record_turn(session, db, turn)
        _render_turn(assistant, turn, db, stream=generated.enabled(assistant), last=True)
        if turn.answer is not None and turn.answer.generated is not None:
            _resave(db, session, turn)


def _resave(db, session, turn) -> None:
    """A streamed answer gets its validated text after it was first saved: save it again."""
    from ui import codec

    cid = session.get(workspace.CONVERSATION_ID)
    if cid:
        turns = db.turns(cid)
        if turns and turns[-1]["id"] == turn.id:
            db.delete_last_turn(cid)
            db.add_turn(cid, codec.turn_to(turn))


def _ask(assistant, asked: str, filters) -> state.Turn:
    chat = workspace.conversation(st.session_state, assistant)
    sources, themes = tuple(filters.sources), tuple(filters.themes)
    try:
        with st.spinner("Searching the reviews…"):
            # Generation, if configured, streams into the page afterwards (render_answer).
            # A "which cases…" question under a document filter lists the chosen documents' cases.
            answer = chat.ask(asked, sources=filters.sources or None, generate=False)
        return state.Turn(chat.resolved, answer, sources=sources, themes=themes)
    except QuestionError as error:
        # A refused question is not part of the conversation: show how it would have been read.
        return state.Turn(resolve(asked, chat.question), None, error=str(error), sources=sources, themes=themes)


def scope_notes(turn: state.Turn, titles: dict[str, str], theme_names: dict[str, str]) -> list[str]:
    """What limited this answer, in words: the chosen documents and themes, by name."""
    notes = []
    if turn.sources:
        names = "; ".join(titles.get(s) or Path(s).name for s in turn.sources)
        notes.append(f"Searched only the {len(turn.sources)} chosen document(s): {names}.")
    if turn.themes and turn.answer is not None and turn.answer.cases:
        names = ", ".join(theme_names.get(t, t) for t in turn.themes)
        notes.append(f"Cases limited to the chosen theme(s): {names}.")
    return notes


def _render_turn(assistant, turn: state.Turn, db, stream: bool = False, last: bool = False) -> None:
    with st.chat_message("user"):
        st.html(render.block(render.escape(turn.resolved.asked)))
        notes = []
        if turn.resolved.follow_up:
            notes.append(f"Follow-up, asked as: {turn.resolved.question}")
        titles = {r.source: r.title for r in assistant.documents.values()}
        notes += scope_notes(turn, titles, caseindex.theme_names(assistant))
        if notes:
            st.html(render.block("<br>".join(render.escape(n) for n in notes), "scr-ref"))
    with st.chat_message("assistant"):
        if turn.error:
            st.warning(render.label(turn.error))  # messages may quote the question
            return
        if stream and turn.answer.generated is None:
            generated.stream_into(assistant, turn.answer)
        render_answer(assistant, turn.answer, list(turn.themes))
        rest = _not_yet_listed(turn.answer)
        next_ones = "the next case" if rest == 1 else f"the next {min(rest, len(turn.answer.cases))} cases"
        if last and rest and st.button(f"Show {next_ones}", key=f"more-{turn.id}"):
            st.session_state[PENDING] = "show more"  # asked as a follow-up of this list
            st.rerun()
        added = state.in_briefing(st.session_state, turn.id)
        if st.button("Added to briefing" if added else "Add to briefing", key=f"brief-{turn.id}", disabled=added):
            item = from_answer(turn.answer, id=turn.id, theme_names=caseindex.theme_names(assistant))
            workspace.add_item(st.session_state, db, item)
            st.rerun()


def _not_yet_listed(answer) -> int:
    """How many of a list answer's cases come after those it shows."""
    if answer.mode != "case-list" or not answer.cases:
        return 0
    return max(0, len(answer.matched_cases) - answer.offset - len(answer.cases))


def render_answer(assistant, answer, wanted_themes: list[str]) -> None:
    # Labelled: quoted from the reviews, or generated and validated (an abstention says why,
    # and may name a term the documents never mention).
    generated.render_answer_text(answer)
    if answer.cases:
        render_case_table(assistant, answer, wanted_themes)
    render_citations(assistant, answer.citations, answer.question)
