"""Cases read by their own rows and sections (a briefing's table row, a thematic review's
section), judged all at once: what ``topic_matching``'s case-by-case reading does for each
of them, as arrays over every such case's sentences.

Such a case is judged on each of its own sentences: the model's cosine to the topic, plus
the words' score where the sentence holds the topic's words (a theme's phrase only when
the model agrees), its negated matches left out; its best sentence must clear the
threshold, and the case cites its own words first among the sentences that hold the
topic as fully as the best one does. A topic most reviews mention reads thousands of
such cases, and reading them one by one was a quarter of a long list's time at 100k. A
test holds the answer to the case-by-case reading.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from assistant.case_evidence import CaseSentences, names_a_role
from assistant.held_matches import best_held_matches
from assistant.list_topic import Topic
from assistant.own_vectors import CaseCosines
from assistant.sentence_postings import HeldSentences


class RowMatches(NamedTuple):
    """Of the cases chosen, the ones that match: ``cases`` (numbers, in the order of
    ``place``), the ``numbers`` of the sentences they cite (in the postings) and their
    ``scores``."""

    cases: np.ndarray
    numbers: np.ndarray
    scores: np.ndarray


def best_row_matches(
    topic: Topic,
    held: HeldSentences,
    chosen: np.ndarray,
    place: np.ndarray,
    weights: CaseSentences,
    cosines: CaseCosines,
    minimum: float,
    memo: dict,
    word_weight: float,
    threshold: float,
    paraphrase_cosine: float,
    open_to_meaning: bool,
) -> RowMatches:
    """``chosen``: per case number, a case read by its own sentences to judge (each one's
    cosines in ``cosines``). ``place``: per case number, the order cases come in.
    ``held``: the topic's held sentences with their readings (``entry_readings``)."""
    postings = weights.postings
    pool = postings.sentences
    case_of, number_of = postings.own(np.flatnonzero(chosen))
    empty = np.zeros(0, dtype=np.int64)
    if not len(case_of):
        return RowMatches(empty, empty, np.zeros(0))
    cosine = cosines.laid(np.flatnonzero(chosen))
    assert len(cosine) == len(case_of)  # (a case's vectors are its sentences', in order)
    starts = np.flatnonzero(np.diff(case_of, prepend=-1))
    group = np.cumsum(np.diff(case_of, prepend=-1) != 0) - 1

    # The words: every match of each case, and its negated ones (all walked). A sentence a
    # case holds twice counts twice (the reading knows it by its span: one span, one text,
    # one reading; so do two sentences of a case with one span, as their numbers do here).
    has_match = np.zeros(len(case_of), dtype=bool)
    match_score = np.zeros(len(case_of))
    literal = np.zeros(len(case_of), dtype=bool)
    ruled = np.zeros(len(case_of), dtype=bool)
    if len(held.entry_cases):
        found = best_held_matches(topic, held, chosen, place, weights, minimum, memo, len(held.entry_cases) + 1)
        size = np.int64(len(pool))
        key = np.concatenate([
            case_of.astype(np.int64) * size + number_of,
            found.cases.astype(np.int64) * size + found.numbers,
            found.negated_cases.astype(np.int64) * size + found.negated_numbers,
        ])  # fmt: skip
        _, key = np.unique(key, return_inverse=True)
        own_key, found_key = key[: len(case_of)], key[len(case_of) : len(case_of) + len(found.cases)]
        matched = np.zeros(int(key.max()) + 1, dtype=bool)
        matched[found_key] = True
        score_of, literal_of = np.zeros(len(matched)), np.zeros(len(matched), dtype=bool)
        score_of[found_key], literal_of[found_key] = found.scores, found.literal
        has_match, match_score, literal = matched[own_key], score_of[own_key], literal_of[own_key]
        denied = np.zeros(len(matched), dtype=bool)
        denied[key[len(case_of) + len(found.cases) :]] = True
        ruled = denied[own_key]
    if topic.roles and not topic.family and topic.by_whom is None:
        named = postings.holding_names(topic.role_names.names)[number_of]
    elif topic.roles or topic.family or topic.by_whom is not None:
        named = np.fromiter((names_a_role(topic, pool[n]) for n in number_of.tolist()), dtype=bool, count=len(number_of))
    else:
        named = np.ones(len(case_of), dtype=bool)
    any_match = np.logical_or.reduceat(has_match, starts)
    any_ruled = np.logical_or.reduceat(ruled, starts)

    def first_best(values: np.ndarray) -> np.ndarray:
        """Each case's entry of the highest value (its first, on a tie)."""
        return np.lexsort((np.arange(len(values)), -values, group))[starts] if len(values) else empty

    # A case whose text never holds the words: by meaning alone, its closest sentence that
    # names whom the topic names.
    meaning = ~any_match & ~any_ruled & open_to_meaning
    closeness = np.where(named, cosine, -1.0) if topic.roles or topic.family else cosine
    closest = first_best(closeness.astype(np.float64))
    by_meaning = (1 - word_weight) * closeness[closest].astype(np.float64)
    meant = meaning & (by_meaning >= threshold)

    # A case that holds them: each sentence's words and meaning together, its negated
    # matches and those that do not name whom the topic names left out; a theme's phrase
    # counts only where the model sees the topic in the sentence.
    eligible = ~ruled & named
    counted = has_match & (literal | (cosine >= paraphrase_cosine))
    combined = word_weight * np.where(counted, match_score, 0.0) + (1 - word_weight) * cosine.astype(np.float64)
    best = first_best(np.where(eligible, combined, -np.inf))
    worded = any_match & eligible[best] & (combined[best] >= threshold)
    # The case's own words first, among the sentences that hold the topic as fully as the best.
    holding = eligible & counted
    top = np.full(len(starts), -np.inf)
    np.maximum.at(top, group[holding], match_score[holding])
    fully = holding & (match_score >= top[group] - 0.05)
    first_full = first_best(fully.astype(np.float64))
    cited = np.where(np.logical_or.reduceat(fully, starts), first_full, best)

    shown = np.flatnonzero(meant | worded)
    entry = np.where(meant, closest, cited)[shown]
    score = np.where(meant, by_meaning, combined[best])[shown]
    cases = case_of[starts[shown]]
    in_order = np.argsort(place[cases], kind="stable")
    return RowMatches(cases[in_order], number_of[entry[in_order]], score[in_order])
