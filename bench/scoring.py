"""Questions for the latency runs and how their answers are scored against ground truth.

List questions are scored on ``Answer.cases``: a case hit matches a true case when area
and pseudonym agree after normalising quotes, case and spacing. Fact questions count as
right when a citation comes from a document that describes the case.
"""

from __future__ import annotations

import importlib.util
import random
import re
from pathlib import Path

_CRITERIA_THEMES = ["Alcohol abuse", "Poor sharing of info.", "Workforce failings", "Domestic abuse", "Silo working"]


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[‘’'\"“”]", "", text or "")).strip().lower()


def matches(criterion: str, case: dict) -> bool:
    """Does a ground-truth case meet a criterion like 'area:Kent+theme:Alcohol abuse'?"""
    for part in criterion.split("+"):
        name, _, value = part.partition(":")
        if name == "area" and case["area"] != value:
            return False
        if name == "theme" and value not in case["themes"]:
            return False
        if name in ("registered_sex_offender", "co_sleeping", "died") and not case[name]:
            return False
    return True


def latency_questions(truth: dict, per_kind: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    cases = truth["cases"]
    label = lambda c: (norm(c["area"]), norm(c["pseudonym"]))  # noqa: E731
    out = []
    for c in rng.sample(cases, min(per_kind, len(cases))):
        template = rng.choice(["How old was {p} in the {a} review?", "What happened to {p} in {a}?",
                               "What were the key findings in the case of {p}, {a}?",
                               "Which agencies were involved with {p} in {a}?"])
        out.append({"kind": "fact", "question": template.format(p=c["pseudonym"], a=c["area"]),
                    "expected_documents": c["documents"]})
    criteria = [q["criterion"] for q in truth["questions"] if q["kind"] == "list"]
    areas = sorted({c["area"] for c in cases})
    while len(criteria) < per_kind:
        criteria.append(f"area:{rng.choice(areas)}+theme:{rng.choice(_CRITERIA_THEMES)}")
    for criterion in criteria[:per_kind]:
        out.append({"kind": "list", "question": list_question(criterion), "criterion": criterion,
                    "expected_labels": sorted({label(c) for c in cases if matches(criterion, c)})})
    return out


def list_question(criterion: str) -> str:
    parts = dict(p.partition(":")[::2] for p in criterion.split("+"))
    where = f" in {parts['area']}" if "area" in parts else ""
    if "theme" in parts:
        return f"Which cases{where} involved {parts['theme'].lower().rstrip('.')}?"
    if "died" in parts:
        return f"Which children died{where}?"
    if "registered_sex_offender" in parts:
        return f"Which cases{where} involved registered sex offenders?"
    return f"Which cases{where} involved co-sleeping?"


def case_index_available() -> bool:
    return importlib.util.find_spec("vectorstore.case_index") is not None


def case_scores(answer, expected: list[tuple[str, str]], records: dict | None = None) -> dict | None:
    """Precision and recall of the listed cases, or None while the product has no case index.
    ``records``: the case index by id, to read every case a paged list matched
    (``matched_cases``), not only the page it shows."""
    if answer.mode != "case-list" and not case_index_available():
        return None
    got = set()
    hits = getattr(answer, "cases", []) or []
    if records is not None and getattr(answer, "matched_cases", None):
        hits = [records[case_id] for case_id in answer.matched_cases]
    for hit in hits:
        area, child = hit.local_authority, hit.child
        if not (area and child):
            area, _, child = hit.label.partition(" — ")
        got.add((norm(area), norm(child)))
    want = {tuple(e) for e in expected}
    right = len(got & want)
    return {
        "precision": right / len(got) if got else (1.0 if not want else 0.0),
        "recall": right / len(want) if want else 1.0,
        "listed": len(got),
        "expected": len(want),
        # A few of each kind of miss, as "area — child", for whoever improves the case index.
        "wrongly_listed": [" — ".join(x) for x in sorted(got - want)[:10]],
        "missed": [" — ".join(x) for x in sorted(want - got)[:10]],
    }


def fact_hit(answer, expected_documents: list[str]) -> bool:
    names = {Path(d).name for d in expected_documents}
    return any(Path(c.source).name in names for c in answer.citations if not c.weak)
