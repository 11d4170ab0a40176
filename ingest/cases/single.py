"""The one case of a document that is a review of one child (or one sibling group)."""

from __future__ import annotations

from ingest.cases import subject
from ingest.cases.areas import DocumentArea
from ingest.cases.fields import Headings, evidence, new_case
from ingest.cases.pseudonyms import Candidate
from ingest.cases.records import CaseRecord
from ingest.structure import blocks
from knowledge.ages import age_band


def single_case(text: str, doc: dict, child: Candidate, headings: Headings, area: DocumentArea | None) -> CaseRecord:
    case = new_case(doc, area.area if area else None, child.name)
    case.origin = "single review"
    first = child.mentions[0]
    case.evidence.append(evidence(text, *_line_of(text, first[0]), "child", headings))
    if area and area.start >= 0:
        case.evidence.append(evidence(text, *_line_of(text, area.start), "area", headings))
    sentences = subject.sentences_with(text, child.mentions)
    if found := subject.age(text, subject.sentences_with(text, child.mentions, follow=True)):
        finding, parsed = found
        case.age = finding.value
        case.age_min_days, case.age_max_days, case.age_days = parsed.min_days, parsed.max_days, parsed.days
        case.age_band = age_band(parsed)
        case.evidence.append(evidence(text, finding.start, finding.end, "age", headings))
    if " and " not in child.name and (gender := subject.gender(text, child.mentions)):
        case.gender = gender.value
        case.evidence.append(evidence(text, gender.start, gender.end, "gender", headings))
    if outcome := subject.outcome(text, sentences, doc["title"]):
        case.outcome = outcome.value
        if outcome.end > outcome.start:
            case.evidence.append(evidence(text, outcome.start, outcome.end, "outcome", headings))
    if who := subject.perpetrator(text, sentences):
        case.harmed_by = who.value
        case.evidence.append(evidence(text, who.start, who.end, "harmed_by", headings))
    if para := _opening_paragraph(text, child):
        case.context = " ".join(text[para[0] : para[1]].split())[:300]
        case.evidence.append(evidence(text, *para, "context", headings))
    return case


def _line_of(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _opening_paragraph(text: str, child: Candidate) -> tuple[int, int] | None:
    """The first paragraph that names the child and says something (the circumstances)."""
    for block in blocks(text[:6000]):
        if block.kind not in ("paragraph", "bullet"):
            continue
        body = text[block.start : block.end]
        if len(body.split()) >= 12 and any(block.start <= s < block.end for s, _ in child.mentions):
            return block.start, block.end
    return None

