"""The page router: st.navigation over the dashboard pages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from advisor.ui.common import language_switch, tr

PAGES = Path(__file__).resolve().parent / "pages"


def run() -> None:
    st.set_page_config(page_title="Platform Advisor", page_icon=":material/forum:", layout="wide")
    language_switch()
    pages = [
        st.Page(PAGES / "catalog.py", title=tr("catalog.title"), icon=":material/menu_book:",
                url_path="catalogus", default=True),
    ]
    st.navigation(pages).run()
