"""Shared dashboard helpers: language, cached services, small display helpers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from advisor.catalog import Catalog, load_catalog
from advisor.i18n import LANGUAGES, normalise_language, t

PAGES = Path(__file__).resolve().parent / "pages"


def language() -> str:
    """The user's language: chosen in the sidebar, else the browser's, else Dutch."""
    if st.session_state.get("lang") not in LANGUAGES:  # first visit, or the switch was cleared
        st.session_state["lang"] = normalise_language(getattr(st.context, "locale", None))
    return st.session_state["lang"]


def language_switch() -> None:
    lang = language()
    st.sidebar.segmented_control(
        t("app.language", lang),
        options=list(LANGUAGES),
        key="lang",
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
    )


def tr(key: str, **values: object) -> str:
    """Translate in the current user's language."""
    return t(key, language(), **values)


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    """The shipped catalogue: validated once per server process (it is read-only)."""
    return load_catalog()


def show_chart(fig: object, table: pd.DataFrame, key: str) -> None:
    """A plotly chart with a 'show as table' alternative (accessibility, copying figures)."""
    if st.toggle(tr("ui.show_table"), key=f"table_{key}"):
        st.dataframe(table, width="stretch")
    else:
        st.plotly_chart(fig, width="stretch", key=f"chart_{key}", config={"displaylogo": False})
