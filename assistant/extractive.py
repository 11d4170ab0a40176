"""Extractive answers: the sentences (or table rows) of retrieved passages that best match.

Each evidence unit is an exact span of its document's extracted text, so a citation's
text is always ``extracted_text[start:end]``: never paraphrased, never stitched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.retrieval import Candidate
from ingest.structure import blocks, read_sentences, sentence_spans
from vectorstore.lexical import tokenize

_MIN_WORDS = 3  # shorter spans (lone cells, "Read on") say too little to cite alone
_LIST_FOLLOWERS = 10  # bullets cited after a sentence that introduces them with ":"


@dataclass(frozen=True)
class Unit:
    candidate: Candidate
    start: int
    end: int
    text: str


def evidence_units(candidate: Candidate, document_text: str) -> list[Unit]:
    """Sentences of the passage's paragraphs and bullets; whole rows of its tables."""
    p = candidate.passage
    units: list[Unit] = []
    if p.kind == "heading":  # a sign-off or title block ("David Hogg / Business Manager"): cite it whole
        text = document_text[p.start : p.end]
        return [Unit(candidate, p.start, p.end, text)] if len(text.split()) >= _MIN_WORDS else []
    for block in blocks(document_text[p.start : p.end]):
        start, end = p.start + block.start, p.start + block.end
        if block.kind == "heading":
            continue
        spans = [(start, end)] if block.kind == "table_row" else read_sentences(document_text, start, end)
        for s, e in spans:
            text = document_text[s:e]
            if len(text.split()) >= _MIN_WORDS:
                units.append(Unit(candidate, s, e, text))
    return units


def display(text: str) -> str:
    """A unit as shown inside the answer: same words, white space collapsed."""
    # Most texts are already so: every white space ``split`` breaks at but " " is
    # unprintable, so a printable text with no double or edge space is returned as it is
    # (no copy: a long list shows thousands, and the warm-up keeps one per case).
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def lexical_overlap(question: str, texts: Sequence[str]) -> np.ndarray:
    """Share of the question's content words (stemmed) present in each text."""
    wanted = set(tokenize([question])[0])
    if not wanted:
        return np.zeros(len(texts))
    return np.array([len(wanted & set(tokens)) / len(wanted) for tokens in tokenize(list(texts))])


def score_units(
    question: str,
    query_vector: np.ndarray,
    units: Sequence[Unit],
    unit_vectors: Callable[[Sequence[Unit]], np.ndarray],
    rank_of: dict[str, int],
    shortlist: int = 0,
) -> np.ndarray:
    """Meaning + word overlap + passage rank. With ``shortlist`` > 0 only that many units,
    the best by overlap and rank, are embedded (embedding them is most of a fact question's
    time); the rest score -inf. The cut depends on the question alone, never on what an
    earlier question left in a cache, so one question always gets one answer."""
    if not units:
        return np.zeros(0)
    overlap = lexical_overlap(question, [u.text for u in units])
    # Sentences from higher-ranked passages get a small prior: the passage's context
    # (its section, its neighbours) already told the retriever it is relevant.
    prior = np.array([1.0 / (1 + rank_of[u.candidate.passage.id]) for u in units])
    cheap = 0.3 * overlap + 0.1 * prior
    picked = np.arange(len(units))
    if 0 < shortlist < len(units):
        picked = np.sort(np.argsort(-cheap, kind="stable")[:shortlist])
    scores = np.full(len(units), -np.inf)
    vectors = unit_vectors([units[int(i)] for i in picked])
    scores[picked] = vectors @ query_vector + cheap[picked]
    return scores


def select(
    units: Sequence[Unit], scores: np.ndarray, k: int, per_document_cap: int, relative_cutoff: float = 0.0
) -> list[tuple[Unit, float]]:
    """Top ``k`` units scoring at least ``relative_cutoff`` of the best, at most
    ``per_document_cap`` from one document while others remain."""
    if not len(units):
        return []
    floor = float(scores.max()) * relative_cutoff
    order = [i for i in np.argsort(-scores, kind="stable") if scores[i] >= floor]
    chosen: list[tuple[Unit, float]] = []
    per_doc: dict[str, int] = defaultdict(int)
    deferred: list[int] = []
    seen_text: set[str] = set()
    for i in order:
        unit = units[i]
        key = re.sub(r"\W+", " ", unit.text.lower()).strip()
        if key in seen_text or any(_overlaps(unit, u) for u, _ in chosen):
            continue
        if per_doc[unit.candidate.passage.doc_hash] >= per_document_cap:
            deferred.append(i)
            continue
        chosen.append((unit, float(scores[i])))
        seen_text.add(key)
        per_doc[unit.candidate.passage.doc_hash] += 1
        if len(chosen) == k:
            return chosen
    for i in deferred:  # diversity first, completeness second
        if len(chosen) == k:
            break
        if not any(_overlaps(units[i], u) for u, _ in chosen):
            chosen.append((units[i], float(scores[i])))
    return chosen


def _overlaps(a: Unit, b: Unit) -> bool:
    return a.candidate.passage.doc_hash == b.candidate.passage.doc_hash and a.start < b.end and b.start < a.end


def list_items_after(unit: Unit, document_text: str) -> list[Unit]:
    """The bullet items a sentence introduces with ":" ("… the importance of:"), preceded by
    that sentence when it follows ``unit`` on the same line ("There are six main messages…")."""
    intro: list[Unit] = []
    if not unit.text.rstrip().endswith(":"):
        line_end = document_text.find("\n", unit.end)
        line_end = len(document_text) if line_end < 0 else line_end
        following = sentence_spans(document_text, unit.end, line_end)
        if not following or not document_text[following[0][0] : following[0][1]].endswith(":"):
            return []
        s, e = following[0]
        unit = Unit(unit.candidate, s, e, document_text[s:e])
        intro = [unit]
    bullets: list[Unit] = []
    window = document_text[unit.end : unit.end + 3000]
    for block in blocks(window):
        if block.kind != "bullet":
            if bullets or block.kind == "heading":
                break
            continue
        for s, e in sentence_spans(document_text, unit.end + block.start, unit.end + block.end):
            bullets.append(Unit(unit.candidate, s, e, document_text[s:e]))
        if len(bullets) >= _LIST_FOLLOWERS:
            break
    return intro + bullets[:_LIST_FOLLOWERS] if bullets else []
