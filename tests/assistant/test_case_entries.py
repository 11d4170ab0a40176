"""A listed case's entry from the kept parts is the entry built afresh (``case_citation``,
``case_hit``, ``describe``), whatever the citation's number and however often it is asked."""

from __future__ import annotations

import pytest

from assistant.case_answers import describe, primary
from assistant.case_evidence import Sentence
from assistant.extractive import display
from assistant.handlers.case_entries import CaseEntries
from assistant.handlers.citations import case_citation, case_hit
from ingest.cases.records import CaseRecord, Evidence, ThemeTag
from vectorstore.records import DocumentRecord

pytestmark = pytest.mark.unit

TEXT = "Child A, aged 3 months,\n  died after co-sleeping. Page two starts here; the mother  used heroin."


def _documents():
    pages = "1:0:50;2:50:" + str(len(TEXT))
    return {
        "d1": DocumentRecord("d1", "one.pdf", "Review one", 3, "2026-01-01T00:00:00Z", pages),
        "d2": DocumentRecord("d2", "two.pdf", "Review two", 1, "2026-01-01T00:00:00Z"),
    }


def _span(start: int, end: int, field: str, **kw) -> Evidence:
    return Evidence(start, end, TEXT[start:end], field, **kw)


def _cases():
    first = CaseRecord(
        case_id="c1", label="Child A", doc_hash="d1", source="one.pdf", title="Review one", gender="F", age="3 months",
        context="died after co-sleeping", also_in=["two.pdf"],
        evidence=[_span(0, 47, "context", section="Summary"), _span(60, 95, "row", doc_hash="d2", source="two.pdf")],
        themes=[ThemeTag("co_sleeping", 0), ThemeTag("drugs", 1), ThemeTag("co_sleeping", 1)],
    )
    second = CaseRecord(case_id="c2", label="Child B", doc_hash="d2", source="two.pdf", title="Review two",
                        evidence=[_span(51, 70, "row")])
    return [first, second]


def test_entries_are_the_entries_built_afresh():
    documents = _documents()
    entries = CaseEntries(documents)
    cases = _cases()
    entries.prepare(cases, primary)
    topic = _span(70, len(TEXT), "topic", doc_hash="d1", source="one.pdf")
    for n, (case, evidence) in enumerate(
        [(cases[0], cases[0].evidence[0]), (cases[0], cases[0].evidence[1]), (cases[1], cases[1].evidence[0]),
         (cases[0], topic), (cases[0], cases[0].evidence[0]), (cases[1], cases[1].evidence[0])],
        start=1,
    ):
        citation, hit, line = entries.entry(n, case, evidence)
        assert citation == case_citation(n, case, evidence, documents)
        assert hit == case_hit(case, [n])
        assert line == f"{case.label} ({describe(case)}): {display(evidence.text)} [{n}]"
    assert entries.entry(9, cases[0], cases[0].evidence[0])[0].page == 1
    assert entries.entry(9, cases[0], topic)[0].page == 2


def test_a_topic_sentence_is_cited_as_its_span_from_the_document_it_is_in():
    """A sentence found for a topic is cited as the span it is: from the case's own
    document, or from another that tells of the same child (its source, title and page)."""
    documents = _documents()
    entries = CaseEntries(documents)
    first, second = _cases()
    own = Sentence("d1", 70, len(TEXT), TEXT[70:], ("mother", "heroin"), ())
    elsewhere = Sentence("d2", 51, 70, TEXT[51:70], ("page",), ())
    unknown = Sentence("d9", 0, 5, TEXT[:5], ("child",), ())  # a document no longer held
    for n, (case, sentence) in enumerate([(first, own), (first, elsewhere), (second, elsewhere), (first, unknown)], start=1):
        other = sentence.doc_hash != case.doc_hash
        record = documents.get(sentence.doc_hash)
        span = Evidence(
            sentence.start, sentence.end, sentence.text, "topic", None,
            sentence.doc_hash if other else None, record.source if other and record else None,
        )
        citation, hit, line = entries.entry(n, case, sentence)
        assert citation == case_citation(n, case, span, documents)
        assert line == f"{case.label} ({describe(case)}): {display(sentence.text)} [{n}]"
    assert entries.entry(1, first, own)[0].page == 2
    assert entries.entry(2, first, elsewhere)[0].source == "two.pdf"


def test_a_hit_s_lists_are_its_own():
    entries = CaseEntries(_documents())
    case = _cases()[0]
    first = entries.entry(1, case, case.evidence[0])[1]
    first.themes.append("changed by a reader")
    first.citations.append(7)
    assert entries.entry(2, case, case.evidence[0])[1] == case_hit(case, [2])
