"""Follow-up questions: "what about in Rotherham?" read in the light of the previous question.

The assistant answers one question at a time; a chat needs the next question to inherit the
topic of the last. The rule is deliberately simple and predictable (no language model):

* A question is a follow-up when there is a previous question and it either starts with a
  cue ("what about", "how about", "and", "also", "same for", …), or is a short fragment
  that starts with a qualifier ("in Rotherham?", "under 6 months?"), or is short and
  refers back ("those", "them", "these", "they").
* A follow-up is resolved by appending what it adds to the previous *resolved* question,
  so refinements chain: "Which cases involved registered sex offenders?" → "what about in
  Bedfordshire?" → "Which cases involved registered sex offenders in Bedfordshire?". A
  qualifier is appended as is; a bare topic ("what about neglect?") is joined with "and";
  a question that refers back ("how many of them died?") follows a colon.
* A cue followed by a complete question that does not refer back ("and how many children
  died?") is a new question, asked without the cue.

Appending narrows; it never replaces part of the previous question. The UI shows the
resolved question, so the reader always sees what was actually asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CUE = re.compile(
    r"^(?:and\s+)?(?:what|how)\s+about\s+|^what\s+of\s+|^(?:and\s+)?(?:the\s+)?same\s+for\s+|^(?:and|also|but|plus)\s+",
    re.I,
)
_QUALIFIER = re.compile(
    r"^(?:in|for|with|without|under|over|aged|at|from|during|after|before|where|who|involving|"
    r"among|between|only|excluding|including)\b",
    re.I,
)
_REFERS_BACK = re.compile(r"\b(?:those|these|them|they|their|ones)\b", re.I)
# Leading words that only point back at the previous answer's subjects: dropped when appending.
_LEADING_REFERENCE = re.compile(r"^(?:(?:of\s+)?(?:those|these|them|the\s+ones|ones)\b\s*)+", re.I)
_STANDALONE = re.compile(r"^(?:what|which|how|who|whom|when|where|why|did|do|does|were|was|is|are|can|could)\b", re.I)
_SHORT = 8  # words: longer questions carry their own subject


@dataclass(frozen=True)
class Resolved:
    asked: str  # as the user typed it
    question: str  # what the assistant is asked
    follow_up: bool


def resolve(asked: str, previous: str | None) -> Resolved:
    """Read ``asked`` against the previous resolved question (``None`` at the start)."""
    text = " ".join(asked.split())
    if not previous or not text:
        return Resolved(asked, text, False)
    remainder = _CUE.sub("", text, count=1)
    cued = remainder != text
    short = len(text.split()) <= _SHORT
    refers = bool(_REFERS_BACK.search(text))
    if cued and _STANDALONE.match(remainder) and not refers:
        return Resolved(asked, remainder, False)
    if not (cued or (short and (_QUALIFIER.match(text) or refers))):
        return Resolved(asked, text, False)
    fragment = _LEADING_REFERENCE.sub("", remainder).strip(" ?.!,")
    if not fragment:
        return Resolved(asked, previous, True)
    if _QUALIFIER.match(fragment):
        joiner = " "
    elif _STANDALONE.match(fragment):
        joiner = ": "
    else:
        joiner = " and "
    return Resolved(asked, f"{previous.rstrip(' ?.!')}{joiner}{fragment}?", True)
