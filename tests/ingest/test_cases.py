"""Case records from text: tables in both layouts, single reviews, statements, ages, keys."""

import docx
import pytest

from assistant.case_questions import parse
from ingest.cases.extract import extract_cases
from ingest.cases.records import CaseRecord
from ingest.readers import read_document
from knowledge.ages import parse_age
from knowledge.glossary import document_keys, expand

pytestmark = pytest.mark.unit

EXPECTED = {  # label -> (gender, age as written), as printed in the sample briefing's appendix
    "West Sussex — Carrie": ("F", "Under 13"),
    "Leicestershire — Child B": ("F", "Few weeks"),
    "Blackpool — Child F": (None, "4 months"),
    "Bedfordshire — Child J": (None, "primary aged"),
    "Rotherham — Child T": ("F", "11 days"),
    "Rotherham — Child W": ("M", "4 months"),
    "Cornwall — Young person": ("F", "17 years"),
    "Sefton — Child 1": ("F", "13 days"),
}


def _fields(cases):
    return {c.label: (c.gender, c.age) for c in cases}


def test_sample_briefing_yields_its_eight_cases(sample_corpus):
    path = sample_corpus / "portsmouth-scb-briefing-8-scr-summaries-2011.txt"
    text = path.read_text(encoding="utf-8")
    cases = extract_cases(text, "Briefing", "h" * 64, str(path))
    assert _fields(cases) == EXPECTED
    carrie = next(c for c in cases if c.child == "Carrie")
    assert carrie.local_authority == "West Sussex"
    assert carrie.context == "Sexual assault by RSO who was Mother’s partner"
    assert "sexual_abuse" in carrie.theme_keys
    for case in cases:  # every piece of evidence is an exact slice of the text
        for evidence in case.evidence:
            assert text[evidence.start : evidence.end] == evidence.text


def test_statements_attach_to_the_one_case_they_name(sample_corpus):
    text = (sample_corpus / "portsmouth-scb-briefing-8-scr-summaries-2011.txt").read_text(encoding="utf-8")
    cases = {c.label: c for c in extract_cases(text, "Briefing", "h" * 64, "briefing.txt")}
    w = [e.text for e in cases["Rotherham — Child W"].evidence if e.field == "statement"]
    assert "Rotherham (W): “discontinuity of workers and gaps in service provision”" in w
    # "Rotherham: …" could be T or W: attached to neither.
    t = [e.text for e in cases["Rotherham — Child T"].evidence if e.field == "statement"]
    assert not any("respectful uncertainty" in s for s in t + w)
    bedfordshire = cases["Bedfordshire — Child J"]
    assert any("Registered Sex Offender (her partner)" in e.text for e in bedfordshire.evidence)
    # The statement under "5.1 Workforce Capacity:" tags the workforce theme.
    assert "workforce" in cases["Rotherham — Child W"].theme_keys


def test_docx_table_yields_the_same_records(tmp_path, sample_corpus, settings):
    text = (sample_corpus / "portsmouth-scb-briefing-8-scr-summaries-2011.txt").read_text(encoding="utf-8")
    table_cases = extract_cases(text, "Briefing", "h" * 64, "briefing.txt")
    document = docx.Document()
    document.add_heading("Appendix 1: cases", level=1)
    table = document.add_table(rows=1 + len(table_cases), cols=5)
    for cell, label in zip(table.rows[0].cells, ["Case", "Gender", "Age", "Context", "Particular findings"]):
        cell.text = label
    for row, case in zip(table.rows[1:], table_cases):
        gender = {"F": "F", "M": "M"}.get(case.gender, "Not stated")
        values = [f"{case.local_authority}\n‘{case.child}’", gender, f"‘{case.age}’", case.context, case.findings]
        for cell, value in zip(row.cells, values):
            cell.text = value
    path = tmp_path / "briefing.docx"
    document.save(path)
    extracted = read_document(path, settings)
    from_docx = extract_cases(extracted.text, extracted.title, "d" * 64, str(path))
    assert _fields(from_docx) == EXPECTED
    assert [c.context for c in from_docx] == [c.context for c in table_cases]


def test_one_review_per_document_yields_one_case():
    text = (
        "Serious Case Review: Child D, Anyshire LSCB\n\nExecutive summary\n\n"
        "Child D was a four month old boy who died after a head injury at home. "
        "His father had convictions for domestic violence.\n"
    )
    [case] = extract_cases(text, "Serious Case Review: Child D, Anyshire LSCB", "a" * 64, "d.txt")
    assert (case.label, case.gender, case.age_band) == ("Anyshire — Child D", "M", "1–6 months")
    assert {"domestic_abuse", "fathers_men"} <= set(case.theme_keys)


def test_acronym_key_is_picked_up_and_expands_both_ways(sample_corpus):
    text = (sample_corpus / "portsmouth-scb-briefing-8-scr-summaries-2011.txt").read_text(encoding="utf-8")
    keys = document_keys(text)
    assert keys["RSO"] == "registered sex offender" and keys["SID"] == "sudden infant death"
    assert "M" not in keys and "F" not in keys  # gender codes are not acronyms
    assert "registered sex offender" in expand("assault by RSO", keys)
    assert "RSO" in expand("Which cases involved registered sex offenders?", keys)


@pytest.mark.parametrize(
    "written,days",
    [("‘Few weeks’", (14, 56)), ("’11 days’", (11, 12)), ("‘4 months’", (122, 152)), ("‘Under 13’", (0, 4748))],
)
def test_ages_as_written_become_ranges(written, days):
    age = parse_age(written)
    assert (age.min_days, age.max_days) == days


def test_question_constraints():
    q = parse("Which cases concerned babies under six months old?")
    assert q.is_list and q.age.max_days == 183 and q.gender is None
    assert parse("Which of the eight cases concerned a boy?").gender == "M"
    assert parse("Any cases involving girls in Rotherham?", areas=["Rotherham", "Sefton"]).areas == ["Rotherham"]
    assert parse("Which cases involved female genital mutilation?").gender is None
    assert "unsafe_sleep" in parse("Which babies died from overlay or co-sleeping?").themes
    assert not parse("How many children died?").is_list  # a figure, not a list of cases
    assert parse("How many cases involved neglect?").is_list
    assert not parse("What did reviews say about the voice of the child?").is_list


@pytest.mark.parametrize(
    "line, defines",
    [
        ("MASH – Multi-Agency Safeguarding Hub", True),
        ("Key: MAPPA – Multi-Agency Public Protection Arrangements", True),
        ("glossary: ICPC - initial child protection conference", True),
        ("HV: health visitor", True),
        ("GP: did not share information", False),  # a cell about the GP, not a definition of it
        ("SW - saw the child twice", False),
        ("Child T – died aged 14 after a fall", False),
        ("Mother – aged 19, was known to CAMHS as a child and later misused drugs", False),
    ],
)
def test_a_key_line_is_told_from_a_statement(line, defines):
    from knowledge.glossary import is_definition

    assert is_definition(line) is defines


def test_a_key_line_is_never_a_cases_evidence():
    """"MASH – Multi-Agency Safeguarding Hub" holds "multi-agency", but says nothing of any case."""
    from assistant.case_evidence import CaseSentences

    text = "Key:\nMASH – Multi-Agency Safeguarding Hub\nAgencies worked in silos and no multi-agency meeting was held.\n"
    case = CaseRecord(case_id="a", label="Child A", doc_hash="d", source="a.txt", title="A", origin="single review")
    sentences = CaseSentences([case], lambda doc: text).of(case)
    assert [s.text for s in sentences if "Multi" in s.text or "multi" in s.text] == [
        "Agencies worked in silos and no multi-agency meeting was held."
    ]


def test_records_is_a_topic_not_a_question_frame():
    """"the quality of agencies' records" is about records: the word is not dropped as frame."""
    from assistant.list_topic import topic_of

    assert "record" in topic_of("criticised the quality of agencies' records", (), {}).stems
