"""Which documents a question is about, when it names them: an area ("the Warrington
review"), a child ("Child V"), or both. A fact question that names a review is answered
from that review; a pseudonym that several reviews use is said so ("two reviews concern a
Child S: Knowsley and Sunderland")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.cases.pseudonyms import normalise_code
from knowledge.gazetteer import find_areas
from knowledge.words import CHILD_CODE
from vectorstore.case_index import CaseIndex
from vectorstore.lexical import tokenize


@dataclass(frozen=True)
class Scope:
    areas: tuple[str, ...] = ()  # areas the question names
    children: tuple[str, ...] = ()  # pseudonyms the question names
    documents: tuple[str, ...] = ()  # doc hashes that fit what it names, best first
    note: str = ""  # said in the answer when a name fits several reviews
    by: dict = field(default_factory=dict)

    @property
    def named(self) -> bool:
        return bool(self.areas or self.children)


def _children_named(question: str, one_word_names: frozenset[str]) -> list[str]:
    found = [normalise_code(m.group(0)) for m in CHILD_CODE.finditer(question)]
    # A first-name pseudonym ("Isla", "Tomasz"): the question's own words looked up, not a
    # pattern per known name.
    found += [w for w in re.findall(r"(?<![\w'’])[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w])", question) if w in one_word_names]
    return list(dict.fromkeys(found))


def scope_of(question: str, index: CaseIndex, heading: Callable[[str], str] | None = None) -> Scope:
    """``heading``: a document's title and opening lines by hash, to choose among an area's
    documents by the period or title words the question names."""
    areas = tuple(dict.fromkeys(m.area for m in find_areas(question)))
    children = tuple(_children_named(question, index.one_word_children))
    if not areas and not children:
        return Scope()
    by_area, by_child = index.documents_naming
    naming = [by_area.get(a.lower(), []) for a in areas] + [by_child.get(c.lower(), []) for c in children]
    named = sorted({h for docs in naming for h in docs}, key=index.document_order.__getitem__)
    scored = []
    for doc_hash in named:  # each names one of them at least
        doc_areas, doc_children = index.document_names[doc_hash]
        area_hits = sum(a.lower() in doc_areas for a in areas)
        child_hits = sum(c.lower() in doc_children for c in children)
        scored.append((area_hits + 2 * child_hits, doc_hash))
    if not scored:
        return Scope(areas, children)
    # A year or period the question names ("in 2013-14") picks among the area's documents by title.
    years = re.findall(r"\b(?:19|20)\d\d(?:\s*[-/–]\s*\d{2,4})?\b", question)
    if heading and len(scored) > 1:
        top = max(s for s, _ in scored)
        heads = {h: heading(h) for s, h in scored if s == top}
        asked = set(tokenize([question])[0])
        # Words of a document's title in the question ("the … briefing paper on five … summaries").
        scored = [
            (s + (1 if h in heads and any(_same_period(y, heads[h]) for y in years) else 0)
             + (1 if h in heads and len(asked & set(tokenize([heads[h]])[0])) >= 3 else 0), h)
            for s, h in scored
        ]
    best = max(s for s, _ in scored)
    documents = tuple(h for s, h in sorted(scored, key=lambda p: -p[0]) if s == best)
    note = ""
    if children and not areas:
        places = sorted({c.local_authority for h in documents for c in index.by_document[h]
                         if c.child and c.child.lower() in {x.lower() for x in children} and c.local_authority})
        if len(places) > 1:
            note = f"{len(places)} reviews concern a {children[0]}: {', '.join(places)}."
    return Scope(areas, children, documents, note)


def _same_period(year: str, title: str) -> bool:
    compact = re.sub(r"\s+", "", year).replace("–", "-").replace("/", "-")
    return compact in re.sub(r"\s+", "", title).replace("–", "-").replace("/", "-")


_REVIEW_WORDS = re.compile(
    r"\b(?:(?:local\s+)?safeguarding\s+children(?:'s)?\s+(?:board|partnership)|lscb|scb|serious\s+case\s+review|"
    r"review|case|summary|executive\s+summary|about|concerning|into|in\s+the|of\s+the|according\s+to(?:\s+the)?)\b",
    re.I,
)


def without_names(question: str, scope: Scope) -> str:
    """The question with what scoped it taken out: within the named review, "Child L" and
    "Dudley" are in every sentence and say nothing about which one answers."""
    text = question
    for name in (*scope.children, *scope.areas):
        text = re.sub(rf"(?<![\w]){re.escape(name)}(?:['’]s)?(?![\w])", " ", text, flags=re.I)
    for mention in reversed(find_areas(text)):
        text = text[: mention.start] + " " + text[mention.end :]
    text = _REVIEW_WORDS.sub(" ", text)
    return " ".join(text.split()) or question
