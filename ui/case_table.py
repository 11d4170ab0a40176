"""Every case as one table (the Cases view): rows, filtering, sorting, CSV, and each
case's evidence as citable extracts. Plain data in and out; no Streamlit here."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ui.labels import gender_label, outcome_label, year_of

COLUMNS = ("Child", "Area", "Age", "Gender", "Died or harmed", "Themes", "Review", "Year")


@dataclass(frozen=True)
class CaseExtract:
    """A piece of a case's evidence, shaped like a citation (``ui.citations`` shows it)."""

    n: int
    source: str
    title: str
    section: str | None
    page: int | None
    start: int
    end: int
    text: str
    doc_hash: str
    field: str


def rows(cases: list, documents: dict, theme_names: dict[str, str]) -> list[dict]:
    """One row per case; ``documents`` is doc_hash -> DocumentRecord (for titles)."""
    out = []
    for case in cases:
        record = documents.get(case.doc_hash)
        title = (record.title if record else case.title) or Path(case.source).name
        out.append(
            {
                "id": case.case_id,
                "Child": case.child or case.label,
                "Area": case.local_authority or "",
                "Age": case.age or "",
                "Gender": gender_label(case.gender),
                "Died or harmed": outcome_label(case.outcome),
                "Themes": ", ".join(theme_names.get(t, t) for t in case.theme_keys),
                "Review": title,
                "Year": year_of(title, Path(case.source).name),
                "themes": tuple(case.theme_keys),
                "source": case.source,
            }
        )
    return out


def filtered(table: list[dict], text: str = "", areas=(), outcomes=(), themes=(), reviews=()) -> list[dict]:
    """Rows matching every given filter: ``text`` anywhere in the row (any case), a row's
    area, outcome and review among those chosen, at least one of the chosen themes."""
    words = text.lower().split()
    out = []
    for row in table:
        haystack = " ".join(str(row[c]) for c in COLUMNS).lower()
        if words and not all(w in haystack for w in words):
            continue
        if areas and row["Area"] not in areas:
            continue
        if outcomes and row["Died or harmed"] not in outcomes:
            continue
        if themes and not set(row["themes"]) & set(themes):
            continue
        if reviews and row["Review"] not in reviews:
            continue
        out.append(row)
    return out


def sorted_rows(table: list[dict], column: str, descending: bool = False) -> list[dict]:
    """Sorted by one column, empty cells last either way; ties keep the index's order."""
    filled = [r for r in table if str(r.get(column, "")).strip()]
    empty = [r for r in table if not str(r.get(column, "")).strip()]
    return sorted(filled, key=lambda r: str(r[column]).lower(), reverse=descending) + empty


def shown(table: list[dict]) -> list[dict]:
    """Only the visible columns, in order."""
    return [{c: row[c] for c in COLUMNS} for row in table]


def to_csv(table: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), extrasaction="ignore")
    writer.writeheader()
    for row in table:
        # A cell starting with = + - @ is a formula to a spreadsheet: keep it text.
        writer.writerow({c: _no_formula(str(row[c])) for c in COLUMNS})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def _no_formula(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def extracts(case, documents: dict) -> list[CaseExtract]:
    """The case's evidence, each span once, numbered in document order (a whole table row
    only when nothing finer was found)."""
    evidence = [e for e in case.evidence if e.field != "row"] or list(case.evidence)
    seen: set = set()
    out: list = []
    for e in sorted(evidence, key=lambda e: (e.doc_hash or case.doc_hash, e.start)):
        doc_hash = e.doc_hash or case.doc_hash
        if (doc_hash, e.start, e.end) in seen:
            continue
        seen.add((doc_hash, e.start, e.end))
        record = documents.get(doc_hash)
        out.append(
            CaseExtract(
                len(out) + 1, e.source or case.source, (record.title if record else case.title) or "", e.section,
                record.page_of(e.start) if record else None, e.start, e.end, e.text, doc_hash, e.field,
            )
        )  # fmt: skip
    return out
