"""What a list question asks about, once its frame and constraints are taken out: the
words the model compares sentences with, the content stems (glossary-expanded), the
alternatives it lists ("X, Y or Z"), the themes it names, the agencies it names as the
actor, whether it is a failure ("missed", "left out of"), and its parts ("both X and Y").
Pure text processing: ``case_evidence`` reads the cases' sentences against it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge.glossary import expand, same_as
from knowledge.themes import BY_KEY
from knowledge.words import (
    ABSENCE_TOPIC,
    AGENCY_ROLES,
    BY_WHOM,
    BY_WHOM_IN_TEXT,
    FAMILY_ROLES,
    FAMILY_TITLES,
    QUESTION_FRAME,
)
from vectorstore.lexical import tokenize


@dataclass(frozen=True)
class Topic:
    """What a list question asks about, once its frame and constraints are taken out."""

    text: str  # the words the model compares sentences with
    stems: tuple[str, ...]  # content stems (glossary-expanded)
    themes: tuple[str, ...]  # vocabulary themes it names, whose phrases also count
    covered: dict = field(default_factory=dict)  # theme -> the topic stems its phrases cover
    every_theme: bool = False  # "both X and Y": each theme must be shown, not either
    conjunctive: bool = True  # no "or": a sentence must hold most of it, not one word of it
    alternatives: tuple = ()  # the stems of each alternative the topic lists ("X, Y or Z")
    parts: tuple[str, ...] = ()  # "both X and Y": each part must be shown on its own
    absence: bool = False  # the topic is a failure or an absence: "not done" shows it, is not its negation
    roles: tuple[frozenset[str], ...] = ()  # the names (as stems) of the agencies the topic asks about: a sentence must hold one
    family: tuple[frozenset[str], ...] = ()  # the names of the family members it asks about: a sentence must hold one…
    titled: re.Pattern | None = None  # …or name one by title ("Ms M")
    by_whom: re.Pattern | None = None  # "harmed by their stepfather": a sentence must say it was by one
    rewordings: tuple = ()  # alternatives that are the whole topic in other words ("suicide"): none is a bare part of it


    @property
    def empty(self) -> bool:
        return not self.stems and not self.themes


_FRAME: frozenset[str] | None = None


def topic_words(topic: Topic) -> frozenset[str]:
    """Every stem of the topic and of its alternatives: a sentence holding none of them (and
    no phrase of a theme the topic names) cannot score."""
    return frozenset(topic.stems).union(*topic.alternatives)


def word_groups(topic: Topic) -> list[tuple[tuple[str, ...], int]]:
    """Each alternative of the topic with how many of its stems a sentence must hold to
    score without a theme's phrase (``_lexical``): a short one nearly whole, a long one any."""
    return [(a, 1 if len(a) > 3 else len(a) // 2 + 1) for a in (topic.alternatives or (topic.stems,)) if a]


def _role_names() -> list[tuple[frozenset[str], ...]]:
    global _ROLES
    if _ROLES is None:
        # Each agency's names as stems: a sentence names it when it holds every stem of one
        # ("general practitioner", not "practitioners" alone).
        _ROLES = [tuple(frozenset(tokenize([name])[0]) for name in names) for names in AGENCY_ROLES.values()]
    return _ROLES


_ROLES: list[tuple[frozenset[str], ...]] | None = None


def roles_named(stems: Sequence[str]) -> tuple[frozenset[str], ...]:
    """Every name of each agency the topic's stems name."""
    held = set(stems)
    return tuple(name for names in _role_names() if any(n and n <= held for n in names) for name in names if name)


def _name_pattern(name: str) -> str:
    # "mother's partner" also as "mothers' partners"; "step-father" also as "stepfather".
    words = re.split(r"[\s'’-]+", re.sub(r"'s\b", "", name))
    return r"[\s-]*".join(re.escape(w) + r"(?:['’]s|s['’]|s|['’])?" for w in words if w)


@functools.cache
def _family() -> tuple[re.Pattern, dict[frozenset[str], str], dict[str, tuple[frozenset[str], ...]]]:
    """The pattern of every family member's name (longest first, so "mother's partner" is
    not read as "mother"), which member each name stands for (its first group), and each
    member's names as stems."""
    member: dict[frozenset[str], str] = {}
    for key, names in FAMILY_ROLES.items():
        for name in names:
            member.setdefault(frozenset(tokenize([name])[0]), key)
    every = sorted({n for names in FAMILY_ROLES.values() for n in names}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(_name_pattern(n) for n in every) + r")\b", re.I)
    stems = {key: tuple(frozenset(tokenize([n])[0]) for n in names) for key, names in FAMILY_ROLES.items()}
    return pattern, member, stems


def names_someone(stems: Sequence[str]) -> bool:
    """Do these stems name a family member, or say "own" (the child's own)?"""
    held = set(stems)
    return "own" in held or any(name <= held for names in _family()[2].values() for name in names if name)


@dataclass(frozen=True)
class Family:
    """The family members a topic names as who holds it (or who harmed the child), and the
    topic without them."""

    names: tuple[frozenset[str], ...]  # every name (as stems) of each member named
    titled: re.Pattern | None  # their titled names ("Ms M")
    by_whom: re.Pattern | None  # "by … <one of them>", when the question asks who harmed the child
    rest: str  # the topic without them (and without "harmed by")


def family_named(text: str) -> Family:
    """"a parent or carer who had mental health problems" → every name of a parent,
    "Mr/Ms/Mrs/Miss X", and "a  or  who had mental health problems"; "harmed by their
    stepfather" → a father's names, and that it must be by him."""
    pattern, member, stems = _family()
    found = [(m, member.get(frozenset(tokenize([m.group(0)])[0]))) for m in pattern.finditer(text)]
    named = dict.fromkeys(k for _, k in found if k)
    if not named:
        return Family((), None, None, text)
    titles = sorted({t for k in named for t in FAMILY_TITLES.get(k, ())}, key=len, reverse=True)
    titled = re.compile(r"\b(?:" + "|".join(titles) + r")\.?\s+[A-Z]") if titles else None
    rest, cut, by_whom = [], 0, None
    for m, _ in found:
        agent = BY_WHOM.search(text, 0, m.start())
        start = agent.start() if agent else m.start()
        rest.append(text[cut:start] + _GAP)
        cut = m.end()
        if agent:
            names = "|".join(_name_pattern(n) for k in named for n in FAMILY_ROLES[k])
            by_whom = re.compile(BY_WHOM_IN_TEXT + r"(?:" + names + (r"|(?:" + "|".join(titles) + r")\.?\s+[A-Z]" if titles else "") + r")\b", re.I)
    # Names coordinated with each other ("a parent or carer") leave one gap, not an "or"
    # between two empty alternatives.
    gaps = re.sub(rf"{_GAP}(?:\s*(?:,|\bor\b|\band\b|/)\s*{_GAP})+", _GAP, "".join(rest) + text[cut:])
    return Family(tuple(dict.fromkeys(n for k in named for n in stems[k] if n)), titled, by_whom, gaps.replace(_GAP, " "))


_GAP = "\u2063"


def question_frame_stems() -> frozenset[str]:
    """Stems of the words that frame a question rather than say its topic."""
    return _frame()


def _frame() -> frozenset[str]:
    global _FRAME
    if _FRAME is None:
        _FRAME = frozenset(tokenize([" ".join(QUESTION_FRAME)])[0])
    return _FRAME


def topic_of(criteria: str, themes: Sequence[str], glossary: dict[str, str], areas: Sequence[str] = ()) -> Topic:
    text = criteria
    for area in areas:
        text = re.sub(rf"\b{re.escape(area)}\b", " ", text, flags=re.I)
    family = family_named(text)
    core = family.rest
    others = same_as(core)
    if others:  # "took their own lives" or "suicide"
        core = " or ".join([core, *others])
    stems = _content_stems(core, glossary)
    if not stems:  # the family member is the whole topic ("harmed by their stepfather")
        core = text if family.by_whom is None else " ".join(m.group(0) for m in _family()[0].finditer(text))
        stems = _content_stems(core, glossary)
    expanded = expand(text, glossary)
    covered = {}
    for key in themes:
        # Which topic words the theme's own phrases hold: "methadone" is substance misuse, "swallowed" is not.
        spans = " ".join(m.group(0) for m in BY_KEY[key].regex.finditer(expanded))
        hit = set(tokenize([spans])[0]) if spans else set()
        covered[key] = frozenset(s for s in stems if s in hit)
    every = len(themes) >= 2 and not re.search(r"\bor\b", criteria, re.I)
    alternatives: tuple = ()
    if re.search(r"\bor\b", core, re.I):
        # "workforce pressures (caseloads, turnover or supervision)": the examples in brackets
        # are alternatives to each other and to the phrase they illustrate, which stays whole.
        # (Brackets are read before acronyms are expanded: expansion adds brackets of its own.)
        examples = " , ".join(re.findall(r"\(([^()]*)\)", core))
        head = expand(re.sub(r"\([^()]*\)", " ", core), glossary)
        parts = re.split(r"\s*,\s*|\s+or\s+", head, flags=re.I) if re.search(r"\bor\b", head, re.I) else [head]
        parts += re.split(r"\s*,\s*|\s+or\s+", expand(examples, glossary), flags=re.I) if examples else []
        alternatives = tuple(
            alt for alt in (tuple(st for st in tokenize([p])[0] if st in stems) for p in parts) if alt
        )
    return Topic(
        text.strip(), stems, tuple(themes), covered, every, not alternatives, alternatives, both_parts(text),
        bool(ABSENCE_TOPIC.search(text)), roles_named(stems), family.names, family.titled, family.by_whom,
        tuple(alt for alt in (tuple(st for st in tokenize([o])[0] if st in stems) for o in others) if alt in alternatives),
    )


def _content_stems(text: str, glossary: dict[str, str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for s in tokenize([expand(text, glossary)])[0] if s not in _frame() and not s.isdigit()))


_BOTH = re.compile(r"\bboth\s+(.+?)\s+and\s+(.+)$", re.I | re.S)


def both_parts(text: str) -> tuple[str, ...]:
    """"both workforce pressures (caseloads or turnover) and poor information sharing" →
    the two things a case must show, each in its own words; () when the topic is not a pair."""
    match = _BOTH.search(text.strip().rstrip("?."))
    if not match:
        return ()
    parts = tuple(p.strip(" ,;") for p in match.groups())
    return parts if all(len(p.split()) >= 1 for p in parts) else ()
