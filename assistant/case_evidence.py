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

import bisect
import functools
import math
import operator
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

from assistant.list_topic import Topic, word_groups
from assistant.negations import NegatedPlaces, may_negate, negated_at, negated_match
from assistant.sentence_postings import HeldSentences, SentencePostings, best_of_held
from assistant.topic_roles import names_someone
from ingest.cases.records import CaseRecord
from ingest.structure import prose_sentences
from knowledge.glossary import expand, is_definition
from knowledge.themes import BY_KEY, theme_marks
from knowledge.words import OTHER_SENSE
from vectorstore.lexical import tokenize

_CUT = re.compile(r"\n\s*|\t+|[.!?;](?=\s)\s*")
# A line wrapped inside a sentence: a long line ending in a word, the next going on in lower
# case ("…criminally exploited and seriously\n   injured in an attack"). Short lines that
# go on in lower case are a cell's or a list's ("Died\nunsafe sleep").
_WRAPPED = re.compile(r"[a-z,]\n[ \t]*[a-z]")
_WRAP_WIDTH = 50


def _wrapped(text: str, at: int) -> bool:
    """Is the line break at ``at`` a wrap inside a sentence rather than a line's end?"""
    if not _WRAPPED.match(text, at - 1):
        return False
    return at - (text.rfind("\n", 0, at) + 1) >= _WRAP_WIDTH


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_hash: str
    start: int
    end: int
    text: str
    stems: tuple[str, ...]  # distinct, interned: a set per sentence cost 650 bytes (388k sentences at 100k)
    themes: tuple[tuple[str, int], ...] = ()  # (theme key, where its first phrase starts in text)
    cue: bool = True  # holds a word that can negate a match ("no", "not", "if", "suspected"): else none is looked for
    cell: bool = False  # a cell of a case's table row ("drugs and alcohol"): about the child's household unless it names someone


def stem_tuple(stems: Sequence[str]) -> tuple[str, ...]:
    """A sentence's distinct stems as a tuple: a set per sentence is six times a tuple's
    size (650 against 110 bytes; 388k sentences at 100k passages), and at ~15 stems a scan
    is as quick as a hash. Interned: the stemmer shares the strings of the words in its
    cache only, and a large corpus has more."""
    return tuple(sys.intern(s) for s in dict.fromkeys(stems))


class Match(NamedTuple):  # (a tuple: a long list makes thousands, at a third of a frozen dataclass's cost)
    """A sentence that holds the topic: how much of it, and whether by its own words
    (``literal``) or only through a theme's phrase (a paraphrase)."""

    sentence: Sentence
    score: float
    literal: bool


def names_a_role(topic: Topic, sentence: Sentence) -> bool:
    """Does the sentence name who the topic asks about: one of the agencies it names, and
    one of the family members it names (each when it names any)?"""
    if topic.roles and not topic.role_names.held_in(sentence.stems):
        return False
    if topic.by_whom is not None:
        return topic.by_whom.search(sentence.text) is not None
    return (
        not topic.family
        or topic.family_names.held_in(sentence.stems)
        or (topic.titled is not None and topic.titled.search(sentence.text) is not None)
        or ((sentence.cell or topic.anyone) and not names_someone(sentence.stems))
    )


class CaseSentences:
    """The sentences of every case's own text, tokenised once per case index, and how rare
    each stem is across them (inverse document frequency at sentence level)."""

    def __init__(self, cases: Sequence[CaseRecord], document_text: Callable[[str], str], glossary: dict[str, str] | None = None):
        self.cases = cases
        self.document_text = document_text
        self.glossary = glossary or {}  # "RSO" in a cell holds "registered sex offender"
        self._by_doc: dict[str, list[Sentence]] = {}
        self._spans: dict[tuple[str, int, int, bool], list[Sentence]] = {}
        self._marks: dict[str, dict[str, list[int]]] = {}
        self._of: dict[str, list[Sentence]] = {}
        self._phrases: dict[tuple[str, str], float] = {}
        self._shares: dict[tuple, float] = {}

    def _document(self, doc_hash: str) -> list[Sentence]:
        if doc_hash not in self._by_doc:
            text = self.document_text(doc_hash)
            spans = [(s, e) for s, e in prose_sentences(text) if not is_definition(text[s:e])]
            texts = [text[s:e] for s, e in spans]
            stems = self._stems(texts)
            self._by_doc[doc_hash] = [
                Sentence(doc_hash, s, e, t, stem_tuple(st), self._themes(doc_hash, s, e), may_negate(t))
                for (s, e), t, st in zip(spans, texts, stems)
            ]
        return self._by_doc[doc_hash]

    def _stems(self, texts: list[str]) -> list[list[str]]:
        """Each text's stems, acronyms expanded and words in another sense left out."""
        return tokenize([expand(OTHER_SENSE.sub(" ", t), self.glossary) for t in texts]) if texts else []

    def _marks_of(self, doc_hash: str) -> dict[str, list[int]]:
        if doc_hash not in self._marks:
            self._marks[doc_hash] = theme_marks(self.document_text(doc_hash))
        return self._marks[doc_hash]

    def _themes(self, doc_hash: str, start: int, end: int) -> tuple[tuple[str, int], ...]:
        """The themes whose phrases start inside a span of a document, each with where its
        first one starts (relative to the span). The document is scanned once for every
        theme, so a question naming a theme searches no text."""
        found = []
        for key, starts in self._marks_of(doc_hash).items():
            i = bisect.bisect_left(starts, start)
            if i < len(starts) and starts[i] < end:
                found.append((key, starts[i] - start))
        return tuple(found)

    def phrase_weight(self, key: str, sentence: Sentence, at: int) -> float:
        """How rare the theme's phrase that starts at ``at`` in the sentence is: its rarest
        stem's weight. A phrase stands for the question's words only as far as it is as rare
        as they are: "multi-agency", in most reviews, is no evidence of "silos"."""
        found = BY_KEY[key].regex.match(sentence.text, at)
        phrase = found.group(0).lower() if found else ""
        held = self._phrases.get((key, phrase))
        if held is None:
            stems = tokenize([phrase])[0] if phrase else []
            held = self._phrases[(key, phrase)] = max((self.weight(s) for s in stems), default=self.idf[""])
        return held

    def share_of(self, alternative: tuple[str, ...], alternatives: tuple) -> float:
        """How much of the question an alternative carries, against the alternatives' mean
        weight (at most 1): in "fathers or mothers' partners left out of assessments", the
        bare "fathers" borrows the rest of the question, so a sentence that only names a
        father holds a small part of it; in "language, culture, ethnicity or religion" each
        word is the whole of its alternative, however common. Only an alternative of fewer
        words than the mean is weighed down."""
        if len(alternatives) < 2:
            return 1.0
        key = (alternative, alternatives)
        held = self._shares.get(key)
        if held is None:
            totals = [sum(self.weight(s) for s in a) for a in alternatives]
            mean = sum(totals) / len(totals)
            own = sum(self.weight(s) for s in alternative)
            shorter = len(alternative) < sum(len(a) for a in alternatives) / len(alternatives)
            held = self._shares[key] = min(1.0, own / mean) if mean and shorter else 1.0
        return held

    def prepare(self, doc_hashes: Sequence[str]) -> None:
        """Split and tokenise these documents now, not when a question first reads them."""
        for doc_hash in doc_hashes:
            self._document(doc_hash)

    def within(self, doc_hash: str, start: int, end: int) -> list[Sentence]:
        """A document's sentences inside a span (a passage)."""
        return [s for s in self._document(doc_hash) if start <= s.start and s.end <= end]

    def of(self, case: CaseRecord) -> list[Sentence]:
        """A single review's whole text; otherwise its own spans (row, section, statements),
        cut at line, cell and sentence ends: a table row's cells do not share a sentence.
        Kept per case: a list question asks it of every case (220 ms a question at 100k)."""
        held = self._of.get(case.case_id)
        if held is None:
            held = self._of[case.case_id] = self._own(case)
        return held

    def _own(self, case: CaseRecord) -> list[Sentence]:
        out: list[Sentence] = list(self._document(case.doc_hash)) if case.origin == "single review" else []
        for evidence in case.evidence:
            doc = evidence.doc_hash or case.doc_hash
            if evidence.field in ("title", "child", "area") or (doc == case.doc_hash and case.origin == "single review"):
                continue
            out.extend(self.span(doc, evidence.start, evidence.end, cell=case.origin == "table row"))
        return out

    def span(self, doc_hash: str, start: int, end: int, cell: bool = False) -> list[Sentence]:
        """An evidence span's sentences, cut at line, cell and sentence ends (``cell``: the
        span is a table row's)."""
        key = (doc_hash, start, end, cell)
        if key not in self._spans:
            text = self.document_text(doc_hash)
            pieces = []
            cursor = start
            for match in _CUT.finditer(text, start, end):
                if text[match.start()] == "\n" and _wrapped(text, match.start()):
                    continue
                pieces.append((cursor, match.start() + (1 if text[match.start()] in ".!?;" else 0)))
                cursor = match.end()
            pieces.append((cursor, end))
            spans = []
            for a, b in pieces:
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                if len(text[a:b].split()) >= 2:
                    spans.append((a, b))
            stems = self._stems([text[a:b] for a, b in spans])
            self._spans[key] = [
                Sentence(doc_hash, a, b, text[a:b], stem_tuple(st), self._themes(doc_hash, a, b), may_negate(text[a:b]), cell)
                for (a, b), st in zip(spans, stems)
            ]
        return self._spans[key]

    def holding(self, topic: Topic, among: Sequence[CaseRecord] | np.ndarray | None = None) -> HeldSentences:
        """Per case (by id) that has any, its sentences that hold a word of ``topic`` or a
        phrase of a theme it names, in the case's own order: the only ones that can score;
        with each one's reading of the topic (``score_sentences``).
        ``among``: only these cases (or, as an array, the cases of these numbers)."""
        chosen = None
        if among is not None and len(among) != len(self.cases):
            chosen = among if isinstance(among, np.ndarray) else [c.case_id for c in among]
        return self.postings.holding(word_groups(topic), topic.themes, chosen, topic.reading_keys)

    @cached_property
    def postings(self) -> SentencePostings:
        return SentencePostings([c.case_id for c in self.cases], lambda n: self.of(self.cases[n]))

    @cached_property
    def negated_places(self) -> NegatedPlaces:
        """Where a match would be negated in each sentence of the postings (``NegatedPlaces``)."""
        return NegatedPlaces(self.postings.sentences)

    @cached_property
    def phrase_weights(self) -> PhraseWeights:
        """Each theme phrase's weight in each sentence of the postings (``PhraseWeights``)."""
        return PhraseWeights(self, self.postings)

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


def _names_theme(topic: Topic, key: str) -> bool:
    """Is the topic, or one of its alternatives, the theme's name: every word of it a word
    of the name, and it more than half the name ("co-sleeping", or "co-sleeping or another
    unsafe sleeping arrangement", of "Unsafe sleep and co-sleeping"; not "supervision" nor
    "workforce capacity" of "Workforce capacity, supervision and skills", whose other
    phrases, "inexperienced", do not state them)?"""
    name = _name_stems(key)
    return any(bool(a) and set(a) <= name and 2 * len(set(a)) > len(name) for a in (topic.alternatives or (topic.stems,)))


@functools.cache
def _name_stems(key: str) -> frozenset[str]:
    return frozenset(tokenize([BY_KEY[key].name])[0])


def _held(
    stems: Sequence[str], sentence: Sentence, weights: CaseSentences, covered: frozenset = frozenset(), cap: float = 0.0
) -> float:
    """The weighted share of ``stems`` the sentence holds; a stem it holds only through a
    theme's phrase (``covered``) counts no more than that phrase's own weight (``cap``)."""
    total = sum(weights.weight(s) for s in stems)
    if not total:
        return 0.0
    held = 0.0
    for s in stems:
        if s in sentence.stems:
            held += weights.weight(s)
        elif s in covered:
            held += min(weights.weight(s), cap)
    return held / total


def _lexical(topic: Topic, sentence: Sentence, weights: CaseSentences) -> tuple[float, bool]:
    """How much of the topic the sentence holds. The topic is
    read as alternatives ("homeless, sofa surfing or living in temporary accommodation"):
    the sentence is scored by the alternative it holds best, and a short alternative must be
    held nearly whole ("swallowed methadone" is not "a methadone programme"). A phrase of a
    theme the question names stands for the topic words that theme covers; the third value
    says whether any topic word is there itself (else the match is a paraphrase)."""
    theme_hits = {key: at for key, at in sentence.themes if key in topic.themes}
    covered = frozenset().union(*(topic.covered.get(k, frozenset()) for k in theme_hits)) if theme_hits else frozenset()
    cap = max((weights.phrase_weight(k, sentence, at) for k, at in theme_hits.items()), default=0.0) if covered else 0.0
    score = 0.0
    literal = False
    for alternative in topic.alternatives or (topic.stems,):
        held = [s for s in alternative if s in sentence.stems or s in covered]
        if len(alternative) <= 3 and len(held) < len(alternative) // 2 + 1:
            continue  # a short alternative must be held nearly whole: "criminal proceedings" is not "criminal exploitation"
        share = _held(alternative, sentence, weights, covered, cap) * (1.0 if topic.reworded else weights.share_of(alternative, topic.alternatives))
        score = max(score, share)
        # Literal when an alternative it holds is there in its own words, not only through a
        # theme's phrase (which stands for every alternative the theme covers).
        literal = literal or any(s in sentence.stems for s in alternative)
    if theme_hits and not any(topic.covered.get(k) for k in theme_hits) and score < 0.3:
        score, literal = 0.3, False  # the question named the theme in words its phrases do not share
    elif score < 0.3 and any(s in sentence.stems for k in theme_hits for s in topic.covered.get(k, ())):
        # The sentence holds, in its own words, the word by which the question names a theme
        # ("not meeting the threshold" for "confusion about thresholds"), but not the rest of
        # the question: a candidate the model must confirm.
        score, literal = 0.3, False
    if not topic.stems and theme_hits:
        score, literal = 0.6, True
    elif not literal and score > 0 and any(_names_theme(topic, k) for k in theme_hits):
        # The question is the theme's own name ("co-sleeping", "domestic abuse"): any phrase
        # of the theme states it ("overlaid while sharing a bed"), with no other word to confirm.
        # ("stabbed" is one phrase of physical assault, not its name: an injury does not state it.)
        literal = True
    if score <= 0:
        return 0.0, False
    return score, literal


class PhraseWeights:
    """Per theme, the weight (``CaseSentences.phrase_weight``) of its phrase in each sentence
    of the postings that holds one, read once when the cases are prepared: a list on a topic
    whose theme's phrases thousands of sentences hold read each again with a regular
    expression."""

    def __init__(self, weights: CaseSentences, postings: SentencePostings):
        self._by_theme: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        sentences = postings.sentences
        for key in postings.theme_keys():
            numbers = postings.theme_holders(key)
            starts = [next(at for k, at in sentences[n].themes if k == key) for n in numbers.tolist()]
            values = [weights.phrase_weight(key, sentences[n], at) for n, at in zip(numbers.tolist(), starts)]
            self._by_theme[key] = (numbers, np.array(values, dtype=np.float64))

    def highest(self, numbers: np.ndarray, keys: Sequence[str]) -> np.ndarray:
        """For each sentence (by number), the highest weight of its phrases of these themes
        (-inf for one that holds none)."""
        return best_of_held(self._by_theme, keys, numbers, -np.inf, np.maximum)


def scored_sentences(
    topic: Topic, case: CaseRecord, sentences: CaseSentences, minimum: float
) -> tuple[list[Match], set[tuple[int, int, str]]]:
    """The case's sentences that hold the topic's words (at least ``minimum`` of their
    weight), best first, and the keys of those whose match is negated."""
    return score_sentences(topic, sentences.of(case), sentences, minimum)


def score_sentences(
    topic: Topic,
    own: Sequence[Sentence],
    weights: CaseSentences,
    minimum: float,
    memo: dict | None = None,
    enough: int | None = None,
    readings: dict[int, int] | None = None,
) -> tuple[list[Match], set[tuple[int, int, str]]]:
    """``scored_sentences`` over any sentences (a passage of a document without cases).
    ``memo``: kept across calls for one topic (one question's cases), it holds each word
    score already worked out (``word_score``). ``enough``: only the best ``enough``
    matches are wanted, so negations are read only until they are found; the negated keys
    are then complete only when no match is (all a caller of the best few reads of them).
    ``readings``: each sentence's reading of the topic (``CaseSentences.holding``, whose
    sentences these then are): its word score is looked up by it."""
    memo = {} if memo is None else memo
    # Only a sentence that holds a topic word, or (when the question names themes) may hold
    # a theme's phrase, can score: the rest are skipped before the costlier scoring.
    words = topic.words
    scored: list[tuple[Sentence, float, bool]] = []
    for sentence in own:
        if readings is not None:  # a held sentence: it holds a topic word or a named theme's phrase
            if not names_a_role(topic, sentence):
                continue
            score, literal = word_score(topic, sentence, weights, memo, readings[id(sentence)])
        elif words.isdisjoint(sentence.stems) and not (sentence.themes and any(k in topic.themes for k, _ in sentence.themes)):
            continue
        elif not names_a_role(topic, sentence):
            continue
        else:
            score, literal = _lexical_memo(topic, sentence, weights, memo)
        if score > 0:
            scored.append((sentence, score, literal))
    if enough is not None:
        scored.sort(key=_SCORE, reverse=True)  # stable: as the full list sorted, the negated left out
    found, negated = [], set()
    for sentence, score, literal in scored:
        if not topic.absence and sentence.cue and negated_match(topic, sentence):
            negated.add((sentence.start, sentence.end, sentence.doc_hash))
        elif score >= minimum:
            found.append(Match(sentence, score, literal))
            if len(found) == enough:
                break
    found.sort(key=_SCORE, reverse=True)  # (stable, as reversing keeps ties in order)
    return found, negated


_SCORE = operator.itemgetter(1)  # a (sentence, score, …) tuple's or a Match's score


def _lexical_memo(topic: Topic, sentence: Sentence, weights: CaseSentences, memo: dict) -> tuple[float, bool]:
    """``_lexical``, looked up by what it reads of the sentence (``word_score``), its
    reading worked out here: for a sentence the postings give no reading of (a passage of a
    document without cases)."""
    return word_score(topic, sentence, weights, memo, reading_of(topic, sentence))


def reading_of(topic: Topic, sentence: Sentence) -> int:
    """Which of ``topic.reading_keys`` the sentence holds, as bits (the stems first, then
    the themes): what ``SentencePostings.holding`` gives of many sentences at once."""
    stems, themes = topic.reading_keys
    held = {k for k, _ in sentence.themes}
    bits = [s in sentence.stems for s in stems] + [k in held for k in themes]
    return sum(1 << bit for bit, on in enumerate(bits) if on)


def word_score(
    topic: Topic, sentence: Sentence, weights: CaseSentences, memo: dict, reading: int, cap: float | None = None
) -> tuple[float, bool]:
    """``_lexical``, looked up by the sentence's reading: which of the topic's stems (and
    the stems its named themes cover) it holds and which named themes' phrases. Thousands
    of a long list's sentences share a few readings ("co-sleeping" in most of them). The
    phrases' weight is read as well only for a reading whose phrases stand for a topic stem
    the sentence lacks ("co-sleeping" holds both of "co-sleeping"'s): the regular expression
    that finds a phrase again costs more than the rest of the score. ``cap``: that weight
    (the highest of the sentence's phrases of the topic's themes), when already known
    (``PhraseWeights``)."""
    held = memo.get(reading)
    if held is None:
        held = memo[reading] = _BY_PHRASE if reads_phrase_weight(topic, reading) else _lexical(topic, sentence, weights)
    if held is _BY_PHRASE:
        if cap is None:
            cap = max(weights.phrase_weight(k, sentence, at) for k, at in sentence.themes if k in topic.themes)
        held = memo.get((reading, cap))
        if held is None:
            held = memo[(reading, cap)] = _lexical(topic, sentence, weights)
    return held


_BY_PHRASE = (-1.0, False)  # a memo's mark: this reading's score depends on its phrases' weight


def reads_phrase_weight(topic: Topic, reading: int) -> bool:
    """Does ``_lexical`` read the phrases' weight for a sentence of this reading: does it
    hold a named theme's phrase that covers a topic stem it does not hold?"""
    stems, themes = topic.reading_keys
    held = {s for bit, s in enumerate(stems) if reading >> bit & 1}
    return any(
        not topic.covered.get(k, frozenset()) <= held for bit, k in enumerate(themes, start=len(stems)) if reading >> bit & 1
    )


def shows_every_theme(topic: Topic, case: CaseRecord, sentences: CaseSentences) -> bool:
    """For "both X and Y": each named theme has a sentence of its own, not negated."""
    own = sentences.of(case)
    for key in topic.themes:
        if not any(k == key and not (s.cue and negated_at(s.text, at)) for s in own for k, at in s.themes):
            return False
    return True
