"""A "which cases…" question asked with a document filter: the cases of the chosen
documents, not passages.

The assistant answers list questions from the case index only when no document filter
is given; with one, a case question came back as a handful of loosely related sentences.
Here the list is asked over every case and then limited to the cases the chosen documents
describe, and the answer says so ("in the 2 chosen documents: no match").
"""

from __future__ import annotations

from dataclasses import replace


def is_case_list(assistant, question: str) -> bool:
    """Whether the assistant would answer ``question`` (without a filter) as a case list."""
    index = getattr(assistant, "case_index", None)
    if index is None or not getattr(index, "cases", None):
        return False
    try:
        from assistant.case_questions import parse

        return parse(question, assistant.areas(), index.glossary).is_list
    except Exception:  # noqa: BLE001 - an API that changed shape: the filter then searches passages
        return False


def case_sources(cases) -> dict[str, set[str]]:
    """case_id -> every document that describes it (a child found in two documents is in both)."""
    return {c.case_id: {c.source, *(c.also_in or ())} for c in cases}


def within_documents(answer, sources, sources_of: dict[str, set[str]]):
    """The list ``answer`` limited to cases from ``sources``, its citations renumbered."""
    chosen = set(sources)
    kept = [h for h in answer.cases if sources_of.get(h.case_id, set()) & chosen]
    scope = f"in the {len(chosen)} chosen document(s)"
    renumber: dict[int, int] = {}
    for hit in kept:
        for n in hit.citations:
            renumber.setdefault(n, len(renumber) + 1)
    citations = [replace(c, n=renumber[c.n]) for c in answer.citations if c.n in renumber]
    citations.sort(key=lambda c: c.n)
    hits = [replace(h, citations=[renumber[n] for n in h.citations]) for h in kept]
    if hits:
        listed = "; ".join(f"{h.label} " + "".join(f"[{n}]" for n in h.citations) for h in hits)
        text = f"{len(hits)} of the {len(answer.cases)} matching case(s) are {scope}: {listed}."
    elif answer.cases:
        text = f"No match {scope}: the {len(answer.cases)} matching case(s) are in other documents."
    else:
        text = f"No match {scope}."
    parsed = {**answer.parsed, "within_documents": sorted(chosen)}
    return replace(answer, answer=text, cases=hits, citations=citations, abstained=not hits, parsed=parsed)
