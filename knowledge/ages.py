"""Ages as written in reviews ("‘Few weeks’", "’11 days’", "primary aged", "Under 13")
turned into a range of days, so questions like "under six months" can be answered."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.words import NUMBER_WORDS

DAY, WEEK, MONTH, YEAR = 1, 7, 30.44, 365.25
_UNITS = {"day": DAY, "week": WEEK, "month": MONTH, "year": YEAR, "yr": YEAR}
_WORDS = NUMBER_WORDS
_NUMBER = r"(\d+(?:\.\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"


@dataclass(frozen=True)
class AgeRange:
    min_days: int
    max_days: int  # exclusive upper bound

    @property
    def days(self) -> int:
        """A single best estimate (the middle of the range)."""
        return (self.min_days + self.max_days) // 2


def _number(token: str) -> float:
    return _WORDS[token] if token in _WORDS else float(token)


def parse_age(written: str | None) -> AgeRange | None:
    """The range an age as written stands for, or None when it states no age."""
    if not written:
        return None
    text = re.sub(r"[‘’“”'\"]", "", written).strip().lower()
    if re.fullmatch(r"(not stated|unknown|n/?a|-|)", text):
        return None
    if m := re.search(r"\bunder\s+" + _NUMBER + r"(?:\s*(day|week|month|year|yr)s?)?", text):
        unit = _UNITS.get(m.group(2) or "year", YEAR)
        return AgeRange(0, round(_number(m.group(1)) * unit))
    if m := re.search(_NUMBER + r"\s*-?\s*(day|week|month|year|yr)s?\b", text):
        value, unit = _number(m.group(1)), _UNITS[m.group(2)]
        return AgeRange(round(value * unit), round((value + 1) * unit))
    if m := re.search(r"\b(early|mid|late)[- ]teens", text):
        low = {"early": 13, "mid": 14, "late": 16}[m.group(1)]
        return AgeRange(round(low * YEAR), round(min(low + 3, 18) * YEAR))
    if m := re.fullmatch(r"(?:aged\s+|(?:boy|girl)\s+of\s+)?" + _NUMBER + r"(?:\s+and\s+a\s+half)?", text):
        value = _number(m.group(1)) + (0.5 if "half" in text else 0)
        if value < 19:  # a bare number is years: "aged 4", "was 15", "a girl of eleven"
            return AgeRange(round(value * YEAR), round((int(value) + 1) * YEAR))
    if "few weeks" in text or "several weeks" in text:
        return AgeRange(round(2 * WEEK), round(8 * WEEK))
    if "few days" in text or "newborn" in text or "new born" in text:
        return AgeRange(0, round(4 * WEEK))
    if "few months" in text:
        return AgeRange(round(2 * MONTH), round(6 * MONTH))
    if "primary" in text:
        return AgeRange(round(4 * YEAR), round(11 * YEAR))
    if "secondary" in text or "teen" in text or "adolescen" in text:
        return AgeRange(round(11 * YEAR), round(18 * YEAR))
    if "toddler" in text:
        return AgeRange(round(1 * YEAR), round(3 * YEAR))
    if "infant" in text or "baby" in text:
        return AgeRange(0, round(1 * YEAR))
    return None


_BANDS = [
    (round(1 * MONTH), "under 1 month"),
    (round(6 * MONTH), "1–6 months"),
    (round(1 * YEAR), "6–12 months"),
    (round(5 * YEAR), "1–4 years"),
    (round(11 * YEAR), "5–10 years"),
    (round(13 * YEAR), "11–12 years"),
    (round(18 * YEAR), "13–17 years"),
]


def age_band(age: AgeRange | None) -> str | None:
    if age is None:
        return None
    lower = 0
    for upper, name in _BANDS:
        if age.min_days >= lower and age.max_days <= upper:
            return name
        lower = upper
    if age.min_days == 0:  # "Under 13": as wide as written
        return f"under {round(age.max_days / YEAR)} years" if age.max_days >= YEAR else f"under {round(age.max_days / MONTH)} months"
    for upper, name in _BANDS:  # a range across bands: name the band of its middle
        if age.days < upper:
            return name
    return "18 or over"


def within(age: AgeRange | None, wanted: AgeRange) -> bool:
    """Whether everything the written age allows lies inside the wanted range."""
    return age is not None and bounds_within(age.min_days, age.max_days, wanted)


def bounds_within(min_days: int, max_days: int, wanted: AgeRange) -> bool:
    """``within`` for an age given by its bounds (no range built: a list question checks every case)."""
    return min_days >= wanted.min_days and max_days <= wanted.max_days
