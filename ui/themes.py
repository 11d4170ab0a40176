"""The theme explorer, for training: a theme's definition, every cited extract for it across
the corpus (grouped by document, then by case), and the theme × case matrix."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import caseindex, render, state, workspace
from ui.briefing import from_theme
from ui.citations import render_citation


def render_themes(assistant, filters, db) -> None:
    if not caseindex.available(assistant):
        st.info("The theme explorer needs the case index, which this installation does not provide.")
        return
    themes = {t.key: t for t in caseindex.themes(assistant)}
    if not themes:
        st.info("No themes are indexed yet: ingest some reviews first.")
        return
    keys = list(themes)
    preferred = next((k for k in filters.themes if k in themes), keys[0])
    key = st.selectbox("Theme", keys, index=keys.index(preferred), format_func=lambda k: themes[k].name, key="theme-pick")
    theme = themes[key]
    st.html(render.block(f"<strong>{render.escape(theme.name)}</strong><br>{render.escape(theme.definition or '')}"))

    labels = caseindex.case_labels(assistant)
    evidence = list(assistant.theme_evidence(key))
    item_id = f"theme:{key}"
    added = state.in_briefing(st.session_state, item_id)
    if st.button("Added to briefing" if added else "Add this theme to the briefing", key=f"brief-{item_id}", disabled=added):
        workspace.add_item(st.session_state, db, from_theme(theme, evidence, labels))
        st.rerun()

    grouped = caseindex.evidence_by_document_and_case(evidence, filters.sources or None)
    if not grouped:
        st.caption("No extract for this theme in the chosen documents.")
    titles = {r.source: r.title for r in assistant.documents.values()}
    for source, by_case in grouped.items():
        st.subheader(render.label(titles.get(source) or Path(source).name))
        for case_id, extracts in by_case.items():
            st.markdown(f"**{render.label(labels.get(case_id, case_id) if case_id else 'Not tied to one case')}**")
            for e in extracts:
                render_citation(assistant, e, "")

    st.subheader("Themes across cases")
    _matrix(assistant, themes, labels)


def _matrix(assistant, themes: dict, labels: dict[str, str]) -> None:
    matrix = assistant.theme_matrix()
    rows = [
        {"Case": labels.get(case_id, case_id), **{t.name: key in tagged for key, t in themes.items()}}
        for case_id, tagged in matrix.items()
    ]
    if rows:
        # The case's column stays in view when a narrow screen scrolls the matrix sideways.
        pinned = {"Case": st.column_config.TextColumn("Case", pinned=True)}
        st.dataframe(rows, hide_index=True, width="stretch", column_config=pinned)
