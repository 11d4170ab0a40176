"""Is a document one review about one child, a document about several cases, or about none?

Decided from weak signals that hold across layouts, and explained: how many children
open a row, heading or list line of their own; whether one child dominates the mentions;
whether a review type is named near the top; whether the child's death or harm is told.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.cases.anchors import Anchor
from ingest.cases.pseudonyms import Candidate
from knowledge.words import DEATH, HARM, REVIEW_TYPES

SINGLE, SEVERAL, NONE = "single", "several", "none"


@dataclass(frozen=True)
class DocumentClass:
    kind: str  # SINGLE, SEVERAL or NONE
    reason: str
    unsure: bool = False  # weak evidence either way: listed in the ingest's coverage report


def _share(top: Candidate, others: list[Candidate]) -> float:
    total = sum(len(c.mentions) for c in [top, *others]) or 1
    return len(top.mentions) / total


def classify(text: str, title: str, children: list[Candidate], rows: list, row_anchors: list[Anchor]) -> DocumentClass:
    """``children``: candidates best first; ``rows``: case-table rows; ``row_anchors``:
    structured lines that open a case."""
    listed = {(a.area, a.child) for a in row_anchors}  # "Child S" in Knowsley and in Sunderland are two
    review_named = bool(REVIEW_TYPES.search(title + "\n" + text[:1500]))
    top = children[0] if children else None
    dominant = top is not None and _share(top, children[1:]) >= 0.55 and len(top.mentions) >= 3
    if len(rows) >= 2 or (len(listed) >= 2 and not (dominant and (top.in_title or top.introduced or top.in_file_name))):
        n = max(len(rows), len(listed))
        return DocumentClass(SEVERAL, f"{n} cases each open a table row, heading or list line of their own")
    if top and (dominant or top.in_title) and len(top.mentions) >= 2:
        told = any(DEATH.search(text[max(0, s - 200) : e + 300]) or HARM.search(text[max(0, s - 200) : e + 300]) for s, e in top.mentions[:30])
        cues = [
            f"“{top.name}” is named {len(top.mentions)} times ({_share(top, children[1:]):.0%} of the children's mentions)",
            *(["is in the title or opening"] if top.in_title else []),
            *(["is in the file name"] if top.in_file_name else []),
            *(["a review type is named near the top"] if review_named else []),
            *(["the child's death or harm is told"] if told else []),
        ]
        if review_named or told or top.in_title:
            unsure = not review_named and not top.in_title
            return DocumentClass(SINGLE, "; ".join(cues), unsure=unsure)
        return DocumentClass(NONE, "; ".join(cues) + ", but no review or harm to the child is described", unsure=True)
    if len(listed) == 1 and row_anchors:
        return DocumentClass(NONE, f"only one child (“{next(iter(listed))[1]}”) opens a row or list line", unsure=True)
    if top:
        return DocumentClass(
            NONE, f"no child dominates (“{top.name}” is named {len(top.mentions)} times)", unsure=review_named and len(top.mentions) >= 2
        )
    return DocumentClass(NONE, "names no child" + (" though a review type is named" if review_named else ""), unsure=False)
