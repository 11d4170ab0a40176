"""The list questions' prefilter (a case whose documents hold no topic word and no phrase
of a named theme is not scored for words) must change no answer: checked against the
same questions answered with the prefilter off, on documents written for this test, with
an acronym only the glossary links to the question's words ("RSO") and a theme only its
phrase shows ("fell asleep on the sofa"). Real model, real Chroma."""

from __future__ import annotations

import pytest

from assistant.case_evidence import Topic, words_to_look_up
from tests.written_stores import assistant_over

REVIEWS = {
    "eastshire-child-a.txt": (
        "Serious Case Review: Child A\nEastshire Safeguarding Children Board\n\n"
        "Child A was a girl aged six. Her mother's new partner was an RSO "
        "and probation did not tell children's social care.\n"
    ),
    "westshire-baby-b.txt": (
        "Serious Case Review: Baby B\nWestshire Safeguarding Children Board\n\n"
        "Baby B was a boy aged ten weeks who died after his father fell asleep on the sofa holding him.\n"
    ),
    "northshire-child-c.txt": (
        "Serious Case Review: Child C\nNorthshire Safeguarding Children Board\n\n"
        "Child C was a boy aged eleven whose attendance at school fell sharply after his grandmother died. "
        "No adult in the household was a registered sex offender.\n"
    ),
    "southshire-child-d.txt": (
        "Serious Case Review: Child D\nSouthshire Safeguarding Children Board\n\n"
        "Child D was a girl aged fourteen who was excluded from school and went missing from home three times.\n"
    ),
}
QUESTIONS = [
    "Which cases involved registered sex offenders?",
    "Which babies died in an unsafe sleeping arrangement?",
    "Which children had poor attendance or were excluded from school?",
    "Which children went missing from home?",
    "Which cases involved methadone?",
]


@pytest.mark.integration
def test_the_prefilter_changes_no_list_answer(tmp_path_factory, embeddings, monkeypatch):
    assistant = assistant_over(tmp_path_factory.mktemp("prefilter"), REVIEWS, embeddings, cases=4)
    import assistant.case_evidence as case_evidence

    skipped = []
    may_hold = case_evidence.CaseSentences.may_hold

    def counting(self, case, documents, themes):
        held = may_hold(self, case, documents, themes)
        skipped.append(not held)
        return held

    monkeypatch.setattr(case_evidence.CaseSentences, "may_hold", counting)
    with_prefilter = [assistant.ask(q) for q in QUESTIONS]
    lexical = assistant.refresh().lexical
    monkeypatch.setattr(type(lexical), "documents_with", lambda self, tokens: None)  # the prefilter off
    without = [assistant.ask(q) for q in QUESTIONS]
    for a, b in zip(with_prefilter, without):
        assert a.mode == b.mode == "case-list", a.question
        assert a.answer == b.answer
        assert [c.text for c in a.citations] == [c.text for c in b.citations]
    assert any(skipped) and not all(skipped)  # it did skip cases, and not every case
    listed = {q: {c.label for c in a.cases} for q, a in zip(QUESTIONS, with_prefilter)}
    assert any("Child A" in label for label in listed[QUESTIONS[0]])  # found through "RSO"
    assert any("Baby B" in label for label in listed[QUESTIONS[1]])  # found through the theme's phrase


@pytest.mark.unit
def test_words_to_look_up_follow_the_glossary_both_ways():
    glossary = {"RSO": "registered sex offender", "CP": "child protection"}
    by_meaning = Topic("registered sex offenders", ("regist", "sex", "offend"), ())
    assert {"rso", "regist", "sex", "offend"} <= words_to_look_up(by_meaning, glossary)
    assert "cp" not in words_to_look_up(by_meaning, glossary)
    by_acronym = Topic("RSO", ("rso",), ())
    assert {"regist", "sex", "offend"} <= words_to_look_up(by_acronym, glossary)
