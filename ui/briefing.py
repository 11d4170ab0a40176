"""A briefing: answers and theme pages, in the user's order, exported as Markdown and Word.

Items are snapshots (plain data, no live objects), so a briefing survives re-ingests and
re-runs. Each item numbers its citations locally ([1], [2] as on screen); the export
renumbers them across the whole briefing, first use first, and one extract cited by two
items gets one number. The reference list names the source file, section and page.

Text is rebuilt from its parts rather than by rewriting markers in answer strings, so a
"[3]" printed inside a document (a footnote, say) is never mistaken for a citation.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.extractive import display

# Characters Markdown would read as markup inside a line; extracts are single lines (white
# space collapsed) after our own "- " or "> " prefix, so line-start markers cannot occur.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>!#|~$&])")
# XML 1.0 forbids these; python-docx refuses strings containing them.
_TRAILING_MARKERS = re.compile(r"(?:\s*\[\d+\])+\s*$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Reference:
    source: str
    section: str | None
    page: int | None
    start: int
    end: int
    text: str

    def label(self) -> str:
        parts = [Path(self.source).name, self.section, f"p. {self.page}" if self.page else None]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Segment:
    text: str
    cites: tuple[int, ...] = ()  # local citation numbers backing this text


@dataclass(frozen=True)
class BriefingItem:
    kind: str  # "answer" | "theme"
    title: str
    intro: str
    segments: tuple[Segment, ...]
    references: dict[int, Reference]  # local number -> where it comes from
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


def from_answer(answer, id: str | None = None) -> BriefingItem:
    """Snapshot of an ``assistant.answer.Answer``: its extracts, or its cases, with references.

    ``id`` names where the item came from (a conversation turn), so it is added only once.
    """
    references = {c.n: _reference(c) for c in answer.citations}
    if answer.cases:
        segments = tuple(Segment(_case_line(hit), tuple(hit.citations)) for hit in answer.cases)
        intro = f"{len(answer.cases)} case(s) in the indexed reviews."
    elif answer.abstained:
        segments = tuple(Segment(display(c.text), (c.n,)) for c in answer.citations)
        # The assistant's own wording (why it abstains), minus the markers it appends last:
        # the extracts below carry their numbers.
        intro = _TRAILING_MARKERS.sub("", answer.answer)
    else:
        segments = tuple(Segment(display(c.text), (c.n,)) for c in answer.citations)
        intro = ""
    return BriefingItem("answer", answer.question, intro, segments, references, id or uuid.uuid4().hex)


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


def _reference(evidence) -> Reference:
    return Reference(
        evidence.source,
        getattr(evidence, "section", None),
        getattr(evidence, "page", None),
        evidence.start,
        evidence.end,
        evidence.text,
    )


def _case_line(hit) -> str:
    facts = "; ".join(x for x in (hit.local_authority, hit.child, hit.age, hit.gender) if x)
    return f"{hit.label}" + (f" ({facts})" if facts else "") + (f": {display(hit.summary)}" if hit.summary else "")


# --- numbering ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Numbered:
    items: list[tuple[BriefingItem, list[tuple[str, list[int]]]]]  # item, (segment text, global numbers)
    references: list[Reference]  # index + 1 is the global number


def number(items: Iterable[BriefingItem]) -> Numbered:
    order: dict[tuple, int] = {}
    references: list[Reference] = []
    out = []
    for item in items:
        lines = []
        for segment in item.segments:
            numbers = []
            for local in segment.cites:
                ref = item.references.get(local)
                if ref is None:
                    continue
                key = (ref.source, ref.start, ref.end)
                if key not in order:
                    references.append(ref)
                    order[key] = len(references)
                numbers.append(order[key])
            lines.append((segment.text, numbers))
        out.append((item, lines))
    return Numbered(out, references)


# --- export -------------------------------------------------------------------------------
def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _marks(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def to_markdown(items: Sequence[BriefingItem], title: str = "Briefing") -> str:
    numbered = number(items)
    out = [f"# {_md(title)}", ""]
    for item, lines in numbered.items:
        out += [f"## {_md(item.title)}", ""]
        if item.intro:
            out += [_md(item.intro), ""]
        out += [f"- {_md(text)} {_marks(nums)}".rstrip() for text, nums in lines]
        out.append("")
    if numbered.references:
        out += ["## References", ""]
        out += [f"- \\[{n}\\] {_md(ref.label())}" for n, ref in enumerate(numbered.references, start=1)]
        out.append("")
    return "\n".join(out)


def to_docx(items: Sequence[BriefingItem], title: str = "Briefing") -> bytes:
    from docx import Document  # python-docx: imported only when a Word file is asked for

    numbered = number(items)
    doc = Document()
    doc.add_heading(_xml(title), 0)
    for item, lines in numbered.items:
        doc.add_heading(_xml(item.title), 1)
        if item.intro:
            doc.add_paragraph(_xml(item.intro))
        for text, nums in lines:
            doc.add_paragraph(_xml(f"{display(text)} {_marks(nums)}".rstrip()), style="List Bullet")
    if numbered.references:
        doc.add_heading("References", 1)
        for n, ref in enumerate(numbered.references, start=1):
            doc.add_paragraph(_xml(f"[{n}] {ref.label()}"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)
