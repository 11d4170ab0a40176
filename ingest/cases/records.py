"""A case and its evidence, as plain data (JSON-able for the durable case index)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Evidence:
    start: int  # offsets into the document's extracted text
    end: int
    text: str  # exactly extracted_text[start:end]
    field: str  # "row", "case", "gender", "age", "context", "findings", "statement", "title"
    section: str | None = None


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
    evidence: list[Evidence] = field(default_factory=list)
    themes: list[ThemeTag] = field(default_factory=list)

    @property
    def theme_keys(self) -> list[str]:
        return sorted({t.theme for t in self.themes})

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "CaseRecord":
        data = dict(data)
        data["evidence"] = [Evidence(**e) for e in data.get("evidence", [])]
        data["themes"] = [ThemeTag(**t) for t in data.get("themes", [])]
        return cls(**data)
