"""A citation's page, found by bisection over the pages' starts, against the plain scan it
replaced (the reference), for pages in order (some empty, some with gaps between them)
and out of order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vectorstore.records import DocumentRecord

pytestmark = pytest.mark.unit


def _record(pages: list[tuple[int, int, int]]) -> DocumentRecord:
    field = ";".join(f"{n}:{s}:{e}" for n, s, e in pages)
    return DocumentRecord("h", "a.pdf", "A", len(pages), "2026-01-01T00:00:00Z", field)


def _scan(pages: list[tuple[int, int, int]], offset: int) -> int | None:
    return next((n for n, s, e in pages if s <= offset < e), None)


@st.composite
def _pages_in_order(draw) -> list[tuple[int, int, int]]:
    pages, at = [], 0
    for number in range(1, draw(st.integers(0, 12)) + 1):
        at += draw(st.integers(0, 3))  # a gap (a page break's whitespace) or none
        length = draw(st.integers(0, 6))  # an empty page holds no text
        pages.append((number, at, at + length))
        at += length
    return pages


@given(_pages_in_order(), st.integers(-2, 100))
def test_a_page_found_by_bisection_is_the_page_the_scan_finds(pages, offset):
    assert _record(pages).page_of(offset) == _scan(pages, offset)


@given(st.lists(st.tuples(st.integers(1, 9), st.integers(0, 40), st.integers(0, 40)), max_size=10), st.integers(-2, 50))
def test_pages_in_any_order_are_answered_as_the_scan_answers(pages, offset):
    pages = [(n, min(s, e), max(s, e)) for n, s, e in pages]
    starts = [s for _, s, _ in pages]
    if starts != sorted(starts):
        assert _record(pages).page_of(offset) == _scan(pages, offset)
