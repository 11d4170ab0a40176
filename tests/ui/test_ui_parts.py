"""The UI's pure parts: inert rendering, briefing export, session rules, password, uploads."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from markdown_it import MarkdownIt
from pydantic import SecretStr

from assistant.answer import Answer, CaseHit, Citation
from settings import Settings
from ui import auth, render, state
from ui.briefing import Briefing, from_answer, from_theme, number
from ui.briefing_export import to_docx as _to_docx
from ui.briefing_export import to_markdown as _to_markdown
from ui.upload import save_uploads

pytestmark = pytest.mark.unit


def to_markdown(items, title="Briefing"):
    return _to_markdown(Briefing(title, items=list(items)))


def to_docx(items, title="Briefing"):
    return _to_docx(Briefing(title, items=list(items)))


EVIL = "<script>alert(1)</script> ![x](http://evil/x.png) [click](http://evil/link) $x$ :red[hi] &amp;"


# --- rendering ------------------------------------------------------------------------------
def test_escape_leaves_no_markup_from_the_document():
    out = render.escape(EVIL + "\nnext line")
    assert "<script" not in out and "<img" not in out and "<a " not in out
    assert "&lt;script&gt;" in out and "&amp;amp;" in out  # an entity in the text stays text
    assert out.endswith("<br>next line")


def test_runs_of_blank_lines_show_as_one():
    assert render.escape("Child J\n\t\n \n\n\nNot stated") == "Child J<br><br>Not stated"
    assert render.escape("a\n\nb") == "a<br><br>b"


def test_highlight_escapes_first_then_marks_whole_words():
    text = "<b>Registered</b> sex offender & co"
    out = render.highlighted(text, [(3, 13), (18, 21)])
    assert out == "&lt;b&gt;<mark>Registered</mark>&lt;/b&gt; <mark>sex</mark> offender &amp; co"


def test_highlight_ignores_overlapping_spans():
    assert render.highlighted("abcdef", [(0, 4), (2, 6)]) == "<mark>abcd</mark>ef"


def test_label_escapes_every_markdown_character():
    out = render.label(EVIL)
    assert "![" not in out and "](" not in out and ":red[" not in out
    assert out.count("\\") >= EVIL.count("<") + EVIL.count("[")


def test_streamed_pieces_escaped_one_by_one_render_as_the_literal_text():
    # st.write_stream renders its pieces as markdown; the model may echo a hostile document.
    text = "The panel found " + EVIL + "\n1. item\n# heading\n> quote www.evil.example https://evil.example/x"
    pieces = [text[i : i + 3] for i in range(0, len(text), 3)]  # cut through every construct
    escaped = "".join(render.markdown_literal(p) for p in pieces)
    assert escaped == render.markdown_literal(text)
    md = MarkdownIt("gfm-like")
    unescaped = md.render(text)
    assert "<img" in unescaped and "<a " in unescaped and "<h1" in unescaped  # what escaping prevents
    shown = md.render(escaped)
    assert "<img" not in shown and "<a " not in shown and "<script" not in shown and "<h1" not in shown
    assert "<blockquote" not in shown and "<ol" not in shown
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)).split() == text.split()


def test_reference_names_file_section_page():
    assert render.reference("/x/review.pdf", "2. Findings", 3) == "review.pdf · 2. Findings · p. 3"
    assert render.reference("/x/review.txt", None, None) == "review.txt"


# --- briefing -----------------------------------------------------------------------------
def _cite(n, source, start, text, section="2. Findings", page=None, weak=False):
    return Citation(n, source, "Title", section, page, start, start + len(text), text, 0.9, "h" * 64, weak)


A1 = _cite(1, "/c/a.txt", 10, "The partner was a registered sex offender.")
A2 = _cite(2, "/c/b.pdf", 50, "Risk assessments were out of date [3].", "4. Risk", page=2)


def test_answer_becomes_extracts_with_local_numbers():
    item = from_answer(Answer("Q?", "…", False, [A1, A2]), id="turn-1")
    assert item.id == "turn-1" and item.title == "Q?"
    assert [s.cites for s in item.segments] == [(1,), (2,)]


def test_numbering_is_global_first_use_first_and_shared_extracts_share_a_number():
    first = from_answer(Answer("Q1?", "…", False, [A2]))
    second = from_answer(Answer("Q2?", "…", False, [_cite(1, "/c/a.txt", 10, A1.text), _cite(2, A2.source, 50, A2.text)]))
    numbered = number([first, second])
    assert [nums for _, nums in numbered.items[0][1]] == [[1]]
    assert [nums for _, nums in numbered.items[1][1]] == [[2], [1]]
    assert [r.source for r in numbered.references] == ["/c/b.pdf", "/c/a.txt"]


def test_markdown_export_has_numbered_references_and_inert_text():
    evil = _cite(1, "/c/evil.txt", 0, EVIL, section="[s](http://evil)")
    md = to_markdown([from_answer(Answer("Q?", "…", False, [evil, A2]))], "My *briefing*")
    assert md.startswith("# My \\*briefing\\*")
    assert "1. Title (evil.txt), [s\\](`http://evil`)" in md, md
    assert "2. Title (b.pdf), 4. Risk, p. 2" in md
    # Rendered by a CommonMark renderer that passes raw HTML through (the worst case), and
    # by one that also makes links of bare addresses:
    for renderer in (MarkdownIt("commonmark", {"html": True}), MarkdownIt("gfm-like", {"html": True})):
        page = renderer.render(md)
        assert "<script" not in page and "<img" not in page and "<a " not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; ![x](<code>http://evil/x.png</code>)" in page
    assert "out of date [3]. [2]" in md  # no visible escapes; the citation is the last mark


def test_docx_opens_and_lists_references():
    abstained = Answer("None?", "The indexed documents do not answer this question.", True, [])
    items = [from_answer(Answer("Q?", "…", False, [A1, A2])), from_answer(abstained)]
    doc = Document(io.BytesIO(to_docx(items, "Team briefing")))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Team briefing"
    assert "The partner was a registered sex offender. [1]" in texts
    assert texts[texts.index("References") + 1 :] == ["[1] Title (a.txt), 2. Findings", "[2] Title (b.pdf), 4. Risk, p. 2"]
    assert "The indexed documents do not answer this question." in texts


def test_abstained_answer_keeps_the_reason_and_labels_weak_matches():
    weak = _cite(1, "/c/a.txt", 10, A1.text, weak=True)
    text = "The indexed documents do not mention “Narnia”, so they cannot answer this question. Nearest passages (weak matches, not an answer): [1]"
    item = from_answer(Answer("Narnia?", text, True, [weak]))
    assert item.intro == text[: -len(" [1]")]
    md = to_markdown([item])
    assert "Nearest passages (weak matches, not an answer):\n\n- The partner was a registered sex offender. [1]" in md


def test_docx_survives_control_characters_from_documents():
    bad = _cite(1, "/c/a.txt", 0, "form\x0cfeed and \x00 nul")
    doc = Document(io.BytesIO(to_docx([from_answer(Answer("Q?", "…", False, [bad]))])))
    assert any("feed and" in p.text for p in doc.paragraphs)


def test_case_list_answer_becomes_a_table_with_its_citations():
    hit = CaseHit("c1", "Bedfordshire", "Bedfordshire", "Child A", "4 months", "F", "Mother's partner an RSO", [1], ["rso"])
    item = from_answer(Answer("Which cases?", "…", False, [A1], cases=[hit], mode="case-list"), theme_names={"rso": "RSO"})
    assert item.table.rows == (("Bedfordshire", "Child A", "4 months", "Girl", "Mother's partner an RSO", "RSO"),)
    assert item.table.cites == ((1,),) and item.segments == ()
    md = to_markdown([item])
    assert "| Area | Child | Age | Gender | Context | Themes | Sources |" in md
    assert "| Bedfordshire | Child A | 4 months | Girl | Mother's partner an RSO | RSO | [1] |" in md
    doc = Document(io.BytesIO(to_docx([item])))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][-1] == "Sources"
    assert [c.text for c in table.rows[1].cells] == ["Bedfordshire", "Child A", "4 months", "Girl", "Mother's partner an RSO", "RSO", "[1]"]
    assert item.intro == "1 case(s) in the indexed reviews."
    # A page of a long list says which page, of how many matched.
    paged = Answer("Which cases?", "…", False, [A1], cases=[hit], mode="case-list", matched_cases=["c0", "c1", "c2"], offset=1)
    assert from_answer(paged).intro == "Case 2 of the 3 the question matched in the indexed reviews."


@dataclass
class _Theme:
    key: str = "rso"
    name: str = "Registered sex offender"
    definition: str = "A household member is a registered sex offender."


@dataclass
class _Evidence:
    source: str
    start: int
    end: int
    text: str
    case_id: str | None = None
    title: str = "T"


def test_theme_page_labels_extracts_with_their_case():
    ev = [_Evidence("/c/a.txt", 0, 5, "text one", "c1"), _Evidence("/c/a.txt", 9, 14, "text two")]
    item = from_theme(_Theme(), ev, {"c1": "Bedfordshire"})
    assert item.id == "theme:rso" and item.intro.startswith("A household")
    assert [s.text for s in item.segments] == ["Bedfordshire: text one", "text two"]
    assert "2. T (a.txt)" in to_markdown([item])


# --- session state --------------------------------------------------------------------------
@dataclass
class _Item:
    id: str


def test_briefing_adds_once_moves_within_bounds_and_removes():
    session: dict = {}
    assert state.add_item(session, _Item("a")) and state.add_item(session, _Item("b"))
    assert not state.add_item(session, _Item("a"))
    state.add_item(session, _Item("c"))
    state.move(session, "c", -1)
    assert [i.id for i in state.briefing(session)] == ["a", "c", "b"]
    state.move(session, "a", -5)
    state.move(session, "b", +5)
    assert [i.id for i in state.briefing(session)] == ["a", "c", "b"]
    state.remove(session, "c")
    assert [i.id for i in state.briefing(session)] == ["a", "b"]


# --- password ---------------------------------------------------------------------------------
def test_password_from_environment_wins_over_secrets():
    s = Settings(_env_file=None, app_password=SecretStr("env-pass"))
    assert auth.expected_password(s, {"app_password": "toml-pass"}) == "env-pass"
    none = Settings(_env_file=None)
    assert auth.expected_password(none, {"app_password": "toml-pass"}) == "toml-pass"
    assert auth.expected_password(none, {}) is None
    assert auth.expected_password(Settings(_env_file=None, app_password=SecretStr("")), {}) is None


def test_password_match_is_exact():
    assert auth.matches("correct horse", "correct horse")
    assert not auth.matches("correct hors", "correct horse")
    assert not auth.matches("", "x")
    assert auth.matches("pässwörd", "pässwörd")


# --- uploads ----------------------------------------------------------------------------------
def test_uploads_are_saved_by_plain_name_only(tmp_path: Path):
    out = save_uploads(
        [("a.txt", b"A"), ("../escape.txt", b"B"), (".hidden.txt", b"C"), ("a.txt", b"D"), ("sub\\x.txt", b"E")],
        tmp_path / "uploads",
    )
    assert out.saved == [tmp_path / "uploads" / "a.txt"]
    assert (tmp_path / "uploads" / "a.txt").read_bytes() == b"A"
    assert [name for name, _ in out.errors] == ["../escape.txt", ".hidden.txt", "a.txt", "sub\\x.txt"]
    assert not (tmp_path / "escape.txt").exists()


# --- case index adapter and config ---------------------------------------------------------
def test_theme_filter_keeps_cases_with_any_chosen_theme():
    from ui.caseindex import with_themes

    hits = [CaseHit("1", "A", None, None, None, None, "", [], ["neglect"]), CaseHit("2", "B", None, None, None, None, "", [], [])]
    assert [h.case_id for h in with_themes(hits, ["neglect", "unsafe_sleep"])] == ["1"]
    assert with_themes(hits, []) == hits


def test_theme_evidence_grouped_by_document_then_case_in_document_order():
    from ui.caseindex import evidence_by_document_and_case

    ev = [
        _Evidence("/c/b.txt", 40, 45, "b2", "c2"),
        _Evidence("/c/a.txt", 9, 14, "a2"),
        _Evidence("/c/b.txt", 10, 15, "b1", "c2"),
        _Evidence("/c/a.txt", 0, 5, "a1", "c1"),
    ]
    grouped = evidence_by_document_and_case(ev)
    assert list(grouped) == ["/c/a.txt", "/c/b.txt"]
    assert {k: [e.text for e in v] for k, v in grouped["/c/a.txt"].items()} == {"c1": ["a1"], "": ["a2"]}
    assert [e.text for e in grouped["/c/b.txt"]["c2"]] == ["b1", "b2"]
    assert list(evidence_by_document_and_case(ev, ["/c/b.txt"])) == ["/c/b.txt"]


def test_streamlit_config_binds_to_loopback_without_usage_statistics():
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False
