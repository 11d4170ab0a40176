"""Reading a question into what it asks: its intent, and the constraints it states.

One component decides, so a wrong reading has one place to be fixed and is visible in
``ask --json`` (``parsed``). The intents:

* ``list_cases``  — "Which cases involved…?": every case checked against the constraints
  and the topic;
* ``count_cases`` — "How many cases involved…?": the same check, the count first;
* ``all_cases``   — "List all the cases": no topic and no constraint, every case;
* ``case_details`` — "Tell me about the Bedfordshire case": one case's record, cited;
* ``fact``        — anything else: passages retrieved (scoped to the reviews the question
  names) and quoted.

A follow-up over the cases of the previous answer ("which of those died?") arrives with
``within_cases`` and is a case question over just those cases, whatever its wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.case_names import CaseNames
from assistant.case_questions import CaseQuery
from assistant.case_questions import parse as parse_case_question
from assistant.scope import Scope, scope_of
from ingest.cases.records import CaseRecord
from knowledge.words import DOCUMENT_FRAMED
from vectorstore.case_index import CaseIndex

INTENTS = ("list_cases", "count_cases", "all_cases", "case_details", "fact")

# A question that asks for one fact ("How many…", "Who…", "When…") even when it names a case.
_ASKS_A_FACT = re.compile(r"\s*(?:how|who|whom|whose|when|where|why|which|did|does|do|was|were|is|are|has|have|had)\b", re.I)
_ABOUT_A_CASE = re.compile(r"\bcase\b|\bchild\b|more|detail|happened", re.I)
_COUNT = re.compile(r"^\s*(?:(?:and|so)\s+)?how\s+many\b", re.I)


@dataclass(frozen=True)
class Route:
    intent: str
    question: str
    cases: CaseQuery  # the case constraints and topic, read for every question
    scope: Scope = Scope()  # the reviews a fact question names
    named_case: CaseRecord | None = None  # for case_details
    within: tuple[str, ...] | None = None  # a follow-up over these cases only
    sources: tuple[str, ...] | None = None  # a document filter the user chose
    offset: int = 0  # a list answer's entries from this one on ("show more")

    def parsed(self) -> dict:
        """What ``ask --json`` shows: how the question was read."""
        out: dict = {"intent": self.intent}
        q = self.cases
        if self.intent in ("list_cases", "count_cases", "all_cases"):
            out["topic"] = q.criteria or None
            out["themes"] = list(q.themes)
            out["areas"] = list(q.areas)
            out["age_days"] = [q.age.min_days, q.age.max_days] if q.age else None
            out["gender"] = q.gender
            out["died"] = q.died
            out["cause_of_death"] = q.cause_of_death
            out["excluded"] = q.excluded or None
        else:
            out["areas"] = list(self.scope.areas)
            out["children"] = list(self.scope.children)
        if self.named_case is not None:
            out["case"] = self.named_case.label
        if self.within is not None:
            out["within_previous_cases"] = len(self.within)
        if self.sources:
            out["sources"] = list(self.sources)
        if self.offset:
            out["offset"] = self.offset
        return out


def route(
    question: str,
    index: CaseIndex,
    names: CaseNames,
    heading: Callable[[str], str] | None = None,
    within_cases: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
) -> Route:
    """``heading``: a document's title and opening by hash (scoping picks among an area's
    documents by the period or title words a question names)."""
    cases = parse_case_question(question, index.areas, index.glossary)
    chosen = tuple(sources) if sources else None
    within = tuple(within_cases) if within_cases is not None else None
    if index.cases and (cases.is_list or within is not None):
        if _COUNT.match(question):
            intent = "count_cases"
        elif not cases.criteria and not cases.constrained and within is None:
            intent = "all_cases"
        else:
            intent = "list_cases"
        return Route(intent, question, cases, within=within, sources=chosen)
    if index.cases and not chosen:
        named = _case_named(question, names)
        if named is not None:
            return Route("case_details", question, cases, named_case=named)
    return Route("fact", question, cases, scope=scope_of(question, index, heading), sources=chosen)


def _case_named(question: str, names: CaseNames) -> CaseRecord | None:
    """The one case a question asks about ("tell me more about the Bedfordshire case")."""
    if DOCUMENT_FRAMED.search(question) or _ASKS_A_FACT.match(question):
        # "In the Shropshire briefing paper…, how many…", "How many agencies … for Child T?":
        # a fact about a case, answered from its review, not the whole case record.
        return None
    if not _ABOUT_A_CASE.search(question):
        return None
    return names.the_one_named(question)
