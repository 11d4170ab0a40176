"""The best few matches of many reviews at once: ``score_sentences`` with ``enough``, over
every held sentence of the chosen cases as arrays.

A list on a topic most reviews mention ("the police", "supervision") reads thousands of
reviews, and scoring each review's sentences in a call of its own cost ~20 us a review,
most of a long list's time. Here the word scores are looked up once per reading (and per
phrase weight, where it counts, from the weights read when the cases were prepared), the
sentences are ordered best first within each case by one sort, and each sentence's
negation is looked up from where its first match is and where it negates one (both found
when the cases were prepared); the walk then keeps, per case, what ``score_sentences``
keeps: its matches in order until ``enough`` unnegated ones are found.
The answer is ``score_sentences``'s, case by case (a test holds it to that).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from assistant.case_evidence import CaseSentences, names_a_role, reads_phrase_weight, word_score
from assistant.list_topic import Topic
from assistant.sentence_postings import HeldSentences


class HeldMatches(NamedTuple):
    """Per case, its best matches in ``score_sentences``'s order, laid end to end:
    ``cases`` (each match's case number), ``numbers`` (its sentence's number in the
    postings, whose list is ``pool``), ``scores`` and ``literal``; ``ruled_out``: the case
    numbers whose every walked match was negated and none found (``score_sentences`` gives
    them negated keys and no match). A chosen case in neither has no sentence that scores."""

    cases: np.ndarray
    numbers: np.ndarray
    scores: np.ndarray
    literal: np.ndarray
    ruled_out: np.ndarray
    pool: Sequence
    # The walked matches that were negated: their cases' numbers and sentences' numbers
    # (``score_sentences``'s negated keys, whole when no match is found or all are walked).
    negated_cases: np.ndarray = np.zeros(0, dtype=np.int32)
    negated_numbers: np.ndarray = np.zeros(0, dtype=np.int32)


def best_held_matches(
    topic: Topic,
    held: HeldSentences,
    chosen: np.ndarray,
    place: np.ndarray,
    weights: CaseSentences,
    minimum: float,
    memo: dict,
    enough: int,
) -> HeldMatches:
    """``chosen``: per case number, whether to read it. ``place``: per case number, the order
    cases come in (their matches are laid out in it). ``memo``: the topic's word scores, as
    ``score_sentences`` keeps them. Needs ``held.entry_readings``."""
    assert held.entry_readings is not None
    picked = np.flatnonzero(chosen[held.entry_cases])
    pool = held.sentences  # (sentence objects are fetched only where one is read)
    readings = held.entry_readings[picked]
    numbers_of = held.entry_sentences[picked]  # each entry's sentence number in the postings
    scores = np.zeros(len(picked))
    literal = np.zeros(len(picked), dtype=bool)
    named = np.ones(len(picked), dtype=bool)
    if topic.roles and not topic.family and topic.by_whom is None:
        # Only an agency's name: a sentence names one when it holds a name's every stem.
        named = weights.postings.holding_names(topic.role_names.names)[numbers_of]
    elif topic.roles or topic.family or topic.by_whom is not None:
        named = np.fromiter((names_a_role(topic, pool[n]) for n in numbers_of.tolist()), dtype=bool, count=len(picked))
    # One word score per reading, except where it depends on a phrase's weight too.
    distinct, inverse = np.unique(readings, return_inverse=True)
    by_reading = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[by_reading], np.arange(len(distinct) + 1))
    for k, reading in enumerate(distinct.tolist()):
        members = by_reading[bounds[k] : bounds[k + 1]]
        members = members[named[members]]
        if not len(members):
            continue
        if reads_phrase_weight(topic, reading):
            # Its score depends on the highest weight of its phrases of the topic's themes too.
            caps = weights.phrase_weights.highest(numbers_of[members], topic.themes)
            distinct_caps, cap_of = np.unique(caps, return_inverse=True)
            for c, cap in enumerate(distinct_caps.tolist()):
                alike = members[cap_of == c]
                known = cap if cap > -np.inf else None  # (every such sentence holds a phrase: never -inf)
                scores[alike], literal[alike] = word_score(topic, pool[numbers_of[alike[0]]], weights, memo, reading, known)
        else:
            scores[members], literal[members] = word_score(topic, pool[numbers_of[members[0]]], weights, memo, reading)
    kept = np.flatnonzero(named & (scores > 0))
    case_of = held.entry_cases[picked][kept]
    # Best first within each case, ties in the case's own order (as a stable sort does).
    order = kept[np.lexsort((kept, -scores[kept], place[case_of]))]
    cases = held.entry_cases[picked][order]
    numbers = numbers_of[order]
    score = scores[order]
    starts = np.flatnonzero(np.diff(cases, prepend=-1))
    group = np.cumsum(np.diff(cases, prepend=-1) != 0) - 1  # each entry's case, as a run number
    negated = np.zeros(len(order), dtype=bool)
    if not topic.absence:
        # Every entry's negation, as arrays: the walk below then reads those it needs.
        may = np.flatnonzero(weights.negated_places.cue[numbers])
        negated[may] = weights.negated_places.negated_matches(numbers[may], topic)
    # An entry is walked while fewer than ``enough`` matches are found before it in its case.
    good = ~negated & (score >= minimum)
    before: np.ndarray = np.cumsum(good) - good
    walked = before - before[starts][group] < enough
    found = walked & good
    ruled = np.zeros(len(starts), dtype=bool)
    np.logical_or.at(ruled, group[walked & negated], True)
    if len(starts):
        ruled &= ~np.logical_or.reduceat(found, starts)  # and none found
    shown = np.flatnonzero(found)
    denied = walked & negated
    return HeldMatches(
        cases[shown], numbers[shown], score[shown], literal[order[shown]], cases[starts][ruled], pool,
        cases[denied], numbers[denied],
    )
