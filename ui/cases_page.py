"""The Cases view: every indexed case in one table, filtered and sorted, exported as CSV
or a Word table, added to the briefing as a table; and one case in detail, with all its
evidence cited."""

from __future__ import annotations

import hashlib

import streamlit as st

from ui import case_table, caseindex, render, state, workspace
from ui.briefing import from_cases
from ui.briefing_export import table_docx
from ui.briefing_page import DOCX_MIME
from ui.citations import render_citation

SORTABLE = case_table.COLUMNS
KEY_FIELDS = ("context", "findings", "outcome", "harmed_by")  # what a table row cites


def render_cases(assistant, db) -> None:
    if not caseindex.available(assistant):
        st.info("The case table needs the case index, which this installation does not provide.")
        return
    cases = {c.case_id: c for c in caseindex.cases(assistant)}
    if not cases:
        st.info("No case is indexed yet: add reviews in the sidebar.")
        return
    names = caseindex.theme_names(assistant)
    table = case_table.rows(list(cases.values()), assistant.documents, names)
    rows = _filtered(table, names)
    sort, order = st.columns([3, 2], vertical_alignment="bottom")
    column = sort.selectbox("Sort by", SORTABLE, key="cases-sort")
    descending = order.toggle("Descending", key="cases-desc")
    rows = case_table.sorted_rows(rows, column, descending)
    scope = f"Showing {len(rows)} of {len(table)} cases" + ("." if len(rows) == len(table) else ", as filtered above.")
    st.caption(scope + " Click a column heading to sort on screen; the downloads follow the order chosen here.")
    if rows:
        st.dataframe(
            case_table.shown(rows), hide_index=True, width="stretch", key="cases-table",
            column_config={"Child": st.column_config.TextColumn("Child", pinned=True)},
        )  # fmt: skip
        _exports(rows, cases, assistant, db, len(rows) == len(table))
        _detail(assistant, cases, rows, db)


def _filtered(table: list[dict], names: dict[str, str]) -> list[dict]:
    with st.expander("Filter the cases", expanded=False):
        text = st.text_input("Search", key="cases-search", placeholder="Any word: a child, an area, a theme…")
        left, right = st.columns(2)
        areas = left.multiselect("Area", sorted({r["Area"] for r in table if r["Area"]}), key="cases-areas")
        outcomes = right.multiselect("Died or harmed", sorted({r["Died or harmed"] for r in table}), key="cases-outcomes")
        themes = left.multiselect("Themes (any of)", sorted({t for r in table for t in r["themes"]}),
                                  format_func=lambda k: names.get(k, k), key="cases-themes")  # fmt: skip
        reviews = right.multiselect("Review", sorted({r["Review"] for r in table}), key="cases-reviews")
    return case_table.filtered(table, text, areas, outcomes, themes, reviews)


def _exports(rows: list[dict], cases: dict, assistant, db, everything: bool) -> None:
    title = "All cases" if everything else f"{len(rows)} selected cases"
    csv_col, word_col, brief_col = st.columns(3)
    csv_col.download_button("Download CSV", case_table.to_csv(rows), file_name="cases.csv", mime="text/csv",
                            on_click="ignore", key="cases-csv")  # fmt: skip
    body = [[r[c] for c in case_table.COLUMNS] for r in rows]
    word_col.download_button("Download Word table", table_docx(f"Cases: {title.lower()}", list(case_table.COLUMNS), body),
                             file_name="cases.docx", mime=DOCX_MIME, on_click="ignore", key="cases-docx")  # fmt: skip
    item_id = "cases:" + hashlib.sha1(" ".join(r["id"] for r in rows).encode()).hexdigest()[:16]
    added = state.in_briefing(st.session_state, item_id)
    if brief_col.button("Added to briefing" if added else "Add table to briefing", key="cases-brief", disabled=added):
        evidence = [_row_evidence(cases[r["id"]], assistant) for r in rows]
        item = from_cases(f"Cases: {title}", f"{len(rows)} case(s) from the indexed reviews.",
                          case_table.COLUMNS, body, evidence, id=item_id)  # fmt: skip
        workspace.add_item(st.session_state, db, item)
        st.rerun()


def _row_evidence(case, assistant) -> list:
    extracts = case_table.extracts(case, assistant.documents)
    key = [e for e in extracts if e.field in KEY_FIELDS]
    return key[:2] or extracts[:1]


def _detail(assistant, cases: dict, rows: list[dict], db) -> None:
    st.subheader("One case in detail")
    ids = [r["id"] for r in rows]
    labels = {r["id"]: f'{r["Child"]} ({r["Area"]})' if r["Area"] else r["Child"] for r in rows}
    case_id = st.selectbox("Case", ids, format_func=lambda i: labels.get(i, i), key="cases-detail")
    case = cases.get(case_id)
    if case is None:
        return
    row = next(r for r in rows if r["id"] == case_id)
    facts = [f"{c}: {row[c]}" for c in ("Area", "Age", "Gender", "Died or harmed", "Review", "Year") if row[c]]
    st.html(render.block(f"<strong>{render.escape(case.label)}</strong><br>" + render.escape(" · ".join(facts))))
    if row["Themes"]:
        st.html(render.block(render.escape(f"Themes: {row['Themes']}"), "scr-ref"))
    extracts = case_table.extracts(case, assistant.documents)
    item_id = f"case:{case.case_id}"
    added = state.in_briefing(st.session_state, item_id)
    if st.button("Added to briefing" if added else "Add this case to the briefing", key=f"brief-{item_id}", disabled=added):
        body = [[row[c] for c in case_table.COLUMNS]]
        item = from_cases(f"Case: {case.label}", "", case_table.COLUMNS, body, [extracts], id=item_id)
        workspace.add_item(st.session_state, db, item)
        st.rerun()
    st.caption(f"{len(extracts)} extract(s) from the reviews back this case.")
    for e in extracts:
        render_citation(assistant, e, "", e.n)
