"""Which of the cases that meet a list question's constraints show its topic, and the
sentence that shows it.

Two signals over each case's own text, combined: the words (``case_evidence``: rarity
weighted, negations dropped) and the model's cosine of the topic to the very sentence
that will be cited: the sentences that hold the topic's words, or, for a single review in
which none does, its closest passage (stored vectors: nothing is embedded again). A case
whose only mentions of the topic are ruled out ("no adult in the household was a
registered sex offender") does not match, however close its passages are.

The case-by-case loop below is the reading's plain statement; a long list's reviews
(``held_matches``) and rows and sections (``row_matches``) are read all at once, with the
same answer (tests hold each to the loop).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from assistant.case_evidence import (
    CaseSentences,
    Sentence,
    names_a_role,
    score_sentences,
    scored_sentences,
    shows_every_theme,
)
from assistant.held_matches import HeldMatches, best_held_matches
from assistant.list_topic import Topic
from assistant.own_vectors import CaseCosines
from assistant.row_matches import best_row_matches
from assistant.sentence_postings import HeldSentences
from ingest.cases.records import CaseRecord


class TopicHit(NamedTuple):  # (a tuple: a long list makes thousands)
    case: CaseRecord
    evidence: Sentence  # the sentence that shows the topic (as a ``CaseMatch``'s evidence)
    score: float


def match_topic(
    topic: Topic,
    topic_vector: np.ndarray,
    cases: Sequence[CaseRecord],
    numbers: np.ndarray,
    sentences: CaseSentences,
    own_cosines: Callable[[np.ndarray, np.ndarray], tuple[CaseCosines, np.ndarray]],
    passage_similarity: Callable[[np.ndarray, bool], tuple[np.ndarray, np.ndarray, np.ndarray]],
    word_weight: float,
    threshold: float,
    min_lexical: float,
    paraphrase_cosine: float,
    review_cosines: Callable[[list[Sentence] | np.ndarray, list[int] | None], np.ndarray],
    holding: HeldSentences | None = None,
) -> list[TopicHit]:
    """``numbers``: each case's number in the case index (``CaseTable.numbers``).
    ``passage_similarity(numbers, closest)`` → per case, its closest passage's cosine to
    the topic and that passage's span, for a single review whose passages are held (NaN
    otherwise: the case is read by its own sentences); ``closest`` False: only which are
    held (0 for those), as a topic not open to meaning alone reads nothing more.
    ``review_cosines(sentences, runs)``: the topic's cosine to sentences of single reviews
    (or, as an array, to the sentences of these numbers in the postings), given in runs of
    these lengths, one review's each (the service gives the stored vectors of the passages
    that hold them, so a new topic embeds nothing there). ``own_cosines(numbers, vector)``: for cases read by
    their rows and sections, their sentences' cosines to the topic (``.of(number)``), and
    each one's highest.
    ``holding``: per case id, its sentences that hold a topic word or a named theme's phrase
    (``CaseSentences.holding``); a case not in it has none, and is not scored for words
    (most cases, for most topics). None: every case's sentences are looked through."""
    # Without holding a topic word, a case matches only by meaning, when its closest passage
    # or sentence clears the threshold alone (a short topic read as a whole never does).
    open_to_meaning = not (topic.conjunctive and 0 < len(topic.stems) <= 3)
    dense, passage_start, passage_end = passage_similarity(numbers, open_to_meaning)
    by_passage = ~np.isnan(dense)
    # Those that cannot match by meaning alone and hold no topic word are passed over, in
    # bulk, not one by one below (most cases, for most topics).
    look = np.ones(len(cases), dtype=bool) if holding is None else np.zeros(len(cases), dtype=bool)
    position = np.full(len(sentences.cases), -1, dtype=np.int64)  # case number -> place among ``cases``
    position[numbers] = np.arange(len(numbers))
    if holding:
        places = position[holding.case_numbers]
        look[places[places >= 0]] = True
    # Cases read by their own rows and sections: their sentences' vectors, embedded in one
    # batch where not yet kept (per case, a first question on a new topic made hundreds of
    # small calls: 70 s at 1,459 cases). Every such case's closest sentence when a case may
    # match by meaning alone; else only those of the cases looked at.
    read_own = ~by_passage if open_to_meaning else ~by_passage & look
    cosines_of, closest_rows = own_cosines(numbers[read_own], topic_vector)
    if open_to_meaning and holding is not None:
        closest = np.full(len(cases), -np.inf)
        closest[read_own] = closest_rows
        meaning = (1 - word_weight) * np.where(by_passage, np.nan_to_num(dense, nan=-np.inf), closest)
        look |= meaning >= threshold
    memo: dict = {}  # the topic's word scores, shared by every case's sentences
    # Reviews judged by their passages whose sentences hold the topic's words: their best
    # few matches found for all of them at once (thousands, for a topic most reviews mention).
    bulk = None
    unscored = np.zeros(len(cases), dtype=bool)  # read in bulk, and no sentence of theirs scored
    settled = np.zeros(len(sentences.cases), dtype=bool)  # per case number: judged in bulk
    if holding and holding.entry_readings is not None:
        has_held = np.zeros(len(cases), dtype=bool)
        has_held[places[places >= 0]] = True
        in_bulk = look & by_passage & has_held
        if topic.every_theme:  # (the loop passes over the others again)
            for i in np.flatnonzero(in_bulk).tolist():
                in_bulk[i] = shows_every_theme(topic, cases[i], sentences)
        chosen = np.zeros(len(sentences.cases), dtype=bool)
        chosen[numbers[in_bulk]] = True
        bulk = best_held_matches(topic, holding, chosen, position, sentences, min_lexical, memo, _LOOK_AT)
        # Those with a match, or whose matches were all negated, are settled; the rest (no
        # sentence scored) go through the loop, which reads them by meaning alone.
        settled[bulk.cases] = True
        settled[bulk.ruled_out] = True
        look &= ~(in_bulk & settled[numbers])
        unscored = in_bulk & ~settled[numbers]
    # Cases read by their own rows and sections: every one looked at, judged at once.
    rows = None
    if holding is not None and (not holding or holding.entry_readings is not None):
        by_rows = look & ~by_passage
        if topic.every_theme:
            for i in np.flatnonzero(by_rows).tolist():
                by_rows[i] = shows_every_theme(topic, cases[i], sentences)
        chosen_rows = np.zeros(len(sentences.cases), dtype=bool)
        chosen_rows[numbers[by_rows]] = True
        rows = best_row_matches(
            topic, holding, chosen_rows, position, sentences, cosines_of, min_lexical, memo,
            word_weight, threshold, paraphrase_cosine, open_to_meaning,
        )
        look &= ~chosen_rows[numbers]
        settled |= chosen_rows
    looked_at = np.flatnonzero(look)
    hits: list[TopicHit | None] = []
    at_place: list[int] = []  # each hit's place among ``cases`` (merged with the reviews read in bulk)
    # Reviews whose words matched: their top sentences are judged by the model in one call
    # after the loop (a call per review cost ~60 us each, 10,000 reviews for a common topic).
    judged: list[tuple[int, CaseRecord, list]] = []
    readings = None
    if holding is not None:
        readings = holding.readings if not settled.any() else holding.readings_among(~settled[holding.entry_cases])
    for i in looked_at.tolist():
        case = cases[i]
        if topic.every_theme and not shows_every_theme(topic, case, sentences):
            continue
        if holding is None:
            found, ruled_out = scored_sentences(topic, case, sentences, min_lexical)
        elif unscored[i]:
            found, ruled_out = [], set()  # read in bulk: no sentence scored
        elif case.case_id in holding:
            # A review judged by its passages reads only its best few matches (below).
            found, ruled_out = score_sentences(
                topic, holding[case.case_id], sentences, min_lexical, memo, _LOOK_AT if by_passage[i] else None, readings
            )
        else:
            found, ruled_out = [], set()
        if ruled_out and not found:
            continue  # every mention of the topic is negated
        if not found and not open_to_meaning:
            continue  # a short topic the case's text never states is not shown by closeness of meaning alone
        if by_passage[i]:
            start, end = int(passage_start[i]), int(passage_end[i])
            if found:
                # The sentence that holds the words is the one the model judges, not the
                # review's closest passage, which may be about something else entirely.
                judged.append((len(hits), case, found[:_LOOK_AT]))
                hits.append(None)  # its place, in the order of the cases
                at_place.append(i)
                continue
            # No sentence has the words, but a passage matched in meaning: cite its closest sentence.
            by_meaning = (1 - word_weight) * float(dense[i])
            if by_meaning < threshold:
                continue
            inside = [s for s in sentences.of(case) if start <= s.start and s.end <= end and names_a_role(topic, s)]
            if inside:
                hits.append(TopicHit(case, inside[int(np.argmax(review_cosines(inside, None)))], by_meaning))
                at_place.append(i)
            continue
        own = sentences.of(case)
        if not own:
            continue
        by_key = {(m.sentence.start, m.sentence.end, m.sentence.doc_hash): m for m in found}
        cosines = cosines_of.of(int(numbers[i]))
        if not found and not ruled_out:  # by meaning alone (most cases): its closest sentence
            if topic.roles or topic.family:
                cosines = np.where([names_a_role(topic, s) for s in own], cosines, -1.0)
            closest_at = int(np.argmax(cosines))
            if (1 - word_weight) * float(cosines[closest_at]) >= threshold:
                hits.append(TopicHit(case, own[closest_at], (1 - word_weight) * float(cosines[closest_at])))
                at_place.append(i)
            continue
        scored = []
        for s, c in zip(own, cosines):
            key = (s.start, s.end, s.doc_hash)
            if key in ruled_out or not names_a_role(topic, s):
                continue
            m = by_key.get(key)
            if m is not None and not m.literal and float(c) < paraphrase_cosine:
                m = None  # only a theme's phrase, and the model does not see the topic in it
            scored.append((s, word_weight * (m.score if m else 0.0) + (1 - word_weight) * float(c), m))
        if not scored:
            continue
        sentence, score, _ = max(scored, key=lambda t: t[1])
        if score >= threshold:
            held = [t for t in scored if t[2] is not None]
            if held:
                # Cite the case's own words first (its row or section before a statement about
                # it) among the sentences that hold the topic as fully as the best one does.
                top = max(t[2].score for t in held)
                sentence = next(t[0] for t in held if t[2].score >= top - 0.05)
            hits.append(TopicHit(case, sentence, score))
            at_place.append(i)
    if judged:
        cosines = review_cosines([m.sentence for _, _, top in judged for m in top], [len(top) for _, _, top in judged])
        at = 0
        for place, case, top in judged:
            best = _best_sentence(top, cosines[at : at + len(top)], paraphrase_cosine, word_weight)
            at += len(top)
            # None: only a theme's phrase, and the model sees the topic in none of those sentences.
            if best is not None and best[1] >= threshold:
                hits[place] = TopicHit(case, best[0].sentence, best[1])
    if bulk is not None and len(bulk.cases):
        bulk_places, bulk_hits = _judged_in_bulk(
            bulk, cases, position, review_cosines, paraphrase_cosine, word_weight, threshold
        )
        at_place, hits = at_place + bulk_places, hits + bulk_hits
    if rows is not None and len(rows.cases):
        pool = sentences.postings.sentences
        row_places = position[rows.cases].tolist()
        at_place += row_places
        hits += [
            TopicHit(cases[p], pool[n], score)
            for p, n, score in zip(row_places, rows.numbers.tolist(), rows.scores.tolist())
        ]
    if len(at_place) > 1 and (bulk is not None or rows is not None):
        merged = sorted(zip(at_place, hits), key=_PLACE)
        return [hit for _, hit in merged if hit is not None]
    return [hit for hit in hits if hit is not None]


_PLACE = operator.itemgetter(0)


def _judged_in_bulk(
    bulk: HeldMatches,
    cases: Sequence[CaseRecord],
    position: np.ndarray,
    review_cosines: Callable[[list[Sentence] | np.ndarray, list[int] | None], np.ndarray],
    paraphrase_cosine: float,
    word_weight: float,
    threshold: float,
) -> tuple[list[int], list[TopicHit | None]]:
    """``_best_sentence`` for every review read in bulk, as arrays: the topic's cosine to
    each of its best matches (one call for all of them), and the first of its highest
    combined scores among the matches the model agrees with. Returns the places among
    ``cases`` of those that clear ``threshold``, and their hits."""
    starts = np.flatnonzero(np.diff(bulk.cases, prepend=-1))
    runs = np.diff(np.append(starts, len(bulk.cases)))
    cosines = review_cosines(bulk.numbers, runs.tolist()).astype(np.float64)
    valid = bulk.literal | (cosines >= paraphrase_cosine)
    combined = word_weight * bulk.scores + (1 - word_weight) * cosines
    group = np.repeat(np.arange(len(starts)), runs)
    order = np.lexsort((np.arange(len(combined)), -np.where(valid, combined, -np.inf), group))
    best = order[starts]
    shown = best[valid[best] & (combined[best] >= threshold)]
    places = position[bulk.cases[shown]].tolist()
    pool = bulk.pool
    hits: list[TopicHit | None] = [
        TopicHit(cases[p], pool[n], score)
        for p, n, score in zip(places, bulk.numbers[shown].tolist(), combined[shown].tolist())
    ]
    return places, hits


# How many of a review's sentences that hold the topic's words (best first) the model judges.
_LOOK_AT = 8


def _best_sentence(top, cosines, paraphrase_cosine, word_weight):
    """Among the sentences that hold the topic's words (best first) and their cosines to
    the topic, the one with the highest combined score (words and the model's cosine), and
    the score; a sentence that holds the topic only through a theme's phrase needs the
    model's agreement."""
    scored = [
        (m, word_weight * m.score + (1 - word_weight) * float(c))
        for m, c in zip(top, cosines)
        if m.literal or float(c) >= paraphrase_cosine
    ]
    return max(scored, key=lambda t: t[1]) if scored else None
