"""The two shortcuts of ``score_sentences`` against the plain reading, on sentences written
for this test: word scores looked up by what they read of a sentence (kept across the cases
of one question, or by each sentence's reading from the postings) are the scores worked
out afresh, and asking for only the best few matches
gives the plain result's best few (and its negated sentences whenever no match is found);
and every case read at once (``best_held_matches``) gives each case's own best few."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant.case_evidence import CaseSentences, Match, _lexical, _lexical_memo, score_sentences
from assistant.held_matches import best_held_matches
from assistant.list_topic import topic_of
from ingest.cases.records import CaseRecord

pytestmark = pytest.mark.unit

POOL = [
    "The baby died after co-sleeping with his mother on a sofa.",
    "There was no evidence that the parents shared a bed with the infant.",
    "Health visitors gave safe sleep advice at every contact.",
    "The father was a registered sex offender who lived nearby.",
    "No adult in the household was a registered sex offender.",
    "The mother's partner used heroin and the mother drank heavily.",
    "Drug use by the parents was not known to the GP.",
    "If the GP had shared the information, the school would have acted.",
    "Domestic abuse incidents were reported to police three times.",
    "The family were homeless and sofa surfing with relatives.",
    "Staff were unsure which threshold applied to the referral.",
    "Nobody disputed the threshold for a child in need assessment.",
    "The stepfather was charged with assault after the child was injured.",
    "The school noted poor attendance but did not escalate it.",
    "Workers were inexperienced and supervision was infrequent.",
    "The infant was found overlaid in the parents' bed.",
    "The mother fell asleep on the sofa with the baby.",
    "The offender register was not checked by the school.",
    "They lived in temporary accommodation for a year.",
    "The family became homeless after an eviction.",
    "Sleep was disturbed by drug use in the flat.",
]
TOPICS = [
    ("co-sleeping", ("unsafe_sleep",)),
    ("registered sex offenders", ()),
    ("a parent's drug use", ("substance_misuse",)),
    ("domestic abuse", ("domestic_abuse",)),
    ("homelessness, sofa surfing or temporary accommodation", ("housing",)),
    ("confusion about thresholds", ("thresholds",)),
    ("a lack of supervision", ("workforce",)),
    ("school attendance", ()),
    ("police officers who did not share information", ()),  # an agency named: read as arrays
    ("a health visitor who gave safe sleep advice", ("unsafe_sleep",)),
    ("a mother who drank heavily", ("substance_misuse",)),  # a family member named
]


def _case(n: int, text: str) -> tuple[CaseRecord, str]:
    return CaseRecord(case_id=f"c{n}", label=f"Child {n}", doc_hash=f"d{n}", source="s", title="t", origin="single review"), text


def _weighed(documents: list[list[str]]) -> tuple[list[tuple[CaseRecord, str]], CaseSentences]:
    """A case per document, and their sentences with words weighed over a larger corpus,
    where the pool's words are not all equally rare (in a few sentences each word is as
    rare as any other)."""
    cases = [_case(n, "\n".join(sentences)) for n, sentences in enumerate(documents)]
    background = _case(len(cases), "\n".join(text for i, text in enumerate(POOL) for _ in range(1 + i % 4)))
    texts = {case.doc_hash: text for case, text in [*cases, background]}
    return cases, CaseSentences([case for case, _ in [*cases, background]], texts.__getitem__)


# Cases of the pool's sentences, a topic, the least word score and how many matches are wanted.
_DOCUMENTS = st.lists(st.lists(st.sampled_from(POOL), min_size=1, max_size=8), min_size=1, max_size=5)
_ASKED, _MINIMUM, _ENOUGH = st.sampled_from(TOPICS), st.sampled_from([0.0, 0.2, 0.5]), st.integers(1, 4)


@settings(max_examples=200, deadline=None)
@given(documents=_DOCUMENTS, asked=_ASKED, minimum=_MINIMUM, enough=_ENOUGH)
def test_shortcuts_give_the_plain_reading(documents, asked, minimum, enough):
    cases, weights = _weighed(documents)
    topic = topic_of(asked[0], asked[1], {})
    memo: dict = {}
    looked_up: dict = {}  # one memo over every sentence: a reading two sentences share is looked up
    held = weights.holding(topic)  # each held sentence's reading of the topic, from the postings
    by_reading: dict = {}
    for case, _ in cases:
        own = weights.of(case)
        for sentence in own:
            assert _lexical_memo(topic, sentence, weights, looked_up) == _lexical(topic, sentence, weights), sentence.text
        found, negated = score_sentences(topic, own, weights, minimum)
        kept = score_sentences(topic, own, weights, minimum, memo)
        assert kept == (found, negated)
        best, some_negated = score_sentences(topic, own, weights, minimum, memo, enough)
        assert best == found[:enough]
        assert some_negated <= negated
        if not best:
            assert some_negated == negated
        # Looked up by its reading: only the held sentences, and the same scores.
        assert held.readings is not None
        own_held = held.get(case.case_id, [])
        assert score_sentences(topic, own_held, weights, minimum, by_reading, None, held.readings) == (found, negated)
        assert score_sentences(topic, own_held, weights, minimum, by_reading, enough, held.readings)[0] == best


@settings(max_examples=200, deadline=None)
@given(documents=_DOCUMENTS, asked=_ASKED, minimum=_MINIMUM, enough=_ENOUGH, reverse=st.booleans())
@example(documents=[POOL], asked=TOPICS[-2], minimum=0.0, enough=4, reverse=False)  # an agency of two words
@example(documents=[POOL[::-1]], asked=TOPICS[-1], minimum=0.2, enough=2, reverse=True)  # a family member
def test_every_case_read_at_once_gives_each_case_s_own_reading(documents, asked, minimum, enough, reverse):
    """``best_held_matches`` over all the cases at once (in either order) against
    ``score_sentences`` case by case: the same best few matches, and a case ruled out
    exactly when its matches were all negated."""
    cases, weights = _weighed(documents)
    topic = topic_of(asked[0], asked[1], {})
    held = weights.holding(topic)
    chosen = np.zeros(len(weights.cases), dtype=bool)
    chosen[: len(cases)] = True
    place = np.arange(len(weights.cases))[::-1].copy() if reverse else np.arange(len(weights.cases))
    got = best_held_matches(topic, held, chosen, place, weights, minimum, {}, enough)
    expected_order = sorted(range(len(cases)), key=lambda n: place[n])
    listed = [int(n) for n in dict.fromkeys(got.cases.tolist())]
    assert listed == [n for n in expected_order if n in set(listed)]
    for n, (case, _) in enumerate(cases):
        best, negated = score_sentences(topic, weights.of(case), weights, minimum, None, enough)
        mine = got.cases == n
        sentences = [got.pool[i] for i in got.numbers.tolist()]
        matches = [Match(s, score, bool(lit)) for s, score, lit, m in zip(sentences, got.scores.tolist(), got.literal, mine) if m]
        assert matches == best, case.case_id
        assert (n in got.ruled_out.tolist()) == (not best and bool(negated))


def test_phrase_weights_read_once_are_each_phrase_s_weight():
    """``PhraseWeights`` (read when the cases are prepared) against ``phrase_weight`` read
    afresh: for every sentence of the pool and every set of themes, the highest weight of
    its phrases of those themes (-inf where it holds none)."""
    cases = [_case(n, text) for n, text in enumerate(POOL)]
    texts = {case.doc_hash: text for case, text in cases}
    weights = CaseSentences([case for case, _ in cases], texts.__getitem__)
    sentences = weights.postings.sentences
    assert any(s.themes for s in sentences)
    numbers = np.arange(len(sentences))
    for keys in [("unsafe_sleep",), ("substance_misuse", "housing"), ("domestic_abuse", "workforce", "thresholds"), ()]:
        got = weights.phrase_weights.highest(numbers, keys)
        for n, sentence in enumerate(sentences):
            own = [weights.phrase_weight(k, sentence, at) for k, at in sentence.themes if k in keys]
            assert got[n] == (max(own) if own else -np.inf), (sentence.text, keys)


def test_first_matches_read_once_are_each_sentence_s_own():
    """``NegatedPlaces.first_matches`` and ``negated_matches`` (every stem's and theme's
    first place, found when the cases are prepared) against ``first_match`` and
    ``negated_match`` read afresh, for every topic and every sentence that may negate one."""
    from assistant.negations import first_match, negated_match

    _, weights = _weighed([POOL])
    pool = weights.postings.sentences
    places = weights.negated_places
    numbers = np.flatnonzero(places.cue)
    assert len(numbers) >= 5  # the pool's negations and hypotheticals
    for asked, themes in TOPICS:
        topic = topic_of(asked, themes, {})
        expected = [first_match(topic, pool[n]) for n in numbers.tolist()]
        assert places.first_matches(numbers, topic).tolist() == [-1 if at is None else at for at in expected], asked
        assert places.negated_matches(numbers, topic).tolist() == [negated_match(topic, pool[n]) for n in numbers.tolist()]
    negated_somewhere = [places.negated_matches(numbers, topic_of(a, t, {})).any() for a, t in TOPICS]
    assert sum(negated_somewhere) >= 3  # (a test that could not tell negated from not would pass nothing here)
