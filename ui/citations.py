"""Numbered citations: where each comes from, the verbatim extract with the matched words
marked, and, one click away, the extract inside its surrounding passage."""

from __future__ import annotations

import streamlit as st

from assistant.context import citation_context, matched_spans, query_terms
from ui import render


def render_citation(assistant, citation, terms: str, number: int | None = None, folded: bool = True) -> None:
    """One extract (a Citation, or theme evidence with source/start/end/text); words sharing
    a stem with ``terms`` (``assistant.context.query_terms``) are marked. Its context sits in
    an expander, or, when ``folded`` is false (already inside one), right below it."""
    ref = render.reference(citation.source, getattr(citation, "section", None), getattr(citation, "page", None))
    head = f"[{number}] " if number is not None else ""
    weak = ' <span class="scr-weak">weak match, not an answer</span>' if getattr(citation, "weak", False) else ""
    st.html(render.block(f"{head}{render.escape(ref)}{weak}", "scr-ref"))
    spans = matched_spans(terms, citation.text) if terms else []
    st.html(render.block(render.highlighted(citation.text, spans)))
    c = citation_context(assistant, citation)
    context = render.in_context(c.before, c.cited, c.after, c.clipped_start, c.clipped_end)
    if folded:
        with st.expander("Show in context"):
            st.html(context)
    else:
        st.html(context)


def render_citations(assistant, citations, question: str) -> None:
    terms = query_terms(assistant, question)
    for c in citations:
        render_citation(assistant, c, terms, c.n)
