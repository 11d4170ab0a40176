"""Sentence scoring for extractive answers: the shortlist that bounds what a fact question
embeds (``answer_sentences_embedded``), with the real model."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.extractive import evidence_units, score_units
from assistant.retrieval import Candidate
from vectorstore.records import PassageRecord

pytestmark = pytest.mark.integration

TEXT = (
    "The health visitor saw the baby at home twice. The family moved house three times in a year. "
    "The father had a conviction for assault. Nursery staff noticed bruising on the child's arm. "
    "The mother said the bruising came from a fall. No referral was made to children's social care. "
    "The GP was not told about the bruising. The police attended a domestic incident in March. "
    "The child protection conference was delayed. Agencies did not share what they knew."
)
QUESTION = "Why was no referral made about the bruising?"


def _units():
    record = PassageRecord("p1", "doc", "/x.txt", "Review", None, None, 0, len(TEXT), "text", "t", "")
    units = evidence_units(Candidate(record, 0.6, 3.0, 0.1), TEXT)
    assert len(units) == 10
    return units


def _scores(embeddings, units, shortlist):
    embedded: list[str] = []

    def unit_vectors(chosen):
        embedded.extend(u.text for u in chosen)
        return embeddings.encode([u.text for u in chosen])

    query = embeddings.encode([QUESTION])[0]
    return score_units(QUESTION, query, units, unit_vectors, {"p1": 0}, shortlist), embedded


def test_shortlist_embeds_only_the_units_sharing_most_words_with_the_question(embeddings):
    units = _units()
    full, embedded_all = _scores(embeddings, units, 0)
    short, embedded = _scores(embeddings, units, 4)
    assert len(embedded_all) == 10 and len(embedded) == 4
    assert {"bruising", "referral"} & set(" ".join(embedded).lower().split())
    finite = np.isfinite(short)
    assert finite.sum() == 4 and np.all(np.isneginf(short[~finite]))
    # A shortlisted unit scores exactly as it would with every unit embedded.
    assert np.allclose(short[finite], full[finite], atol=1e-5)
    # The best unit of the full scoring survives the cut here: it shares the question's words.
    assert int(np.argmax(short)) == int(np.argmax(full))


def test_the_cut_depends_on_the_question_alone(embeddings):
    units = _units()
    first, _ = _scores(embeddings, units, 4)
    again, _ = _scores(embeddings, list(units), 4)
    assert np.array_equal(np.isfinite(first), np.isfinite(again))
