"""Saved work, tied to the browser: which conversation and briefing this session has open,
loaded from and written to ``ui.workspace_db`` so a reload, a view switch or a server
restart loses nothing.

The open conversation and briefing are named in the page's address (``?c=…&b=…``), so a
reload (or a bookmark) reopens them. ``params`` is ``st.query_params`` in the app and a
plain dict in tests.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import replace
from datetime import date

from ui import codec, state
from ui.briefing import Briefing
from ui.workspace_db import WorkspaceDB

CONVERSATION_ID = "conversation_id"
BRIEFING_ID = "briefing_id"
META = "briefing_meta"  # title, author, date, intro of the open briefing
_BOUND = "workspace_bound"
NAME_CHARS = 70


def bind(session: MutableMapping, db: WorkspaceDB, params: MutableMapping, default_author: str = "") -> None:
    """Once per browser session: open what the address names (or the latest briefing)."""
    if session.get(_BOUND):
        sync_address(session, params)
        return
    session[_BOUND] = True
    cid = params.get("c")
    if cid and db.has_conversation(cid):
        open_conversation(session, db, cid)
    bid = params.get("b")
    saved = db.briefing(bid) if bid else None
    if saved is None and (latest := db.briefings()):
        bid, saved = latest[0].id, db.briefing(latest[0].id)
    if saved is not None:
        _load_briefing(session, bid, codec.briefing_from(saved))
    else:
        new_briefing(session, default_author)
    sync_address(session, params)


def sync_address(session: MutableMapping, params: MutableMapping) -> None:
    for key, name in (("c", CONVERSATION_ID), ("b", BRIEFING_ID)):
        value = session.get(name)
        if value and params.get(key) != value:
            params[key] = value
        elif not value and key in params:
            del params[key]


# --- conversations ----------------------------------------------------------------------
def open_conversation(session: MutableMapping, db: WorkspaceDB, cid: str) -> None:
    turns = [codec.turn_from(t) for t in db.turns(cid)]
    session[state.TURNS] = turns
    session[CONVERSATION_ID] = cid
    session.pop(state.CONVERSATION, None)  # rebuilt from the last answer by ``conversation``


def new_conversation(session: MutableMapping) -> None:
    """An empty conversation; saved only once something is asked in it."""
    state.clear_conversation(session)
    session.pop(CONVERSATION_ID, None)


def delete_conversation(session: MutableMapping, db: WorkspaceDB, cid: str) -> None:
    db.delete_conversation(cid)
    if session.get(CONVERSATION_ID) == cid:
        new_conversation(session)


def conversation(session: MutableMapping, assistant):
    """The API's follow-up state, rebuilt from the last saved answer after a reload."""
    fresh = state.CONVERSATION not in session
    chat = state.conversation(session, assistant)
    if fresh:
        last = next((t for t in reversed(state.turns(session)) if t.answer is not None), None)
        if last is not None:
            chat.question, chat.answer, chat.resolved = last.answer.question, last.answer, last.resolved
            if last.answer.mode == "case-list" and (last.answer.matched_cases or last.answer.cases):
                # Every case the list matched (a turn saved before pages: the cases it shows).
                chat.case_scope = list(last.answer.matched_cases) or [c.case_id for c in last.answer.cases]
    return chat


def record_turn(session: MutableMapping, db: WorkspaceDB, turn: state.Turn) -> None:
    """Add a turn to the open conversation, creating (and naming) it on the first question."""
    state.add_turn(session, turn)
    cid = session.get(CONVERSATION_ID)
    if not cid or not db.has_conversation(cid):
        cid = db.new_conversation(conversation_name(turn.resolved.asked))
        session[CONVERSATION_ID] = cid
    db.add_turn(cid, codec.turn_to(turn))


def conversation_name(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1].rstrip() + "…"


# --- briefings ----------------------------------------------------------------------------
def current_briefing(session: MutableMapping) -> Briefing:
    meta = session.get(META) or {}
    return Briefing(
        meta.get("title", "Briefing"), meta.get("author", ""), meta.get("date", ""), meta.get("intro", ""),
        list(state.briefing(session)),
    )  # fmt: skip


# The editor's widgets: dropped when another briefing opens, so they show its values.
FIELDS = ("briefing-title", "briefing-author", "briefing-date", "briefing-intro")
NOTE = "note-"


def _load_briefing(session: MutableMapping, bid: str | None, briefing: Briefing) -> None:
    for key in [k for k in list(session.keys()) if k in FIELDS or str(k).startswith(NOTE)]:
        del session[key]
    session[BRIEFING_ID] = bid
    session[META] = {"title": briefing.title, "author": briefing.author, "date": briefing.date, "intro": briefing.intro}
    session[state.BRIEFING] = list(briefing.items)


def open_briefing(session: MutableMapping, db: WorkspaceDB, bid: str) -> None:
    saved = db.briefing(bid)
    if saved is not None:
        _load_briefing(session, bid, codec.briefing_from(saved))


def new_briefing(session: MutableMapping, author: str = "", today: date | None = None) -> None:
    """An empty, dated briefing by ``author`` (the setting); saved on its first change."""
    _load_briefing(session, None, Briefing("Briefing", author, (today or date.today()).isoformat()))


def save_briefing(session: MutableMapping, db: WorkspaceDB) -> str:
    briefing = current_briefing(session)
    bid = db.save_briefing(session.get(BRIEFING_ID), briefing.title, codec.briefing_to(briefing))
    session[BRIEFING_ID] = bid
    return bid


def set_meta(session: MutableMapping, db: WorkspaceDB, **changes) -> None:
    session[META] = {**(session.get(META) or {}), **changes}
    save_briefing(session, db)


def delete_briefing(session: MutableMapping, db: WorkspaceDB, bid: str, author: str = "") -> None:
    db.delete_briefing(bid)
    if session.get(BRIEFING_ID) == bid:
        new_briefing(session, author)


def add_item(session: MutableMapping, db: WorkspaceDB, item) -> bool:
    added = state.add_item(session, item)
    if added:
        save_briefing(session, db)
    return added


def move(session: MutableMapping, db: WorkspaceDB, item_id: str, delta: int) -> None:
    state.move(session, item_id, delta)
    save_briefing(session, db)


def remove(session: MutableMapping, db: WorkspaceDB, item_id: str) -> None:
    state.remove(session, item_id)
    save_briefing(session, db)


def set_note(session: MutableMapping, db: WorkspaceDB, item_id: str, note: str) -> None:
    item = next((i for i in state.briefing(session) if i.id == item_id), None)
    if item is not None and item.note != note:
        state.replace_item(session, replace(item, note=note))
        save_briefing(session, db)
