"""Conversation turns and briefings as JSON-able dicts and back (for ``ui.workspace_db``).

Answers are plain dataclasses (``assistant.answer``), so a saved turn is rebuilt exactly
as it was shown: its text, citations, case table and the filters in force when asked.
"""

from __future__ import annotations

from dataclasses import asdict, fields

from assistant.answer import Answer, CaseHit, Citation
from assistant.conversation import Resolved
from ui.briefing import Briefing, BriefingItem, CaseTable, Reference, Segment
from ui.state import Turn


def _known(cls, data: dict) -> dict:
    """Only the fields ``cls`` has: a payload saved by another version still loads."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def answer_from(data: dict | None) -> Answer | None:
    if data is None:
        return None
    data = _known(Answer, data)
    data["citations"] = [Citation(**_known(Citation, c)) for c in data.get("citations", [])]
    data["cases"] = [CaseHit(**_known(CaseHit, h)) for h in data.get("cases", [])]
    return Answer(**data)


def turn_to(turn: Turn) -> dict:
    return {
        "id": turn.id,
        "resolved": asdict(turn.resolved),
        "answer": turn.answer.to_dict() if turn.answer is not None else None,
        "error": turn.error,
        "sources": list(turn.sources),
        "themes": list(turn.themes),
    }


def turn_from(data: dict) -> Turn:
    return Turn(
        Resolved(**_known(Resolved, data["resolved"])),
        answer_from(data.get("answer")),
        data.get("error"),
        tuple(data.get("sources", ())),
        id=data["id"],
        themes=tuple(data.get("themes", ())),
    )


def item_to(item: BriefingItem) -> dict:
    data = asdict(item)
    data["references"] = {str(n): r for n, r in data["references"].items()}  # JSON keys are strings
    return data


def item_from(data: dict) -> BriefingItem:
    data = _known(BriefingItem, data)
    data["segments"] = tuple(Segment(s["text"], tuple(s.get("cites", ()))) for s in data.get("segments", ()))
    data["references"] = {int(n): Reference(**_known(Reference, r)) for n, r in data.get("references", {}).items()}
    if data.get("table"):
        t = data["table"]
        data["table"] = CaseTable(tuple(t["columns"]), tuple(tuple(r) for r in t["rows"]), tuple(tuple(c) for c in t.get("cites", ())))
    return BriefingItem(**data)


def briefing_to(briefing: Briefing) -> dict:
    return {
        "title": briefing.title,
        "author": briefing.author,
        "date": briefing.date,
        "intro": briefing.intro,
        "items": [item_to(i) for i in briefing.items],
    }


def briefing_from(data: dict) -> Briefing:
    return Briefing(
        data.get("title", "Briefing"),
        data.get("author", ""),
        data.get("date", ""),
        data.get("intro", ""),
        [item_from(i) for i in data.get("items", [])],
    )
