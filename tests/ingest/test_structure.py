"""Layout reading on small stub documents shaped like the real ones."""

import pytest

from ingest.structure import blocks, heading_level, sentence_spans

pytestmark = pytest.mark.unit

# The sample briefing's appendix layout: cells are tab-led lines separated by blank lines,
# the child's pseudonym sits on its own untabbed line under the area.
TABLE = (
    "Appendix 1:\n\n"
    "\tCase\n\tGender\n\tAge\n\tContext\n\tParticular findings for this SCR \n\n"
    "\tWest Sussex \n\n‘Carrie’\n\tF\n\t‘Under 13’\n\tSexual assault by RSO who was Mother’s partner\n\t\n\t\n"
    "\tFailure to proactively remove known RSO from risky situation\n\n"
    "\tLeicestershire\n\nChild B\n\tF\n\t‘Few weeks’\n\tAssault by Father - Fractured skull and brain damage\n\t\n"
    "\tOver empathising with parents and believing what they said without thorough checks\n\n"
)


def test_numbered_and_plain_headings_get_levels():
    assert heading_level("1.   Purpose") == 1
    assert heading_level("5.1    Workforce Capacity:") == 2
    assert heading_level(" 5.2    Workforce Supervision:") == 2
    assert heading_level("Key findings") == 1
    # Sentences and fields are body text, not headings.
    assert heading_level("1. Review the plan with the family.") == 0
    assert heading_level("Date:16 OCT 2009") == 0
    assert heading_level("This report provides an analysis of the evaluations of 147 reviews.") == 0


def test_table_rows_follow_the_cell_per_line_layout():
    rows = [b for b in blocks(TABLE) if b.kind == "table_row"]
    texts = [TABLE[b.start : b.end] for b in rows]
    west_sussex = next(t for t in texts if t.startswith("West Sussex"))
    assert "‘Carrie’" in west_sussex and "Failure to proactively remove known RSO" in west_sussex
    assert "Leicestershire" not in west_sussex
    leicestershire = next(t for t in texts if t.startswith("Leicestershire"))
    assert "Child B" in leicestershire and "Over empathising" in leicestershire
    assert [b.kind for b in blocks(TABLE)][0] == "heading"


def test_docx_style_rows_are_one_line_each():
    text = "Cases\n\nArea\tChild\tAge\nCornwall\tYoung person\t17 years\nSefton\tChild 1\t13 days\n"
    rows = [text[b.start : b.end] for b in blocks(text) if b.kind == "table_row"]
    assert rows == ["Area\tChild\tAge", "Cornwall\tYoung person\t17 years", "Sefton\tChild 1\t13 days"]


def test_bullets_are_separate_blocks():
    text = "Key findings\n\n· Of the 194 children, 90 died. Others were hurt.\n\n· Most reviews found gaps.\n"
    found = [(b.kind, text[b.start : b.end]) for b in blocks(text)]
    assert found == [
        ("heading", "Key findings"),
        ("bullet", "· Of the 194 children, 90 died. Others were hurt."),
        ("bullet", "· Most reviews found gaps."),
    ]


def test_sentence_spans_are_exact_and_skip_bullet_glyphs():
    text = "· Of the 194 children, 90 died. The other 104 were involved in serious incidents.\nNext line here"
    spans = sentence_spans(text, 0, len(text))
    assert [text[s:e] for s, e in spans] == [
        "Of the 194 children, 90 died.",
        "The other 104 were involved in serious incidents.",
        "Next line here",
    ]


def test_quoted_ellipses_do_not_split_a_finding():
    text = "Bedfordshire: “failure to recognise risks”......”commissioning an assessment”"
    assert sentence_spans(text, 0, len(text)) == [(0, len(text))]
