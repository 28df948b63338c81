"""The page router: st.navigation over the dashboard pages."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from advisor.ui.common import language_switch, tr

PAGES = Path(__file__).resolve().parent / "pages"


def run() -> None:
    st.set_page_config(page_title="Platform Advisor", page_icon=":material/forum:", layout="wide")
    language_switch()
    st.sidebar.caption(tr("app.tagline"))
    pages = [
        st.Page(
            PAGES / "voice.py",
            title=tr("voice.title"),
            icon=":material/groups:",
            url_path="stem",
            default=True,
        ),
        st.Page(
            PAGES / "compare.py", title=tr("compare.title"), icon=":material/balance:", url_path="vergelijken"
        ),
        st.Page(PAGES / "plan.py", title=tr("plan.title"), icon=":material/assignment:", url_path="plan"),
        st.Page(
            PAGES / "catalog.py", title=tr("catalog.title"), icon=":material/menu_book:", url_path="catalogus"
        ),
        st.Page(
            PAGES / "data.py", title=tr("data.title"), icon=":material/upload_file:", url_path="gegevens"
        ),
    ]
    started = time.perf_counter()
    st.navigation(pages).run()
    # server time of this run, read by benchmarks/bench_dashboard.py
    st.session_state["_render_seconds"] = time.perf_counter() - started
