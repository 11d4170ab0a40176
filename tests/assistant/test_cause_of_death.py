"""Questions that ask how a child died are answered from the statements of the death, not
from any mention of the topic in the case's text. Written reviews: each family's
background holds domestic abuse or a parent's mental ill-health, but only some children
died of it. Real model, real Chroma."""

from __future__ import annotations

import pytest

from assistant.case_evidence import CaseSentences
from assistant.case_questions import parse
from assistant.death_statements import death_statements, states_death
from ingest.cases.records import CaseRecord
from tests.written_stores import assistant_over

REVIEWS = {
    "eastshire-child-a.txt": (
        "Serious Case Review: Child A\nEastshire Safeguarding Children Board\n\n"
        "Child A was a boy aged four. Police had been called to the home many times because of "
        "violence between his parents. In March 2015 he was killed by his father during a domestic "
        "incident in which his mother was also stabbed.\n"
    ),
    "westshire-baby-b.txt": (
        "Serious Case Review: Baby B\nWestshire Safeguarding Children Board\n\n"
        "Baby B was a girl aged nine weeks. Her mother had reported domestic abuse by her partner "
        "the year before. Baby B died in her sleep while sharing a sofa with her mother, who had been drinking.\n"
    ),
    "northshire-child-c.txt": (
        "Serious Case Review: Child C\nNorthshire Safeguarding Children Board\n\n"
        "Child C was a girl aged seven who was seriously harmed. Her father had repeatedly assaulted "
        "her mother, and the police knew of eleven incidents. She survived her injuries.\n"
    ),
    "southshire-child-d.txt": (
        "Serious Case Review: Child D\nSouthshire Safeguarding Children Board\n\n"
        "Child D was a boy aged six. His mother had been in and out of psychiatric care for years. "
        "He died after his mother, in a psychotic state, attacked him at home.\n"
    ),
}


@pytest.mark.unit
@pytest.mark.parametrize(
    "question, asks_how",
    [
        ("Which children died of neglect?", True),
        ("In which cases was a child killed during a domestic violence attack?", True),
        ("Which babies died while co-sleeping with a parent?", True),
        ("How many children were fatally injured by a carer?", False),  # "fatally injured by": the link follows another word
        ("Which deaths were caused by a parent?", False),
        ("Which children died at the hands of their stepfather?", True),
        ("Which children who died had a parent with mental health problems?", False),
        ("Which cases involved a child's death?", False),
        ("Which children died?", False),
        ("Which children died in Havering?", False),  # a place, not a cause
        ("Which babies died in 2015?", False),
        ("Which babies died in hospital?", True),
    ],
)
def test_a_question_asks_how_a_child_died_only_when_a_cause_follows_the_death(question, asks_how):
    assert parse(question).cause_of_death is asks_how
    assert parse(question).died


@pytest.mark.unit
@pytest.mark.parametrize(
    "text, says",
    [
        ("Baby E was found unresponsive and could not be revived.", True),
        ("The pathologist gave the cause of death as overlay.", True),
        ("Homicide by violent partner of mother", True),
        ("She survived her injuries.", False),
        ("After the death of her grandmother the family moved.", False),
        ("The mother had been drinking heavily.", False),
    ],
)
def test_what_states_a_death(text, says):
    assert states_death(text) is says


@pytest.mark.unit
def test_the_statements_of_a_death_are_the_cases_own_sentences_that_state_one():
    text = "Police knew of domestic abuse.\nHe died in hospital two days later.\nShe survived.\n"
    case = CaseRecord(case_id="a", label="Child A", doc_hash="d", source="a.txt", title="A", origin="single review")
    sentences = CaseSentences([case], lambda doc: text)
    assert [s.text for s in death_statements(case, sentences)] == ["He died in hospital two days later."]


@pytest.mark.unit
def test_the_sentence_after_a_statement_of_death_that_goes_on_about_it_is_one_too():
    """"Child B died in May. She had been asleep on a sofa…": the second sentence says how;
    one that turns to someone else ("The GP…") does not."""
    text = "Child B died in May 2020, aged ten weeks.\nShe had been asleep on a sofa beside her uncle.\nThe GP had not seen her since birth.\n"
    case = CaseRecord(case_id="b", label="Child B", doc_hash="e", source="b.txt", title="B", origin="single review")
    sentences = CaseSentences([case], lambda doc: text)
    assert [s.text for s in death_statements(case, sentences)] == [
        "Child B died in May 2020, aged ten weeks.",
        "She had been asleep on a sofa beside her uncle.",
    ]
    text = "Child C died of his head injuries in 2018.\nShe had left him with a friend that evening.\n"
    case = CaseRecord(case_id="c", label="Child C", doc_hash="f", source="c.txt", title="C", origin="single review")
    sentences = CaseSentences([case], lambda doc: text)
    assert [s.text for s in death_statements(case, sentences)] == ["Child C died of his head injuries in 2018."]


@pytest.mark.integration
def test_how_a_child_died_is_read_from_the_statement_of_the_death(tmp_path_factory, embeddings):
    assistant = assistant_over(tmp_path_factory.mktemp("cause"), REVIEWS, embeddings, cases=4)

    killed = assistant.ask("Which children were killed during a domestic violence incident?")
    assert killed.mode == "case-list"
    listed = {c.label for c in killed.cases}
    # Baby B's family knew domestic abuse and she died, but not of it; Child C was not killed.
    assert any("Child A" in label for label in listed) and not any("Baby B" in label for label in listed)
    assert not any("Child C" in label for label in listed)
    assert "killed by his father" in killed.citations[0].text  # the death, not the police call-outs

    mental = assistant.ask("Which children died at the hands of a mentally ill parent?")
    assert [c.label for c in mental.cases] == [next(c.label for c in assistant.cases() if c.child == "Child D")]
    assert "psychotic" in mental.citations[0].text

    # Asked without a cause, a death in a family that knew domestic abuse is listed.
    background = assistant.ask("Which children who died lived with domestic abuse?")
    assert any("Baby B" in c.label for c in background.cases)


@pytest.mark.unit
def test_a_row_whose_outcome_cell_says_only_died_is_told_by_its_context_cell():
    from ingest.cases.records import Evidence

    text = "Child B\tDied\tShaken by her father; family known to police\n"
    row, context = (0, len(text) - 1), (text.index("Shaken"), len(text) - 1)
    case = CaseRecord(
        case_id="b", label="Child B", doc_hash="d", source="b.txt", title="B", origin="table row", outcome="died",
        evidence=[Evidence(*row, text[slice(*row)], "row"), Evidence(*context, text[slice(*context)], "context")],
    )
    sentences = CaseSentences([case], lambda doc: text)
    assert [s.text for s in death_statements(case, sentences)] == ["Shaken by her father;", "family known to police"]
