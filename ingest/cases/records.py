"""A case and its evidence, as plain data (JSON-able for the durable case index)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Evidence:
    start: int  # offsets into the document's extracted text
    end: int
    text: str  # exactly extracted_text[start:end]
    field: str  # "row", "child", "area", "gender", "age", "outcome", "harmed_by", "context", "findings", "statement", "title", …
    section: str | None = None
    # Set when the span is in another document than the case's own (the same child found twice).
    doc_hash: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class ThemeTag:
    theme: str
    evidence: int  # index into CaseRecord.evidence of the span that triggered it


@dataclass
class CaseRecord:
    case_id: str
    label: str
    doc_hash: str
    source: str
    title: str
    local_authority: str | None = None
    child: str | None = None
    gender: str | None = None  # "M", "F" or None (not stated)
    age: str | None = None  # as written
    age_min_days: int | None = None
    age_max_days: int | None = None
    age_days: int | None = None
    age_band: str | None = None
    context: str | None = None
    findings: str | None = None
    outcome: str | None = None  # "died" or "harmed", None when the text does not say
    harmed_by: str | None = None  # as written: "mother's partner", "father"
    origin: str = ""  # how it was found: "single review", "table row", "listed case"
    also_in: list[str] = field(default_factory=list)  # sources of other documents about the same child
    evidence: list[Evidence] = field(default_factory=list)
    themes: list[ThemeTag] = field(default_factory=list)

    @property
    def died(self) -> bool | None:
        return None if self.outcome is None else self.outcome == "died"

    @property
    def theme_keys(self) -> list[str]:
        return sorted({t.theme for t in self.themes})

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> CaseRecord:
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        data["evidence"] = [Evidence(**e) for e in data.get("evidence", [])]
        data["themes"] = [ThemeTag(**t) for t in data.get("themes", [])]
        return cls(**data)
