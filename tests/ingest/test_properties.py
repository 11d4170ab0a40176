"""Property-based tests (hypothesis) for cleaning, layout reading, chunking and citing:
offsets always valid, every cited text is exactly its source slice, nothing is lost, and
no input makes the readers fail other than with a clear ``UnreadableFile``.

(tests/ingest/test_chunking.py holds the basic offsets-and-budget property on arbitrary text;
tests/ingest/test_readers.py the text round trip and PDF page joins.)
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from assistant.extractive import display, evidence_units
from assistant.retrieval import Candidate
from assistant.service import Assistant
from ingest.chunking import chunk
from ingest.extracted import ExtractedDocument, UnreadableFile
from ingest.pipeline import passage_records
from ingest.readers import docx, html, pdf, text
from ingest.readers.pdf import join_pages
from ingest.structure import BULLET, blocks, line_spans, sentence_spans, trim
from settings import Settings
from tests.conftest import CORPUS
from tests.written_stores import ingested_sample
from vectorstore.passage_text import clean, context_line
from vectorstore.records import DocumentRecord, PassageRecord, pages_field

pytestmark = pytest.mark.integration

SETTINGS = Settings(_env_file=None)
BULLET_GLYPHS = set("·•▪◦●‣∙")
FIXTURE_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

# --- strategies: text shaped like the documents (headings, bullets, tables, odd bytes) ------
ANY_CHAR = st.characters(exclude_categories=("Cs",))  # every code point a str can encode
WORD = st.one_of(
    st.sampled_from("child mother health visitor police review findings school GP agency".split()),
    st.text(alphabet=ANY_CHAR, min_size=1, max_size=12).filter(lambda w: not any(c.isspace() for c in w)),
)
PHRASE = st.lists(WORD, min_size=1, max_size=12).map(" ".join)
SENTENCES = st.lists(PHRASE.map(lambda p: p[:1].upper() + p[1:] + "."), min_size=1, max_size=5).map(" ".join)
LINE = st.one_of(
    SENTENCES,
    st.text(alphabet=ANY_CHAR, max_size=80),  # anything at all: controls, tabs, \r, U+2028…
    st.builds(lambda n, t: f"{n}.  {t}", st.integers(1, 12), PHRASE),  # numbered heading
    st.builds(lambda n, m, t: f"{n}.{m}\t{t}:", st.integers(1, 9), st.integers(1, 9), PHRASE),
    st.builds(lambda g, t: f"{g} {t}", st.sampled_from(["•", "·", "-", "*", "a)", "(iv)", "o"]), SENTENCES),
    st.lists(PHRASE, min_size=2, max_size=4).map("\t".join),  # table row, DOCX layout
    PHRASE.map(lambda t: "\t" + t),  # table cell, PDF layout
    st.text(alphabet="abcdefghij/.:-", min_size=200, max_size=1500),  # a URL-like giant word
    st.just(""),
)
BREAK = st.sampled_from(["\n", "\n", "\n\n", "\r\n", "\r", "\n \t\n"])
DOCUMENT_TEXT = st.lists(st.tuples(LINE, BREAK), max_size=25).map(lambda parts: "".join(a + b for a, b in parts))


def _covered(spans) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def _bullet_markers(text: str) -> set[int]:
    """Offsets of bullet markers ("• ", "a) ") at line starts: cleaning may drop these."""
    marks = set()
    for start, end in line_spans(text):
        start = trim(text, start, end)[0] if text[start:end].strip() else start  # \r, U+2028… may lead
        match = BULLET.match(text[start:end])
        if match:
            marks.update(range(start, start + match.end()))
    return marks


# --- cleaning -------------------------------------------------------------------------------
@given(st.text(alphabet=ANY_CHAR))
def test_clean_gives_single_spaced_stripped_text(raw):
    cleaned = clean(raw)
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert not any(c.isspace() and c != " " for c in cleaned)
    # Only white space and bullet glyphs go: every other character survives.
    kept = Counter(c for c in raw if not c.isspace() and c not in BULLET_GLYPHS)
    assert Counter(c for c in cleaned if c not in BULLET_GLYPHS and c != " ") == kept


# --- layout ---------------------------------------------------------------------------------
@hyp_settings(max_examples=150, deadline=None)
@given(DOCUMENT_TEXT)
def test_blocks_are_trimmed_ordered_and_lose_no_text(doc):
    found = blocks(doc)
    previous_end = 0
    for block in found:
        assert previous_end <= block.start < block.end <= len(doc)
        assert doc[block.start : block.end] == doc[block.start : block.end].strip()
        previous_end = block.end
    lost = [i for i, c in enumerate(doc) if not c.isspace() and i not in _covered((b.start, b.end) for b in found)]
    assert lost == []


def assert_ordered_stripped_slices(doc: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Sentences as a splitter gives them: in order, within ``start:end``, trimmed."""
    previous_end = start
    for s, e in spans:
        assert previous_end <= s < e <= end
        assert doc[s:e] == doc[s:e].strip()
        previous_end = e


@hyp_settings(max_examples=150, deadline=None)
@given(DOCUMENT_TEXT, st.data())
def test_sentence_spans_are_stripped_slices_within_bounds(doc, data):
    start = data.draw(st.integers(0, len(doc)))
    end = data.draw(st.integers(start, len(doc)))
    spans = sentence_spans(doc, start, end)
    assert_ordered_stripped_slices(doc, start, end, spans)
    # Nothing but white space and bullet markers falls between sentences.
    window = doc[start:end]
    markers = {start + i for i in _bullet_markers(window)}
    lost = [i for i in range(start, end) if not doc[i].isspace() and i not in _covered(spans) and i not in markers]
    assert lost == []


# --- chunking -------------------------------------------------------------------------------
@hyp_settings(max_examples=80, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.lists(DOCUMENT_TEXT, min_size=1, max_size=3), st.sampled_from([48, 96, 200]))
def test_passages_are_exact_ordered_spans_on_one_page_within_budget(token_counter, pages, budget):
    doc_text, page_spans = join_pages(pages)
    document = ExtractedDocument(source="/tmp/x.pdf", title="Review: Child Z", text=doc_text, pages=page_spans)
    passages = chunk(document, token_counter, budget)
    rows = [(b.start, b.end) for b in blocks(doc_text) if b.kind == "table_row"]
    previous_end = 0
    for p in passages:
        assert previous_end <= p.start < p.end <= len(doc_text)
        span = doc_text[p.start : p.end]
        assert span == span.strip()
        page = document.page_at(p.start)
        if page != document.page_at(p.end - 1):
            # One page per passage, so a citation names its page; only a table row broken
            # by a page break stays whole (its cells belong together): it must end the
            # passage and start on its page.
            assert any(e == p.end and document.page_at(s) == page for s, e in rows), f"{p.start}:{p.end} spans pages"
        assert p.embed_text == f"{context_line(document.title, ' > '.join(p.section))}\n{clean(span)}"
        if p.kind != "heading":
            # (A passage of headings alone is not held to the budget: a long heading is
            # repeated in its own context line. See docs/RELIABILITY.md.)
            assert token_counter(p.embed_text) <= budget
        previous_end = p.end
    covered = _covered((p.start, p.end) for p in passages)
    lost = [i for i, c in enumerate(doc_text) if not c.isspace() and i not in covered]
    assert set(lost) <= _bullet_markers(doc_text)  # a long bullet may be cut after its marker


@hyp_settings(max_examples=80, deadline=None, suppress_health_check=FIXTURE_OK)
@given(DOCUMENT_TEXT)
def test_citable_units_are_exact_slices_inside_their_passage(token_counter, doc_text):
    document = ExtractedDocument(source="/tmp/x.txt", title="Review", text=doc_text)
    for p in chunk(document, token_counter, 96):
        record = PassageRecord("id", "hash", document.source, document.title, None, None, p.start, p.end, p.kind, "t", "")
        for unit in evidence_units(Candidate(record, 0.5, None, 0.1), doc_text):
            assert p.start <= unit.start < unit.end <= p.end
            assert unit.text == doc_text[unit.start : unit.end] == unit.text.strip()




@hyp_settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.lists(DOCUMENT_TEXT, min_size=1, max_size=3), st.text(alphabet=ANY_CHAR, max_size=40))
def test_a_stored_passage_reads_back_as_it_was_embedded(settings, pages, title):
    # Chroma keeps only a passage's id, vector and a few keys: the rest, and above all the
    # text its vector was made from, is rebuilt from its document's record and text.
    doc_text, page_spans = join_pages(pages)
    document = ExtractedDocument(source="/tmp/x.pdf", title=title, text=doc_text, pages=page_spans)
    doc_hash = "ab" * 32
    record = DocumentRecord(
        doc_hash=doc_hash, source=document.source, title=title, passages=0, ingested_at="",
        pages=pages_field(page_spans),
    )
    for passage in passage_records(document, doc_hash, settings):
        assert PassageRecord.from_chroma(passage.id, passage.metadata(), record, doc_text) == passage

# --- readers: any bytes give a document or one clear UnreadableFile ---------------------------
def _read_or_refuse(reader, name: str, data: bytes) -> ExtractedDocument | None:
    try:
        document = reader(name, data, SETTINGS)
    except UnreadableFile as error:
        assert error.path == name and error.reason and "\n" not in error.reason
        return None
    assert isinstance(document.text, str) and "\r" not in document.text
    for span in (*document.pages, *document.headings):
        assert 0 <= span.start <= span.end <= len(document.text)
    return document


@hyp_settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_text_reader_on_any_bytes(data):
    _read_or_refuse(text.read, "x.txt", data)


@hyp_settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=2000), DOCUMENT_TEXT.map(lambda t: ("<p>" + t + "</p><script>" + t).encode())))
def test_html_reader_on_any_bytes(data):
    document = _read_or_refuse(html.read, "x.html", data)
    if document is not None:
        for h in document.headings:
            assert document.text[h.start : h.end].strip()


@hyp_settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_pdf_reader_on_any_bytes(data):
    _read_or_refuse(pdf.read, "x.pdf", b"%PDF-1.4\n" + data)


@hyp_settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["word/document.xml", "[Content_Types].xml", "_rels/.rels", "x"]), st.binary(max_size=500)))
def test_docx_reader_on_any_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    _read_or_refuse(docx.read, "x.docx", buffer.getvalue())


# --- end to end: every citation the assistant gives is its document's exact text -----------
@pytest.fixture(scope="module")
def corpus_assistant(tmp_path_factory, embeddings) -> Assistant:
    return Assistant(ingested_sample(tmp_path_factory.mktemp("props"), embeddings), embeddings)


def _corpus_words() -> list[str]:
    words = set()
    for path in sorted(CORPUS.glob("*.txt")):
        words.update(w.strip(".,;:()‘’“”\"'") for w in path.read_text(encoding="utf-8").split())
    return sorted(w for w in words if w)


@pytest.mark.slow  # a subprocess ingest or CLI run, or many hypothesis examples
@hyp_settings(max_examples=30, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.lists(st.sampled_from(_corpus_words() or ["child"]), min_size=1, max_size=10), st.integers(1, 8))
def test_every_citation_is_the_exact_source_slice(corpus_assistant, words, k):
    question = " ".join(words)
    assume(question.strip())
    answer = corpus_assistant.ask(question, k=k)
    for c in answer.citations:
        assert c.text == corpus_assistant.document_text(c.doc_hash)[c.start : c.end]
        if not answer.abstained and answer.mode == "extractive":
            assert f"{display(c.text)} [{c.n}]" in answer.answer
    spans = [(c.doc_hash, c.start, c.end) for c in answer.citations]
    assert len(spans) == len(set(spans))
