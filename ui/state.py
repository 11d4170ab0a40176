"""What one browser session holds: the conversation and the briefing being worked on.

Every function takes the session mapping (``st.session_state`` in the app, a plain dict in
tests), so the rules (one copy of an item, moves clamp at the ends) are testable without
Streamlit. ``ui.workspace`` saves what is here to the server and loads it back.
"""

from __future__ import annotations

import uuid
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from assistant.conversation import Resolved

TURNS = "turns"
BRIEFING = "briefing"
CONVERSATION = "conversation"


@dataclass
class Turn:
    resolved: Resolved
    answer: Any  # assistant.answer.Answer, or None when the question was refused
    error: str | None = None
    sources: tuple[str, ...] = ()  # document filter in force when it was asked
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    themes: tuple[str, ...] = ()  # theme filter in force when it was asked: the answer keeps it


def turns(session: MutableMapping) -> list[Turn]:
    return session.setdefault(TURNS, [])


def add_turn(session: MutableMapping, turn: Turn) -> None:
    turns(session).append(turn)


def conversation(session: MutableMapping, assistant):
    """The API's conversation state for this session (follow-ups over the previous answer)."""
    from assistant.session import Conversation

    if CONVERSATION not in session:
        session[CONVERSATION] = Conversation(assistant)
    return session[CONVERSATION]


def clear_conversation(session: MutableMapping) -> None:
    session[TURNS] = []
    session.pop(CONVERSATION, None)


def briefing(session: MutableMapping) -> list:
    return session.setdefault(BRIEFING, [])


def in_briefing(session: MutableMapping, item_id: str) -> bool:
    return any(item.id == item_id for item in briefing(session))


def add_item(session: MutableMapping, item) -> bool:
    """Append ``item`` unless an item from the same origin is already there."""
    if in_briefing(session, item.id):
        return False
    briefing(session).append(item)
    return True


def replace_item(session: MutableMapping, item) -> None:
    """Put an edited copy (a note changed) where the item with its id is."""
    session[BRIEFING] = [item if i.id == item.id else i for i in briefing(session)]


def move(session: MutableMapping, item_id: str, delta: int) -> None:
    items = briefing(session)
    index = next((i for i, item in enumerate(items) if item.id == item_id), None)
    if index is None:
        return
    target = min(max(index + delta, 0), len(items) - 1)
    items.insert(target, items.pop(index))


def remove(session: MutableMapping, item_id: str) -> None:
    session[BRIEFING] = [item for item in briefing(session) if item.id != item_id]
