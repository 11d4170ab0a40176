"""The case table of a list answer ("which cases…"): one row per case, its evidence one
click away (an expander per case holding the citations that back that row, each shown in
its surrounding passage)."""

from __future__ import annotations

import streamlit as st

from assistant.context import query_terms
from ui import caseindex, render
from ui.citations import render_citation
from ui.labels import gender_label

COLUMNS = ("Child", "Area", "Age", "Gender", "Context", "Themes")


def case_rows(hits: list, theme_names: dict[str, str]) -> list[dict]:
    """Table rows as plain strings (st.dataframe shows cell text as text, never markup)."""
    return [
        {
            "Child": hit.child or "",
            "Area": hit.local_authority or "",
            "Age": hit.age or "",
            "Gender": gender_label(hit.gender),
            "Context": hit.summary or "",
            "Themes": ", ".join(theme_names.get(t, t) for t in hit.themes or ()),
        }
        for hit in hits
    ]


def render_case_table(assistant, answer, wanted_themes: list[str]) -> None:
    hits = caseindex.with_themes(answer.cases, wanted_themes)
    if wanted_themes:
        st.caption(f"{len(hits)} of {len(answer.cases)} cases have the chosen themes.")
    if not hits:
        return
    # The child's column stays in view when a narrow screen scrolls the table sideways.
    pinned = {"Child": st.column_config.TextColumn("Child", pinned=True)}
    st.dataframe(case_rows(hits, caseindex.theme_names(assistant)), hide_index=True, width="stretch", column_config=pinned)
    by_n = {c.n: c for c in answer.citations}
    terms = query_terms(assistant, answer.question)
    for hit in hits:
        with st.expander(f"Evidence: {render.label(_name(hit))}"):
            backing = [by_n[n] for n in hit.citations if n in by_n]
            if not backing:
                st.caption("No extract is attached to this case.")
            for c in backing:
                render_citation(assistant, c, terms, c.n, folded=False)


def _name(hit) -> str:
    area = hit.local_authority
    return hit.label if not area or area in hit.label else f"{hit.label} ({area})"
