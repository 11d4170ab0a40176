"""A citation in its setting: the text around it in its document, and the words that matched.

A reader checks a citation by seeing it where it sits in the source, so ``surrounding``
cuts a window of the document's extracted text around the cited span, snapped to line
starts/ends (or word boundaries) so it never begins or ends mid-word. ``matched_spans``
finds the words of an extract that share a stem with the question (as ``query_terms``
expands it), using the same stemmer as the lexical index, so what is highlighted is what
BM25 matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import Stemmer

from vectorstore.lexical import tokenize

DEFAULT_WIDTH = 600  # characters either side: a paragraph or two of a review
_WORD = re.compile(r"(?u)\b\w\w+\b")  # bm25s's token pattern: single characters never match
_STEMMER = Stemmer.Stemmer("english")
# The question's form, not its subject: BM25 counts them, but highlighting them is noise.
_QUESTION_WORDS = frozenset({"which", "what", "how", "who", "whom", "whose", "when", "where", "why"})


@dataclass(frozen=True)
class Context:
    before: str
    cited: str
    after: str
    clipped_start: bool  # the document goes on before ``before``
    clipped_end: bool  # … and after ``after``


class _Span(Protocol):
    start: int
    end: int
    text: str


def surrounding(document_text: str, start: int, end: int, width: int = DEFAULT_WIDTH) -> Context:
    """``document_text[start:end]`` with up to ``width`` characters of its setting each side."""
    if not 0 <= start <= end <= len(document_text):
        raise ValueError(f"span {start}:{end} is outside the document ({len(document_text)} characters)")
    lo, hi = max(0, start - width), min(len(document_text), end + width)
    if lo > 0:
        newline = document_text.find("\n", lo, start)
        lo = newline + 1 if newline != -1 else _word_start(document_text, lo, start)
    if hi < len(document_text):
        newline = document_text.rfind("\n", end, hi)
        hi = newline if newline != -1 else _word_end(document_text, end, hi)
    return Context(document_text[lo:start], document_text[start:end], document_text[end:hi], lo > 0, hi < len(document_text))


def _word_start(text: str, lo: int, limit: int) -> int:
    space = text.find(" ", lo, limit)
    return space + 1 if space != -1 else limit


def _word_end(text: str, limit: int, hi: int) -> int:
    space = text.rfind(" ", limit, hi)
    return space if space != -1 else limit


def citation_context(assistant, citation: _Span, width: int = DEFAULT_WIDTH) -> Context:
    """The setting of a citation (or any evidence with ``start``, ``end``, ``text`` and a
    ``doc_hash`` or ``source``) in the stored document.

    If the document is no longer stored, or changed so the span no longer holds the cited
    text, only the cited text is returned: a stale context must never be shown as the source.
    """
    doc_hash = getattr(citation, "doc_hash", None) or _hash_of_source(assistant, getattr(citation, "source", None))
    text = assistant.document_text(doc_hash) if doc_hash else ""
    if citation.end > len(text) or text[citation.start : citation.end] != citation.text:
        return Context("", citation.text, "", False, False)
    return surrounding(text, citation.start, citation.end, width)


def _hash_of_source(assistant, source: str | None) -> str | None:
    return next((h for h, record in assistant.documents.items() if record.source == source), None)


def query_terms(assistant, question: str) -> str:
    """The question as the lexical retriever reads it: plus the acronyms and meanings of the
    corpus glossary ("registered sex offender" also finds "RSO"), so highlighting shows what
    matched. An assistant without a case index reads the question as typed."""
    index = getattr(assistant, "case_index", None)
    if index is None:
        return question
    from knowledge.glossary import expand

    return expand(question, index.glossary)


def matched_spans(question: str, text: str) -> list[tuple[int, int]]:
    """(start, end) of every word in ``text`` whose stem is one of the question's content words."""
    wanted = set(tokenize([question])[0]) - _QUESTION_WORDS
    if not wanted:
        return []
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if _STEMMER.stemWord(m.group().lower()) in wanted]
