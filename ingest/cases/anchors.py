"""Lines that open a case in a document about several cases, in whatever layout.

A table row (tab, pipe or space aligned, or the short first cell of a cell-per-line
table), a heading ("Case 2: Jayden, 14"), a bullet ("Child LA (aged 15) — criminal
exploitation"), a repository year list ("2018 - Kent - Child Q") and an attributed
statement ("Oldham (Baby F): “…”") all have the same shape: a short line cut into
segments by separators, one segment naming a child, perhaps one naming an area (found
in the gazetteer), perhaps an age or a gender. What follows the line, up to the next such
line, is that case's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.cases.fields import gender_of
from ingest.cases.pseudonyms import normalise_code
from ingest.structure import BULLET, heading_label, line_spans
from knowledge.gazetteer import AreaMention, canonical, find_areas
from knowledge.words import AGE_CELL, AGE_IN_TEXT, CHILD_CODE, NOT_NAMES

# Separators between the segments of a structured line.
_SEPARATORS = re.compile(r"\t+|\s*\|\s*|\s{2,}|\s+[-–—]\s+|\s*[–—]\s*|:\s+|\s*\(\s*|\s*\)\s*|,\s+|;\s+")
_PREFIX = re.compile(
    r"^\s*(?:[|]\s*)?(?:(?:case|review|scr|example|vignette)\s*(?:no\.?\s*)?\d{1,3}[a-z]?\s*[:.)\-–—]?\s*|"
    r"\d{1,3}[.)]\s+|\(?[a-z]\)\s+|(?:19|20)\d\d\s*(?:[-–—:|]|\s{2,})\s*)",
    re.I,
)
_NAME_SEGMENT = re.compile(r"[‘'\"“]?(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+(?:and|&)\s+[A-Z][a-z]+)?)[’'\"”]?")
_GENDER_SEGMENT = re.compile(r"^(?:m|f|male|female|boy|girl)$", re.I)
_LEADING_QUOTED = re.compile(r"\s*[‘'\"“](?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)[’'\"”]")
_GENDER_AGE = re.compile(
    r"(?P<g>M|F|Male|Female)?\s*(?P<age>\d{1,2}(?:\s*(?:yrs?|years?|months?|mths?|weeks?|wks?|days?))?)?(?=\s|$)"
)
_BARE_AGE = re.compile(r"^(?:aged\s+)?(\d{1,2})(?:\s*(?:yrs?|years?))?$", re.I)


@dataclass(frozen=True)
class Anchor:
    start: int  # the line
    end: int
    child: str
    child_span: tuple[int, int]
    area: str | None
    area_span: tuple[int, int] | None
    age: str | None
    gender: str | None
    structured: bool  # a table row, heading, bullet or list line (not a sentence of prose)


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, cursor = [], start
    for match in _SEPARATORS.finditer(text, start, end):
        if match.start() > cursor:
            out.append((cursor, match.start()))
        cursor = match.end()
    if cursor < end:
        out.append((cursor, end))
    return [(s, e) for s, e in out if text[s:e].strip(" .:;,'\"‘’“”*#")]


def quoted(segment: str) -> bool:
    return bool(re.match(r"\s*[‘'\"“]", segment))


def _name_segment(segment: str) -> re.Match | None:
    match = _NAME_SEGMENT.fullmatch(segment.strip(" .:;,*#"))
    if not match:
        return None
    words = [w for w in re.split(r"\s+(?:and|&)\s+|-", match.group("name")) if w]
    if any(w in NOT_NAMES or canonical(w) for w in words):
        return None
    return match


def anchor_at(text: str, start: int, end: int, mentions: list[AreaMention] | None = None) -> Anchor | None:
    """The case a line opens, if it opens one."""
    line = text[start:end]
    if len(line.strip()) > 220:
        return _paragraph_anchor(text, start, end)
    body = start
    if bullet := BULLET.match(line):
        body += bullet.end()
    prefix = _PREFIX.match(text[body:end])
    if prefix:
        body += prefix.end()
    structured = body > start or bool(re.search(r"\t|\||\s{2,}|\s[-–—]\s|[–—]|^\S[^.]{0,60}:", line)) or len(line.strip()) <= 60
    head_end = min(end, body + 120)
    child = area = age = gender = None
    child_span = area_span = None
    for match in CHILD_CODE.finditer(text, body, head_end):
        child, child_span = normalise_code(match.group(0)), (match.start(), match.end())
        break
    if mentions is None:
        mentions = find_areas(text)
    areas = [m for m in mentions if body <= m.start < head_end]
    if areas:
        first = areas[0]
        area, area_span = first.area, (first.start, first.end)
    segments = _segments(text, body, end)
    # A bare capitalised word is a child's name only beside something else that makes the
    # line a case: an area, an age or a gender, or a "Case 2:" prefix ("Budget" is a heading).
    # "Case 2:" or a year list's "2018 -" make a line a case; a section number "2." does not.
    case_prefix = prefix is not None and bool(re.search(r"[A-Za-z]|(?:19|20)\d\d", prefix.group(0)))
    named_beside = bool(area) or case_prefix or any(
        _GENDER_SEGMENT.match(text[s:e].strip()) or _BARE_AGE.match(text[s:e].strip()) or AGE_IN_TEXT.search(text[s:e])
        for s, e in segments
    )
    for s, e in segments:
        if area_span and s <= area_span[0] < e:
            s = area_span[1]  # a flattened row: "Bucks 'Poppy' F 15 years Died" — read past the area
            if not text[s:e].strip():
                continue
        segment = text[s:e].strip()
        label = text.startswith(":", e) or text.startswith(" :", e)  # "Results: 6" is a label
        if child is None and structured and not label and (named := _name_segment(segment)) and (quoted(segment) or named_beside):
            # "Jayden", "‘Carrie’", "Charlie and Sam": a name standing as a segment of its own.
            child, child_span = named.group("name"), (s + named.start("name") + (len(text[s:e]) - len(text[s:e].lstrip())), 0)
            child_span = (child_span[0], child_span[0] + len(named.group("name")))
            continue
        if child is None and structured and (lead := _LEADING_QUOTED.match(text, s, e)) and _name_segment(lead.group("name")):
            # A flattened PDF row: "‘Mia’ F 15 yrs Sexual abuse by …" — the quoted name, then its cells.
            child, child_span = lead.group("name"), (lead.start("name"), lead.end("name"))
            segment = text[lead.end() : e].strip()
            if tail := _GENDER_AGE.match(segment):
                gender = gender or gender_of(tail.group("g"))
                age = age or tail.group("age")
            continue
        if gender is None and _GENDER_SEGMENT.match(segment):
            gender = gender_of(segment)
        elif age is None and (bare := _BARE_AGE.match(segment)) and structured and int(bare.group(1)) <= 18:
            age = segment
        elif age is None and structured and AGE_CELL.fullmatch(segment) and re.search(r"\D", segment):
            age = segment
        elif age is None and (found := AGE_IN_TEXT.search(segment)):
            age = found.group("age") or found.group("aged") or None
    if child is None or child_span is None:
        return None
    if gender is None or age is None:
        # Cells flattened into one line by a PDF: "Child S F 4 months Died" — read what follows the name.
        after = re.match(r"[’'\"”]?\s*", text[child_span[1] : end])
        tail = _GENDER_AGE.match(text[child_span[1] + after.end() : end])
        if tail and (tail.group("g") or tail.group("age")):
            gender = gender or gender_of(tail.group("g"))
            age = age or tail.group("age")
    if not structured:
        return _paragraph_anchor(text, start, end)
    return Anchor(start, end, child, child_span, area, area_span, age, gender, structured)


_LEAD_CODE = re.compile(r"^[^.;:]{0,40}?\b(?:known\s+as\s+|called\s+)?")


def _paragraph_anchor(text: str, start: int, end: int) -> Anchor | None:
    """A paragraph of prose that opens with a child's code ("Baby C, a girl, was four months
    old when…", "The third baby, known as Baby E, …") is that child's section."""
    lead = text[start : min(end, start + 60)]
    match = CHILD_CODE.search(lead)
    if not match or lead[: match.start()].count(".") or re.search(r"['’]s\b", text[start + match.end() : start + match.end() + 3]):
        return None  # not the paragraph's subject: "Baby C's case showed…" is about the case, not its opening
    child = normalise_code(match.group(0))
    first_sentence = text[start : text.find(".", start + match.end()) if text.find(".", start + match.end()) > 0 else end]
    found = AGE_IN_TEXT.search(first_sentence)
    age = (found.group("age") or found.group("aged")) if found else None
    return Anchor(start, end, child, (start + match.start(), start + match.end()), None, None, age, None, True)


# A heading's number and quotes around its name ("3. ‘Precious’:"); Markdown's "#" go with heading_label.
_HEADING_MARKS = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?[‘'\"“]?|[’'\"”]?\s*[:.]?$")


def named_headings(text: str, heading_spans: list[tuple[int, int]], names: list[str]) -> list[Anchor]:
    """Headings that are a pseudonym the document introduced and nothing else ("## Kyle",
    "3. ‘Precious’"): a thematic review's section about each of its children. A bare name
    opens a case only when the document has said it is a child's pseudonym ("Budget" and
    "Summary" are headings, not children)."""
    wanted = set(names)
    out = []
    for start, end in heading_spans:
        name = _HEADING_MARKS.sub("", heading_label(text[start:end]))
        if name in wanted:
            at = text.index(name, start)
            out.append(Anchor(start, end, name, (at, at + len(name)), None, None, None, None, True))
    return out


def anchors(text: str) -> list[Anchor]:
    """Every line in ``text`` that opens a case, in order."""
    out = []
    mentions = find_areas(text)  # once for the text, not once per line
    for start, end in line_spans(text):
        if text[start:end].strip() and (anchor := anchor_at(text, start, end, mentions)):
            out.append(anchor)
    return out
