"""Which of the cases that meet a list question's constraints show its topic, and the
sentence that shows it.

Two signals over each case's own text, combined: the words (``case_evidence``: rarity
weighted, negations dropped) and the model's cosine of the topic to the very sentence
that will be cited: the sentences that hold the topic's words, or, for a single review in
which none does, its closest passage (stored vectors: nothing is embedded again). A case whose only mentions of the topic are ruled out ("no adult in the
household was a registered sex offender") does not match, however close its passages are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.case_evidence import CaseSentences, Sentence, Topic, scored_sentences, shows_every_theme
from ingest.cases.records import CaseRecord


@dataclass(frozen=True)
class TopicHit:
    case: CaseRecord
    sentence: Sentence
    score: float


def match_topic(
    topic: Topic,
    topic_vector: np.ndarray,
    cases: Sequence[CaseRecord],
    sentences: CaseSentences,
    sentence_vectors: Callable[[list[Sentence]], np.ndarray],
    passage_similarity: Callable[[list[str]], dict[str, tuple[float, int, int]]],
    word_weight: float,
    threshold: float,
    min_lexical: float,
    paraphrase_cosine: float = 0.4,
    review_cosines: Callable[[list[Sentence]], np.ndarray] | None = None,
    may_hold: Callable[[CaseRecord], bool] | None = None,
) -> list[TopicHit]:
    """``passage_similarity(doc_hashes)`` → per document, the best passage's cosine to the
    topic and that passage's span. ``review_cosines(sentences)``: the topic's cosine to
    sentences of single reviews (default: their own vectors; the service gives the stored
    vectors of the passages that hold them, so a new topic embeds nothing there).
    ``may_hold(case)`` False: no document of the case holds a topic word or theme phrase, so
    its sentences are not scored for words (most cases, for most topics)."""
    if review_cosines is None:
        review_cosines = lambda ss: sentence_vectors(ss) @ topic_vector  # noqa: E731
    singles = [c.doc_hash for c in cases if c.origin == "single review"]
    best_passage = passage_similarity(singles) if singles else {}
    # One batched call for every row and section sentence not yet embedded: per case, a
    # first question on a new topic made hundreds of small calls (70 s at 1,459 cases).
    others = [s for c in cases if not (c.origin == "single review" and c.doc_hash in best_passage) for s in sentences.of(c)]
    if others:
        sentence_vectors(others)
    hits = []
    for case in cases:
        if topic.every_theme and not shows_every_theme(topic, case, sentences):
            continue
        if may_hold is None or may_hold(case):
            found, ruled_out = scored_sentences(topic, case, sentences, min_lexical)
        else:
            found, ruled_out = [], set()
        if ruled_out and not found:
            continue  # every mention of the topic is negated
        if not found and topic.conjunctive and 0 < len(topic.stems) <= 3:
            continue  # a short topic the case's text never states is not shown by closeness of meaning alone
        if case.origin == "single review" and case.doc_hash in best_passage:
            dense, start, end = best_passage[case.doc_hash]
            if found:
                # The sentence that holds the words is the one the model judges, not the
                # review's closest passage, which may be about something else entirely.
                best = _best_sentence(found, review_cosines, paraphrase_cosine, word_weight)
                if best is None:
                    continue  # only a theme's phrase, and the model sees the topic in none of those sentences
                match, score = best
                if score >= threshold:
                    hits.append(TopicHit(case, match.sentence, score))
                continue
            # No sentence has the words, but a passage matched in meaning: cite its closest sentence.
            score = (1 - word_weight) * dense
            inside = [s for s in sentences.of(case) if start <= s.start and s.end <= end]
            if score >= threshold and inside:
                hits.append(TopicHit(case, inside[int(np.argmax(review_cosines(inside)))], score))
            continue
        own = sentences.of(case)
        if not own:
            continue
        by_key = {(m.sentence.start, m.sentence.end, m.sentence.doc_hash): m for m in found}
        cosines = sentence_vectors(own) @ topic_vector
        scored = []
        for s, c in zip(own, cosines):
            key = (s.start, s.end, s.doc_hash)
            if key in ruled_out:
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
    return hits


def _best_sentence(found, cosines_of, paraphrase_cosine, word_weight, look_at: int = 8):
    """Among the sentences that hold the topic's words (best first), the one with the
    highest combined score (words and the model's cosine to that sentence), and the score;
    a sentence that holds the topic only through a theme's phrase needs the model's agreement."""
    top = found[:look_at]
    cosines = cosines_of([m.sentence for m in top])
    scored = [
        (m, word_weight * m.score + (1 - word_weight) * float(c))
        for m, c in zip(top, cosines)
        if m.literal or float(c) >= paraphrase_cosine
    ]
    return max(scored, key=lambda t: t[1]) if scored else None
