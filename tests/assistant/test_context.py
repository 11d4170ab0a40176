"""A citation in its setting, and the words that matched: pure cuts, then a real store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.context import citation_context, matched_spans, query_terms, surrounding

pytestmark = pytest.mark.integration

DOC = "Heading\nFirst line of the review.\nThe mother's partner was a registered sex offender. More text.\nLast line here.\n"


def test_window_snaps_to_line_starts_and_ends():
    start = DOC.index("The mother")
    end = DOC.index("offender.") + len("offender.")
    c = surrounding(DOC, start, end, width=12)
    assert c.cited == DOC[start:end]
    assert c.before == ""  # the line begins at the cited sentence
    assert c.after == " More text."
    assert c.clipped_start and c.clipped_end
    wider = surrounding(DOC, start, end, width=30)
    assert wider.before == "First line of the review.\n"  # from the first line start in the window
    assert wider.after == " More text.\nLast line here.\n" and not wider.clipped_end  # reached the end


def test_window_without_line_breaks_snaps_to_word_boundaries():
    text = " ".join(f"word{i}" for i in range(100))
    start = text.index("word50")
    c = surrounding(text, start, start + len("word50"), width=20)
    assert c.before.split()[0].startswith("word") and not text[: text.index(c.before)].endswith("d")
    assert c.before + c.cited + c.after in text
    assert c.after.endswith(tuple("0123456789"))


def test_whole_document_when_it_is_short():
    c = surrounding(DOC, 8, 12, width=1000)
    assert c.before + c.cited + c.after == DOC
    assert not c.clipped_start and not c.clipped_end


def test_span_outside_the_document_is_refused():
    with pytest.raises(ValueError, match="outside the document"):
        surrounding(DOC, 10, len(DOC) + 5)


def test_matched_words_share_a_stem_with_the_question():
    text = "Bedfordshire: a Registered Sex Offender (her partner) was offending; the cases differ."
    words = [text[a:b] for a, b in matched_spans("Which cases involved registered sex offenders?", text)]
    assert words == ["Registered", "Sex", "Offender", "offending", "cases"]


def test_question_words_and_stop_words_are_not_highlighted():
    assert matched_spans("Which of the?", "which of the cases") == []


@pytest.fixture
def assistant(settings, embeddings, tmp_path: Path):
    from assistant.service import Assistant
    from ingest.pipeline import ingest

    folder = tmp_path / "docs"
    folder.mkdir()
    body = "\n".join(f"Paragraph {i} says nothing of note about the weather." for i in range(30))
    (folder / "review.txt").write_text(
        "Case review\n" + body + "\nThe mother's partner was a registered sex offender.\n" + body
        + "\nProbation knew the partner was an RSO.\n"
    )
    ingest([folder], settings, progress=False, embed=embeddings.encode)
    return Assistant(settings, embeddings)


def test_context_of_a_real_citation(assistant):
    answer = assistant.ask("Was the partner a registered sex offender?")
    top = answer.citations[0]
    assert "registered sex offender" in top.text
    c = citation_context(assistant, top, width=200)
    assert c.cited == top.text
    assert "Paragraph 29" in c.before and "Paragraph 0" in c.after
    full = assistant.document_text(top.doc_hash)
    assert c.before + c.cited + c.after in full


def test_context_found_by_source_when_evidence_has_no_hash(assistant):
    top = assistant.ask("Was the partner a registered sex offender?").citations[0]

    class Evidence:  # theme evidence carries a source path, not a document hash
        source, start, end, text = top.source, top.start, top.end, top.text

    assert citation_context(assistant, Evidence(), width=200).before


def test_stale_citation_shows_only_its_own_text(assistant):
    top = assistant.ask("Was the partner a registered sex offender?").citations[0]
    moved = replace(top, start=top.start + 3)  # the document no longer holds the text there
    assert citation_context(assistant, moved) == type(citation_context(assistant, moved))("", top.text, "", False, False)
    gone = replace(top, doc_hash="0" * 64)
    assert citation_context(assistant, gone).cited == top.text and citation_context(assistant, gone).before == ""


def test_highlight_terms_follow_the_glossary_the_retriever_uses(assistant):
    terms = query_terms(assistant, "Was the partner a registered sex offender?")
    text = "Probation knew the partner was an RSO."
    assert [text[a:b] for a, b in matched_spans(terms, text)] == ["partner", "RSO"]


def test_without_a_case_index_the_question_is_read_as_typed():
    class Bare:  # an assistant build without the case index
        pass

    assert query_terms(Bare(), "Was he an RSO?") == "Was he an RSO?"
