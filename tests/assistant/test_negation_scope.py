"""How far a negation reaches (pure). It ends where a clause of its own joins on ("…and the
family had rent arrears"), and covers what is only listed after it ("no evidence of abuse
or neglect"). Sentences written here, in wording of their own."""

from __future__ import annotations

import pytest

from assistant.case_evidence import CaseSentences, score_sentences
from assistant.list_topic import topic_of
from assistant.negations import negated_at, own_clause
from ingest.cases.records import CaseRecord

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("sentence", "match", "negated"),
    [
        ("Neither parent was in work and the family had significant rent arrears.", "rent arrears", False),
        ("The mother did not engage with services, and the children were neglected.", "neglected", False),
        ("Police were not called while the mother was drinking heavily in the flat.", "drinking", False),
        ("The stepfather was not known to children's services or he had a caution for assault.", "assault", False),
        ("There was no evidence of domestic abuse or neglect.", "neglect", True),
        ("The father denied drinking and taking drugs.", "drugs", True),
        ("No one asked about the bruise and no referral was made to social care.", "referral", True),
        ("No adult in the household was a registered sex offender.", "registered sex offender", True),
    ],
)
def test_a_negation_reaches_to_the_end_of_its_own_clause(sentence, match, negated):
    assert negated_at(sentence, sentence.index(match)) is negated


def test_the_clause_after_a_join_is_kept_only_with_a_verb_on_each_side():
    assert own_clause("Neither parent was in work and the family had significant ") == "the family had significant "
    assert own_clause("There was no evidence of abuse and ") == "There was no evidence of abuse and "
    assert own_clause("no visits and the mother's ") == "no visits and the mother's "


def test_a_case_whose_sentence_negates_another_clause_still_matches():
    text = "Neither parent was in work and the family had significant rent arrears.\n"
    case = CaseRecord(case_id="r", label="Child R", doc_hash="r", source="r.txt", title="R", origin="single review")
    sentences = CaseSentences([case], lambda doc: text)
    found, negated = score_sentences(topic_of("rent arrears", (), {}), sentences.of(case), sentences, 0.2)
    assert [m.sentence.text for m in found] == [text.strip()] and not negated


def test_a_stem_is_found_at_a_word_s_start_not_inside_another_word():
    from assistant.negations import word_start

    lowered = "neither parent was in work and the family had rent arrears."
    assert word_start(lowered, "rent") == lowered.index(" rent") + 1
    assert word_start("parental", "rent") == -1 and word_start("rent", "rent") == 0
