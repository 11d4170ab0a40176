"""Which of the cases that meet a list question's constraints show its topic, and the
sentence that shows it.

Two signals over each case's own text, combined: the words (``case_evidence``: rarity
weighted, negations dropped) and the model. For a single review the model compares the
topic with the review's passages (their vectors are already in the store: nothing is
embedded again); for a case that is a row or section of a briefing, with the sentences of
its own spans. A case whose only mentions of the topic are ruled out ("no adult in the
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
) -> list[TopicHit]:
    """``passage_similarity(doc_hashes)`` → per document, the best passage's cosine to the
    topic and that passage's span."""
    singles = [c.doc_hash for c in cases if c.origin == "single review"]
    best_passage = passage_similarity(singles) if singles else {}
    hits = []
    for case in cases:
        if topic.every_theme and not shows_every_theme(topic, case, sentences):
            continue
        found, ruled_out = scored_sentences(topic, case, sentences, min_lexical)
        if ruled_out and not found:
            continue  # every mention of the topic is negated
        if not found and topic.conjunctive and 0 < len(topic.stems) <= 3:
            continue  # a short topic the case's text never states is not shown by closeness of meaning alone
        if case.origin == "single review" and case.doc_hash in best_passage:
            dense, start, end = best_passage[case.doc_hash]
            lexical = found[0][1] if found else 0.0
            score = word_weight * lexical + (1 - word_weight) * dense
            if score < threshold:
                continue
            if found:
                sentence = found[0][0]
            else:  # the passage matched in meaning but no sentence has the words: cite its closest sentence
                inside = [s for s in sentences.of(case) if start <= s.start and s.end <= end]
                if not inside:
                    continue
                sentence = inside[int(np.argmax(sentence_vectors(inside) @ topic_vector))]
            hits.append(TopicHit(case, sentence, score))
            continue
        own = sentences.of(case)
        if not own:
            continue
        lexical = {(s.start, s.end, s.doc_hash): lex for s, lex in found}
        cosines = sentence_vectors(own) @ topic_vector
        scored = [
            (s, word_weight * lexical.get((s.start, s.end, s.doc_hash), 0.0) + (1 - word_weight) * float(c))
            for s, c in zip(own, cosines)
            if (s.start, s.end, s.doc_hash) not in ruled_out
        ]
        if not scored:
            continue
        sentence, score = max(scored, key=lambda pair: pair[1])
        if score >= threshold:
            if lexical:
                # Cite the case's own words first (its row or section before a statement about
                # it) among the sentences that hold the topic as fully as the best one does.
                top = max(lexical.values())
                sentence = next(s for s in own if lexical.get((s.start, s.end, s.doc_hash), 0.0) >= top - 0.05)
            hits.append(TopicHit(case, sentence, score))
    return hits
