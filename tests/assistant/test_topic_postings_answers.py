"""The list questions' postings (only the sentences that hold a topic word or a phrase of a
named theme are scored, found through stem and theme postings) must change no answer:
checked against the same questions answered by walking every case's sentences, on
documents written for this test, with an acronym only the glossary links to the
question's words ("RSO") and a theme only its phrase shows ("fell asleep on the sofa").
Real model, real Chroma."""

from __future__ import annotations

import pytest

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
def test_the_postings_change_no_list_answer(tmp_path_factory, embeddings, monkeypatch):
    assistant = assistant_over(tmp_path_factory.mktemp("postings"), REVIEWS, embeddings, cases=4)
    import assistant.case_evidence as case_evidence

    held = []
    holding = case_evidence.CaseSentences.holding

    def counting(self, topic, among=None):
        found = holding(self, topic, among)
        held.append(len(found))
        return found

    monkeypatch.setattr(case_evidence.CaseSentences, "holding", counting)
    with_postings = [assistant.ask(q) for q in QUESTIONS]
    monkeypatch.setattr(case_evidence.CaseSentences, "holding", lambda self, topic, among=None: None)  # walk every sentence
    without = [assistant.ask(q) for q in QUESTIONS]
    for a, b in zip(with_postings, without):
        assert a.mode == b.mode == "case-list", a.question
        assert a.answer == b.answer
        assert [c.text for c in a.citations] == [c.text for c in b.citations]
    assert any(held) and max(held) < 4  # some topics are held, none in every case (no methadone anywhere)
    listed = {q: {c.label for c in a.cases} for q, a in zip(QUESTIONS, with_postings)}
    assert any("Child A" in label for label in listed[QUESTIONS[0]])  # found through "RSO"
    assert any("Baby B" in label for label in listed[QUESTIONS[1]])  # found through the theme's phrase


@pytest.mark.integration
def test_a_store_past_the_exact_search_size_lists_the_same_cases(tmp_path_factory, embeddings):
    """Past ``exact_search_max_passages`` no passage vectors are held: each review's closest
    passage comes from Chroma's graph, and the case table still says which case is whose."""
    from assistant.service import Assistant

    held = assistant_over(tmp_path_factory.mktemp("held"), REVIEWS, embeddings, cases=4)
    graph = Assistant(held.settings.model_copy(update={"exact_search_max_passages": 0}), embeddings)
    assert held.refresh().lexical.vectors is not None and graph.refresh().lexical.vectors is None
    retriever = graph.refresh().retriever
    searched: list[set[str]] = []
    dense_search = retriever.dense_search

    def recording(vector, n, sources=None):
        searched.append(set(sources or ()))
        return dense_search(vector, n, sources)

    retriever.dense_search = recording  # type: ignore[method-assign]
    for question in QUESTIONS:
        a, b = held.ask(question), graph.ask(question)
        assert b.mode == "case-list", question
        assert [c.label for c in b.cases] == [c.label for c in a.cases], question
    # Each single review was judged by its closest passage, found in the graph.
    reviews = {case.source for case in graph.refresh().case_index.cases}
    assert any(reviews <= sources for sources in searched)
