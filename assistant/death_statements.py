"""How a child died: the statements of a case that say so, for the questions that ask it.

"Which children died of neglect?" asks how they died, not whether neglect is mentioned
anywhere in their review: a review that mentions domestic abuse and reports a death while
co-sleeping does not answer "killed during a domestic violence attack". Such a question is
matched against the case's statements of the death (the sentences, or table cells, that
say the child died), by the same score of words and model as any topic: the model's
cosine is read from vectors already held (a row's sentences' own, a review's passages').
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from weakref import WeakKeyDictionary

import numpy as np

from assistant.case_evidence import CaseSentences, Sentence, names_a_role, score_sentences
from assistant.list_topic import Topic
from assistant.topic_matching import TopicHit
from ingest.cases.records import CaseRecord
from knowledge.words import DEATH, NOT_DEATH


def states_death(text: str) -> bool:
    """Does the text say someone died ("died", "killed", "homicide", "overlay"), and not
    only that someone survived or that a parent died?"""
    return bool(DEATH.search(text)) and not NOT_DEATH.search(text)


def death_statements(case: CaseRecord, sentences: CaseSentences) -> list[Sentence]:
    """The case's own sentences that state a death, in the case's order. (Not the rest of a
    table row that states one: its other cells give the family's background, "domestic
    abuse known to police", which is not how the child died.) A case the index knows died
    but whose text never says so in a sentence (an outcome column of "Died") is told by its
    incident or context cells. Kept per case: reading every sentence of every case that
    died cost 250 ms a question at 10k passages."""
    held = _HELD.get(sentences)
    if held is None:
        held = _HELD[sentences] = {}
    found = held.get(case.case_id)
    if found is None:
        own = sentences.of(case)
        found = []
        for i, s in enumerate(own):
            if states_death(s.text):
                found.append(s)
            elif i and found and found[-1] is own[i - 1] and goes_on(own[i - 1].text, s.text) and s.doc_hash == own[i - 1].doc_hash:
                # "Child T died in January 2013. She had been asleep on the settee on her
                # mother's chest…": the next sentence, about the same child, says how.
                found.append(s)
        if case.outcome == "died":
            # A note that cites a case that died by its reference ("unsafe sleeping
            # arrangements not re-assessed (WM-03)") tells of its circumstances.
            row = case.origin == "table row"  # as ``CaseSentences.of`` reads them, so a note is not held twice
            found += [
                s for e in case.evidence if e.field == "reference"
                for s in sentences.span(e.doc_hash or case.doc_hash, e.start, e.end, cell=row) if s not in found
            ]
        if not found and case.outcome == "died":
            # A table whose outcome column says only "Died" gives the cause in another cell:
            # the case's incident or context cells are then what tells how it died.
            found = [
                s for e in case.evidence if e.field in _TELLS_HOW
                for s in sentences.span(e.doc_hash or case.doc_hash, e.start, e.end)
            ]
        held[case.case_id] = found
    return found


def goes_on(before: str, text: str) -> bool:
    """Does the sentence go on about the child of the statement before it? It opens with a
    pronoun, not one of the other sex than the statement's ("He died…" / "She survived"
    is his sister), and does not say someone survived."""
    opening = _OPENS.match(text)
    if not opening or NOT_DEATH.search(text):
        return False
    other = _SHE if opening.group(0).lower() in ("he", "his") else _HE if opening.group(0).lower() in ("she", "her") else None
    return other is None or not other.search(before)


_OPENS = re.compile(r"(?:he|she|they|his|her|their)\b", re.I)
_HE = re.compile(r"\b(?:he|his|him)\b", re.I)
_SHE = re.compile(r"\b(?:she|her)\b", re.I)

# The evidence of a case that died that says what happened, when no sentence says it died.
_TELLS_HOW = ("context", "incident")


# Per case index's sentences: each case's statements of death, once read.
_HELD: WeakKeyDictionary[CaseSentences, dict[str, list[Sentence]]] = WeakKeyDictionary()


def match_cause_of_death(
    topic: Topic,
    cases: Sequence[CaseRecord],
    sentences: CaseSentences,
    cosines: Callable[[Sequence[CaseRecord], list[list[Sentence]]], list[np.ndarray]],
    word_weight: float,
    threshold: float,
) -> list[TopicHit]:
    """The cases one of whose statements of death shows the topic, each with that
    statement. ``cosines(cases, statements)``: per case, the topic's cosine to each of its
    statements. A statement whose topic words are negated ("no injury was found") is
    passed over. A theme's phrase counts as the topic's words without the model's
    agreement, unlike anywhere else in a case's text: in a statement of the death ("Killed
    by father during DV incident", cosine 0.30 to "died because of injuries inflicted on
    them") it says how the child died. A statement with no topic word is judged by the
    model alone."""
    statements = [[s for s in death_statements(case, sentences) if names_a_role(topic, s)] for case in cases]
    if not any(statements):
        return []
    per_case = cosines(cases, statements)
    hits = []
    for case, own, cosine in zip(cases, statements, per_case):
        found, ruled_out = score_sentences(topic, own, sentences, 0.0)
        by_key = {(m.sentence.start, m.sentence.end, m.sentence.doc_hash): m for m in found}  # as ``ruled_out`` is keyed
        best: tuple[Sentence, float] | None = None
        for s, c in zip(own, cosine.tolist()):
            key = (s.start, s.end, s.doc_hash)
            if key in ruled_out:
                continue
            m = by_key.get(key)
            words = m.score if m is not None else 0.0
            score = word_weight * words + (1 - word_weight) * c
            if best is None or score > best[1]:
                best = (s, score)
        if best is not None and best[1] >= threshold:
            hits.append(TopicHit(case, best[0], best[1]))
    return hits
