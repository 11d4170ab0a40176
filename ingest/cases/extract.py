"""All cases of one document: from its case tables, or the document itself when it is one
review, plus statements attributed to a case's area elsewhere in it; then theme tags.
"""

from __future__ import annotations

import re

from ingest.cases.ages import age_band, parse_age
from ingest.cases.glossary import document_keys, expand, merged
from ingest.cases.records import CaseRecord, Evidence, ThemeTag
from ingest.cases.table import Row, table_rows
from ingest.cases.themes import themes_in
from ingest.structure import blocks, sentence_spans

_QUOTES = "‘’“”'\""
# Case-sensitive on purpose: the child and the area are names ("Keira", "Child D",
# "Barking and Dagenham"), and "the" must never pass for an area.
_SINGLE_REVIEW = re.compile(
    r"(?i:serious case review)\s*[:\-–—]?\s*(?:(?i:into|of|concerning)\s+)?"
    r"(?P<child>(?:[Cc]hild|[Bb]aby)\s+[A-Z0-9][\w]*|[‘'\"“][^’'\"”]{1,30}[’'\"”]|[A-Z][a-z]+(?=\s*,))"
    r"\s*[,\-–—(]?\s*(?P<area>[A-Z][A-Za-z&'-]*(?:\s+(?:and|of|upon|on|in|the|[A-Z][A-Za-z&'-]*))*?)\s*"
    r"(?:LSCB|SCB|Local Safeguarding Children Board|Safeguarding Children Board|Safeguarding Children Partnership|Safeguarding Partnership|\)|$|\n)",
)
_ATTRIBUTED = re.compile(
    r"^[ \t]*(?P<area>[A-Z][A-Za-z .'-]{2,40}?)(?:\s*\((?P<tag>[A-Za-z0-9 ]{1,12})\))?\s*:\s*(?=[“\"‘])", re.M
)
_NUMBER_WORD = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)"
_AGE_IN_TEXT = re.compile(
    r"\b(" + _NUMBER_WORD + r"[ -](?:day|week|month|year)s?[ -]old|few (?:days|weeks|months) old)\b"
    r"|\baged\s+(" + _NUMBER_WORD + r"\s+(?:day|week|month|year)s?|(?:a\s+)?few\s+(?:days|weeks|months))\b",
    re.I,
)
_GENDER_IN_TEXT = re.compile(r"\b(boy|girl|son|daughter|he|she)\b", re.I)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def unquote(text: str) -> str:
    return " ".join(text.strip().strip(_QUOTES).split())


def gender_of(text: str | None) -> str | None:
    value = (text or "").strip().strip(_QUOTES).lower()
    if value in ("f", "female", "girl", "g"):
        return "F"
    if value in ("m", "male", "boy", "b"):
        return "M"
    return None


def _heading_at(headings: list[tuple[int, str]], offset: int) -> str | None:
    current = None
    for start, title in headings:
        if start > offset:
            break
        current = title
    return current


def _evidence(text: str, start: int, end: int, field: str, headings) -> Evidence:
    return Evidence(start, end, text[start:end], field, _heading_at(headings, start))


def _from_row(text: str, row: Row, doc: dict, headings) -> CaseRecord | None:
    value = {k: text[c.start : c.end] for k, c in row.cells.items()}
    area, child = value.get("area"), value.get("child")
    if "case" in value:
        parts = [unquote(p) for p in re.split(r"\n|\s[–—-]\s|,|\s(?=[‘“])|\s(?=(?:Child|Baby)\s\w)", value["case"]) if unquote(p)]
        if len(parts) >= 2:
            area, child = area or parts[0], child or parts[1]
        elif parts and (area or re.match(r"(child|baby|young person)\b", parts[0], re.I)):
            child = child or parts[0]  # beside an Area column, the Case column names the child
        elif parts:
            area = area or parts[0]
    area, child = (unquote(area) if area else None), (unquote(child) if child else None)
    if not (area or child):
        return None
    case = _new_case(doc, area, child)
    case.gender = gender_of(value.get("gender"))
    _set_age(case, unquote(value["age"]) if value.get("age") else None)
    case.context = unquote(value["context"]) if value.get("context") else None
    case.findings = " ".join(value["findings"].split()) if value.get("findings") else None
    case.evidence.append(_evidence(text, row.start, row.end, "row", headings))
    for field in ("context", "findings"):
        cell = row.cells.get(field)
        if cell and cell.end > cell.start:
            case.evidence.append(_evidence(text, cell.start, cell.end, field, headings))
    return case


def _new_case(doc: dict, area: str | None, child: str | None) -> CaseRecord:
    label = " — ".join(x for x in (area, child) if x)
    return CaseRecord(
        case_id=f"{doc['doc_hash'][:10]}-{slug(label)}",
        label=label,
        doc_hash=doc["doc_hash"],
        source=doc["source"],
        title=doc["title"],
        local_authority=area,
        child=child,
    )


def _set_age(case: CaseRecord, written: str | None) -> None:
    case.age = written
    age = parse_age(written)
    if age:
        case.age_min_days, case.age_max_days, case.age_days = age.min_days, age.max_days, age.days
        case.age_band = age_band(age)


def _single_review(text: str, doc: dict, headings) -> CaseRecord | None:
    opening = text[:600]
    match = _SINGLE_REVIEW.search(doc["title"] + "\n" + opening) if doc["title"] else None
    match = match or _SINGLE_REVIEW.search(opening)
    if not match:
        return None
    case = _new_case(doc, " ".join(match.group("area").split()), unquote(match.group("child")))
    first_para = next(
        (
            b
            for b in blocks(text[:3000])
            if b.kind in ("paragraph", "bullet")
            and len(text[b.start : b.end].split()) >= 8
            and not _SINGLE_REVIEW.search(text[b.start : b.end])
        ),
        None,
    )
    if first_para is not None:
        para = text[first_para.start : first_para.end]
        if age := _AGE_IN_TEXT.search(para):
            _set_age(case, age.group(1) or age.group(2))
        if gender := _GENDER_IN_TEXT.search(para):
            word = gender.group(1).lower()
            case.gender = "M" if word in ("boy", "son", "he") else "F"
        case.context = " ".join(para.split())[:300]
        case.evidence.append(_evidence(text, first_para.start, first_para.end, "context", headings))
    _whole_document_evidence(text, case, headings)
    title_at = text.find(match.group(0).strip()[:40])
    if title_at >= 0:
        case.evidence.insert(0, _evidence(text, title_at, title_at + len(match.group(0).strip()), "title", headings))
    return case


_DEATH = re.compile(r"\b(died|death|dead|fatal|suicide)\b|took (?:his|her|their) own life", re.I)


def _whole_document_evidence(text: str, case: CaseRecord, headings) -> None:
    """A one-review document is all about its case: the first sentence that signals each
    theme anywhere in it becomes evidence (so the theme is tagged with its span), and so does
    the first mention of a death when the opening paragraph has none."""
    glossary = merged(document_keys(text))
    seen_themes: set[str] = set()
    death_found = any(e.field == "context" and _DEATH.search(e.text) for e in case.evidence)
    for block in blocks(text):
        if block.kind == "heading":
            continue
        for start, end in sentence_spans(text, block.start, block.end):
            sentence = text[start:end]
            if any(e.start <= start and end <= e.end for e in case.evidence):
                continue
            new = [t.key for t, _, _ in themes_in(expand(sentence, glossary), skip=seen_themes)]
            dies = not death_found and bool(_DEATH.search(sentence))
            if new or dies:
                case.evidence.append(_evidence(text, start, end, "incident" if dies else "document", headings))
                seen_themes.update(new)
                death_found = death_found or dies


def _attach_statements(text: str, cases: list[CaseRecord], headings) -> None:
    """Link "Area (X): “…”" statements to the one case they can only mean."""
    by_area: dict[str, list[CaseRecord]] = {}
    for case in cases:
        if case.local_authority:
            by_area.setdefault(case.local_authority.lower(), []).append(case)
    row_spans = [(e.start, e.end) for c in cases for e in c.evidence if e.field == "row"]
    for match in _ATTRIBUTED.finditer(text):
        candidates = by_area.get(match.group("area").strip().lower(), [])
        tag = (match.group("tag") or "").strip().lower()
        if tag:
            candidates = [c for c in candidates if c.child and c.child.lower().split()[-1] == tag.split()[-1]]
        if len(candidates) != 1:  # "Rotherham: …" with two Rotherham cases names neither
            continue
        line_end = text.find("\n", match.start())
        start, end = match.start() + len(match.group(0)) - len(match.group(0).lstrip()), (
            line_end if line_end >= 0 else len(text)
        )
        while end > start and text[end - 1].isspace():
            end -= 1
        if any(s <= start < e for s, e in row_spans):
            continue
        candidates[0].evidence.append(_evidence(text, start, end, "statement", headings))


def _tag_themes(case: CaseRecord, glossary: dict[str, str]) -> None:
    seen: set[str] = set()
    for index, evidence in enumerate(case.evidence):
        if evidence.field in ("row", "title"):
            continue  # the row repeats its cells; tag the cells themselves
        heading = evidence.section or ""
        texts = [expand(evidence.text, glossary)]
        if evidence.field == "statement":
            texts.append(heading)  # "5.1 Workforce Capacity:" says what the quote is evidence of
        for text in texts:
            for theme, _, _ in themes_in(text, skip=seen):
                seen.add(theme.key)
                case.themes.append(ThemeTag(theme.key, index))


def extract_cases(text: str, title: str, doc_hash: str, source: str) -> list[CaseRecord]:
    doc = {"doc_hash": doc_hash, "source": source, "title": title}
    headings = [(b.start, " ".join(text[b.start : b.end].split())) for b in blocks(text) if b.kind == "heading"]
    cases = [c for c in (_from_row(text, row, doc, headings) for row in table_rows(text)) if c]
    if not cases:
        single = _single_review(text, doc, headings)
        cases = [single] if single else []
    # Same label twice in one document (a table repeated): keep the first.
    unique: dict[str, CaseRecord] = {}
    for case in cases:
        unique.setdefault(case.case_id, case)
    cases = list(unique.values())
    _attach_statements(text, cases, headings)
    glossary = merged(document_keys(text))
    for case in cases:
        _tag_themes(case, glossary)
    return cases
