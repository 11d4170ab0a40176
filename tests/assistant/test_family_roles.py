"""A list question that names a family member as who holds its topic ("a parent who was
mentally ill", "fathers … overlooked") is shown only by sentences naming one, on sentences
written for these tests: the child's own mental health, or the mother overlooked, is not
the answer; an anonymised "Ms K" is a family member; a table row's cell that names no one
is about the child's household."""

from __future__ import annotations

import pytest

from assistant.case_evidence import CaseSentences, score_sentences
from assistant.list_topic import topic_of
from ingest.cases.records import CaseRecord, Evidence

pytestmark = pytest.mark.unit

REVIEW = (
    "By the spring the boy's own mental health had worsened and he stopped eating.\n"
    "Ms K had been treated for severe depression since her teens.\n"
    "His stepfather had a diagnosis of schizophrenia and stopped taking medication.\n"
    "The family's housing officer was off sick with stress for two months.\n"
)


def _found(question: str, text: str, case: CaseRecord) -> set[str]:
    sentences = CaseSentences([case], lambda doc: text)
    found, _ = score_sentences(topic_of(question, ("parental_mental_health",), {}), sentences.of(case), sentences, 0.2)
    return {m.sentence.text for m in found}


def test_a_parents_illness_is_shown_by_sentences_naming_a_parent_not_the_childs_own():
    case = CaseRecord(case_id="a", label="Child A", doc_hash="d", source="a.txt", title="A", origin="single review")
    assert _found("a parent or carer who had mental health problems or depression or schizophrenia", REVIEW, case) == {
        "Ms K had been treated for severe depression since her teens.",
        "His stepfather had a diagnosis of schizophrenia and stopped taking medication.",
    }
    # Without a family member in the question, the boy's own mental health is evidence.
    assert "By the spring the boy's own mental health had worsened and he stopped eating." in _found(
        "mental health problems", REVIEW, case
    )


def test_coordinated_family_names_are_who_not_alternatives_of_the_topic():
    """"a parent or carer who had…" is one topic, not "parent" or "carer who had…"; "mothers'
    partners" is a father figure, not the mother."""
    topic = topic_of("lived with a parent or carer who had mental health problems", (), {})
    assert topic.alternatives == () and set(topic.stems) == {"mental", "health"}
    assert frozenset({"mother"}) in topic.family
    overlooked = topic_of("fathers or mothers' partners overlooked by professionals", (), {})
    assert frozenset({"mother"}) not in overlooked.family and frozenset({"mother", "partner"}) in overlooked.family
    text = "Professionals overlooked the mother throughout.\nProfessionals overlooked the mother's new partner.\n"
    case = CaseRecord(case_id="b", label="Child B", doc_hash="e", source="b.txt", title="B", origin="single review")
    sentences = CaseSentences([case], lambda doc: text)
    found, _ = score_sentences(overlooked, sentences.of(case), sentences, 0.2)
    assert [m.sentence.text for m in found] == ["Professionals overlooked the mother's new partner."]
    # A family member who is the whole topic stays its topic.
    assert topic_of("killed by their stepfather", (), {}).stems == ("stepfath",)


def test_a_table_rows_cell_naming_no_one_is_about_the_household():
    row = "Scalds to both feet | depression, debt | the child's own self-harm and depression"
    cells = []
    for cell in row.split(" | "):
        start = row.index(cell)
        cells.append((start, start + len(cell)))
    case = CaseRecord(
        case_id="c", label="Child C", doc_hash="f", source="c.txt", title="C", origin="table row",
        evidence=[Evidence(start=a, end=b, text=row[a:b], field="row") for a, b in cells],
    )
    assert _found("a parent who had depression", row, case) == {"depression, debt"}


def test_who_harmed_the_child_is_shown_only_by_a_sentence_saying_it_was_by_them():
    """"harmed by their stepfather": a sentence that only names him, or says it was the
    father, does not show it; the generic "harmed" goes with him, while "sexually abused"
    stays the topic."""
    text = (
        "Her stepfather collected her from school most days.\n"
        "In May she was punched by her stepfather and lost two teeth.\n"
        "Her stepfather later admitted shaking her.\n"
        "She had been hit by her father the previous winter.\n"
        "She was sexually abused by Mr T, the mother's new partner.\n"
        "Her sister was sexually abused by the mother’s partner.\n"  # a typeset apostrophe
    )
    case = CaseRecord(case_id="e", label="Child E", doc_hash="g", source="e.txt", title="E", origin="single review")
    sentences = CaseSentences([case], lambda doc: text)
    harmed = topic_of("harmed by their stepfather", (), {})
    assert harmed.stems == ("stepfath",) and harmed.by_whom is not None
    found, _ = score_sentences(harmed, sentences.of(case), sentences, 0.2)
    assert [m.sentence.text for m in found] == [
        "In May she was punched by her stepfather and lost two teeth.",
        "Her stepfather later admitted shaking her.",
    ]
    abused = topic_of("sexually abused by the mother's partner", (), {})
    assert set(abused.stems) == {"sexual", "abus"}
    found, _ = score_sentences(abused, sentences.of(case), sentences, 0.2)
    assert [m.sentence.text for m in found] == [
        "She was sexually abused by Mr T, the mother's new partner.",
        "Her sister was sexually abused by the mother’s partner.",
    ]


def test_a_sentence_that_names_no_one_may_be_about_any_parent_but_not_about_the_father():
    """Reviews call parents by pseudonyms ("Lisa had long been depressed"): a question about
    any parent or carer is shown by a sentence that names no one (and not the child); one
    about the father needs him named."""
    text = (
        "Lisa had been depressed for several years.\n"
        "The father had been treated for depression.\n"
        "The girl had been depressed for most of Year 9.\n"
        "She had been depressed since the move.\n"  # the girl or her mother: it does not say
    )
    case = CaseRecord(case_id="f", label="Child F", doc_hash="h", source="f.txt", title="F", origin="single review")
    parent = _found("a parent who had depression", text, case)
    assert parent == {"Lisa had been depressed for several years.", "The father had been treated for depression."}
    assert _found("a father who had depression", text, case) == {"The father had been treated for depression."}


def test_a_mother_or_father_named_by_title_is_named():
    """Reviews name the adults by title and initial: "Ms K" is a mother, "Mr T" a father."""
    text = "Ms K had been treated for depression.\nMr T had been treated for depression.\n"
    case = CaseRecord(case_id="g", label="Child G", doc_hash="i", source="g.txt", title="G", origin="single review")
    assert _found("a mother who had depression", text, case) == {"Ms K had been treated for depression."}
    assert _found("a father who had depression", text, case) == {"Mr T had been treated for depression."}


@pytest.mark.parametrize(
    "question, sentence, shows",
    [
        ("harmed by their mother", "An appointment was cancelled by his mother.", False),  # no harm done
        ("harmed by their mother", "He was found in his cot by his mother's new partner.", False),  # her partner, not her
        ("harmed by their mother", "She was hit by Mother’s partner.", False),
        ("harmed by their mother", "His mother was later convicted of cruelty.", True),
        ("harmed by their mother", "His mother disclosed the abuse she had suffered.", False),  # done to her, not by her
        ("shaken by their father", "His father, tired after a night awake with him, shook him.", True),
        ("killed by their father", "The mother's partner was convicted of manslaughter.", False),  # not the father
        ("killed by their father", "Her stepfather caused the fatal injuries.", False),
        ("killed by their father", "He was killed by his father in 2015.", True),
        ("killed by their stepfather or the mother's partner", "The mother's partner was convicted of manslaughter.", True),
        ("at the hands of a parent", "Fatal injuries were inflicted by the mother's partner.", True),  # any parent figure
    ],
)
def test_who_harmed_the_child_is_them_and_not_someone_of_theirs(question, sentence, shows):
    assert bool(topic_of(question, (), {}).by_whom.search(sentence)) is shows
