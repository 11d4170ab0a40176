"""What a list question asks about, once its frame and constraints are taken out: the
words the model compares sentences with, the content stems (glossary-expanded), the
alternatives it lists ("X, Y or Z", and the topic in the reviews' other wording), the
themes it names, who it is about (``topic_roles``: the agencies and family members it
names), whether it is a failure ("missed", "left out of"), and its parts ("both X and Y").
Pure text processing: ``case_evidence`` reads the cases' sentences against it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from assistant.topic_roles import ByWhom, Names, family_named, named_family, roles_named
from knowledge.glossary import expand, same_as
from knowledge.themes import BY_KEY, themes_in
from knowledge.words import ABSENCE_TOPIC, QUESTION_FRAME
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
    anyone: bool = False  # …or name no one, when it asks about any parent or carer
    by_whom: ByWhom | None = None  # "harmed by their stepfather": a sentence must say it was by one
    reworded: bool = False  # its alternatives hold the topic in other words ("suicide"): none is a bare part of it


    @property
    def empty(self) -> bool:
        return not self.stems and not self.themes

    @cached_property
    def words(self) -> frozenset[str]:
        """Every stem of the topic and of its alternatives: a sentence holding none of them (and
        no phrase of a theme the topic names) cannot score."""
        return frozenset(self.stems).union(*self.alternatives)

    @cached_property
    def read_stems(self) -> frozenset[str]:
        """Every stem whose presence in a sentence its word score reads: its words and the
        stems its named themes cover (``case_evidence._lexical``)."""
        return self.words.union(*self.covered.values())

    @cached_property
    def reading_keys(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What a sentence's reading holds, bit by bit (``SentencePostings.holding``): the
        stems its word score reads, in order, then the themes the topic names."""
        return tuple(sorted(self.read_stems)), tuple(self.themes)

    @cached_property
    def role_names(self) -> Names:
        return Names(self.roles)

    @cached_property
    def family_names(self) -> Names:
        return Names(self.family)


_FRAME: frozenset[str] | None = None


def word_groups(topic: Topic) -> list[tuple[tuple[str, ...], int]]:
    """Each alternative of the topic with how many of its stems a sentence must hold to
    score without a theme's phrase (``_lexical``): a short one nearly whole, a long one any."""
    return [(a, 1 if len(a) > 3 else len(a) // 2 + 1) for a in (topic.alternatives or (topic.stems,)) if a]


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
        core = text if family.by_whom is None else named_family(text)
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
        bool(ABSENCE_TOPIC.search(text)), roles_named(stems), family.names, family.titled, family.anyone, family.by_whom,
        bool(others) and bool(alternatives),
    )


def topic_in(text: str, glossary: dict[str, str], areas: Sequence[str] = ()) -> Topic:
    """The topic of words read on their own (a part of "both X and Y", a factor ruled out),
    with the themes they name."""
    return topic_of(text, [t.key for t, _, _ in themes_in(expand(text, glossary))], glossary, areas)


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
