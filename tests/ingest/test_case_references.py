"""A note that cites a case by the reference code its row opens with is that case's
evidence, on a register written for this test (not any corpus's layout): the note's whole
list item, wrapped over two lines, and a note citing two cases for each; a code two rows
share names neither; a number alone is not a code."""

import pytest

from assistant.case_evidence import CaseSentences
from assistant.death_statements import death_statements
from ingest.cases.extract import extract_cases

pytestmark = pytest.mark.unit

REGISTER = """NORTH DISTRICT HEALTH PANEL
Register of reviews, 2020-21

Code     Area          Child       Age         Sex   Outcome
ND/14    Wakefield     Child RP    7 weeks     M     Died
ND/15    Calderdale    Child JS    11 years    F     Serious harm
ND/16    Kirklees      Child HM    4 years     M     Serious harm

What the panel noted
  * a baby placed to sleep on a sofa cushion after a night of drinking, although
    safer sleep advice had been recorded twice (ND/14);
  * school nursing held concerns about weight loss that were not shared (ND/15, ND/16).
"""


def _by_label():
    return {c.label: c for c in extract_cases(REGISTER, "Register of reviews", "r1", "register.txt")}


def test_a_note_that_cites_a_cases_code_is_its_evidence():
    cases = _by_label()
    notes = {label: [e.text for e in c.evidence if e.field == "reference"] for label, c in cases.items()}
    assert notes["Wakefield — Child RP"] == [
        "a baby placed to sleep on a sofa cushion after a night of drinking, although\n"
        "    safer sleep advice had been recorded twice (ND/14);"
    ]
    shared = "school nursing held concerns about weight loss that were not shared (ND/15, ND/16)."
    assert notes["Calderdale — Child JS"] == [shared] and notes["Kirklees — Child HM"] == [shared]


def test_the_note_on_a_case_that_died_tells_how():
    """The row says only "Died": the note citing it is one of its statements of the death."""
    case = _by_label()["Wakefield — Child RP"]
    sentences = CaseSentences([case], lambda doc: REGISTER)
    assert any("sofa cushion" in s.text for s in death_statements(case, sentences))


def test_a_code_two_rows_share_or_a_bare_number_names_no_case():
    shared = REGISTER.replace("ND/15    Calderdale", "ND/14    Calderdale")
    cases = extract_cases(shared, "Register of reviews", "r2", "register.txt")
    assert not any(e.field == "reference" and "sofa cushion" in e.text for c in cases for e in c.evidence)
    numbered = REGISTER.replace("ND/", "")
    cases = extract_cases(numbered, "Register of reviews", "r3", "register.txt")
    assert not any(e.field == "reference" for c in cases for e in c.evidence)
