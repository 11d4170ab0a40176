"""The Streamlit app driven through streamlit.testing (AppTest): real model, real stores.

Small stores are ingested from fixture files written here; the case-table and theme tests
use the sample corpus, which is what the case index is built for.
"""

from __future__ import annotations

import io
import uuid
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from ingest.pipeline import ingest
from settings import Settings
from tests.procs import free_port
from tests.written_stores import ingested_sample
from ui import render, upload
from ui.labels import readable_date

pytestmark = pytest.mark.integration

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
RUN = 120  # seconds: the first run loads the model (~10 s); later runs take well under one

REVIEW_A = """Serious case review: Northshire

1. Background

Child A, a girl aged 4 months, lived with her mother. The mother's partner was a registered sex offender who had moved into the household.

2. Findings

Learning point: <script>alert(1)</script> the partner's risk assessments were out of date, see ![x](http://evil/x.png) and [the full report](http://evil/link) and :red[$x$] for details.
"""

REVIEW_B = """Serious case review: Southshire

1. Background

Baby B, a boy aged 6 weeks, died while co-sleeping with his father after the father had been drinking alcohol.

2. Findings

Health visitors gave safe sleeping advice but did not ask about alcohol misuse in the home.
"""


def _store(folder: Path, files: dict[str, str], embeddings) -> Path:
    docs = folder / "docs"
    docs.mkdir(parents=True)
    for name, text in files.items():
        (docs / name).write_text(text, encoding="utf-8")
    settings = Settings(_env_file=None, store_dir=folder / "store")
    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert not report.failed
    return settings.store_dir


@pytest.fixture(scope="module")
def small_store(tmp_path_factory, embeddings) -> Path:
    return _store(tmp_path_factory.mktemp("ui-small"), {"review-a.txt": REVIEW_A, "review-b.txt": REVIEW_B}, embeddings)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, embeddings) -> Path:
    return ingested_sample(tmp_path_factory.mktemp("ui-sample"), embeddings).store_dir


def _app(monkeypatch, store: Path, password: str | None = None, workspace: Path | None = None) -> AppTest:
    monkeypatch.setenv("SCR_STORE_DIR", str(store))
    # Saved work of its own per test (unless given): stores are shared by a module's tests.
    monkeypatch.setenv("SCR_WORKSPACE_PATH", str(workspace or store.parent / f"workspace-{uuid.uuid4().hex}.sqlite3"))
    if password is None:
        monkeypatch.delenv("SCR_APP_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("SCR_APP_PASSWORD", password)
    at = AppTest.from_file(str(APP), default_timeout=RUN).run()
    assert not at.exception, at.exception
    return at


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def _html(at: AppTest) -> list[str]:
    return [h.value for h in at.html]


def _all_text(at: AppTest) -> list[str]:
    """Every string the app sent that the browser would interpret: HTML bodies, markdown,
    captions, alerts and widget/expander labels."""
    out = _html(at) + [m.value for m in at.markdown] + [c.value for c in at.caption]
    out += [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.error]
    out += [x.label for x in at.expander] + [b.label for b in at.button]
    return out


def _table_with(at: AppTest, column: str):
    """The first table on the page with this column (AppTest does not expose a table's key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _case_tables(at: AppTest) -> list:
    """The case tables of the answers on the page, in order (not the documents table)."""
    return [d.value for d in at.dataframe if "Context" in d.value.columns]


def _last_answer(at: AppTest):
    return at.session_state["turns"][-1].answer


@pytest.fixture
def app(monkeypatch, small_store) -> AppTest:
    return _app(monkeypatch, small_store)


# --- asking ----------------------------------------------------------------------------------
def test_answer_shows_numbered_citations_with_matches_marked_and_context(app):
    _ask(app, "Was the mother's partner a registered sex offender?")
    answer = _last_answer(app)
    assert not answer.abstained and answer.citations
    html = "\n".join(_html(app))
    first = answer.citations[0]
    assert "[1] review-a.txt · 1. Background" in html
    assert "<mark>registered</mark> <mark>sex</mark> <mark>offender</mark>" in html
    assert '<span class="scr-cited">' in html and "Child A, a girl aged 4 months" in html  # its context
    assert first.text.split()[0] in html
    assert len(app.expander) >= len(answer.citations)  # one "Show in context" per citation
    assert "Quoted from the reviews" in _label(app)
    assert not any("Answered in" in c.value or "Passages" in c.value for c in app.caption)


def test_document_text_is_inert(app):
    _ask(app, "Were the partner's risk assessments out of date?")
    cited = " ".join(c.text for c in _last_answer(app).citations)
    assert "<script>" in cited and "![x](http://evil/x.png)" in cited  # the hostile extract was cited
    texts = _all_text(app)
    joined = "\n".join(texts)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in joined
    assert "<script" not in joined and "<img" not in joined and "<a " not in joined
    # markdown bodies and labels never carry an unescaped image or link
    for t in [m.value for m in app.markdown] + [x.label for x in app.expander]:
        assert "](http" not in t
    assert len(app.image) == 0


def test_follow_up_is_resolved_against_the_previous_question(app):
    _ask(app, "Which child died while co-sleeping?")
    _ask(app, "what about alcohol?")
    turn = app.session_state["turns"][-1]
    assert turn.resolved.follow_up
    assert turn.resolved.question == "Which child died while co-sleeping and alcohol?"
    assert any("Follow-up, asked as: Which child died while co-sleeping and alcohol?" in h for h in _html(app))
    assert turn.answer.question == turn.resolved.question
    assert len(app.chat_message) == 4  # two questions, two answers, kept for the session


def test_filter_by_document_limits_citations(app):
    assert len(app.multiselect(key="filter-documents").options) == 2
    app.multiselect(key="filter-documents").set_value([_source(app, "review-b.txt")]).run()
    _ask(app, "Was the mother's partner a registered sex offender?")
    answer = _last_answer(app)
    assert answer.citations and {Path(c.source).name for c in answer.citations} == {"review-b.txt"}
    assert any("Searched only the 1 chosen document(s): Serious case review: Southshire." in h for h in _html(app))


def _source(at: AppTest, name: str) -> str:
    return next(r.source for r in _assistant(at).documents.values() if Path(r.source).name == name)


def _assistant(at: AppTest):
    from ui.resources import get_assistant

    return get_assistant(Settings())


def test_abstention_is_plain(app):
    _ask(app, "What did the Narnia inquiry say about wardrobes?")
    answer = _last_answer(app)
    assert answer.abstained
    assert any("scr-abstain" in h and "do not" in h for h in _html(app))
    assert all(c.weak for c in answer.citations)
    if answer.citations:
        assert any("weak match, not an answer" in h for h in _html(app))


def test_unaskable_question_is_refused_plainly_and_not_used_for_follow_ups(app):
    _ask(app, "Which child died while co-sleeping?")
    _ask(app, "\x00\x01 \x02")
    turn = app.session_state["turns"][-1]
    assert turn.answer is None and "empty" in turn.error
    assert "empty" in app.warning[0].value
    _ask(app, "what about alcohol?")
    assert app.session_state["turns"][-1].resolved.question == "Which child died while co-sleeping and alcohol?"


# --- briefing --------------------------------------------------------------------------------
def test_briefing_add_reorder_and_download(app):
    _ask(app, "Was the mother's partner a registered sex offender?")
    _ask(app, "Which child died while co-sleeping?")
    first, second = app.session_state["turns"]
    app.button(key=f"brief-{first.id}").click().run()
    app.button(key=f"brief-{second.id}").click().run()
    assert app.button(key=f"brief-{first.id}").disabled  # added once only
    app.radio(key="view").set_value("Briefing").run()
    assert not app.exception
    assert [i.id for i in app.session_state["briefing"]] == [first.id, second.id]
    app.button(key=f"down-{first.id}").click().run()
    assert [i.id for i in app.session_state["briefing"]] == [second.id, first.id]
    app.text_input(key="briefing-title").set_value("Team briefing").run()
    app.text_area(key=f"note-{first.id}").set_value("Ask the team about this.").run()

    labels = [b.label for b in app.get("download_button")]
    assert labels == ["Download Markdown", "Download Word (.docx)"]
    files = app.session_state["briefing_export"]  # what the two buttons offer
    assert files["title"] == "Team briefing"
    doc = Document(io.BytesIO(files["docx"]))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Team briefing"
    assert texts[1] == readable_date(date.today().isoformat())  # dated; no author set
    assert texts[2] == "Which child died while co-sleeping?"  # reordered: second question first
    refs = texts[texts.index("References") + 1 :]
    assert refs and refs[0].startswith("[1] Serious case review: Southshire (review-b.txt)")
    assert any(r.startswith("[") and "(review-a.txt), 1. Background" in r for r in refs)
    assert "Ask the team about this." in texts
    assert doc.core_properties.title == "Team briefing" and doc.core_properties.author != "python-docx"
    assert "## References" in files["markdown"] and "review-a.txt" in files["markdown"]

    app.button(key=f"drop-{second.id}").click().run()
    assert [i.id for i in app.session_state["briefing"]] == [first.id]


# --- uploads ---------------------------------------------------------------------------------
@pytest.mark.slow  # a child process loads the model, or Chroma is rebuilt: 10-40 s
def test_upload_ingests_in_the_background_and_names_the_failures(monkeypatch, tmp_path, embeddings):
    store = _store(tmp_path, {"review-b.txt": REVIEW_B}, embeddings)
    at = _app(monkeypatch, store)
    assert at.metric[0].value == "1"
    at.file_uploader[0].set_value(
        [("review-a.txt", REVIEW_A.encode(), "text/plain"), ("broken.pdf", b"%PDF-1.4 not really", "application/pdf")]
    ).run()
    at.button(key="ingest-uploads").click().run()
    assert not at.exception, at.exception
    manager = upload.jobs(Settings())
    assert manager.running() or manager.status()["state"] != "starting"
    _ask(at, "Which child died while co-sleeping?")  # the app answers while the ingest runs
    assert not _last_answer(at).abstained
    status = manager.wait(timeout=300)
    assert status["state"] == "done", status
    at.run()
    assert at.warning[0].value == "Added 1 document(s); 1 not added."  # not a green box over a failure
    assert any("broken.pdf: not added: " in h for h in _html(at))
    assert (store / "uploads" / "review-a.txt").read_text(encoding="utf-8") == REVIEW_A
    assert not (store / "uploads" / "broken.pdf").exists()  # a rejected file does not stay on disk
    assert at.metric[0].value == "2"  # the shared assistant picked up the new document
    _ask(at, "Was the mother's partner a registered sex offender?")
    assert "review-a.txt" in {Path(c.source).name for c in _last_answer(at).citations}


@pytest.mark.slow  # a child process loads the model, or Chroma is rebuilt: 10-40 s
def test_upload_of_only_bad_files_is_an_error(monkeypatch, tmp_path, embeddings):
    store = _store(tmp_path, {"review-b.txt": REVIEW_B}, embeddings)
    at = _app(monkeypatch, store)
    at.file_uploader[0].set_value([("broken.pdf", b"%PDF-1.4 not really", "application/pdf")]).run()
    at.button(key="ingest-uploads").click().run()
    assert upload.jobs(Settings()).wait(timeout=300)["state"] == "done"
    at.run()
    assert at.error[0].value == "Added 0 document(s); 1 not added." and not at.success
    assert list((store / "uploads").iterdir()) == []


# --- generated answers ------------------------------------------------------------------------
def _label(at: AppTest) -> str:
    return next(h for h in _html(at) if "scr-answer-label" in h)


def test_extractive_answers_say_so(app):
    _ask(app, "Was the mother's partner a registered sex offender?")
    assert _last_answer(app).generated is None  # no provider configured: nothing generated
    assert "Quoted from the reviews: sentences copied word for word, each with its source." in _label(app)


def test_unreachable_model_server_leaves_the_extractive_answer_and_says_why(monkeypatch, small_store):
    monkeypatch.setenv("SCR_GENERATION_PROVIDER", "openai")
    monkeypatch.setenv("SCR_GENERATION_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")  # nothing listens
    at = _ask(_app(monkeypatch, small_store), "Was the mother's partner a registered sex offender?")
    answer = _last_answer(at)
    assert answer.generated["mode"] == "extractive-fallback" and "reach" in answer.generated["error"]
    label = _label(at)
    assert label.count("Quoted from the reviews") == 1 and "The written answer is not shown" in label
    assert any(render.escape(answer.answer) in h for h in _html(at))


@pytest.mark.slow  # the tiny model generates in-process
def test_generated_answer_streams_then_shows_what_validation_kept(monkeypatch, small_store):
    """The real tiny model (SmolLM2-135M, in-process): its pieces go through st.write_stream,
    escaped; then the page shows the validated text or the extractive answer, labelled."""
    streamed: list[str] = []
    literal = render.markdown_literal
    monkeypatch.setattr(render, "markdown_literal", lambda piece: streamed.append(piece) or literal(piece))
    monkeypatch.setenv("SCR_GENERATION_PROVIDER", "transformers")
    monkeypatch.setenv("SCR_GENERATION_MAX_TOKENS", "40")  # ~4 tokens/s on a shared CPU
    monkeypatch.setenv("SCR_GENERATION_TIMEOUT_S", "600")
    at = _app(monkeypatch, small_store)
    at.chat_input[0].set_value("Was the mother's partner a registered sex offender?").run(timeout=900)
    assert not at.exception, at.exception
    answer = _last_answer(at)
    generated = answer.generated
    assert generated["raw"].strip() and "".join(streamed) == generated["raw"], generated
    assert not any("Draft from the language model" in c.value for c in at.caption)  # the draft is replaced
    label = _label(at)
    if generated["mode"] == "generated-validated":
        assert "validated" in label and f"each of its {len(generated['kept_sentences'])} sentence" in label
        assert any(render.escape(generated["text"]) in h for h in _html(at))
        evidence = {c.n for c in answer.citations}
        assert all(k["cited"] and set(k["cited"]) <= evidence for k in generated["kept_sentences"])
    else:
        assert generated["mode"] == "extractive-fallback"
        assert "Quoted from the reviews" in label and "The written answer is not shown" in label
        assert any(render.escape(answer.answer) in h for h in _html(at))


# --- password --------------------------------------------------------------------------------
def test_shared_password_gates_the_app(monkeypatch, small_store):
    at = _app(monkeypatch, small_store, password="s3cret")
    assert not at.chat_input and not at.sidebar.radio
    at.text_input[0].set_value("wrong")  # a form: typed value and submit go in one run
    at.button[0].click().run()
    assert at.error[0].value == "That password is not right." and not at.chat_input
    at.text_input[0].set_value("s3cret")
    at.button[0].click().run()
    assert not at.exception and at.chat_input
    at.run()
    assert at.chat_input  # remembered for the session


# --- case index (sample corpus) ------------------------------------------------------------------
@pytest.fixture
def sample_app(monkeypatch, sample_store) -> AppTest:
    return _app(monkeypatch, sample_store)


def test_case_index_api_is_present(sample_app):
    assistant = _assistant(sample_app)
    for name in ("cases", "themes", "theme_matrix", "theme_evidence"):
        assert hasattr(assistant, name), f"Assistant.{name} is missing: the case table and theme explorer are off"


def test_list_answer_shows_case_table_with_evidence(sample_app):
    _ask(sample_app, "Which cases involved registered sex offenders?")
    answer = _last_answer(sample_app)
    assert answer.mode == "case-list" and answer.cases
    table = _case_tables(sample_app)[0]
    assert list(table.columns) == ["Child", "Area", "Age", "Gender", "Context", "Themes"]
    assert {"West Sussex", "Bedfordshire"} <= set(table["Area"])
    evidence = [x for x in sample_app.expander if x.label.startswith("Evidence: ")]
    assert len(evidence) == len(answer.cases)
    assert any("scr-ref" in h and "portsmouth" in h for h in _html(sample_app))


def test_theme_filter_narrows_the_case_table(sample_app):
    assistant = _assistant(sample_app)
    _ask(sample_app, "Which cases involved registered sex offenders?")
    all_hits = _last_answer(sample_app).cases
    theme = next(t for t in sorted({t for h in all_hits for t in h.themes}) if any(t not in h.themes for h in all_hits))
    sample_app.multiselect(key="filter-themes").set_value([theme]).run()
    assert len(_case_tables(sample_app)[0]) == len(all_hits)  # the earlier answer keeps what it showed
    _ask(sample_app, "Which cases involved registered sex offenders?")
    table = _case_tables(sample_app)[-1]
    assert len(_case_tables(sample_app)[0]) == len(all_hits)
    assert 0 < len(table) < len(all_hits)
    assert any(c.value.endswith("cases have the chosen themes.") for c in sample_app.caption)
    assert set(table["Area"]) == {h.local_authority for h in all_hits if theme in h.themes}
    assert assistant.themes()


def test_theme_explorer_definition_evidence_matrix_and_briefing(sample_app):
    assistant = _assistant(sample_app)
    sample_app.radio(key="view").set_value("Themes").run()
    assert not sample_app.exception, sample_app.exception
    theme = assistant.themes()[0]
    sample_app.selectbox(key="theme-pick").set_value(theme.key).run()
    html = "\n".join(_html(sample_app))
    assert theme.definition.split()[0] in html
    evidence = assistant.theme_evidence(theme.key)
    assert evidence and all(e.text.split()[0] in html for e in evidence[:3])
    matrix = sample_app.dataframe[-1].value
    assert "Case" in matrix.columns and theme.name in matrix.columns
    assert len(matrix) == len(assistant.theme_matrix())
    sample_app.button(key=f"brief-theme:{theme.key}").click().run()
    item = sample_app.session_state["briefing"][0]
    assert item.kind == "theme" and len(item.segments) == len(evidence)


# --- home -------------------------------------------------------------------------------------
def test_home_shows_what_is_loaded_and_example_questions(sample_app):
    documents = _table_with(sample_app, "Document")
    assert set(documents.columns) == {"Document", "Kind", "Year", "Cases", "Added", "File"}
    assert len(documents) == 3 and "8" in set(documents["Cases"]) and "none found" in set(documents["Cases"])
    assert "2011" in set(documents["Year"])
    text = "\n".join(_all_text(sample_app) + [m.label for m in sample_app.metric])
    for jargon in ("Passages", "Extractive answer", "Answered in", "T23:", "+00:00"):
        assert jargon not in text, jargon
    assert any(c.value.startswith("Last document added: ") for c in sample_app.caption)
    sample_app.button(key="example-0").click().run()  # "Which cases involved registered sex offenders?"
    assert not sample_app.exception
    answer = _last_answer(sample_app)
    assert answer.question == "Which cases involved registered sex offenders?" and answer.cases
    assert any(x.label.startswith("What is loaded: 3 document(s), 8 case(s)") for x in sample_app.expander)
    sample_app.button(key="home-all-cases").click().run()  # every case, one click from home
    assert sample_app.radio(key="view").value == "Cases" and len(_table_with(sample_app, "Died or harmed")) == 8


# --- work that is kept ----------------------------------------------------------------------------
def _reopen(monkeypatch, store: Path, workspace: Path, params: dict) -> AppTest:
    """A reload (or a new tab at the same address after a server restart): a new session."""
    monkeypatch.setenv("SCR_STORE_DIR", str(store))
    monkeypatch.setenv("SCR_WORKSPACE_PATH", str(workspace))
    at = AppTest.from_file(str(APP), default_timeout=RUN)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_reload_keeps_the_conversation_and_the_briefing(monkeypatch, small_store, tmp_path):
    saved = tmp_path / "workspace.sqlite3"
    at = _app(monkeypatch, small_store, workspace=saved)
    _ask(at, "Which child died while co-sleeping?")
    _ask(at, "what about alcohol?")
    first = at.session_state["turns"][0]
    at.button(key=f"brief-{first.id}").click().run()
    at.radio(key="view").set_value("Briefing").run()
    at.text_input(key="briefing-title").set_value("Co-sleeping briefing").run()
    at.text_area(key="briefing-intro").set_value("For Monday's team meeting.").run()
    at.text_area(key=f"note-{first.id}").set_value("Alcohol was never asked about.").run()
    at.radio(key="view").set_value("Home").run()  # a view switch loses nothing
    at.radio(key="view").set_value("Briefing").run()
    assert at.text_input(key="briefing-title").value == "Co-sleeping briefing"
    params = dict(at.query_params)
    assert set(params) == {"c", "b"}

    again = _reopen(monkeypatch, small_store, saved, {k: v[0] if isinstance(v, list) else v for k, v in params.items()})
    turns = again.session_state["turns"]
    assert [t.resolved.asked for t in turns] == ["Which child died while co-sleeping?", "what about alcohol?"]
    assert any("Follow-up, asked as: Which child died while co-sleeping and alcohol?" in h for h in _html(again))
    again.radio(key="view").set_value("Briefing").run()
    assert again.text_input(key="briefing-title").value == "Co-sleeping briefing"
    assert again.text_area(key="briefing-intro").value == "For Monday's team meeting."
    assert again.text_area(key=f"note-{first.id}").value == "Alcohol was never asked about."
    # The conversation is listed by name, and a new one starts empty.
    assert any(b.label.endswith("Which child died while co-sleeping?") for b in again.sidebar.button)
    again.radio(key="view").set_value("Home").run()
    again.button(key="new-conversation").click().run()
    assert again.session_state["turns"] == [] and "c" not in again.query_params
    conversation = next(b for b in again.sidebar.button if b.key and b.key.startswith("conv-del-"))
    conversation.click().run()
    assert not [b for b in again.sidebar.button if b.key and b.key.startswith("conv-del-")]


# --- cases view ------------------------------------------------------------------------------------
def test_cases_view_lists_every_case_filters_exports_and_briefs(sample_app):
    assistant = _assistant(sample_app)
    sample_app.radio(key="view").set_value("Cases").run()
    assert not sample_app.exception, sample_app.exception
    table = _table_with(sample_app, "Died or harmed")
    assert list(table.columns) == ["Child", "Area", "Age", "Gender", "Died or harmed", "Themes", "Review", "Year"]
    assert len(table) == len(assistant.cases()) == 8
    assert {"West Sussex", "Bedfordshire"} <= set(table["Area"])
    sample_app.selectbox(key="cases-sort").set_value("Area").run()
    areas = list(_table_with(sample_app, "Died or harmed")["Area"])
    assert areas == sorted(areas, key=str.lower)
    sample_app.text_input(key="cases-search").set_value("West Sussex").run()
    assert list(_table_with(sample_app, "Died or harmed")["Area"]) == ["West Sussex"]
    assert any(c.value.startswith("Showing 1 of 8 cases") for c in sample_app.caption)
    # One case in detail: its evidence, each extract cited with its source.
    html = "\n".join(_html(sample_app))
    assert "West Sussex — Carrie" in html and "[1] portsmouth-scb-briefing-8-scr-summaries-2011.txt" in html
    sample_app.button(key="cases-brief").click().run()
    item = sample_app.session_state["briefing"][-1]
    assert item.kind == "cases" and len(item.table.rows) == 1 and item.table.rows[0][1] == "West Sussex"
    assert item.references  # the row cites its evidence
    labels = [b.label for b in sample_app.get("download_button")]
    assert labels[:2] == ["Download CSV", "Download Word table"]


def test_case_question_under_a_document_filter_lists_that_documents_cases(sample_app):
    portsmouth = _source(sample_app, "portsmouth-scb-briefing-8-scr-summaries-2011.txt")
    sample_app.multiselect(key="filter-documents").set_value([portsmouth]).run()
    _ask(sample_app, "Which cases involved registered sex offenders?")
    answer = _last_answer(sample_app)
    assert answer.mode == "case-list" and {h.local_authority for h in answer.cases} == {"West Sussex", "Bedfordshire"}
    assert answer.answer.startswith("2 of 8 cases in the chosen documents involved registered sex offenders")
    other = _source(sample_app, "familylaw-third-of-scrs-inadequate-2009.txt")
    sample_app.multiselect(key="filter-documents").set_value([other]).run()
    _ask(sample_app, "Which cases involved registered sex offenders?")
    assert _last_answer(sample_app).answer.startswith("The chosen documents hold no case records")
    assert len(_case_tables(sample_app)) == 1  # the first answer keeps its table


def test_a_long_list_shows_a_page_and_a_button_for_the_next(monkeypatch, sample_store):
    monkeypatch.setenv("SCR_LIST_PAGE_SIZE", "2")
    at = _app(monkeypatch, sample_store)
    _ask(at, "Which cases concerned babies under six months old?")
    first = _last_answer(at)
    assert len(first.cases) == 2 and len(first.matched_cases) == 5
    assert len(_case_tables(at)[0]) == 2
    more = next(b for b in at.button if b.label == "Show the next 2 cases")
    more.click().run()
    assert not at.exception, at.exception
    second = _last_answer(at)
    assert second.offset == 2 and [h.case_id for h in second.cases] == first.matched_cases[2:4]
    assert at.session_state["turns"][-1].resolved.asked == "show more"
    # Only the last answer offers more: the first one's button is gone.
    assert [b.label for b in at.button if b.label.startswith("Show the next")] == ["Show the next case"]
