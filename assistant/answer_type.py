"""What kind of answer a fact question asks for, and whether an extract gives one.

"How many…", "how old…", "when…" ask for a figure or a date. Passages about the right
thing that give no figure or date do not answer them, however close in meaning ("the
psychologist was unqualified" is near "what was the psychologist's name", and "the team
manager was sick" near "how long was the manager off sick"). A figure or date the question
itself states ("how many of the 147 reviews…") is not an answer to it.
"""

from __future__ import annotations

import re

from knowledge.words import MONTHS, NUMBER_WORDS

_ASKS_NUMBER = re.compile(
    r"\bhow\s+(?:many|much|long|old)\b|\bwhat\s+(?:age|percentage|proportion|share|number|amount|fraction)\b",
    re.I,
)
_ASKS_DATE = re.compile(r"^\s*when\b|\b(?:on\s+)?what\s+(?:date|day|year|month)\b|\bin\s+which\s+(?:year|month)\b", re.I)

# "May" alone is the modal verb: the date pattern below takes it only beside a day or year.
_MONTHS = [m for m in MONTHS if m != "may"]
_WORDS = [w for w in NUMBER_WORDS if len(w) > 2]  # not "a", "an": every sentence has one
_WORDS += "thirty forty fifty sixty seventy eighty ninety hundreds? thousands? dozens? half third quarter twice once".split()
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?%?|£\s?\d|\b(?:" + "|".join(_WORDS) + r")\b", re.I)
_DATE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+May\b|\bMay\s+(?:\d|of\s+\d)|"
                   r"\b(?:1[89]|20)\d\d\b|\b(?:" + "|".join(_MONTHS) + r")\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b", re.I)


def expected(question: str) -> str | None:
    """"number", "date", or None when the question does not ask for either."""
    if _ASKS_DATE.search(question):
        return "date"
    if _ASKS_NUMBER.search(question):
        return "number"
    return None


def gives(kind: str, text: str, question: str) -> bool:
    """Whether ``text`` holds a figure (or date) that the question does not already state."""
    pattern = _DATE if kind == "date" else _FIGURE
    asked = {m.group(0).lower() for m in pattern.finditer(question)}
    return any(m.group(0).lower() not in asked for m in pattern.finditer(text))
