"""A cited sentence that cannot stand alone carries the sentence before it.

"It was of great concern that over a third were inadequate" needs the sentence that says
who said it; "The toddler was found with 37 injuries" needs the one that names the child.
The extract stays verbatim: the unit grows to an exact span of the document that starts
at the previous sentence of the same paragraph. Only the sentence's opening is read (a
quotation mark, a pronoun, "the toddler", "the baby"), so
the rule holds for any wording of what comes after.
"""

from __future__ import annotations

import re

from assistant.extractive import Unit
from ingest.structure import blocks, read_sentences

_LEANS_BACK = re.compile(
    r"^\s*(?:[“\"‘']"
    r"|(?:he|she|they|it|this|these|those|his|her|their|its|such|both)\b"
    r"|the\s+(?:toddler|baby|infant|boy|girl|teenager|young\s+person|same|latter|former)\b)",
    re.I,
)


def leans_back(text: str) -> bool:
    """Whether a sentence opens by pointing at what came before it."""
    return bool(_LEANS_BACK.match(text))


def standalone(unit: Unit, document_text: str) -> Unit:
    """``unit``, or the span from the previous sentence of its paragraph to its end when it
    opens by pointing back and there is such a sentence."""
    if not leans_back(unit.text):
        return unit
    # The paragraph (block) the unit is in, as the structure reader sees the passage: a line
    # of its own or a table row is never joined to the line before.
    passage = unit.candidate.passage
    offset = passage.start
    paragraph_start = next(
        (offset + b.start for b in blocks(document_text[passage.start : passage.end])
         if offset + b.start <= unit.start < offset + b.end and b.kind != "table_row"),
        None,
    )
    if paragraph_start is None or paragraph_start >= unit.start:
        return unit
    spans = read_sentences(document_text, paragraph_start, unit.start)
    if not spans:
        return unit
    start = spans[-1][0]
    if len(document_text[start : unit.start].split()) < 3:  # a bullet glyph or a heading number
        return unit
    return Unit(unit.candidate, start, unit.end, document_text[start : unit.end])


def with_context(chosen: list[tuple[Unit, float]], document_text) -> list[tuple[Unit, float]]:
    """Every chosen unit made to stand alone; a unit now inside another chosen one is dropped."""
    grown = [(standalone(u, document_text(u.candidate.passage.doc_hash)), s) for u, s in chosen]
    out: list[tuple[Unit, float]] = []
    for unit, score in grown:
        doc = unit.candidate.passage.doc_hash
        if any(o.candidate.passage.doc_hash == doc and o.start <= unit.start and unit.end <= o.end for o, _ in out):
            continue
        out = [(o, s) for o, s in out if not (o.candidate.passage.doc_hash == doc and unit.start <= o.start and o.end <= unit.end)]
        out.append((unit, score))
    return out
