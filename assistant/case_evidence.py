"""Does a case's own text show the topic of a list question, and which sentence shows it?

Every case is read in its own text: the whole review for a single review, its row,
section and attributed statements otherwise. A sentence is a candidate when it holds the
question's topic words (weighted by how rare each is across the corpus's sentences, so
"methadone" counts for more than "information") or a phrase of a theme the question names;
a candidate is dropped when a negation or hypothetical governs the match ("no adult in
the household was a registered sex offender", "if the GP had shared…"); the rest are
scored by the model against the question, and the case matches when its best sentence
clears the threshold. The vocabulary helps find paraphrases; it never decides alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ingest.cases.records import CaseRecord
from ingest.structure import prose_sentences
from knowledge.glossary import expand
from knowledge.themes import BY_KEY
from knowledge.words import NEGATED_AFTER, NEGATION, QUESTION_FRAME
from vectorstore.lexical import tokenize


@dataclass(frozen=True)
class Sentence:
    doc_hash: str
    start: int
    end: int
    text: str
    stems: frozenset[str]


@dataclass(frozen=True)
class TopicMatch:
    sentence: Sentence
    score: float


@dataclass(frozen=True)
class Topic:
    """What a list question asks about, once its frame and constraints are taken out."""

    text: str  # the words the model compares sentences with
    stems: tuple[str, ...]  # content stems (glossary-expanded)
    themes: tuple[str, ...]  # vocabulary themes it names, whose phrases also count

    @property
    def empty(self) -> bool:
        return not self.stems and not self.themes


_FRAME: frozenset[str] | None = None


def _frame() -> frozenset[str]:
    global _FRAME
    if _FRAME is None:
        _FRAME = frozenset(tokenize([" ".join(QUESTION_FRAME)])[0])
    return _FRAME


def topic_of(criteria: str, themes: Sequence[str], glossary: dict[str, str], areas: Sequence[str] = ()) -> Topic:
    text = criteria
    for area in areas:
        text = re.sub(rf"\b{re.escape(area)}\b", " ", text, flags=re.I)
    stems = [s for s in tokenize([expand(text, glossary)])[0] if s not in _frame() and not s.isdigit()]
    return Topic(text.strip(), tuple(dict.fromkeys(stems)), tuple(themes))


class CaseSentences:
    """The sentences of every case's own text, tokenised once per case index, and how rare
    each stem is across them (inverse document frequency at sentence level)."""

    def __init__(self, cases: Sequence[CaseRecord], document_text: Callable[[str], str]):
        self.cases = cases
        self.document_text = document_text
        self._by_doc: dict[str, list[Sentence]] = {}

    def _document(self, doc_hash: str) -> list[Sentence]:
        if doc_hash not in self._by_doc:
            text = self.document_text(doc_hash)
            spans = prose_sentences(text)
            texts = [text[s:e] for s, e in spans]
            stems = tokenize(texts) if texts else []
            self._by_doc[doc_hash] = [
                Sentence(doc_hash, s, e, t, frozenset(st)) for (s, e), t, st in zip(spans, texts, stems)
            ]
        return self._by_doc[doc_hash]

    def of(self, case: CaseRecord) -> list[Sentence]:
        """A single review's whole text; otherwise the sentences inside its evidence spans."""
        if case.origin == "single review":
            own = self._document(case.doc_hash)
            extra = [e for e in case.evidence if e.doc_hash and e.doc_hash != case.doc_hash]
        else:
            own, extra = [], case.evidence
        out = list(own)
        for evidence in extra:
            doc = evidence.doc_hash or case.doc_hash
            out.extend(s for s in self._document(doc) if evidence.start <= s.start and s.end <= evidence.end)
        return out

    @cached_property
    def idf(self) -> dict[str, float]:
        counts: Counter[str] = Counter()
        total = 0
        for doc in {c.doc_hash for c in self.cases}:
            for sentence in self._document(doc):
                counts.update(sentence.stems)
                total += 1
        return {stem: math.log(1 + total / (1 + n)) for stem, n in counts.items()} | {"": math.log(1 + total)}

    def weight(self, stem: str) -> float:
        return self.idf.get(stem, self.idf[""])


def _negated(sentence: str, at: int) -> bool:
    """A negation or hypothetical in the clause before the match ("no adult … was a
    registered sex offender", "there was no evidence of", "if the GP had")."""
    clause_start = max(sentence.rfind(mark, 0, at) for mark in (";", ":", ".", " but ", " although ", " however"))
    before = sentence[clause_start + 1 : at]
    return bool(NEGATION.search(before[-80:]) or NEGATED_AFTER.search(sentence[at:]))


def _lexical(topic: Topic, sentence: Sentence, weights: CaseSentences) -> tuple[float, int | None]:
    """Share of the topic's weight the sentence holds, and where its first match is."""
    score, at = 0.0, None
    if topic.stems:
        total = sum(weights.weight(s) for s in topic.stems)
        held = [s for s in topic.stems if s in sentence.stems]
        score = sum(weights.weight(s) for s in held) / total if total else 0.0
        if held:
            lowered = sentence.text.lower()
            positions = [lowered.find(s[:5]) for s in held]
            at = min((p for p in positions if p >= 0), default=None)
    for key in topic.themes:
        if match := BY_KEY[key].regex.search(sentence.text):
            if score < 0.6:
                score, at = 0.6, match.start()
    return score, at


def best_sentences(
    topic: Topic,
    case: CaseRecord,
    sentences: CaseSentences,
    glossary: dict[str, str],
    minimum: float,
    per_case: int = 3,
) -> list[tuple[Sentence, float]]:
    """The case's sentences that hold the topic and are not negated, best first."""
    found = []
    for sentence in sentences.of(case):
        score, at = _lexical(topic, sentence, sentences)
        if score < minimum:
            continue
        if at is not None and _negated(sentence.text, at):
            continue
        found.append((sentence, score))
    found.sort(key=lambda pair: -pair[1])
    return found[:per_case]


def rank_by_model(
    question_vector: np.ndarray, candidates: list[tuple[Sentence, float]], vectors: Callable[[list[Sentence]], np.ndarray]
) -> list[tuple[Sentence, float, float]]:
    """(sentence, lexical, cosine) for each candidate."""
    if not candidates:
        return []
    matrix = vectors([s for s, _ in candidates])
    cosines = matrix @ question_vector
    return [(s, lex, float(c)) for (s, lex), c in zip(candidates, cosines)]
