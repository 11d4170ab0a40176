"""Answering list questions from the case index: every case is checked, none is skipped.

A case matches when it meets every constraint the question states (age, gender, area,
death) and, when the question has a topic, when its own text shows the topic
(``assistant.case_evidence``). The answer says how many of how many indexed cases match
and cites, for each, the verbatim span that made it match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.case_evidence import Sentence
from assistant.case_questions import CaseQuery
from ingest.cases.records import CaseRecord, Evidence
from knowledge.ages import AgeRange, bounds_within
from knowledge.words import DEATH_IN_CASE


@dataclass(slots=True)  # (a list answer makes thousands)
class CaseMatch:
    case: CaseRecord
    # What shows the case matches: a span of its record, or the sentence found for the
    # question's topic (in its own document or in another that tells of it).
    evidence: Evidence | Sentence


def _evidence_for(case: CaseRecord, field: str) -> Evidence | None:
    return next((e for e in case.evidence if e.field == field), None)


def primary(case: CaseRecord) -> Evidence:
    """The span that stands for the case when nothing asked needs its own: its context, else its row."""
    return _evidence_for(case, "context") or _evidence_for(case, "row") or case.evidence[0]


def _age_ok(case: CaseRecord, wanted: AgeRange) -> bool:
    if case.age_min_days is None or case.age_max_days is None:
        return False
    return bounds_within(case.age_min_days, case.age_max_days, wanted)


def states_constraints(query: CaseQuery) -> bool:
    """Does the question state a constraint ``fits`` checks? (Else every case fits.)"""
    return bool(query.gender or query.age or query.areas or query.died)


def fits(case: CaseRecord, query: CaseQuery, told: Callable[[CaseRecord], list[Evidence]] | None = None) -> bool:
    """Does ``case`` meet the question's age, gender, area and death constraints? (A topic
    question cites its topic's sentence, so the span that shows them is not needed.)
    ``told``: ``death_told``, or a keeper of its answers (``CaseTable.death_told``)."""
    if query.gender and case.gender != query.gender:
        return False
    if query.age and not _age_ok(case, query.age):
        return False
    if query.areas and (case.local_authority or "").lower() not in {a.lower() for a in query.areas}:
        return False
    if query.died:
        return case.outcome == "died" or (case.outcome != "harmed" and bool((told or death_told)(case)))
    return True


def death_told(case: CaseRecord) -> list[Evidence]:
    """The case's spans that tell of a death (an outcome, incident, context, section or row)."""
    return [e for e in case.evidence if e.field in ("outcome", "incident", "context", "section", "row") and DEATH_IN_CASE.search(e.text)]


def meets_constraints(
    case: CaseRecord, query: CaseQuery, told: Callable[[CaseRecord], list[Evidence]] | None = None
) -> Evidence | None:
    """The span that shows ``case`` meets the question's age, gender, area and death
    constraints (its primary evidence when none needs its own), or None."""
    if not fits(case, query, told):
        return None
    return shown_fitting(case, query, told)


def shown_fitting(
    case: CaseRecord,
    query: CaseQuery,
    told: Callable[[CaseRecord], list[Evidence]] | None = None,
    stands_for: Callable[[CaseRecord], Evidence] = primary,
) -> Evidence:
    """``meets_constraints`` of a case known to fit (``CaseTable.fitting``): the span that
    tells of its death when the question asks for one, else ``stands_for(case)``, its
    ``primary`` span or a keeper of them (``CaseTable.primary``)."""
    shown = (told or death_told)(case) if query.died else []
    return shown[0] if shown else stands_for(case)


def describe(case: CaseRecord) -> str:
    gender = {"F": "F", "M": "M"}.get(case.gender or "", "gender not stated")
    age = case.age or "age not stated"
    return f"{gender}, {age}"


_VERB_LED = re.compile(r"^(?:\w+ed|were|was|are|is|had|have|has|died|show|shows|mention|mentions|raised|involve|concern)\b", re.I)


def headline(count: int, total: int, criteria: str, scope: str = "indexed") -> str:
    """"2 of 8 indexed cases involved registered sex offenders" (or "match “…”")."""
    cases = f"cases {scope}" if scope != "indexed" else "indexed cases"
    if not criteria:  # "List all the cases", "List the Lancashire cases": the constraints alone
        return f"None of the {total} {cases} fit the question." if count == 0 else f"{count} of {total} {cases}:"
    what = criteria if _VERB_LED.match(criteria) else f"match “{criteria}”"
    if count == 0:
        return f"None of the {total} {cases} {what}."
    return f"{count} of {total} {cases} {what}:"
