"""The same child found in two documents is one case: a single review and a briefing's
row about it become one record that cites both. Two children who share a pseudonym in
different areas ("Child S" in Knowsley and in Sunderland), or whose stated ages or
genders disagree, stay two."""

from __future__ import annotations

import copy
from dataclasses import replace

from ingest.cases.records import CaseRecord, ThemeTag

_RANK = {"single review": 0, "table row": 1, "listed case": 2}


def _same_child_key(case: CaseRecord) -> tuple[str, str] | None:
    if not case.local_authority or not case.child:
        return None
    child = " ".join(case.child.lower().replace("‘", "").replace("’", "").replace("'", "").split())
    return case.local_authority.lower(), child


def _compatible(a: CaseRecord, b: CaseRecord) -> bool:
    if a.gender and b.gender and a.gender != b.gender:
        return False
    if None not in (a.age_min_days, a.age_max_days, b.age_min_days, b.age_max_days):
        return a.age_min_days < b.age_max_days and b.age_min_days < a.age_max_days  # type: ignore[operator]
    return True


def merge_same_child(cases: list[CaseRecord]) -> list[CaseRecord]:
    """``cases`` with records of one child across documents folded into the best-read one
    (a single review before a table row before a list line); the others' evidence joins it,
    marked with its own document, and their sources are listed in ``also_in``."""
    groups: dict[tuple[str, str], list[CaseRecord]] = {}
    out: list[CaseRecord] = []
    for case in cases:
        key = _same_child_key(case)
        if key is None:
            out.append(case)
            continue
        groups.setdefault(key, []).append(case)
    for group in groups.values():
        group.sort(key=lambda c: (_RANK.get(c.origin, 3), c.source))
        primaries: list[CaseRecord] = []
        for case in group:
            home = next((p for p in primaries if p.doc_hash != case.doc_hash and _compatible(p, case)), None)
            if home is None:
                primaries.append(copy.deepcopy(case))
                continue
            offset = len(home.evidence)
            home.evidence.extend(replace(e, doc_hash=case.doc_hash, source=case.source) for e in case.evidence)
            known = {t.theme for t in home.themes}
            home.themes.extend(ThemeTag(t.theme, t.evidence + offset) for t in case.themes if t.theme not in known)
            home.also_in.append(case.source)
            for name in ("gender", "outcome", "harmed_by", "context", "findings"):
                if getattr(home, name) is None:
                    setattr(home, name, getattr(case, name))
            if home.age_min_days is None and case.age_min_days is not None:
                for name in ("age", "age_min_days", "age_max_days", "age_days", "age_band"):
                    setattr(home, name, getattr(case, name))
        out.extend(primaries)
    return out
