"""The cases of a document about several: from case-table rows with a header, and from
every line that opens a case (rows of any table, headings, bullets, year lists), each
with the text that follows it up to the next case."""

from __future__ import annotations

import re

from ingest.cases import subject
from ingest.cases.anchors import Anchor
from ingest.cases.fields import Headings, evidence, gender_of, new_case, set_age, unquote
from ingest.cases.pseudonyms import looks_like_child, normalise_code
from ingest.cases.records import CaseRecord
from ingest.cases.table import Row
from ingest.structure import blocks
from knowledge.gazetteer import canonical, find_areas
from knowledge.words import AGE_CELL, AGE_IN_TEXT, CHILD_CODE, DEATH, FEMALE_WORDS, GENDER_NOUN, HARM, NOT_DEATH

_MAX_SPAN = 1500


def key(area: str | None, child: str | None) -> tuple[str, str]:
    return ((area or "").lower(), " ".join((child or "").lower().split()))


def _split_case_cell(value: str) -> tuple[str | None, str | None]:
    """"Devon - Baby M", "West Sussex\n‘Carrie’", "Bristol (Child Y)": the area is the part
    the gazetteer knows, the child the rest."""
    areas = find_areas(value)
    if areas:
        first = areas[0]
        rest = (value[: first.start] + " " + value[first.end :]).strip(" \n\t-–—,():")
        code = CHILD_CODE.search(rest)
        child = normalise_code(code.group(0)) if code else unquote(re.split(r"\s[-–—]\s|\n", rest)[0]) or None
        return first.area, child
    code = CHILD_CODE.search(value)
    if code:
        return None, normalise_code(code.group(0))
    return None, unquote(value) or None


def from_row(text: str, row: Row, doc: dict, headings: Headings) -> CaseRecord | None:
    value = {k: text[c.start : c.end] for k, c in row.cells.items()}
    area, child = value.get("area"), value.get("child")
    area = canonical(area) or area if area else None
    if "case" in value:
        cell_area, cell_child = _split_case_cell(value["case"])
        area, child = area or cell_area, child or cell_child
    if child:
        code = CHILD_CODE.search(child)
        child = normalise_code(code.group(0)) if code else unquote(child)
    if not child or not looks_like_child(child):
        return None  # a case is a child; a row naming only an area, or a stray header cell, is not one
    case = new_case(doc, area, child)
    case.origin = "table row"
    case.gender = gender_of(value.get("gender"))
    set_age(case, unquote(value["age"]) if value.get("age") else None)
    case.context = unquote(value["context"]) if value.get("context") else None
    case.findings = " ".join(value["findings"].split()) if value.get("findings") else None
    case.evidence.append(evidence(text, row.start, row.end, "row", headings))
    for field in ("context", "findings", "outcome"):
        cell = row.cells.get(field)
        if cell and cell.end > cell.start:
            case.evidence.append(evidence(text, cell.start, cell.end, field, headings))
    told = " ".join(filter(None, (value.get("outcome"), value.get("context"), value.get("findings"))))
    _outcome(case, told)
    fill_from_text(case, text[row.start : row.end])
    return case


def _outcome(case: CaseRecord, told: str) -> None:
    if re.search(r"\b(?:survived|recovered|is\s+now|now\s+lives|is\s+alive)\b", told or "", re.I) and not re.search(r"\bdied\b", told or "", re.I):
        case.outcome = "harmed"
    elif re.fullmatch(r"\s*(?:yes|y|died|death|fatal|✓|✔|x)\s*", told or "", re.I) or (DEATH.search(told) and not NOT_DEATH.search(told)):
        case.outcome = "died"
    elif re.fullmatch(r"\s*(?:no|n|harmed|serious harm|survived)\s*", told or "", re.I) or HARM.search(told):
        case.outcome = "harmed"


def fill_from_text(case: CaseRecord, told: str) -> None:
    """Age and gender a row or section states in words ("a 14-year-old girl", "a boy aged
    six weeks") when no cell of its own gives them."""
    head = told[:400]
    if case.age_min_days is None and (found := AGE_IN_TEXT.search(head)):
        set_age(case, found.group("age") or found.group("aged") or found.group("was"))
    if case.gender is None and " and " not in (case.child or ""):
        nouns = {FEMALE_WORDS.fullmatch(m.group("noun")) is not None for m in GENDER_NOUN.finditer(head[:300])}
        if len(nouns) == 1:
            case.gender = "F" if nouns.pop() else "M"


def _span_end(text: str, anchor: Anchor, next_start: int, stops: list[int]) -> int:
    end = min(next_start, anchor.start + _MAX_SPAN, len(text))
    for stop in stops:
        if anchor.end < stop < end:
            end = stop
            break
    while end > anchor.end and text[end - 1].isspace():
        end -= 1
    return end


def from_anchors(text: str, found: list[Anchor], doc: dict, headings: Headings) -> list[CaseRecord]:
    """One record per line that opens a case, its text running to the next such line or
    the next numbered heading."""
    stops = [b.start for b in blocks(text) if b.kind == "heading" and b.strong]
    cases = []
    for i, anchor in enumerate(found):
        next_start = found[i + 1].start if i + 1 < len(found) else len(text)
        end = _span_end(text, anchor, next_start, stops)
        case = new_case(doc, anchor.area, anchor.child)
        case.origin = "listed case"
        body = text[anchor.start : end]
        # The line and what follows it: tagged for themes as a whole (a table row's own cells
        # are tagged instead, so "row" evidence is not).
        case.evidence.append(evidence(text, anchor.start, end, "section" if end > anchor.end else "statement", headings))
        case.gender = anchor.gender
        age = anchor.age
        if age is None:
            for line in body.splitlines()[1:8]:  # a cell-per-line row: "10", "15 yrs", "6 weeks"
                cell = line.strip()
                if re.fullmatch(r"\d{1,2}(?:\s*(?:yrs?|years?))?", cell) and int(re.match(r"\d+", cell).group()) <= 18:
                    age = cell
                    break
                if len(cell) <= 25 and AGE_CELL.fullmatch(cell) and re.search(r"\D", cell):
                    age = cell
                    break
                if len(cell) <= 25 and (m := AGE_IN_TEXT.search(cell)):
                    age = m.group("age") or m.group("aged")
                    break
        set_age(case, age)
        if case.gender is None:
            for line in body.splitlines()[1:8]:
                if g := gender_of(line):
                    case.gender = g
                    break
        if case.gender is None and " and " not in anchor.child:
            mentions = [(m.start() + anchor.start, m.end() + anchor.start) for m in re.finditer(re.escape(anchor.child), body)]
            if finding := subject.gender(text, mentions):
                case.gender = finding.value
        _outcome(case, body)
        fill_from_text(case, body)
        rest = text[anchor.end : end].strip()
        context = rest or text[anchor.child_span[1] : anchor.end]
        case.context = " ".join(context.split()).strip(" :–—-|")[:300] or None
        cases.append(case)
    return cases


def merge_into(target: CaseRecord, other: CaseRecord) -> None:
    """Fold ``other`` (the same child, found again in the same document) into ``target``."""
    seen = {(e.start, e.end) for e in target.evidence}
    target.evidence.extend(e for e in other.evidence if (e.start, e.end) not in seen)
    for name in ("local_authority", "gender", "context", "findings", "outcome", "harmed_by"):
        if getattr(target, name) is None and getattr(other, name) is not None:
            setattr(target, name, getattr(other, name))
    if target.age_min_days is None and other.age_min_days is not None:
        for name in ("age", "age_min_days", "age_max_days", "age_days", "age_band"):
            setattr(target, name, getattr(other, name))
    if target.outcome == "harmed" and other.outcome == "died":
        target.outcome = "died"


_ATTRIBUTED = re.compile(
    r"^[ \t]*(?P<area>[A-Z][A-Za-z .'&-]{2,40}?)(?:\s*\((?P<tag>[^()\n]{1,20})\))?\s*:\s*(?=[“\"‘'])", re.M
)


def attach_statements(text: str, cases: list[CaseRecord], headings: Headings) -> None:
    """Link "Area (X): “…”" statements to the one case they can only mean; "Rotherham: …"
    with two Rotherham cases names neither."""
    by_area: dict[str, list[CaseRecord]] = {}
    for case in cases:
        if case.local_authority:
            by_area.setdefault(case.local_authority.lower(), []).append(case)
    taken = [(e.start, e.end) for c in cases for e in c.evidence]
    for match in _ATTRIBUTED.finditer(text):
        area = canonical(match.group("area")) or match.group("area").strip()
        candidates = by_area.get(area.lower(), [])
        tag = (match.group("tag") or "").strip(" ‘’“”'\"").lower()
        if tag:
            candidates = [c for c in candidates if c.child and c.child.lower().split()[-1] == tag.split()[-1]]
        if len(candidates) != 1:
            continue
        line_end = text.find("\n", match.start())
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        end = line_end if line_end >= 0 else len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
        if any(s <= start < e for s, e in taken):
            continue
        candidates[0].evidence.append(evidence(text, start, end, "statement", headings))


# A reference code that opens a case's row ("WM-03", "SCR/12", "R7"): letters, then digits.
_REF_CODE = re.compile(r"[A-Z]{1,5}[-/.]?\d{1,4}[a-z]?")
_ITEM_OPEN = re.compile(r"\s*(?:[-•*–]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")


def attach_references(text: str, cases: list[CaseRecord], headings: Headings) -> None:
    """A note elsewhere in the document that cites a case by the reference code its row
    opens with ("unsafe sleeping arrangements … not re-assessed after a change of address
    (WM-03)") is about that case: the note (its list item or line) becomes its evidence.
    A code two rows share names neither."""
    codes: dict[str, list[CaseRecord]] = {}
    for case in cases:
        if not case.evidence:
            continue
        first = min(case.evidence, key=lambda e: e.start)
        line_start = text.rfind("\n", 0, first.start) + 1
        line_end = text.find("\n", line_start)
        words = text[line_start : line_end if line_end >= 0 else len(text)].split(None, 1)
        token = words[0] if words else ""
        if _REF_CODE.fullmatch(token):
            codes.setdefault(token, []).append(case)
    for code, owners in codes.items():
        if len(owners) != 1:
            continue
        for mention in re.finditer(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text):
            if not text[text.rfind("\n", 0, mention.start()) + 1 : mention.start()].strip():
                continue  # it opens a line: the row itself (a section's span may run over the notes)
            start, end = _item_around(text, mention.start())
            if end > start and not any(e.start == start for e in owners[0].evidence):
                owners[0].evidence.append(evidence(text, start, end, "reference", headings))


def _item_around(text: str, at: int) -> tuple[int, int]:
    """The list item or wrapped line holding ``at``: back to a line that opens an item (or
    after a blank line or one that ends a sentence), forward to the end of its line."""
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    start = text.rfind("\n", 0, at) + 1
    while start > 0 and not _ITEM_OPEN.match(text, start):
        before = text.rfind("\n", 0, start - 1) + 1
        previous = text[before : start - 1].rstrip()
        if not previous or previous.endswith((";", ".", ":", "?", "!")):
            break
        start = before
    opening = _ITEM_OPEN.match(text, start)
    start = opening.end() if opening else start
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
