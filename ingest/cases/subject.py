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
    NOT_DEATH,
    PERPETRATOR,
)


@dataclass(frozen=True)
class Finding:
    value: str
    start: int
    end: int  # the sentence it was read from


_PRONOUN_LED = re.compile(r"^(?:\W*\w+\W+){0,3}?(?:he|she|his|her|they)\b", re.I)


def sentences_with(text: str, mentions: list[tuple[int, int]], follow: bool = False) -> list[tuple[int, int]]:
    """Sentences (exact spans) that contain a mention, in order, once each; with ``follow``,
    also the sentence after each when a pronoun opens it ("Baby T is a girl. When she was
    three weeks old…")."""
    spans = prose_sentences(text)
    out, i = [], 0
    for start, _end in sorted(mentions):
        while i < len(spans) and spans[i][1] < start:
            i += 1
        if i < len(spans) and spans[i][0] <= start and spans[i] not in out:
            out.append(spans[i])
            if follow and i + 1 < len(spans) and _PRONOUN_LED.match(text[spans[i + 1][0] : spans[i + 1][1]]):
                out.append(spans[i + 1])
    return out


_NOUN = r"(?P<noun>boy|girl|son|daughter|baby boy|baby girl|schoolboy|schoolgirl|young man|young woman|male|female)"
_NOUN_BEFORE = re.compile(
    rf"\b{_NOUN},?\s+(?:(?:who\s+is\s+)?(?:known|referred\s+to|described)\s+(?:in\s+this\s+(?:review|report)\s+)?as\s+|called\s+|named\s+)?[‘'\"“]?$",
    re.I,
)
_NOUN_AFTER = re.compile(rf"[’'\"”]?\s*(?:,|\(|–|—|-|\s(?:is|was|,\s+who\s+(?:is|was))\s)\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){{0,3}}?{_NOUN}\b", re.I)
_FEMALE_ADULT = re.compile(r"(?:mother|mum|stepmother|grandmother|aunt|ms|mrs|miss|woman|girlfriend|she|her)", re.I)
_MALE_ADULT = re.compile(r"(?:father|dad|stepfather|grandfather|uncle|mr|man|boyfriend)", re.I)


def _adult_gender(word: str) -> str | None:
    if _FEMALE_ADULT.fullmatch(word):
        return "F"
    if _MALE_ADULT.fullmatch(word):
        return "M"
    return None


def gender(text: str, mentions: list[tuple[int, int]]) -> Finding | None:
    """The child's gender from the pronouns that refer to them: the first pronoun after a
    mention, unless an adult stands between. After an adult whose gender is known, a
    pronoun of the other gender is still the child's ("the mother took him to hospital",
    "Mr Z had been abusing her"); after one whose gender is not known, nothing is."""
    votes: Counter[str] = Counter()
    where: dict[str, tuple[int, int]] = {}

    def vote(value: str, weight: float, at: tuple[int, int]) -> None:
        votes[value] += weight  # type: ignore[assignment]  # a Counter of float weights
        where.setdefault(value, at)

    for start, end in sorted(mentions)[:40]:
        sentence_end = text.find(".", end)
        window = text[end : (sentence_end if 0 <= sentence_end < end + 250 else end + 250)]
        # "Child M, a girl", "a girl referred to as 'Isla'", "her son, Child M": a gender noun
        # standing right beside the name, not anywhere near it ("a younger brother").
        before = _NOUN_BEFORE.search(text, max(0, start - 60), start)
        after = _NOUN_AFTER.match(text, end, min(len(text), end + 40))
        for noun in (before, after):
            if noun:
                vote("F" if FEMALE_WORDS.fullmatch(noun.group("noun")) else "M", 2, (start, end))
        adult: str | None = ""  # "" none seen; None one of unknown gender
        before_votes = sum(votes.values())
        for word in re.finditer(r"[A-Za-z]+", window):
            token = word.group(0)
            lowered = token.lower()
            if lowered in ("himself", "herself"):
                break  # a reflexive is the sentence's subject's, often an adult's
            if lowered in MALE_PRONOUNS or lowered in FEMALE_PRONOUNS:
                value = "M" if lowered in MALE_PRONOUNS else "F"
                # "her" is also the object ("fell asleep with her"): it weighs half.
                weight = 0.5 if lowered == "her" else 1.0
                if adult == "":
                    vote(value, weight, (start, end))
                    break
                if adult is not None and value != adult:
                    vote(value, 0.8 * weight, (start, end))
                    break
                continue  # the adult's own pronoun
            if ADULT_WORDS.fullmatch(token):
                seen = _adult_gender(token)
                if seen is None or (adult not in ("", seen)):
                    break  # an adult of unknown gender, or two adults: the pronouns are theirs
                adult = seen
        # "Kyle was stabbed … and died at the scene. He had been excluded …": the child was
        # the subject, and the next sentence opens with a pronoun.
        if sum(votes.values()) == before_votes and adult == "" and _sentence_opening(text, start):
            if nxt := re.match(r"\.\s+(He|She)\b", text[end + len(window) : end + len(window) + 8]):
                vote("M" if nxt.group(1) == "He" else "F", 0.8, (start, end))
    if not votes:
        return None
    (best, count), *rest = votes.most_common() + [("", 0)]
    if rest and rest[0][1] * 2 > count:  # contradictory: say nothing rather than guess
        return None
    start, _ = where[best]
    span = _sentence_at(text, start)
    return Finding(best, *span)


def _sentence_opening(text: str, offset: int) -> bool:
    before = text[max(0, offset - 3) : offset]
    return offset == 0 or bool(re.search(r"(?:^|[.!?\n]\s*|\n#+\s*|[•·-]\s)$", text[max(0, offset - 4) : offset])) or before.endswith("\n")


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
        if _SURVIVED.search(sentence):
            return Finding("harmed", start, end)
        if DEATH.search(sentence) and not NOT_DEATH.search(sentence):
            return Finding("died", start, end)
        if harmed is None and HARM.search(sentence):
            harmed = Finding("harmed", start, end)
    return harmed


_SURVIVED = re.compile(r"\b(?:survived|recovered|is\s+now\s+(?:living|in|looked)|now\s+lives|is\s+alive)\b", re.I)


def perpetrator(text: str, sentences: list[tuple[int, int]]) -> Finding | None:
    for start, end in sentences:
        sentence = text[start:end]
        if not (HARM.search(sentence) or DEATH.search(sentence)):
            continue
        if match := PERPETRATOR.search(sentence):
            who = " ".join(match.group("who").split())
            return Finding(re.sub(r"^(?:his|her|their|the child's|a|an|the)\s+", "", who, flags=re.I), start, end)
    return None
