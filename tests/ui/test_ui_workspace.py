"""Saved work without Streamlit: the SQLite workspace, the codec, the session glue, and the
briefing as handed out (Markdown rendered back, Word read back with python-docx)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from docx import Document
from markdown_it import MarkdownIt

from assistant.answer import Answer, CaseHit, Citation
from assistant.conversation import Resolved
from ui import case_table, codec, labels, markdown_text, overview, state, workspace
from ui.briefing import Briefing, from_answer, from_cases
from ui.briefing_export import to_docx, to_markdown
from ui.briefing_preview import preview_html
from ui.workspace_db import WorkspaceDB

pytestmark = pytest.mark.unit

CITE = Citation(1, "/c/review-a.txt", "Northshire review", "2. Findings", 3, 10, 52,
                "The partner was a registered sex offender & more.", 0.9, "h" * 64)  # fmt: skip
HIT = CaseHit("c1", "Northshire — Child A", "Northshire", "Child A", "4 months", "F", "Partner an RSO", [1], ["rso"])


def _turn(question="Which cases involved registered sex offenders?", cases=True) -> state.Turn:
    answer = Answer(question, "1 case [1]", False, [CITE], [HIT] if cases else [], mode="case-list" if cases else "extractive")
    return state.Turn(Resolved(question, question, False), answer, sources=("/c/review-a.txt",), themes=("rso",))


# --- the database ---------------------------------------------------------------------------
def test_conversations_are_saved_listed_newest_first_and_deleted(tmp_path):
    db = WorkspaceDB.for_store(tmp_path / "store")
    first = db.new_conversation("First")
    second = db.new_conversation("Second")
    db.add_turn(first, {"q": 1})
    db.add_turn(first, {"q": 2})
    assert [s.id for s in db.conversations()][0] == first  # changed last
    assert db.turns(first) == [{"q": 1}, {"q": 2}]
    db.delete_conversation(first)
    assert [s.id for s in db.conversations()] == [second] and db.turns(first) == []
    again = WorkspaceDB.for_store(tmp_path / "store")  # a server restart
    assert [s.name for s in again.conversations()] == ["Second"]


def test_briefings_are_saved_whole_and_replaced(tmp_path):
    db = WorkspaceDB(tmp_path / "w.sqlite3")
    bid = db.save_briefing(None, "Draft", {"title": "Draft"})
    assert db.save_briefing(bid, "Final", {"title": "Final"}) == bid
    assert db.briefing(bid) == {"title": "Final"} and [s.name for s in db.briefings()] == ["Final"]
    db.delete_briefing(bid)
    assert db.briefing(bid) is None and db.briefings() == []


# --- codec ---------------------------------------------------------------------------------
def test_turns_and_briefings_round_trip_through_json(tmp_path):
    turn = _turn()
    back = codec.turn_from(codec.turn_to(turn))
    assert back == turn
    item = from_answer(turn.answer, id=turn.id, theme_names={"rso": "Registered sex offender"})
    briefing = Briefing("T", "Team", "2026-11-30", "Intro", [item])
    assert codec.briefing_from(codec.briefing_to(briefing)) == briefing
    import json

    assert codec.briefing_from(json.loads(json.dumps(codec.briefing_to(briefing)))) == briefing


# --- session glue: reloads and restarts ----------------------------------------------------
class _Assistant:
    def __init__(self):
        self.asked = []

    def ask(self, question, **kwargs):
        self.asked.append((question, kwargs))
        return Answer(question, "…", False, mode="case-list", cases=[HIT])


def test_a_reload_reopens_the_conversation_and_briefing_named_in_the_address(tmp_path):
    db = WorkspaceDB(tmp_path / "w.sqlite3")
    session, params = {}, {}
    workspace.bind(session, db, params, default_author="Learning team")
    assert session[workspace.META]["author"] == "Learning team"
    assert session[workspace.META]["date"] == date.today().isoformat()
    turn = _turn()
    workspace.record_turn(session, db, turn)
    workspace.add_item(session, db, from_answer(turn.answer, id=turn.id))
    workspace.set_meta(session, db, title="Monday briefing", intro="For the team.")
    workspace.set_note(session, db, turn.id, "Discuss on Monday.")
    workspace.sync_address(session, params)
    assert set(params) == {"c", "b"}
    assert [s.name for s in db.conversations()] == ["Which cases involved registered sex offenders?"]

    reloaded: dict = {}  # a new browser session, same address
    workspace.bind(reloaded, db, dict(params))
    assert [t.id for t in state.turns(reloaded)] == [turn.id]
    assert state.turns(reloaded)[0].answer == turn.answer
    saved = workspace.current_briefing(reloaded)
    assert (saved.title, saved.intro, saved.items[0].note) == ("Monday briefing", "For the team.", "Discuss on Monday.")
    # Follow-ups work after the reload: "those" is asked over the cases listed before.
    chat = workspace.conversation(reloaded, _Assistant())
    assert chat.case_scope == ["c1"] and chat.question == turn.answer.question
    chat.ask("which of those died?")
    assert chat.assistant.asked[-1][1]["within_cases"] == ["c1"]


def test_show_more_after_a_reload_asks_the_next_page_over_the_same_cases(tmp_path):
    """A saved page of a follow-up ("which of those died?") names the cases it was asked
    over, so "show more" after a reload asks the same question over them, from the next case."""
    db = WorkspaceDB(tmp_path / "w.sqlite3")
    session: dict = {}
    workspace.bind(session, db, {})
    hits = [CaseHit(f"c{n}", f"A — Child {n}", "A", f"Child {n}", None, None, "", [n], []) for n in (1, 2)]
    answer = Answer(
        "which of those died?", "3 of 5 cases in the previous answer …", False, [CITE], hits, mode="case-list",
        matched_cases=["c1", "c2", "c3"], within_cases=["c0", "c1", "c2", "c3", "c4"],
    )  # fmt: skip
    workspace.record_turn(session, db, state.Turn(Resolved("which of those died?", "which of those died?", True), answer))
    reloaded: dict = {}
    workspace.bind(reloaded, db, {"c": session[workspace.CONVERSATION_ID]})
    chat = workspace.conversation(reloaded, _Assistant())
    chat.ask("show more")
    question, kwargs = chat.assistant.asked[-1]
    assert question == "which of those died?"
    assert kwargs["within_cases"] == ["c0", "c1", "c2", "c3", "c4"] and kwargs["offset"] == 2


def test_without_an_address_the_latest_briefing_opens_and_the_conversation_is_new(tmp_path):
    db = WorkspaceDB(tmp_path / "w.sqlite3")
    first: dict = {}
    workspace.bind(first, db, {})
    workspace.record_turn(first, db, _turn())
    workspace.set_meta(first, db, title="Kept")
    fresh: dict = {}
    workspace.bind(fresh, db, {})
    assert workspace.current_briefing(fresh).title == "Kept" and state.turns(fresh) == []


def test_new_and_deleted_conversations(tmp_path):
    db = WorkspaceDB(tmp_path / "w.sqlite3")
    session: dict = {}
    workspace.bind(session, db, {})
    workspace.record_turn(session, db, _turn("First question?", cases=False))
    first = session[workspace.CONVERSATION_ID]
    workspace.new_conversation(session)
    assert state.turns(session) == [] and workspace.CONVERSATION_ID not in session
    workspace.record_turn(session, db, _turn("Second question?", cases=False))
    assert [s.name for s in db.conversations()] == ["Second question?", "First question?"]
    workspace.open_conversation(session, db, first)
    assert [t.resolved.asked for t in state.turns(session)] == ["First question?"]
    workspace.delete_conversation(session, db, first)
    assert state.turns(session) == [] and [s.name for s in db.conversations()] == ["Second question?"]


def test_opening_another_briefing_drops_the_editor_widgets_state(tmp_path):
    db = WorkspaceDB(tmp_path / "w.sqlite3")
    session: dict = {}
    workspace.bind(session, db, {})
    workspace.set_meta(session, db, title="One")
    one = session[workspace.BRIEFING_ID]
    session["briefing-title"], session["note-x"] = "One", "typed"
    workspace.new_briefing(session, "Me")
    assert "briefing-title" not in session and "note-x" not in session
    workspace.set_meta(session, db, title="Two")
    workspace.open_briefing(session, db, one)
    assert workspace.current_briefing(session).title == "One"
    workspace.delete_briefing(session, db, one)
    assert [s.name for s in db.briefings()] == ["Two"]


# --- the briefing as handed out ----------------------------------------------------------------
def _briefing() -> Briefing:
    hostile = Citation(2, "/c/b.txt", "Southshire <review>", None, None, 0, 60,
                       "See ![x](http://evil/x.png), <b>bold</b> &amp; $x$ *not emphasis* www.evil.example [1]", 0.5, "b" * 64)  # fmt: skip
    answer = from_answer(Answer("What was found?", "…", False, [CITE, hostile]), id="t1")
    table = from_cases("Cases: all cases", "2 case(s).", case_table.COLUMNS,
                       [["Child A", "Northshire", "4 months", "Girl", "Harmed", "RSO", "Northshire review", "2011"],
                        ["Baby | B", "Southshire", "6 weeks", "Boy", "Died", "", "Southshire review", ""]],
                       [[CITE], []], id="cases")  # fmt: skip
    answer = workspace_replace_note(answer, "Read with the 2019 guidance.\n# not a heading")
    return Briefing("Team briefing: *Monday*", "Safeguarding Learning Team", "2026-11-30", "Why we meet.", [answer, table])


def workspace_replace_note(item, note):
    from dataclasses import replace

    return replace(item, note=note)


def test_markdown_renders_cleanly_and_stays_inert():
    md = to_markdown(_briefing())
    assert "\\[" not in md and "sex offender & more. [1]" in md  # no visible escapes around citations and ampersands
    assert "*30 November 2026 · Safeguarding Learning Team*" in md
    assert "1. Northshire review (review-a.txt), 2. Findings, p. 3" in md
    page = MarkdownIt("gfm-like", {"html": True}).render(md)
    assert "<script" not in page and "<img" not in page and "<a " not in page and "<b>" not in page
    assert "<table>" in page and page.count("<tr>") == 3  # a real table: header and two rows
    text = re.sub(r"<[^>]+>", "", page)
    assert "\\" not in text  # every escape was consumed by the renderer
    assert "*not emphasis*" in text and "$x$" in text and "[1]" in text and "&amp;amp;" in page
    assert "Baby | B" in text and "# not a heading" in text
    assert "<blockquote>" in page and "Read with the 2019 guidance." in text


def test_word_file_has_real_tables_dates_and_core_properties():
    now = datetime(2026, 11, 30, 23, 0)
    doc = Document(io.BytesIO(to_docx(_briefing(), now=now)))
    props = doc.core_properties
    assert props.title == "Team briefing: *Monday*" and props.author == "Safeguarding Learning Team"
    assert props.last_modified_by == "Safeguarding Learning Team"
    assert props.created == props.modified == now.replace(tzinfo=UTC)
    assert "python-docx" not in (props.comments or "") and props.comments == "Why we meet."
    texts = [p.text for p in doc.paragraphs]
    assert texts[:3] == ["Team briefing: *Monday*", "30 November 2026 · Safeguarding Learning Team", "Why we meet."]
    assert "Read with the 2019 guidance." in texts
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(case_table.COLUMNS) + ["Sources"]
    assert [c.text for c in table.rows[2].cells][0] == "Baby | B" and len(table.rows) == 3
    refs = texts[texts.index("References") + 1 :]
    assert refs[0] == "[1] Northshire review (review-a.txt), 2. Findings, p. 3"
    assert refs[1].startswith("[2] Southshire <review> (b.txt)")
    assert [c.text for c in table.rows[1].cells][-1] == "[1]"  # one extract cited twice keeps one number


def test_preview_is_escaped_html_with_tables():
    html = preview_html(_briefing())
    assert "<table>" in html and "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>" not in html
    assert "30 November 2026" in html and "<blockquote>" in html


def test_inert_markdown_keeps_plain_text_plain():
    assert markdown_text.inert("Drugs & alcohol [3] at 2 p.m.") == "Drugs & alcohol [3] at 2 p.m."
    assert markdown_text.inert("snake_case stays") == "snake_case stays"
    assert markdown_text.inert("- a dash first") == "\\- a dash first"
    assert markdown_text.inert("1. numbered") == "1\\. numbered"


# --- labels, overview, case table ------------------------------------------------------------
def test_dates_and_words_are_plain():
    assert labels.readable_date("2026-11-30T23:06:24+00:00") == "30 November 2026"
    assert labels.readable_time("2026-11-30T23:06:24+00:00") == "30 November 2026 at 23:06 UTC"
    assert labels.readable_time(None) == "never"
    assert labels.year_of("Briefing Paper:", "portsmouth-scb-briefing-8-scr-summaries-2011.txt") == "2011"
    assert labels.kind_label("several") == "Several cases" and labels.kind_label("none") == "No case found"


@dataclass
class _Record:
    source: str
    title: str
    ingested_at: str = "2026-11-30T10:00:00+00:00"

    def page_of(self, offset):
        return None


@dataclass
class _Index:
    classes: dict
    by_document: dict
    cases: list


@dataclass
class _Case:
    case_id: str
    label: str
    doc_hash: str
    source: str
    title: str
    local_authority: str | None
    child: str | None
    gender: str | None
    age: str | None
    outcome: str | None
    theme_keys: list
    evidence: list


@dataclass
class _Evidence:
    start: int
    end: int
    text: str
    field: str
    section: str | None = None
    doc_hash: str | None = None
    source: str | None = None


def _cases():
    ev = [_Evidence(0, 10, "row text", "row"), _Evidence(2, 8, "context", "context", "App 1")]
    return [
        _Case("a", "West Sussex — Carrie", "d1", "/c/p-2011.txt", "Briefing", "West Sussex", "Carrie", "F", "Under 13", "harmed", ["rso"], ev),
        _Case("b", "Kent — Baby K", "d1", "/c/p-2011.txt", "Briefing", "Kent", "Baby K", "M", "6 weeks", "died", ["sleep"], ev[:1]),
        _Case("c", "=cmd()", "d1", "/c/p-2011.txt", "Briefing", None, None, None, None, None, [], []),
    ]


def test_overview_lists_documents_with_kind_year_and_cases():
    class A:
        documents = {"d1": _Record("/c/p-2011.txt", "Briefing"), "d2": _Record("/c/other.txt", "Other")}
        case_index = _Index({"d1": {"kind": "several"}, "d2": {"kind": "none"}}, {"d1": _cases(), "d2": []}, _cases())

    rows = overview.documents(A())
    assert [(r["Document"], r["Kind"], r["Year"], r["Cases"], r["no_cases"]) for r in rows] == [
        ("Briefing", "Several cases", "2011", 3, False), ("Other", "No case found", "", 0, True)]  # fmt: skip
    assert overview.summary(rows, 3) == "2 document(s), 3 case(s); 1 document(s) describe no case of their own."
    assert overview.examples(A())[-1] == "Tell me more about the West Sussex case"


def test_case_table_rows_filter_sort_csv_and_extracts():
    docs = {"d1": _Record("/c/p-2011.txt", "Briefing")}
    table = case_table.rows(_cases(), docs, {"rso": "Registered sex offender"})
    assert table[0]["Gender"] == "Girl" and table[0]["Died or harmed"] == "Harmed" and table[0]["Year"] == "2011"
    assert table[2]["Child"] == "=cmd()" and table[2]["Died or harmed"] == "Not stated"
    assert [r["id"] for r in case_table.filtered(table, "sussex")] == ["a"]
    assert [r["id"] for r in case_table.filtered(table, themes=["sleep"])] == ["b"]
    assert [r["id"] for r in case_table.filtered(table, outcomes=["Died"])] == ["b"]
    assert [r["id"] for r in case_table.sorted_rows(table, "Area")] == ["b", "a", "c"]  # empty last
    assert [r["id"] for r in case_table.sorted_rows(table, "Area", True)] == ["a", "b", "c"]
    csv = case_table.to_csv(table).decode("utf-8-sig").splitlines()
    assert csv[0] == ",".join(case_table.COLUMNS) and csv[3].startswith("'=cmd()")
    extracts = case_table.extracts(_cases()[0], docs)
    assert [(e.n, e.field, e.title) for e in extracts] == [(1, "context", "Briefing")]  # the row only when nothing finer
    assert [e.field for e in case_table.extracts(_cases()[1], docs)] == ["row"]


def test_case_table_item_cites_each_row():
    item = from_cases("Cases", "", ["Child"], [["A"], ["B"]], [[CITE], [CITE]])
    assert item.table.cites == ((1,), (2,))
    md = to_markdown(Briefing("B", items=[item]))
    assert "| A | [1] |" in md and "| B | [1] |" in md  # the same extract: one reference
    assert md.count("review-a.txt") == 1


