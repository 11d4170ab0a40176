"""Acronyms: a built-in glossary of sector terms plus the keys documents define
("Key: RSO – Registered Sex Offender; SID – Sudden infant death"), used to match a
question in full words against text that only has the acronym, and the reverse."""

from __future__ import annotations

import re

BUILTIN: dict[str, str] = {
    "CAMHS": "child and adolescent mental health services",
    "CIN": "child in need",
    "CP plan": "child protection plan",
    "CPP": "child protection plan",
    "CSE": "child sexual exploitation",
    "DA": "domestic abuse",
    "DV": "domestic violence",
    "FGM": "female genital mutilation",
    "GP": "general practitioner",
    "HV": "health visitor",
    "ICPC": "initial child protection conference",
    "LA": "local authority",
    "LAC": "looked after child",
    "LADO": "local authority designated officer",
    "LSCB": "local safeguarding children board",
    "MAPPA": "multi-agency public protection arrangements",
    "MARAC": "multi-agency risk assessment conference",
    "MASH": "multi-agency safeguarding hub",
    "NAI": "non-accidental injury",
    "RSO": "registered sex offender",
    "SCB": "safeguarding children board",
    "SCR": "serious case review",
    "SID": "sudden infant death",
    "SIDS": "sudden infant death syndrome",
    "SUDI": "sudden unexpected death in infancy",
    "SW": "social worker",
}

# Phrases a question may use for a term the reviews use, and the reverse: a list question's
# topic in either wording is an alternative to the other ("took their own lives" or "suicide").
SAME_AS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\b(?:took|take|taken|taking|ended|end)\s+(?:his|her|their|its)\s+own\s+li(?:fe|ves)\b|"
                r"\bkilled\s+(?:himself|herself|themselves)\b", re.I), "suicide"),
    (re.compile(r"\bsuicides?\b", re.I), "took their own life"),
)


def same_as(text: str) -> list[str]:
    """The other wordings of the phrases in ``text`` (``SAME_AS``)."""
    return [other for pattern, other in SAME_AS if pattern.search(text) and other.lower() not in text.lower()]


_KEY_LINE = re.compile(r"(?im)^\s*(?:key|abbreviations|glossary)\s*:?\s*(.+)$")
_KEY_ITEM = re.compile(r"\b([A-Z][A-Za-z&]{1,9}(?: plan)?)\s*[–—-]\s*([A-Za-z][A-Za-z ’'-]{2,60}?)\s*(?=[;:,]|$)")
_INLINE = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Za-z]+){1,6}) \(([A-Z]{2,8})\)")


def document_keys(text: str) -> dict[str, str]:
    """Acronyms a document defines in a key line or inline ("Serious Case Review (SCR)")."""
    found: dict[str, str] = {}
    for line in _KEY_LINE.finditer(text):
        for acronym, meaning in _KEY_ITEM.findall(line.group(1)):
            if len(acronym) >= 2:  # "M – Male", "F - Female" are gender codes, not acronyms
                found[acronym] = meaning.strip().lower()
    for meaning, acronym in _INLINE.findall(text):
        words = meaning.split()
        # Keep only the words the acronym's letters cover: "the Serious Case Review (SCR)".
        tail = " ".join(words[-len(acronym):]) if len(words) >= len(acronym) else meaning
        found.setdefault(acronym, tail.lower())
    return found


_DEFINITION = re.compile(r"^\s*(?:(?i:key|abbreviations|glossary)\s*:?\s*)?([A-Z][A-Za-z&]{1,9}?)s?\s*[–—:=-]\s*(\S.{0,80})$")


def is_definition(sentence: str) -> bool:
    """A line of a key or glossary ("MASH – Multi-Agency Safeguarding Hub"): it defines a
    term and says nothing about the case, whatever words it holds. The term's letters must
    open the words that follow, so "GP: did not share information" is not one."""
    match = _DEFINITION.match(sentence)
    if not match or len(sentence.split()) > 12:
        return False
    letters = [c.lower() for c in match.group(1) if c.isalpha()]
    initials = iter(w[0].lower() for w in re.split(r"[\s/-]+", match.group(2)) if w and w[0].isalpha())
    return len(letters) >= 2 and all(any(i == c for i in initials) for c in letters)


def merged(*glossaries: dict[str, str]) -> dict[str, str]:
    out = dict(BUILTIN)
    for glossary in glossaries:
        out.update(glossary)
    return out


def expand(text: str, glossary: dict[str, str]) -> str:
    """``text`` plus the meanings of acronyms in it and the acronyms of meanings in it."""
    extra = []
    lowered = text.lower()
    for acronym, meaning in glossary.items():
        # The substring test first: it rules out almost every acronym without a regex.
        if acronym in text and re.search(rf"(?<![\w]){re.escape(acronym)}s?(?![\w])", text):
            extra.append(meaning)
        elif meaning in lowered or meaning.rstrip("s") + "s" in lowered:
            extra.append(acronym)
    return text if not extra else f"{text} ({'; '.join(extra)})"
