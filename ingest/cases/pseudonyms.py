"""Who a document is about: the children it names, with every mention, and how strongly
each looks like the subject of the document.

Several weak signals, none decisive alone: a pseudonym code ("Child D", "Baby F",
"Children A and B"); a name introduced as a pseudonym ("referred to as 'Isla'", "Sam (not
his real name)", a quoted first name); how often a name recurs; whether it is in the title,
a heading or the file name. Adults are kept out by their titles ("Mr G"), their surnames
("Ian Ellerby") and the words around them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from knowledge.gazetteer import canonical
from knowledge.words import CHILD_CODE, NAME_INTRODUCED, NOT_NAMES, QUOTED_NAME

_TITLE_BEFORE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|DC|DS|PC|Cllr|Judge)\.?\s+)$")


@dataclass
class Candidate:
    name: str  # as the case will be labelled: "Child D", "Isla", "Children A and B"
    mentions: list[tuple[int, int]] = field(default_factory=list)
    code: bool = False  # a "Child X" / "Baby X" pseudonym
    introduced: bool = False  # named as a pseudonym, or quoted as a name
    in_title: bool = False
    in_file_name: bool = False

    @property
    def score(self) -> float:
        return (
            len(self.mentions)
            + (6 if self.in_title else 0)
            + (4 if self.in_file_name else 0)
            + (4 if self.introduced else 0)
            + (2 if self.code else 0)
        )


_IN_RE = re.compile(r"(?m)^\s*(?:Re|In\s+re|In\s+the\s+matter\s+of)\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2})\s*$")


def normalise_code(code: str) -> str:
    """"CHILD 12" → "Child 12", "BABY F" → "Baby F", "child d" stays a code in title case."""
    words = code.split()
    head = words[0].capitalize()
    rest = " ".join(words[1:])
    rest = re.sub(r"\s*,\s*", ", ", rest)
    rest = re.sub(r"\s*&\s*", " and ", rest)
    return f"{head} {rest}"


def _is_name_word(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", word)) and word not in NOT_NAMES and canonical(word) is None


def looks_like_child(name: str) -> bool:
    """"Child D", "Baby F", "Isla", "Charlie and Sam": a code, or one to three name words."""
    if CHILD_CODE.fullmatch(name.strip()):
        return True
    if re.fullmatch(r"(?:the\s+)?(?:young\s+person|child|baby|infant|sibling\s+group|siblings)", name.strip(" ‘’“”'\""), re.I):
        return True  # a table's "‘Young person’": the review gave no pseudonym
    words = [w for w in re.split(r"\s+(?:and|&)\s+|\s+", name.strip(" ‘’“”'\"")) if w]
    return 0 < len(words) <= 3 and all(_is_name_word(w) for w in words)


def _mentions_of(text: str, name: str) -> list[tuple[int, int]]:
    body = r"\s+".join(re.escape(word) for word in name.split())
    pattern = re.compile(rf"(?<![\w])({body})(?![\w])")
    out = []
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 8) : match.start()]
        if _TITLE_BEFORE.search(before):
            continue  # "Mr Daniel" is an adult
        out.append((match.start(), match.end()))
    return out


def _with_surname(text: str, mentions: list[tuple[int, int]]) -> int:
    """How many mentions are followed by a capitalised surname ("Ian Ellerby")."""
    follow = re.compile(r"\s+[A-Z][a-z]+")
    count = 0
    for _, end in mentions:
        match = follow.match(text, end)
        if match and match.group(0).strip() not in NOT_NAMES and canonical(match.group(0).strip()) is None:
            count += 1
    return count


def file_name_words(source: str) -> str:
    """A file name as words: "oldham_lscb_scr_child-kw_2015.docx" → "oldham lscb scr child kw 2015"."""
    stem = re.split(r"[\\/]", source)[-1].rsplit(".", 1)[0]
    return " ".join(re.split(r"[\W_]+", stem)).lower()


# "known as Baby Oscar": a pseudonym made of a code's head and a first name.
_CODE_HEADS = frozenset({"Baby", "Child", "Infant"})
# "called Jayden, Kyle and Precious": the names that follow the first one introduced.
_MORE_NAMES = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)[‘'\"“]?(?P<name>[A-Z][a-z]+)[’'\"”]?(?![\w-])")


def _introduced(text: str, match: re.Match) -> list[str]:
    """The names a pseudonym's introduction gives: one, a list of them, or a code's head
    with a first name ("Baby Oscar")."""
    names = [match.group("name") or match.group("name2")]
    cursor = match.end()
    while more := _MORE_NAMES.match(text, cursor):
        names.append(more.group("name"))
        cursor = more.end()
    out = []
    for name in names:
        words = name.split()
        if _is_name_word(words[0]) or (len(words) == 2 and words[0] in _CODE_HEADS and _is_name_word(words[1])):
            out.append(name)
    return out


def candidates(text: str, title: str = "", source: str = "") -> list[Candidate]:
    """Every child the document may be about, best first."""
    found: dict[str, Candidate] = {}
    head = (title + "\n" + text[:400]).lower()
    file_words = f" {file_name_words(source)} "

    for match in CHILD_CODE.finditer(text):
        name = normalise_code(match.group(0))
        cand = found.setdefault(name, Candidate(name, code=True))
        cand.mentions.append((match.start(), match.end()))
    for match in re.finditer(r"\b[Cc]hild\s+([A-Z]{1,3}\d{0,2}|\d{1,3})(?![\w])", text):
        name = f"Child {match.group(1)}"
        if name in found and (match.start(), match.end()) not in found[name].mentions:
            found[name].mentions.append((match.start(), match.end()))

    # "Children A and B": the group is one case, and "Child A", "Child B" are its mentions.
    for group in [c for c in found.values() if re.search(r"\band\b|,", c.name)]:
        for letter in re.split(r"\s*(?:,|and)\s*", group.name.split(None, 1)[1]):
            for head in ("Child", "Baby"):
                member = found.pop(f"{head} {letter.strip()}", None)
                if member:
                    group.mentions = sorted(set(group.mentions + member.mentions))

    # "Child KW" in the title, "KW" in the text: a code of two or more letters stands alone too.
    for cand in list(found.values()):
        letters = cand.name.split()[-1]
        if re.fullmatch(r"[A-Z]{2,3}\d{0,2}", letters):
            taken = {s for s, _ in cand.mentions}
            for match in re.finditer(rf"(?<![\w-]){letters}(?![\w-])", text):
                inside = any(s <= match.start() < e for s, e in cand.mentions)
                if not inside and match.start() not in taken:
                    cand.mentions.append((match.start(), match.end()))
            cand.mentions.sort()

    named: Counter[str] = Counter()
    # "Re Daniel Pelka", "In the matter of Tyler Moss": a child named in full in the title.
    if titled := _IN_RE.search(title + "\n" + text[:300]):
        full = titled.group("name")
        mentions = _mentions_of(text, full) or []
        first = full.split()[0]
        extra = [m for m in _mentions_of(text, first) if not any(s <= m[0] < e for s, e in mentions)]
        found[full] = Candidate(full, sorted(mentions + extra), introduced=True)
    for match in NAME_INTRODUCED.finditer(text):
        for name in _introduced(text, match):
            named[name] += 2
    for match in QUOTED_NAME.finditer(text):
        name = match.group("name")
        if all(_is_name_word(w) for w in re.split(r"[- ]", name)):
            named[name] += 1
    for name in named:
        if any(name in other.split() for other in found):
            continue  # the first name of a child already named in full
        mentions = _mentions_of(text, name)
        if name.split()[0] in _CODE_HEADS:  # "Baby Oscar", then "Oscar's death": both are mentions
            bare = _mentions_of(text, name.split()[1])
            mentions = sorted(mentions + [m for m in bare if not any(s <= m[0] < e for s, e in mentions)])
        if not mentions or _with_surname(text, mentions) > len(mentions) / 2:
            continue
        found[name] = Candidate(name, mentions, introduced=True)

    for cand in found.values():
        lowered = cand.name.lower()
        cand.in_title = lowered in head or lowered.replace(" ", "") in head.replace("'", "")
        parts = lowered.split()
        cand.in_file_name = f" {' '.join(parts[-1:] if cand.code else parts)} " in file_words and (
            not cand.code or len(parts[-1]) >= 2 or f" {' '.join(parts)} " in file_words
        )
    return sorted(found.values(), key=lambda c: (-c.score, c.mentions[0][0] if c.mentions else 0))


def plain_names(text: str, minimum: int = 4) -> list[Candidate]:
    """First names used as a pseudonym with no cue at all: a capitalised word that is not a
    sentence's first word, recurs, never takes a surname or a title, and is not a place or a
    common capitalised word. The weakest signal; used only when nothing stronger exists."""
    counts: Counter[str] = Counter()
    for match in re.finditer(r"(?<=[a-z,;:] )([A-Z][a-z]{2,})(?![\w])|(?<=\n)([A-Z][a-z]{2,})(?='s\b)", text):
        word = match.group(1) or match.group(2)
        if _is_name_word(word):
            counts[word] += 1
    out = []
    for word, count in counts.items():
        if count < minimum:
            continue
        mentions = _mentions_of(text, word)
        if _with_surname(text, mentions) > len(mentions) / 4:
            continue
        out.append(Candidate(word, mentions))
    return sorted(out, key=lambda c: -len(c.mentions))
