"""Presentation mode for a projector: large type, no chart toolbars, no running indicator.

Switched on in the sidebar or by ``?beamer=1`` in the address (so the laptop on the projector
keeps it across a reload). Pages that offer it call :func:`switch` near the top; :func:`active`
tells components (charts) to leave their toolbars out.
"""

from __future__ import annotations

import streamlit as st

from advisor.i18n import t

QUERY = "beamer"
KEY = "presentation_mode"

_CSS = """
<style>
  /* large type for the back of the room */
  [data-testid="stMain"] { font-size: 1.35rem; }
  [data-testid="stMain"] h1 { font-size: 3.2rem; }
  [data-testid="stMain"] h2 { font-size: 2.4rem; }
  [data-testid="stMain"] h3 { font-size: 1.9rem; }
  [data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 3rem; }
  [data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 1.15rem; }
  /* nothing that flickers or invites a click on the projector */
  [data-testid="stStatusWidget"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stHeader"], .modebar-container, [data-testid="stElementToolbar"] { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 100%; }
</style>
"""


def active() -> bool:
    return bool(st.session_state.get(KEY))


def switch(lang: str) -> bool:
    """The sidebar switch (kept in the address); applies the presentation style when on."""
    if KEY not in st.session_state:
        st.session_state[KEY] = st.query_params.get(QUERY) == "1"

    def _changed() -> None:
        if st.session_state[KEY]:
            st.query_params[QUERY] = "1"
        else:
            st.query_params.pop(QUERY, None)

    st.sidebar.toggle(
        t("ui.presentation_mode", lang),
        key=KEY,
        help=t("ui.presentation_mode_help", lang),
        on_change=_changed,
    )
    if active():
        st.html(_CSS)
    return active()
