"""Streamlit front end: `streamlit run ui/app.py` (from the repository root).

A thin shell over the ``assistant`` API; each view lives in its own module:
sidebar (status, filters, uploads), chat (answers, citations, case tables), themes
(explorer and matrix), briefing_page (builder and downloads).
"""

from __future__ import annotations

# The packages are importable because bin/setup installs the checkout (`pip install -e .`).
# `streamlit run` also puts ui/ itself on sys.path, so no module in ui/ may share a name with
# a library it imports: no ui/docx.py, ui/html.py.
import streamlit as st

from ui import auth, render
from ui.briefing_page import render_briefing
from ui.chat import render_chat
from ui.resources import current_settings, get_assistant
from ui.sidebar import render_sidebar
from ui.themes import render_themes

st.set_page_config(page_title="Safeguarding review assistant", page_icon="📑", layout="wide")
settings = current_settings()
auth.gate(settings)
st.html(render.STYLE)

assistant = get_assistant(settings)
filters = render_sidebar(assistant, settings)
st.title("Safeguarding review assistant")
st.caption("Answers quote the indexed serious case reviews verbatim, with numbered citations.")
if filters.view == "Themes":
    render_themes(assistant, filters)
elif filters.view == "Briefing":
    render_briefing()
else:
    render_chat(assistant, filters)
