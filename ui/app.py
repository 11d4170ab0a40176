"""Streamlit front end: `streamlit run ui/app.py` (from the repository root).

A thin shell over the ``assistant`` API; each view lives in its own module: home (what
is loaded, examples, the conversation), cases_page (every case), themes (explorer and
matrix), briefing_page (editor and downloads); the sidebar holds saved conversations,
filters and uploads. Work is saved server-side (``ui.workspace``).
"""

from __future__ import annotations

# The packages are importable because bin/setup installs the checkout (`pip install -e .`).
# `streamlit run` also puts ui/ itself on sys.path, so no module in ui/ may share a name with
# a library it imports: no ui/docx.py, ui/html.py.
import streamlit as st

from ui import auth, render, workspace
from ui.briefing_page import render_briefing
from ui.cases_page import render_cases
from ui.home import render_home
from ui.resources import current_settings, get_assistant, get_workspace
from ui.sidebar import VIEWS, Filters, render_conversations, render_sidebar
from ui.themes import render_themes
from vectorstore.damage import READ_ERRORS, damaged_message

st.set_page_config(page_title="Safeguarding review assistant", page_icon="📑", layout="wide")
settings = current_settings()
auth.gate(settings)
st.html(render.STYLE)

try:
    assistant = get_assistant(settings)
except READ_ERRORS as error:  # a damaged store: say what to run, not a traceback
    st.error(f"The index cannot be used: {damaged_message(settings.store_dir, error)}.", icon="⚠️")
    st.stop()
db = get_workspace(settings)
workspace.bind(st.session_state, db, st.query_params, settings.briefing_author)
sources, themes, conversations_slot = render_sidebar(assistant, settings, db)
st.title("Safeguarding review assistant")
# In the page, not the sidebar: on a phone the sidebar is folded away.
view = st.radio("View", VIEWS, key="view", horizontal=True, label_visibility="collapsed")
filters = Filters(view, sources, themes)
if view == "Cases":
    render_cases(assistant, db)
elif view == "Themes":
    render_themes(assistant, filters, db)
elif view == "Briefing":
    render_briefing(db, settings.briefing_author)
else:
    render_home(assistant, filters, db)
# A first question or briefing change made in this run is listed, and gets its id into the
# address now, so a reload straight after reopens it.
render_conversations(conversations_slot, db)
workspace.sync_address(st.session_state, st.query_params)
