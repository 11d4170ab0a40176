"""What the assistant returns: an answer, its numbered citations and, for list questions, cases.

``to_dict`` is the JSON contract of ``python -m assistant ask --json``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


# Slots and not frozen: a list answer makes thousands ("List all the cases": 14k), and a
# frozen dataclass sets each field through object.__setattr__, four times the cost.
@dataclass(slots=True)
class Citation:
    n: int
    source: str
    title: str
    section: str | None
    page: int | None
    start: int
    end: int
    text: str  # exactly extracted_text[start:end] of the document
    score: float
    doc_hash: str
    weak: bool = False  # shown only as a nearest match, not as support for an answer


@dataclass(slots=True)  # (as Citation)
class CaseHit:
    case_id: str
    label: str
    local_authority: str | None
    child: str | None
    age: str | None
    gender: str | None
    summary: str
    citations: list[int]
    themes: list[str] = field(default_factory=list)


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    cases: list[CaseHit] = field(default_factory=list)
    mode: str = "extractive"  # "extractive" | "case-list"
    best_similarity: float = 0.0  # top passage's cosine to the question: what abstention tests
    timings_ms: dict[str, float] = field(default_factory=dict)
    generated: dict | None = None  # set when a language model wrote a validated answer (assistant/generation)
    # How the question was read: its intent and constraints, and the documents it was scoped
    # to, so a wrong reading is visible in `ask --json`.
    parsed: dict = field(default_factory=dict)
    # A list answer: every case it matched (ids, in order), of which ``cases`` are those shown
    # from ``offset`` on; a long list shows a page at a time (``list_page_size``).
    matched_cases: list[str] = field(default_factory=list)
    offset: int = 0
    within_cases: list[str] | None = None  # a follow-up's: the cases it was asked over

    def to_dict(self) -> dict:
        return asdict(self)
