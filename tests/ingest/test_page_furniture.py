"""Running headers and footers of PDF pages (pure). Each layout is written in wording of
its own: what makes a line furniture is that it recurs at page edges, not what it says."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.readers.page_furniture import furniture_key, without_furniture

pytestmark = pytest.mark.unit

BODY = [
    "The health visitor saw the family four times and each time the father\nanswered for the mother.",
    "No referral was made after the bruise was seen. The GP accepted the mother's\naccount of a dummy clip.",
    "Police attended once after a neighbour heard shouting and recorded no\nchild present.",
    "The panel found that the mother was never seen alone by any agency.",
]


def _pages(header: list[str], footer: list[str]) -> list[str]:
    n = len(BODY)
    return [
        "\n".join([h.format(page=i, pages=n) for h in header] + [body] + [f.format(page=i, pages=n) for f in footer])
        for i, body in enumerate(BODY, start=1)
    ]


@pytest.mark.parametrize(
    ("header", "footer"),
    [
        (["Bexley Safeguarding Children Partnership - Serious Case Review: Baby F"], ["OFFICIAL - Page {page} of {pages}"]),
        (["Child Practice Review CPR 03/2017", "Executive summary"], ["{page}"]),
        ([], ["Harrow LSCB | SCR Child K | {page}", "OFFICIAL-SENSITIVE"]),
        (["- {page} -"], []),
        (["Rapid review: Baby T        Page {page}"], ["Published {page} March 2021 by the partnership"]),
    ],
)
def test_running_headers_and_footers_go_and_the_body_stays(header, footer):
    pages = without_furniture(_pages(header, footer))
    for i, (page, body) in enumerate(zip(pages, BODY)):
        # The first page keeps its header (its title there), but never a lone page number.
        kept_header = [h.format(page=1, pages=4) for h in header if h != "- {page} -"] if i == 0 else []
        assert page == "\n".join([*kept_header, body])


def test_the_first_page_keeps_a_header_that_reads_as_its_title():
    pages = without_furniture(_pages(["Serious Case Review: Child W"], []))
    assert pages[0].startswith("Serious Case Review: Child W\n") and "Child W" not in "".join(pages[1:])


def test_a_line_recurring_inside_pages_or_on_few_edges_stays():
    pages = [
        "Summary of findings\nThe mother was not seen alone.\nKey finding\nRecords were incomplete.",
        "The school raised concerns.\nKey finding\nNo strategy discussion was held.\nEnd of section",
        "Summary of findings\nHousing knew of the arrears.\nKey finding\nThe father was not assessed.",
        "The review closes here.\nNothing further was found.\nSigned by the chair",
        "Annex\nList of agencies.\nPolice, health and education.",
    ]
    # "Key finding" recurs mid-page; "Summary of findings" opens only 2 of 5 pages.
    assert without_furniture(pages) == pages


def test_a_single_page_or_no_page_is_left_as_it_is():
    assert without_furniture(["Report\nPage 1 of 1"]) == ["Report\nPage 1 of 1"]
    assert without_furniture([]) == []


def test_numbers_and_spacing_do_not_make_lines_differ():
    assert furniture_key("  Page 3   of 24 ") == furniture_key("page 11 of 24") == "page # of #"


LINE = st.text(alphabet=st.sampled_from("abc 12|-\t"), max_size=12)


@given(st.lists(st.lists(LINE, max_size=8), max_size=5))
def test_only_lines_at_a_page_s_edges_are_ever_removed(pages_lines):
    pages = ["\n".join(lines) for lines in pages_lines]
    for before, after in zip(pages, without_furniture(pages)):
        lines = before.split("\n")
        content = [i for i, line in enumerate(lines) if line.strip()]
        middle = [lines[i] for i in content[3:-3]]
        kept = after.split("\n") if after else []
        it = iter(lines)
        assert all(line in it for line in kept)  # the page's own lines, in order
        assert all(line in kept for line in middle)
