"""Does the corpus even mention what the question names?

A question that names a place, person, programme or year the corpus never mentions
("What did the Daniel Pelka review say…", "…published in 2015?") cannot be answered from
it, however close its other words come. Dense similarity alone cannot tell: on our
evaluation set unanswerable questions scored as high as answerable ones (README).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

# Capitalised words that name nothing: question openers, pronouns, sector-generic words.
_GENERIC = {
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "did", "does", "do",
    "is", "are", "was", "were", "can", "could", "should", "would", "will", "has", "have", "had",
    "in", "on", "of", "for", "and", "or", "the", "a", "an", "any", "list", "tell", "show",
    "give", "please", "i", "me", "my", "we", "our", "us", "you", "your", "it", "they", "them",
    "child", "children", "case", "cases", "review", "reviews", "serious", "uk", "england",
}
_NAMED = re.compile(r"(?<![\w’'])([A-Z][\w’'-]*|\d{3,})")


def named_terms(question: str) -> list[str]:
    """Capitalised words (not the opening word) and numbers of three or more digits."""
    terms = []
    for match in _NAMED.finditer(question):
        word = match.group(1).strip("’'-")
        if match.start() == len(question) - len(question.lstrip()):  # sentence-initial capital
            continue
        if word.lower() in _GENERIC or len(word) < 2:
            continue
        terms.append(word)
    return terms


def unknown_named_terms(
    question: str, vocabulary: Collection[str], tokenize: Callable[[list[str]], list[list[str]]]
) -> list[str]:
    """Named terms of the question none of whose tokens occur anywhere in the corpus."""
    unknown = []
    for term in named_terms(question):
        tokens = tokenize([term])[0]
        if tokens and not any(t in vocabulary for t in tokens):
            unknown.append(term)
    return unknown


_OBJECT = re.compile(r"\b(?:about|regarding|concerning|on\s+the\s+subject\s+of|in\s+relation\s+to)\s+(?P<object>[^?.!]+)", re.I)


def unknown_topic_words(
    question: str, vocabulary: Collection[str], tokenize: Callable[[list[str]], list[list[str]]], frame: Collection[str]
) -> list[str]:
    """What a question asks about ("…conclude about radicalisation and extremism?") when
    none of its words occurs in the corpus: then the corpus cannot answer it, however close
    the rest of the question comes. One known word is enough to try."""
    match = _OBJECT.search(question)
    if not match:
        return []
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", match.group("object")) if w.lower() not in _GENERIC]
    content = [(w, t) for w, t in ((w, tokenize([w])[0]) for w in words) if t and not all(x in frame for x in t)]
    if not content or any(any(x in vocabulary for x in t) for _, t in content):
        return []
    return [w for w, _ in content]
