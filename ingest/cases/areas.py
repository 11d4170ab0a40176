"""Which area a document belongs to: the board or partnership that published it, the
area that commissioned the review, or the one its heading or file name names.

Every place the gazetteer knows is scored by where it stands: beside a board or
partnership word, after "commissioned by" / "undertaken by" / "published by", in the
title or opening, in the file name. A place merely mentioned in the story ("the family
moved from Leeds") scores least.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ingest.cases.pseudonyms import file_name_words
from knowledge.gazetteer import BOARD_WORDS, find_areas

_BY = re.compile(r"(?:commissioned|undertaken|conducted|published|carried\s+out|led|initiated|on\s+behalf\s+of)\s+(?:by|for)?\s*(?:the\s+)?$", re.I)


_UNKNOWN_BOARD = re.compile(
    r"(?P<name>[A-Z][a-z][\w'-]*(?:\s+(?:and|upon|on|of|[A-Z][a-z][\w'-]*)){0,3})(?=" + BOARD_WORDS.pattern + ")"
)


@dataclass(frozen=True)
class DocumentArea:
    area: str
    start: int  # the best mention's span in the text; -1 when only the file name names it
    end: int
    how: str


def document_area(text: str, title: str = "", source: str = "") -> DocumentArea | None:
    scores: dict[str, float] = defaultdict(float)
    best: dict[str, tuple[float, int, int, str]] = {}
    for mention in find_areas(text):
        score, how = 1.0, "named in the text"
        if mention.board:
            score, how = 6.0, "the board or partnership named"
        if _BY.search(text[max(0, mention.start - 40) : mention.start]):
            score, how = score + 4.0, "the review was commissioned or published by it"
        if mention.start < 600:
            score += 2.0
        scores[mention.area] += score
        if mention.area not in best or score > best[mention.area][0]:
            best[mention.area] = (score, mention.start, mention.end, how)
    for mention in find_areas(_title_case(file_name_words(source))):
        scores[mention.area] += 4.0
        best.setdefault(mention.area, (4.0, -1, -1, "named in the file name"))
    if not scores:
        # A board the gazetteer does not know (renamed, merged, or new): its name is still a place.
        for match in _UNKNOWN_BOARD.finditer(text[:3000]):
            name = match.group("name")
            if name.split()[0] not in ("The", "This", "Local", "A", "An", "Our", "Each", "Every"):
                scores[name] += 5.0 + (2.0 if match.start() < 600 else 0.0)
                best.setdefault(name, (5.0, match.start("name"), match.end("name"), "a board name the gazetteer does not hold"))
                break
    if not scores:
        return None
    area = max(scores, key=lambda a: (scores[a], -best[a][1] if best[a][1] >= 0 else 0))
    _, start, end, how = best[area]
    return DocumentArea(area, start, end, how)


def _title_case(words: str) -> str:
    small = {"and", "of", "upon", "on", "in", "the", "with"}
    return " ".join(w if w in small else w.capitalize() for w in words.split())
