"""Negations and hypotheticals that rule a list topic's match out ("no adult in the
household was a registered sex offender", "there was no evidence of", "if the GP had"):
where a sentence's first match of a topic is, whether a negation governs it, and both read
once for every case sentence when the cases are prepared (``NegatedPlaces``).

The words are ``knowledge.words``'s; a test holds the patterns to their plain spelling.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from assistant.list_topic import Topic
from assistant.sentence_postings import best_of_held
from knowledge.words import CLAUSE_JOIN, FINITE_VERB, NEGATED_AFTER, NEGATION, NOT_RULED_OUT


class Sentence(Protocol):
    """What is read of a case sentence (``case_evidence.Sentence``): its text, stems, themes'
    phrases (key, where it starts) and whether it holds a negation's word at all."""

    @property
    def text(self) -> str: ...

    @property
    def stems(self) -> tuple[str, ...]: ...

    @property
    def themes(self) -> tuple[tuple[str, int], ...]: ...

    @property
    def cue(self) -> bool: ...


def may_negate(text: str) -> bool:
    """Could a match in this text be negated? Only when it holds a negation's word anywhere
    (what ``negated_at`` looks for before and after a match): most sentences hold none, and
    the look costs as much as scoring the sentence."""
    return bool(NEGATION.search(text)) or "suspected" in text.lower()


def negated_at(sentence: str, at: int) -> bool:
    """A negation or hypothetical in the clause before the match ("no adult … was a
    registered sex offender", "there was no evidence of", "if the GP had")."""
    clause_start = max(  # (spelled out: this runs for every candidate sentence that may be negated)
        sentence.rfind(";", 0, at), sentence.rfind(":", 0, at), sentence.rfind(".", 0, at),
        sentence.rfind(" but ", 0, at), sentence.rfind(" although ", 0, at), sentence.rfind(" however", 0, at),
    )
    before = own_clause(sentence[clause_start + 1 : at][-80:])
    if " out" in before or "exclude" in before:  # (a cheap test first: this runs for every candidate sentence)
        before = NOT_RULED_OUT.sub(" ", before)  # "could not rule out overlay": possible, not negated
    return bool(NEGATION.search(before) or NEGATED_AFTER.search(sentence[at:]))


def own_clause(before: str) -> str:
    """The part of ``before`` (the text of a clause up to a match) in the match's own
    clause: after the last joining word with a finite verb on both sides of it."""
    for join in reversed(list(CLAUSE_JOIN.finditer(before))):
        if FINITE_VERB.search(before, join.end()) and FINITE_VERB.search(before, 0, join.start()):
            return before[join.end() :]
    return before


def word_start(lowered: str, prefix: str) -> int:
    """Where a word opening with ``prefix`` first stands in ``lowered`` (-1: nowhere): the
    stem "rent" is found in "rent arrears", not inside "parent" before it."""
    at = lowered.find(prefix)
    while at > 0 and lowered[at - 1].isalnum():
        at = lowered.find(prefix, at + 1)
    return at


def first_match(topic: Topic, sentence: Sentence) -> int | None:
    """Where the sentence's first match of the topic is (a topic word or a named theme's
    phrase), for a negation before it: read only of a sentence that may hold one."""
    lowered = sentence.text.lower()
    positions = [word_start(lowered, s[:5]) for s in topic.stems if s in sentence.stems]
    positions += [at for key, at in sentence.themes if key in topic.themes]
    return min((p for p in positions if p >= 0), default=None)


def negated_match(topic: Topic, sentence: Sentence) -> bool:
    """Is the sentence's first match of the topic negated (asked of a sentence that may be)?"""
    at = first_match(topic, sentence)
    return at is not None and negated_at(sentence.text, at)


def match_places(sentence: Sentence) -> set[int]:
    """Every place ``first_match`` can give for the sentence, whatever the topic: where each
    of its stems is first found, and where each of its themes' phrases starts."""
    stems, themes = _key_places(sentence)
    places = {at for _, at in stems} | {at for _, at in themes}
    places.discard(-1)
    return places


def _key_places(sentence: Sentence) -> tuple[list[tuple[str, int]], tuple[tuple[str, int], ...]]:
    """Where ``first_match`` finds each of the sentence's stems (-1: not in its own
    spelling) and each of its themes' phrases."""
    lowered = sentence.text.lower()
    return [(s, word_start(lowered, s[:5])) for s in sentence.stems], sentence.themes


class NegatedPlaces:
    """For every sentence of the postings that may negate a match, where each of its stems
    and themes is first found (``first_match``'s places) and the places where a match would
    be negated (``negated_at`` read there once, when the cases are prepared): a list on a topic
    most reviews mention reads tens of thousands of sentences' negations, and the regular
    expressions, then finding each first match again, were most of its time. Keys of the
    negated places: sentence number * 2**32 + place."""

    def __init__(self, sentences: Sequence[Sentence]):
        keys: list[int] = []
        firsts: dict[str, list[int]] = {}  # "s:" + stem or "t:" + theme -> its sentences' packed places
        self.cue = np.fromiter((s.cue for s in sentences), dtype=bool, count=len(sentences))
        for n in np.flatnonzero(self.cue).tolist():
            sentence = sentences[n]
            stems, themes = _key_places(sentence)
            for stem, at in stems:
                if at >= 0:
                    firsts.setdefault("s:" + stem, []).append(n << _PLACE_BITS | at)
            for key, at in themes:
                firsts.setdefault("t:" + key, []).append(n << _PLACE_BITS | at)
            places = {at for _, at in stems} | {at for _, at in themes}
            places.discard(-1)
            keys += [n << _PLACE_BITS | at for at in places if negated_at(sentence.text, at)]
        self.keys = np.array(sorted(keys), dtype=np.int64)
        # Per stem or theme: the sentences that hold it (ascending) and where, the first place
        # of a theme whose phrases a sentence holds twice first.
        self._firsts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for key, packed in firsts.items():
            ordered = np.array(sorted(packed), dtype=np.int64)
            self._firsts[key] = ((ordered >> _PLACE_BITS).astype(np.int32), (ordered & _PLACE_MASK).astype(np.int32))

    def negated(self, numbers: np.ndarray, places: np.ndarray) -> np.ndarray:
        """Is a match at each place of each sentence (by number) negated?"""
        if not len(self.keys):
            return np.zeros(len(numbers), dtype=bool)
        wanted = numbers.astype(np.int64) << _PLACE_BITS | places.astype(np.int64)
        return self.keys[np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)] == wanted

    def first_matches(self, numbers: np.ndarray, topic: Topic) -> np.ndarray:
        """``first_match`` of the topic in each sentence (by number) that may negate it; -1
        where none is found."""
        keys = ["s:" + s for s in topic.stems] + ["t:" + k for k in topic.themes]
        first = best_of_held(self._firsts, keys, numbers, _NO_PLACE, np.minimum)
        return np.where(first == _NO_PLACE, -1, first)

    def negated_matches(self, numbers: np.ndarray, topic: Topic) -> np.ndarray:
        """``negated_match`` of each sentence (by number) that may negate a match."""
        first = self.first_matches(numbers, topic)
        out = np.zeros(len(numbers), dtype=bool)
        has = first >= 0
        out[has] = self.negated(numbers[has], first[has])
        return out


_PLACE_BITS = 32  # a place within a sentence; sentence numbers stay far below 2**31
_PLACE_MASK = (1 << _PLACE_BITS) - 1
_NO_PLACE = np.iinfo(np.int64).max
