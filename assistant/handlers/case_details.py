"""``case_details``: everything the index holds on the one case a question names, cited."""

from __future__ import annotations

from assistant.answer import Answer
from assistant.case_answers import describe
from assistant.extractive import display
from assistant.handlers.citations import case_citation, case_hit
from assistant.router import Route
from knowledge.themes import BY_KEY


def answer_case_details(route: Route, assistant, snapshot, k: int, timings: dict[str, float]) -> Answer:
    case = route.named_case
    assert case is not None
    evidence = [e for e in case.evidence if e.field != "row"] or case.evidence
    citations = [case_citation(n, case, e, snapshot.documents) for n, e in enumerate(evidence, start=1)]
    parts = [f"{display(c.text)} [{c.n}]" for c in citations]
    themes = ", ".join(BY_KEY[key].name for key in case.theme_keys) or "none tagged"
    text = f"{case.label} ({describe(case)}): " + " ".join(parts) + f" Themes: {themes}."
    hit = case_hit(case, [c.n for c in citations])
    return Answer(route.question, text, False, citations, [hit], mode="case-detail", timings_ms=timings)
