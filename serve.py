"""The server: the Streamlit dashboard (app.py) plus the light participant page at /answer.

``streamlit run serve.py`` (what ``python3 dev.py app`` starts) finds the ``st.App`` below and serves
both from one port; ``streamlit run app.py`` serves the dashboard alone (no /answer page).
"""

import streamlit as st

from advisor.workshop import web


def _database_url() -> str:
    from advisor.config import settings

    try:
        secrets = st.secrets
    except Exception:  # no secrets file, or one that cannot be parsed: nothing set
        secrets = None
    return settings(secrets).database_url


app = st.App("app.py", routes=web.routes(_database_url))
