"""Small helpers every case builder shares: a new record, an evidence span with its
section heading, an age as written turned into days and a band."""

from __future__ import annotations

import re

from ingest.cases.records import CaseRecord, Evidence
from knowledge.ages import age_band, parse_age

Headings = list[tuple[int, str]]  # (offset, heading text), in order

QUOTES = "‘’“”'\""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def unquote(text: str) -> str:
    return " ".join(text.strip().strip(QUOTES).split())


def heading_at(headings: Headings, offset: int) -> str | None:
    current = None
    for start, title in headings:
        if start > offset:
            break
        current = title
    return current


def evidence(text: str, start: int, end: int, field: str, headings: Headings) -> Evidence:
    return Evidence(start, end, text[start:end], field, heading_at(headings, start))


def new_case(doc: dict, area: str | None, child: str | None) -> CaseRecord:
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


def set_age(case: CaseRecord, written: str | None) -> None:
    case.age = written
    age = parse_age(written)
    if age:
        case.age_min_days, case.age_max_days, case.age_days = age.min_days, age.max_days, age.days
        case.age_band = age_band(age)


def gender_of(text: str | None) -> str | None:
    value = (text or "").strip().strip(QUOTES).lower()
    if value in ("f", "female", "girl", "g"):
        return "F"
    if value in ("m", "male", "boy", "b"):
        return "M"
    return None
