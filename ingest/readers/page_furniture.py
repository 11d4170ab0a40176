"""Running headers and footers of PDF pages, found by how often they recur, not by wording.

A board's name, "OFFICIAL", "Serious Case Review: Baby F | Page 3 of 24": left in the text,
they land mid-sentence wherever a paragraph runs over a page ("…was held by OFFICIAL - Page
2 of 3 Bexley Safeguarding Children Partnership … probation but was not shared…"), and a
cited sentence carries them. A line is furniture when, with its numbers ignored, it stands
among the first or last few lines of at least half the pages; a lone page number ("7",
"Page 7", "- 7 -", "7 of 24") at a page's edge is furniture on any page. Pure functions.
"""

from __future__ import annotations

import re
from collections import Counter

_EDGE = 3  # lines at each end of a page that may be furniture (a header of two lines and a rule)
_PAGE_NUMBER = re.compile(r"(?:page\s*)?#(?:\s*(?:of|/)\s*#)?|[-–—]\s*#\s*[-–—]|#\s*\|\s*page")


def furniture_key(line: str) -> str:
    """A line as it recurs: case and spacing ignored, every number the same ("page # of #")."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def without_furniture(pages: list[str]) -> list[str]:
    """Each page's text without its running header and footer lines. The first page keeps
    a header line (it reads as the document's title there); lines inside a page are never
    touched, so a table header repeated on each page stays where it opens the table."""
    if len(pages) < 2:
        return pages
    tops = [_edge_keys(page, top=True) for page in pages]
    bottoms = [_edge_keys(page, top=False) for page in pages]
    need = max(2, (len(pages) + 1) // 2)
    headers = {key for key, n in Counter(k for keys in tops for k in set(keys)).items() if n >= need}
    footers = {key for key, n in Counter(k for keys in bottoms for k in set(keys)).items() if n >= need}
    return [
        _strip(page, set() if number == 0 else headers, footers)
        for number, page in enumerate(pages)
    ]


def _content(page: str) -> list[int]:
    return [i for i, line in enumerate(page.split("\n")) if line.strip()]


def _edge_keys(page: str, top: bool) -> list[str]:
    lines = page.split("\n")
    content = _content(page)
    edge = content[:_EDGE] if top else content[-_EDGE:]
    return [furniture_key(lines[i]) for i in edge]


def _strip(page: str, headers: set[str], footers: set[str]) -> str:
    """``page`` without the furniture lines that run in from its top and from its bottom."""
    lines = page.split("\n")
    content = _content(page)
    dropped: set[int] = set()
    for edge, furniture in ((content[:_EDGE], headers), (content[::-1][:_EDGE], footers)):
        for i in edge:
            key = furniture_key(lines[i])
            if key not in furniture and not _PAGE_NUMBER.fullmatch(key):
                break
            dropped.add(i)
    if not dropped:
        return page
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped)
