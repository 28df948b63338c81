"""Shared dashboard helpers: language, cached services, small display helpers."""

from __future__ import annotations

import streamlit as st

from advisor.catalog import Catalog, load_catalog, score_table
from advisor.i18n import LANGUAGES, normalise_language, t

# Okabe-Ito: a palette that stays distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def language() -> str:
    """The user's language: chosen in the sidebar, else the browser's, else Dutch."""
    if st.session_state.get("lang") not in LANGUAGES:  # first visit, or the switch was cleared
        st.session_state["lang"] = normalise_language(getattr(st.context, "locale", None))
    return st.session_state["lang"]


def language_switch() -> None:
    lang = language()
    st.sidebar.segmented_control(
        t("app.language", lang), options=list(LANGUAGES), key="lang",
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
    )


def tr(key: str, **values: object) -> str:
    """Translate in the current user's language."""
    return t(key, language(), **values)


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    """The shipped catalogue: validated once per server process (it is read-only)."""
    return load_catalog()


@st.cache_data(show_spinner=False)
def catalog_scores() -> dict[str, object]:
    table = score_table(catalog())
    return {"ids": table.platform_ids, "criteria": table.criterion_ids, "score": table.score,
            "low": table.low, "high": table.high, "overridden": table.overridden}
