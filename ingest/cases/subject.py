"""What a document says about one child: age, gender, death or harm and who harmed them,
each read from the sentences that mention the child and kept with its exact span.

Gender comes from the pronouns that refer to the child (the first pronoun after a mention,
unless an adult is named in between), not from the first "she" in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.structure import prose_sentences
from knowledge.ages import AgeRange, parse_age
from knowledge.words import (
    ADULT_WORDS,
    AGE_IN_TEXT,
    DEATH,
    FEMALE_PRONOUNS,
    FEMALE_WORDS,
    HARM,
    MALE_PRONOUNS,
    MALE_WORDS,
    NOT_DEATH,
    PERPETRATOR,
)


@dataclass(frozen=True)
class Finding:
    value: str
    start: int
    end: int  # the sentence it was read from


def sentences_with(text: str, mentions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences (exact spans) that contain a mention, in order, once each."""
    spans = prose_sentences(text)
    out, i = [], 0
    for start, end in sorted(mentions):
        while i < len(spans) and spans[i][1] < start:
            i += 1
        if i < len(spans) and spans[i][0] <= start and spans[i] not in out:
            out.append(spans[i])
    return out


def gender(text: str, mentions: list[tuple[int, int]]) -> Finding | None:
    votes: Counter[str] = Counter()
    where: dict[str, tuple[int, int]] = {}
    for start, end in sorted(mentions)[:40]:
        sentence_end = text.find(".", end)
        window = text[end : (sentence_end if 0 <= sentence_end < end + 250 else end + 250)]
        # "Child M, a girl", "a girl referred to as 'Isla'", "her son, Child M" — words beside the name.
        near = text[max(0, start - 40) : start] + " " + window[:40]
        if FEMALE_WORDS.search(near) and not MALE_WORDS.search(near):
            votes["F"] += 2
            where.setdefault("F", (start, end))
        elif MALE_WORDS.search(near) and not FEMALE_WORDS.search(near):
            votes["M"] += 2
            where.setdefault("M", (start, end))
        for word in re.finditer(r"[A-Za-z]+", window):
            token = word.group(0)
            if ADULT_WORDS.fullmatch(token) or (token[0].isupper() and token in ("Mother", "Father")):
                break  # a pronoun after an adult is the adult's
            lowered = token.lower()
            if lowered in MALE_PRONOUNS or lowered in FEMALE_PRONOUNS:
                value = "M" if lowered in MALE_PRONOUNS else "F"
                votes[value] += 1
                where.setdefault(value, (start, end))
                break
    if not votes:
        return None
    (best, count), *rest = votes.most_common() + [("", 0)]
    if rest and rest[0][1] * 2 > count:  # contradictory: say nothing rather than guess
        return None
    start, _ = where[best]
    span = _sentence_at(text, start)
    return Finding(best, *span)


def _sentence_at(text: str, offset: int) -> tuple[int, int]:
    found = sentences_with(text, [(offset, offset + 1)])
    if found:
        return found[0]
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    return line_start, (len(text) if line_end < 0 else line_end)


def age(text: str, sentences: list[tuple[int, int]]) -> tuple[Finding, AgeRange] | None:
    """The first age stated in a sentence about the child that parses."""
    for start, end in sentences:
        sentence = text[start:end]
        for match in AGE_IN_TEXT.finditer(sentence):
            written = match.group("age") or match.group("aged") or match.group("was")
            if not written:
                continue
            parsed = parse_age(written)
            if parsed and parsed.min_days < 19 * 365:
                return Finding(" ".join(written.split()), start, end), parsed
    return None


def outcome(text: str, sentences: list[tuple[int, int]], title: str = "") -> Finding | None:
    """"died" when a sentence about the child reports a death, else "harmed" when one
    reports harm; the sentence is the evidence."""
    if DEATH.search(title) and not NOT_DEATH.search(title):
        return Finding("died", 0, 0)
    harmed = None
    for start, end in sentences:
        sentence = text[start:end]
        if DEATH.search(sentence) and not NOT_DEATH.search(sentence):
            return Finding("died", start, end)
        if harmed is None and HARM.search(sentence):
            harmed = Finding("harmed", start, end)
    return harmed


def perpetrator(text: str, sentences: list[tuple[int, int]]) -> Finding | None:
    for start, end in sentences:
        sentence = text[start:end]
        if not (HARM.search(sentence) or DEATH.search(sentence)):
            continue
        if match := PERPETRATOR.search(sentence):
            who = " ".join(match.group("who").split())
            return Finding(re.sub(r"^(?:his|her|their|the child's|a|an|the)\s+", "", who, flags=re.I), start, end)
    return None
