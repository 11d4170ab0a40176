"""An optional shared password in front of the app, for a team deployment.

Set ``SCR_APP_PASSWORD`` (``settings.app_password``) or ``app_password`` in Streamlit's
secrets.toml. Unset means no gate: the app then binds to 127.0.0.1 by default
(``.streamlit/config.toml``), so only this machine can reach it. The comparison is
constant-time, so response times say nothing about how much of a guess was right. A
session that gave the password keeps it until the browser tab closes.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping

import streamlit as st

_OK = "auth_ok"


def expected_password(settings, secrets: Mapping | None) -> str | None:
    """The environment (settings) wins over secrets.toml; empty means unset."""
    if settings.app_password is not None and settings.app_password.get_secret_value():
        return settings.app_password.get_secret_value()
    try:
        value = secrets["app_password"] if secrets is not None else None
    except (KeyError, FileNotFoundError):  # no secrets.toml at all is the common case
        return None
    return str(value) if value else None


def matches(entered: str, expected: str) -> bool:
    return hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8"))


def gate(settings) -> None:
    """Stop the script here until this session has given the shared password (if one is set)."""
    expected = expected_password(settings, st.secrets)
    if expected is None or st.session_state.get(_OK):
        return
    st.title("Safeguarding review assistant")
    with st.form("login"):
        entered = st.text_input("Team password", type="password")
        submitted = st.form_submit_button("Enter")
    if submitted:
        if matches(entered, expected):
            st.session_state[_OK] = True
            st.rerun()
        st.error("That password is not right.")
    st.stop()
