"""Reading a "which cases…" question: is it a list question, and what does it constrain?

Pure functions: age ("under six months", "babies", "teenager"), gender ("boy", "girls"),
area (any indexed area named), themes (the controlled vocabulary, with acronyms expanded),
death, and the remaining topic words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.ages import MONTH, WEEK, YEAR, AgeRange
from knowledge.gazetteer import find_areas
from knowledge.glossary import expand
from knowledge.themes import themes_in
from knowledge.words import DEATH_ASKED, DEATH_CAUSE, DOCUMENT_FRAMED, EXCLUDED_FACTOR, NOT_A_CAUSE

_SUBJECTS = (
    r"(?:cases?|children|child|reviews?|case reviews|serious case reviews|practice reviews|scrs?|babies|infants|families|"
    r"young people|girls|boys|teenagers|toddlers|adolescents|siblings|newborns|kids|youngsters|minors|pupils|"
    r"sons|daughters|young persons)"
)
# One optional adjective may stand before the subject ("which serious cases"), not a verb
# ("what did reviews say…" asks what was said, not for a list).
_ADJECTIVE = r"(?:(?!(?:did|do|does|have|has|had|were|was|are|is|can|could|should|would|will|about)\b)\w+\s+)?"
# A "which cases…" question asked inside a request: "Tell me which cases…", "Can you tell
# me in which…", "I'd like to know which children…", "Could you list the cases…", "So which…".
_LEAD_IN = (
    r"(?:(?:so|and|then|now|also|but|ok|okay|right|well)\b[\s,]+)?"  # "So which cases…", "And which…"
    r"(?:(?:please\s+|(?:can|could|would|will)\s+you\s+)+(?:(?:tell|show|let)\s+(?:me|us)(?:\s+know)?\s+)?"
    r"|(?:tell|show|let)\s+(?:me|us)(?:\s+know)?\s+"
    r"|(?:i|we)(?:'d|\s+would)?\s+(?:like|want|need)\s+to\s+(?:know|find\s+out|see)\s+"
    r"|do\s+you\s+know\s+|(?:please\s+)?find\s+out\s+)?"
)
_LIST = re.compile(
    r"^\s*(?:which|what)\s+(?:of\s+the\s+)?" + _ADJECTIVE + _SUBJECTS + r"\b"
    # (after a request, "which" only: "can you tell me what the review found" asks a fact)
    r"|^\s*" + _LEAD_IN + r"which\s+(?:of\s+the\s+)?" + _ADJECTIVE + _SUBJECTS + r"\b"
    r"|^\s*" + _LEAD_IN + r"(?:in|for)\s+which\s+(?:of\s+the\s+)?" + _ADJECTIVE + _SUBJECTS + r"\b"
    r"|\b(?:list|name|show(?:\s+me)?)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:\w+\s+)?" + _SUBJECTS + r"\b"
    # "how many cases" counts cases; "how many reviews/children…" asks for a published figure
    r"|\bhow\s+many\s+(?:of\s+the\s+)?(?:\w+\s+)?cases\b"
    r"|\b(?:are|were)\s+there\s+any\s+" + _SUBJECTS + r"\b"
    r"|^\s*any\s+" + _SUBJECTS + r"\b",
    re.I,
)
_LEAD = re.compile(
    r"^\s*" + _LEAD_IN + r"(?:(?:in|for)\s+)?(?:which|what|list|name|show(?:\s+me)?|how\s+many|(?:are|were)\s+there\s+any|any)\s+"
    r"(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:\w+\s+)?(?:" + _SUBJECTS + r"|those|these|them|they)\b\s*",
    re.I,
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
}
_UNIT = {"day": 1, "week": WEEK, "month": MONTH, "year": YEAR}
_QTY = r"(\d+|" + "|".join(_NUMBER_WORDS) + r")\s*(day|week|month|year)s?"
_OLDEST = round(25 * YEAR)


@dataclass
class CaseQuery:
    question: str
    is_list: bool
    criteria: str  # the question without its "which cases" lead, for the answer's first line
    age: AgeRange | None = None
    gender: str | None = None
    areas: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    died: bool = False
    cause_of_death: bool = False  # "died of neglect": the topic is how the child died
    excluded: str = ""  # a factor the question rules out ("with no unsafe sleeping factors")

    @property
    def constrained(self) -> bool:
        return bool(self.age or self.gender or self.areas or self.themes or self.died)


def _quantity(number: str, unit: str) -> float:
    value = _NUMBER_WORDS.get(number.lower()) or float(number)
    return value * _UNIT[unit.lower()]


def _intersect(a: AgeRange | None, b: AgeRange) -> AgeRange:
    if a is None:
        return b
    return AgeRange(max(a.min_days, b.min_days), min(a.max_days, b.max_days))


def age_constraint(question: str) -> AgeRange | None:
    q = question.lower()
    age: AgeRange | None = None
    if m := re.search(r"\b(?:under|younger than|less than|below)\s+(?:the age of\s+)?" + _QTY, q):
        age = _intersect(age, AgeRange(0, round(_quantity(m.group(1), m.group(2)))))
    elif m := re.search(r"\b(?:under|younger than|below)\s+(?:the age of\s+)?(\d+|" + "|".join(_NUMBER_WORDS) + r")\b", q):
        age = _intersect(age, AgeRange(0, round(_quantity(m.group(1), "year"))))
    if m := re.search(r"\b(?:over|older than|more than|above)\s+(?:the age of\s+)?" + _QTY, q):
        age = _intersect(age, AgeRange(round(_quantity(m.group(1), m.group(2))), _OLDEST))
    if re.search(r"\b(newborns?|neonates?|new-born)\b", q):
        age = _intersect(age, AgeRange(0, round(MONTH)))
    if re.search(r"\b(bab(?:y|ies)|infants?)\b", q):
        age = _intersect(age, AgeRange(0, round(YEAR)))
    if re.search(r"\btoddlers?\b", q):
        age = _intersect(age, AgeRange(round(YEAR), round(3 * YEAR)))
    if re.search(r"\b(teenagers?|teens?|adolescents?|teenaged)\b", q):
        age = _intersect(age, AgeRange(round(13 * YEAR), round(20 * YEAR)))
    if re.search(r"\bprimary[- ]school|\bprimary[- ]aged?\b", q):
        age = _intersect(age, AgeRange(round(4 * YEAR), round(11 * YEAR)))
    return age


def gender_constraint(question: str) -> str | None:
    q = question.lower()
    male = re.search(r"\b(boys?|males?|sons?)\b", q)
    female = re.search(r"\b(girls?|females?(?! genital)|daughters?)\b", q)
    if male and not female:
        return "M"
    if female and not male:
        return "F"
    return None


def _asks_how_died(question: str, areas: Iterable[str]) -> bool:
    """"died of neglect", "killed during an attack": a death word, a link, and words after
    it that are not only a place or a time ("died in Havering", "died in 2015" are not)."""
    link = DEATH_CAUSE.search(question)
    if not link:
        return False
    rest = question[link.end() :]
    for area in areas:
        rest = re.sub(rf"\b{re.escape(area)}\b", " ", rest, flags=re.I)
    return bool(re.search(r"[a-z]{3,}", NOT_A_CAUSE.sub(" ", rest.lower())))


def parse(question: str, areas: Iterable[str] = (), glossary: dict[str, str] | None = None) -> CaseQuery:
    is_list = bool(_LIST.search(question)) and not DOCUMENT_FRAMED.search(question)
    criteria = _LEAD.sub("", question).strip().rstrip("?.! ")  # "" for "List the Lancashire cases"
    excluded, read = "", question
    if (ruled_out := EXCLUDED_FACTOR.search(criteria)) and themes_in(expand(ruled_out.group("what"), glossary or {})):
        excluded = ruled_out.group("what").strip()
        criteria = (criteria[: ruled_out.start()] + criteria[ruled_out.end() :]).strip()
        read = question.replace(ruled_out.group(0), "")  # its theme is not the question's
    expanded = expand(read, glossary or {})
    named = [a for a in areas if re.search(rf"\b{re.escape(a)}\b", question, re.I)]
    # Any real area the question names, held or not: "cases in Rutland" with none indexed there
    # is answered "none", not with cases from elsewhere.
    named += [m.area for m in find_areas(question) if m.area not in named]
    themes = [theme.key for theme, _, _ in themes_in(expanded)]
    return CaseQuery(
        question=question,
        is_list=is_list,
        criteria=criteria,
        age=age_constraint(read),
        gender=gender_constraint(read),
        areas=sorted(set(named)),
        themes=themes,
        died=bool(DEATH_ASKED.search(read)),
        cause_of_death=_asks_how_died(read, named),
        excluded=excluded,
    )
