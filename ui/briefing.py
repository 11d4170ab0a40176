"""A briefing: answers, theme pages and case tables, in the user's order, with the user's
introduction and a note per item. Exported by ``ui.briefing_export``.

Items are snapshots (plain data, no live objects), so a briefing survives re-ingests,
reloads and restarts (``ui.codec`` saves them). Each item numbers its citations locally
([1], [2] as on screen); the export renumbers them across the whole briefing, first use
first, and one extract cited by two items gets one number. A reference names the
document's title, the section and the page.

Text is rebuilt from its parts rather than by rewriting markers in answer strings, so a
"[3]" printed inside a document (a footnote, say) is never mistaken for a citation.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.extractive import display
from ui.labels import gender_label

_TRAILING_MARKERS = re.compile(r"(?:\s*\[\d+\])+\s*$")


@dataclass(frozen=True)
class Reference:
    source: str
    section: str | None
    page: int | None
    start: int
    end: int
    text: str
    title: str = ""

    def label(self) -> str:
        """Title, section, page; the file name too, so the reader can find the file."""
        name = Path(self.source).name
        head = f"{self.title} ({name})" if self.title and self.title != name else name
        parts = [head, self.section, f"p. {self.page}" if self.page else None]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Segment:
    text: str
    cites: tuple[int, ...] = ()  # local citation numbers backing this text


@dataclass(frozen=True)
class CaseTable:
    """Cases as a real table (Word table, Markdown table): one row per case, the last
    column its citations."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    cites: tuple[tuple[int, ...], ...] = ()  # per row, local citation numbers


@dataclass(frozen=True)
class BriefingItem:
    kind: str  # "answer" | "theme" | "cases"
    title: str
    intro: str
    segments: tuple[Segment, ...]
    references: dict[int, Reference]  # local number -> where it comes from
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    table: CaseTable | None = None
    note: str = ""  # the user's own words under this item


@dataclass
class Briefing:
    """What is handed out: a title, a date, an author, an introduction, then the items."""

    title: str = "Briefing"
    author: str = ""
    date: str = ""  # ISO date (YYYY-MM-DD); empty: undated
    intro: str = ""
    items: list[BriefingItem] = field(default_factory=list)


ANSWER_CASE_COLUMNS = ("Area", "Child", "Age", "Gender", "Context", "Themes")


def from_answer(answer, id: str | None = None, theme_names: dict[str, str] | None = None) -> BriefingItem:
    """Snapshot of an ``assistant.answer.Answer``: its extracts, or its cases as a table,
    with references. ``id`` names where the item came from (a conversation turn), so it is
    added only once."""
    references = {c.n: _reference(c) for c in answer.citations}
    table = None
    if answer.cases:
        names = theme_names or {}
        rows = tuple(
            (h.local_authority or "", h.child or "", h.age or "", gender_label(h.gender), display(h.summary or ""),
             ", ".join(names.get(t, t) for t in h.themes or ()))
            for h in answer.cases
        )  # fmt: skip
        table = CaseTable(ANSWER_CASE_COLUMNS, rows, tuple(tuple(h.citations) for h in answer.cases))
        segments: tuple[Segment, ...] = ()
        intro = f"{len(answer.cases)} case(s) in the indexed reviews."
        total, first, last = len(answer.matched_cases), answer.offset + 1, answer.offset + len(answer.cases)
        if total > len(answer.cases):  # a page of a long list: say which, of how many
            which = f"Case {first}" if first == last else f"Cases {first}–{last}"
            intro = f"{which} of the {total} the question matched in the indexed reviews."
    elif answer.abstained:
        segments = tuple(Segment(display(c.text), (c.n,)) for c in answer.citations)
        # The assistant's own wording (why it abstains), minus the markers it appends last:
        # the extracts below carry their numbers.
        intro = _TRAILING_MARKERS.sub("", answer.answer)
    else:
        segments = tuple(Segment(display(c.text), (c.n,)) for c in answer.citations)
        intro = ""
    return BriefingItem("answer", answer.question, intro, segments, references, id or uuid.uuid4().hex, table)


def from_theme(theme, evidence: Sequence, case_labels: dict[str, str] | None = None) -> BriefingItem:
    """A theme page: its definition, then each cited extract (labelled with its case).

    Its id is the theme's key: one page per theme, however often it is added.
    """
    case_labels = case_labels or {}
    segments, references = [], {}
    for n, e in enumerate(evidence, start=1):
        case = getattr(e, "case_label", None) or case_labels.get(getattr(e, "case_id", None) or "", "")
        segments.append(Segment((f"{case}: " if case else "") + display(e.text), (n,)))
        references[n] = _reference(e)
    return BriefingItem(
        "theme", f"Theme: {theme.name}", theme.definition or "", tuple(segments), references, f"theme:{theme.key}"
    )


def from_cases(title: str, intro: str, columns: Sequence[str], rows: Sequence[Sequence[str]],
               evidence: Sequence[Sequence], id: str | None = None) -> BriefingItem:  # fmt: skip
    """A table of cases (the Cases view): ``evidence`` per row, each with source, section,
    page, start, end, text and title, becomes that row's citations."""
    references: dict = {}
    cites: list = []
    for row_evidence in evidence:
        numbers = []
        for e in row_evidence:
            references[len(references) + 1] = _reference(e)
            numbers.append(len(references))
        cites.append(tuple(numbers))
    table = CaseTable(tuple(columns), tuple(tuple(r) for r in rows), tuple(cites))
    return BriefingItem("cases", title, intro, (), references, id or uuid.uuid4().hex, table)


def _reference(evidence) -> Reference:
    return Reference(
        evidence.source,
        getattr(evidence, "section", None),
        getattr(evidence, "page", None),
        evidence.start,
        evidence.end,
        evidence.text,
        getattr(evidence, "title", "") or "",
    )


# --- numbering ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Numbered:
    items: list[tuple[BriefingItem, list[tuple[str, list[int]]]]]  # item, (segment text, global numbers)
    references: list[Reference]  # index + 1 is the global number
    row_numbers: dict[str, list[list[int]]]  # item id -> per table row, global numbers


def number(items: Iterable[BriefingItem]) -> Numbered:
    order: dict[tuple, int] = {}
    references: list[Reference] = []
    out, rows = [], {}

    def global_numbers(item: BriefingItem, cites: Iterable[int]) -> list[int]:
        numbers = []
        for local in cites:
            ref = item.references.get(local)
            if ref is None:
                continue
            key = (ref.source, ref.start, ref.end)
            if key not in order:
                references.append(ref)
                order[key] = len(references)
            numbers.append(order[key])
        return numbers

    for item in items:
        if item.table is not None:
            rows[item.id] = [global_numbers(item, cites) for cites in item.table.cites]
        lines = [(segment.text, global_numbers(item, segment.cites)) for segment in item.segments]
        out.append((item, lines))
    return Numbered(out, references, rows)


def marks(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)
