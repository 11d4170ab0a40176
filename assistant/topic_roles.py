"""Who a list question asks about, as against what: the agencies it names as the actor
("did the GP hold information…") and the family members it names as who holds its topic
("a parent who was mentally ill") or who harmed the child ("harmed by their stepfather").
A sentence shows such a topic only when it names one of them (``case_evidence.names_a_role``).
Pure text processing over the names in knowledge/words.py.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.words import (
    AGENCY_ROLES,
    BY_WHOM,
    BY_WHOM_IN_TEXT,
    CHILD_WORDS,
    DID_HARM,
    FAMILY_ROLES,
    FAMILY_TITLES,
    NOT_THE_PARENT_ITSELF,
    PERSONAL_PRONOUNS,
)
from vectorstore.lexical import tokenize


@functools.cache
def _role_names() -> list[tuple[frozenset[str], ...]]:
    # Each agency's names as stems: a sentence names it when it holds every stem of one
    # ("general practitioner", not "practitioners" alone).
    return [tuple(frozenset(tokenize([name])[0]) for name in names) for names in AGENCY_ROLES.values()]


def roles_named(stems: Sequence[str]) -> tuple[frozenset[str], ...]:
    """Every name of each agency the topic's stems name."""
    held = set(stems)
    return tuple(name for names in _role_names() if any(n and n <= held for n in names) for name in names if name)


def _name_pattern(name: str) -> str:
    # "mother's partner" also as "mothers' partners"; "step-father" also as "stepfather".
    return r"[\s-]*".join(re.escape(w) + r"(?:['’]s|s['’]|s|['’])?" for w in _words(name))


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s'’-]+", re.sub(r"'s\b", "", name)) if w]


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


class Names:
    """Names as stems, one of which a sentence must hold (each name all its stems): the
    one-word names ("mother", "GP") are looked up at once, the rest one by one. Read for
    every candidate sentence of a list question (tens of thousands at 100k passages)."""

    def __init__(self, names: Sequence[frozenset[str]]):
        self.names = tuple(names)
        self.single = frozenset(next(iter(name)) for name in names if len(name) == 1)
        self.nameless = any(not name for name in names)  # a name of no stems is held by any sentence
        # A longer name is looked at only when the sentence holds its first stem.
        self.longer: dict[str, list[frozenset[str]]] = {}
        for name in names:
            if len(name) > 1:
                self.longer.setdefault(min(name), []).append(name)

    def held_in(self, stems: Sequence[str]) -> bool:
        if self.nameless or not self.single.isdisjoint(stems):
            return True
        if not self.longer or self.longer.keys().isdisjoint(stems):
            return False
        return any(all(s in stems for s in name) for stem in stems for name in self.longer.get(stem, ()))


def names_someone(stems: Sequence[str]) -> bool:
    """Do these stems name a family member, or the child ("the boy", "her own"), or stand
    for someone by a pronoun ("she")?"""
    return _someone().held_in(stems)


@functools.cache
def _someone() -> Names:
    every_family_name = dict.fromkeys(name for names in _family()[2].values() for name in names if name)
    return Names([*(frozenset([stem]) for stem in _child()), *every_family_name])


@functools.cache
def _child() -> frozenset[str]:
    return frozenset(tokenize([" ".join((*CHILD_WORDS, *sorted(PERSONAL_PRONOUNS)))])[0])


@dataclass(frozen=True)
class Family:
    """The family members a topic names as who holds it (or who harmed the child), and the
    topic without them."""

    names: tuple[frozenset[str], ...]  # every name (as stems) of each member named
    titled: re.Pattern | None  # their titled names ("Ms M")
    by_whom: ByWhom | None  # "by … <one of them>", when the question asks who harmed the child
    rest: str  # the topic without them (and without "harmed by")
    anyone: bool = False  # "a parent or carer": a sentence that names no one (a pseudonym) may be about one


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
    titled = re.compile(r"\b" + _titled(titles)) if titles else None
    rest, cut, by_whom = [], 0, None
    for m, _ in found:
        agent = BY_WHOM.search(text, 0, m.start())
        start = agent.start() if agent else m.start()
        rest.append(text[cut:start] + _GAP)
        cut = m.end()
        if agent and by_whom is None:
            by_whom = _by_whom(named, m.group(0), titles)
    # Names coordinated with each other ("a parent or carer") leave one gap, not an "or"
    # between two empty alternatives.
    gaps = re.sub(rf"{_GAP}(?:\s*(?:,|\bor\b|\band\b|/)\s*{_GAP})+", _GAP, "".join(rest) + text[cut:])
    return Family(tuple(dict.fromkeys(n for k in named for n in stems[k] if n)), titled, by_whom, gaps.replace(_GAP, " "), "parent" in named)


_GAP = "\u2063"


def _titled(titles: list[str]) -> str:
    """A name by title and initial ("Ms M", "Mr. B")."""
    return r"(?:" + "|".join(titles) + r")\.?\s+[A-Z]"


def _by_whom(named: dict, as_named: str, titles: list[str]) -> ByWhom:
    """"by … <one of them>" after an act of harm, or one of them before it. A name stands
    for itself, not for its possessive ("by his mother's new partner" is not by the mother);
    a father or mother named is not their partner or a step-parent unless so named."""
    exact = {k for k in named if k != "parent"}
    narrow = not any(word in as_named.lower() for word in NOT_THE_PARENT_ITSELF)
    names = [
        n for k in named for n in FAMILY_ROLES[k]
        if not (narrow and k in exact and any(word in n for word in NOT_THE_PARENT_ITSELF))
    ]
    alternatives = [_name_pattern(n) for n in sorted(names, key=len, reverse=True)]
    alternatives += [_titled(titles)] if titles else []
    who = r"(?:" + "|".join(alternatives) + r")(?<!['’]s)(?<!s['’])(?![\w'’])"
    # Every alternative holds one of the names (or a title and initial): a sentence holding
    # none cannot match, and most candidates hold none (the full pattern took ~180 ms a
    # question over a common topic's sentences at 100k passages).
    # Each alternative also starts with a word of its own, as written: a text holding none of
    # those words (case folded) is passed over without a regular expression at all.
    first = [_words(n)[0] for n in names if _words(n)] + list(titles)
    return ByWhom(
        re.compile(BY_WHOM_IN_TEXT + who + r"|\b" + who + DID_HARM, re.I), re.compile(who, re.I),
        tuple(dict.fromkeys(w.casefold() for w in first)),
    )


class ByWhom:
    """The pattern of "by … <one of them>" (``_by_whom``), tried only on a text that holds
    one of them (``needed``), and that only on a text holding one of their first words."""

    def __init__(self, pattern: re.Pattern, needed: re.Pattern, words: tuple[str, ...]):
        self.pattern, self.needed, self.words = pattern, needed, words

    def search(self, text: str) -> re.Match | None:
        folded = text.casefold()  # a superset of what IGNORECASE matches ("ſ" is "s")
        if not any(w in folded for w in self.words):
            return None
        return self.pattern.search(text) if self.needed.search(text) else None


def named_family(text: str) -> str:
    """The family members' names in ``text``, as written ("their stepfather" → "stepfather")."""
    return " ".join(m.group(0) for m in _family()[0].finditer(text))
