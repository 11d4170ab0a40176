"""The question router: each intent read from questions worded in several ways (pure, no
model), then each intent answered end to end over reviews written for this test, with the
real model and a real Chroma — follow-ups included."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.case_names import CaseNames
from assistant.router import INTENTS, route
from assistant.service import Assistant
from assistant.session import Conversation
from ingest.cases.records import CaseRecord, Evidence
from ingest.pipeline import ingest
from tests.written_stores import assistant_over
from vectorstore.case_index import CaseIndex

pytestmark = pytest.mark.integration


def _index() -> CaseIndex:
    def case(i, area, child):
        return CaseRecord(
            case_id=f"c{i}", label=f"{area} — {child}", doc_hash=f"d{i}", source=f"/docs/{i}.txt",
            title="Review", local_authority=area, child=child, evidence=[Evidence(0, 4, "text", "context")],
        )

    cases = [case(0, "Rotherham", "Child W"), case(1, "Bedfordshire", "Baby G"), case(2, "Leeds", "Child R")]
    return CaseIndex({c.doc_hash: [c] for c in cases}, {}, "f")


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Which cases involved a parent's heroin use?", "list_cases"),
        ("In which reviews did the family move house often?", "list_cases"),
        ("Which girls were under two?", "list_cases"),
        ("Any children who drowned?", "list_cases"),
        ("How many cases involved domestic abuse?", "count_cases"),
        ("How many cases are from Rotherham?", "count_cases"),
        ("List all the cases", "all_cases"),
        ("Show me all the reviews", "all_cases"),
        ("Tell me more about the Bedfordshire case", "case_details"),
        ("What happened to Child W?", "case_details"),
        ("How many agencies took part in the Leeds review of Child R?", "fact"),
        ("What did the Ofsted report say about inadequate reviews?", "fact"),
        ("According to the Leeds board, how many cases did it consider?", "fact"),
    ],
)
def test_each_intent_is_read_from_differently_worded_questions(question, intent):
    index = _index()
    assert route(question, index, CaseNames(index.cases)).intent == intent


def test_constraints_are_read_and_shown():
    index = _index()
    parsed = route("Which boys under six months died in Leeds?", index, CaseNames(index.cases)).parsed()
    assert parsed["intent"] == "list_cases"
    assert parsed["gender"] == "M" and parsed["died"] is True and parsed["areas"] == ["Leeds"]
    assert parsed["age_days"][1] <= 190


def test_a_follow_up_over_previous_cases_is_a_case_question_whatever_its_words():
    index = _index()
    routed = route("and the ones that died?", index, CaseNames(index.cases), within_cases=["c0", "c2"])
    assert routed.intent == "list_cases" and routed.parsed()["within_previous_cases"] == 2


def test_with_no_case_records_a_list_question_is_answered_from_passages():
    empty = CaseIndex({}, {}, "f")
    assert route("Which cases involved neglect?", empty, CaseNames([])).intent == "fact"
    assert set(INTENTS) >= {"list_cases", "count_cases", "all_cases", "case_details", "fact"}


REVIEWS = {
    "rotherham-child-w.txt": (
        "Serious Case Review: Child W\nRotherham Safeguarding Children Board\n\n"
        "Child W was a boy aged seven months who died in 2014 after being shaken by his father. "
        "The family had moved between hostels four times in the year before his death.\n\n"
        "Review process\nIndividual management reviews were submitted by seven agencies.\n"
    ),
    "bedford-baby-g.txt": (
        "Executive summary — Baby G\nBedfordshire Safeguarding Children Board\n\n"
        "Baby G, a girl of three months, was seriously injured in 2016 and survived. Her mother's partner had "
        "convictions for violence. The family lived in temporary accommodation after an eviction.\n\n"
        "Review process\nThe panel met five times.\n"
    ),
    "leeds-child-r.txt": (
        "Serious Case Review: Child R\nLeeds Safeguarding Children Board\n\n"
        "Child R was a girl aged three who was seriously harmed by neglect in 2017. She survived. "
        "Her home was settled and the family had lived there for many years.\n\n"
        "Review process\nIndividual management reviews were submitted by five agencies.\n"
    ),
    "rotherham-child-k.txt": (
        "Serious Case Review: Child K\nRotherham Safeguarding Children Board\n\n"
        "Child K was a girl aged eleven months who died in 2018. Her parents had been evicted and the family "
        "were sofa surfing with relatives.\n\n"
        "Review process\nIndividual management reviews were submitted by six agencies.\n"
    ),
}
PROCEDURE = {
    "escalation-procedure.txt": (
        "Resolving professional disagreements\n\nPractitioners who disagree about a family's housing or the "
        "level of need should first talk to each other, then escalate to their managers within five working days. "
        "Families living in hostels move often, so a disagreement about them is escalated the same day.\n"
    ),
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, embeddings) -> Assistant:
    return assistant_over(tmp_path_factory.mktemp("router"), {**REVIEWS, **PROCEDURE}, embeddings, cases=4)


def _children(answer) -> set[str]:
    return {c.child for c in answer.cases}


def test_list_question_lists_the_cases_its_topic_fits_with_the_sentence_that_shows_it(assistant):
    answer = assistant.ask("Which families were evicted or lived in hostels?")
    assert answer.parsed["intent"] == "list_cases"
    assert {"Child W", "Baby G", "Child K"} >= _children(answer) >= {"Child K", "Baby G"}
    assert "Child R" not in _children(answer)
    for hit in answer.cases:
        cited = answer.citations[hit.citations[0] - 1]
        assert cited.text in assistant.document_text(cited.doc_hash)


def test_count_question_leads_with_the_count(assistant):
    answer = assistant.ask("How many cases are from Rotherham?")
    assert answer.parsed["intent"] == "count_cases"
    assert answer.answer.startswith("2 of 4") and _children(answer) == {"Child W", "Child K"}


def test_all_cases_lists_every_case_and_says_what_the_index_covers(assistant):
    answer = assistant.ask("List all the cases")
    assert answer.parsed["intent"] == "all_cases" and len(answer.cases) == 4
    assert "4 of 5 documents" in answer.answer and "1 describe no case" in answer.answer


def test_case_details_cites_the_named_case(assistant):
    answer = assistant.ask("Tell me more about the Bedfordshire case")
    assert answer.parsed["intent"] == "case_details" and _children(answer) == {"Baby G"}
    assert all(Path(c.source).name == "bedford-baby-g.txt" for c in answer.citations)


def test_fact_question_is_answered_from_the_review_it_names(assistant):
    answer = assistant.ask("How many agencies submitted reviews in the Leeds case of Child R?")
    assert answer.parsed["intent"] == "fact" and not answer.abstained
    assert "five agencies" in answer.citations[0].text


def test_follow_ups_narrow_the_previous_list(assistant):
    chat = Conversation(assistant)
    first = chat.ask("Which families were evicted or lived in hostels?")
    died = chat.ask("Which of those died?")
    assert died.parsed["within_previous_cases"] == len(first.cases)
    assert _children(died) == _children(first) & {"Child W", "Child K"}
    chat = Conversation(assistant)
    chat.ask("Which families were evicted or lived in hostels?")
    place = chat.ask("What about in Bedfordshire?")
    assert place.question == "Which families were evicted or lived in hostels in Bedfordshire?"
    assert place.parsed["areas"] == ["Bedfordshire"] and _children(place) == {"Baby G"}


def test_a_list_question_with_a_document_filter_says_no_match_in_the_chosen_documents(assistant):
    leeds = [r.source for r in assistant.documents.values() if r.source.endswith("leeds-child-r.txt")]
    answer = assistant.ask("Which cases involved shaking?", sources=leeds)
    assert answer.parsed["intent"] == "list_cases" and answer.parsed["sources"] == leeds
    assert answer.answer.startswith("None of the 1 cases in the chosen documents") and not answer.citations


def test_documents_without_case_records_are_searched_and_shown_apart(assistant):
    answer = assistant.ask("Which families were evicted or lived in hostels?")
    mentioned = [c for c in answer.citations if Path(c.source).name == "escalation-procedure.txt"]
    assert mentioned and "hostels" in mentioned[0].text
    assert "Also mentioned in documents without case records" in answer.answer
    assert all(Path(answer.citations[h.citations[0] - 1].source).name != "escalation-procedure.txt" for h in answer.cases)


def test_the_cli_reads_later_questions_as_follow_ups_with_chat(assistant, capsys):
    import json

    from assistant.__main__ import main

    status = main(["ask", "--chat", "--json", "--store", str(assistant.settings.store_dir),
                   "Which families were evicted or lived in hostels?", "Which of those died?"])
    first, died = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert status == 0 and died["parsed"]["within_previous_cases"] == len(first["cases"])
    assert {c["child"] for c in died["cases"]} == {c["child"] for c in first["cases"]} & {"Child W", "Child K"}


def test_a_list_question_on_a_store_without_case_records_says_so(tmp_path, settings, embeddings):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in PROCEDURE.items():
        (docs / name).write_text(text)
    report = ingest([docs], settings, progress=False, embed=embeddings.encode)
    assert report.cases == 0
    assistant = Assistant(settings, embeddings)
    note = "No case records: no document in the store (1 in all) was read as a review of a case"
    related = assistant.ask("Which cases involved families living in hostels?")
    assert related.answer.startswith(note) and not related.abstained  # the passages say it, but not as cases
    assert any("hostels" in c.text for c in related.citations) and "Passages that mention it: " in related.answer
    unrelated = assistant.ask("Which cases involved a child who drowned in a garden pond?")
    assert unrelated.answer.startswith(note) and unrelated.abstained
    assert unrelated.citations and all(c.weak for c in unrelated.citations)
    fact = assistant.ask("When should a disagreement about families in hostels be escalated?")
    assert not fact.answer.startswith("No case records")  # other questions as before
