"""The start page's content as plain data: what is loaded, and questions worth a click.

Reads the ``Assistant``'s documents and, when present, its case index (which kind of
document each is, how many cases it gave); no Streamlit here.
"""

from __future__ import annotations

from pathlib import Path

from ui.labels import kind_label, readable_date, year_of

EXAMPLES = (
    "Which cases involved registered sex offenders?",
    "Which children died while co-sleeping?",
    "What did the reviews find about information sharing between agencies?",
    "What was learned about neglect?",
)


def documents(assistant) -> list[dict]:
    """One row per document, by title: kind, year, cases it gave, when it was added."""
    index = getattr(assistant, "case_index", None)
    classes = getattr(index, "classes", {}) if index is not None else {}
    by_document = getattr(index, "by_document", {}) if index is not None else {}
    rows = []
    for doc_hash, record in assistant.documents.items():
        cases = len(by_document.get(doc_hash, ())) if index is not None else None
        kind = classes.get(doc_hash, {}).get("kind")
        rows.append(
            {
                "Document": record.title or Path(record.source).name,
                "Kind": kind_label(kind) if index is not None else "",
                "Year": year_of(record.title, Path(record.source).name),
                "Cases": cases if cases is not None else "",
                "Added": readable_date(record.ingested_at),
                "File": Path(record.source).name,
                "no_cases": cases == 0,
            }
        )
    return sorted(rows, key=lambda r: r["Document"].lower())


def summary(rows: list[dict], cases: int | None) -> str:
    without = sum(1 for r in rows if r["no_cases"])
    text = f"{len(rows)} document(s)"
    if cases is not None:
        text += f", {cases} case(s)"
        if without:
            text += f"; {without} document(s) describe no case of their own"
    return text + "."


def examples(assistant) -> list[str]:
    """The fixed examples, plus one about a real case when the index has one."""
    out = list(EXAMPLES)
    index = getattr(assistant, "case_index", None)
    first = next(iter(getattr(index, "cases", []) or []), None)
    if first is not None and first.local_authority:
        out.append(f"Tell me more about the {first.local_authority} case")
    return out
