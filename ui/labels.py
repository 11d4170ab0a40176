"""Words and dates as a social worker reads them, not as the index stores them."""

from __future__ import annotations

import re
from datetime import date, datetime

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")

KINDS = {  # the case index's judgement of a document, in plain words
    "single": "One review",
    "several": "Several cases",
    "none": "No case found",
}


def readable_date(iso: str | None) -> str:
    """'2026-11-30T23:06:24+00:00' -> '30 November 2026'; '' when unknown."""
    if not iso:
        return ""
    try:
        value = datetime.fromisoformat(iso) if "T" in iso else date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{value.day} {value:%B %Y}"


def readable_time(iso: str | None) -> str:
    """'2026-11-30T23:06:24+00:00' -> '30 November 2026 at 23:06 UTC'."""
    if not iso:
        return "never"
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    zone = " UTC" if value.utcoffset() is not None and not value.utcoffset() else ""
    return f"{readable_date(iso)} at {value:%H:%M}{zone}"


def year_of(*texts: str | None) -> str:
    """The first plausible publication year named in a title or file name ('' if none)."""
    for text in texts:
        if text and (m := _YEAR.search(text)):
            return m.group(1)
    return ""


def kind_label(kind: str | None) -> str:
    return KINDS.get(kind or "", (kind or "Unknown").capitalize())


def gender_label(gender: str | None) -> str:
    return {"M": "Boy", "F": "Girl"}.get(gender or "", gender or "")


def outcome_label(outcome: str | None) -> str:
    return {"died": "Died", "harmed": "Harmed"}.get(outcome or "", "Not stated")
