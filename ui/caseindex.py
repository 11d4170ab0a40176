"""The case index as the UI sees it, tolerant of a store or build without one.

The case index (cases, themes, their evidence) is an optional part of the ``Assistant``
API; every view asks through these functions so the app still works, minus case tables
and the theme explorer, when it is absent. No retrieval or matching happens here.
"""

from __future__ import annotations

from collections import defaultdict


def available(assistant) -> bool:
    return all(hasattr(assistant, name) for name in ("cases", "themes", "theme_matrix", "theme_evidence"))


def themes(assistant) -> list:
    return list(assistant.themes()) if hasattr(assistant, "themes") else []


def theme_names(assistant) -> dict[str, str]:
    return {t.key: t.name for t in themes(assistant)}


def cases(assistant) -> list:
    return list(assistant.cases()) if hasattr(assistant, "cases") else []


def case_labels(assistant) -> dict[str, str]:
    return {c.case_id: c.label for c in cases(assistant)}


def case_count(assistant, status: dict) -> int | None:
    if "cases" in status:
        return status["cases"]
    return len(cases(assistant)) if hasattr(assistant, "cases") else None


def with_themes(hits: list, wanted: list[str]) -> list:
    """Case hits tagged with at least one of the wanted themes (all hits if none wanted)."""
    if not wanted:
        return list(hits)
    return [hit for hit in hits if set(hit.themes or ()) & set(wanted)]


def evidence_by_document_and_case(evidence: list, sources: list[str] | None = None) -> dict[str, dict[str, list]]:
    """Theme evidence grouped source -> case_id ("" when not tied to one case) -> extracts,
    in document order; limited to ``sources`` when given."""
    grouped: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for e in sorted(evidence, key=lambda e: (e.source, e.start)):
        if sources and e.source not in sources:
            continue
        grouped[e.source][getattr(e, "case_id", None) or ""].append(e)
    return {source: dict(by_case) for source, by_case in grouped.items()}
