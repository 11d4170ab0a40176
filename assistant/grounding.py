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
