"""The page router: st.navigation over the dashboard pages."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from advisor.ui import dossier_state, state, workshop_kit
from advisor.ui.common import FAVICON, language, language_switch, page_frame, tr
from advisor.ui.components import demo_banner

PAGES = Path(__file__).resolve().parent / "pages"


def run() -> None:
    st.session_state.pop("_facilitator_gate_passed", None)  # the gate is checked again every run
    if "w" in st.query_params or st.session_state.get("participant_mode"):
        # a workshop participant: only the participant page, never the dashboard
        st.session_state["participant_mode"] = True
        st.set_page_config(page_title="Workshop", page_icon=str(FAVICON), layout="centered")
        participant = st.Page(PAGES / "participant.py", title="Workshop", url_path="deelnemen", default=True)
        page = st.navigation([participant], position="hidden")
        page_frame(language())
        page.run()
        return
    # the bundled icon before st.navigation: otherwise the browser first fetches the page's
    # Material icon from a Google font host as the favicon (a request leaving the machine)
    st.set_page_config(page_icon=str(FAVICON), layout="wide")
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
        st.Page(
            PAGES / "dossier.py",
            title=tr("dossier.ui.title"),
            icon=":material/folder_open:",
            url_path="dossier",
        ),
        st.Page(
            PAGES / "workshop.py",
            title=tr("workshop.title"),
            icon=":material/co_present:",
            url_path="workshop",
        ),
        st.Page(
            PAGES / "live.py", title=tr("workshop.live.title"), icon=":material/monitoring:", url_path="live"
        ),
        st.Page(PAGES / "participant.py", title="Workshop", url_path="deelnemen", visibility="hidden"),
    ]
    page = st.navigation(pages)
    # the tab says which page this is (a screen reader announces it; tabs stay apart)
    st.set_page_config(page_title=f"{page.title} · Platform Advisor")
    page_frame(language())
    if page.url_path != "deelnemen" and workshop_kit.access_configured():
        # a shared deployment (facilitator password or OIDC set): the dashboard shows staff survey
        # results, so it is for facilitators only; participants only ever get the participant page
        workshop_kit.require_facilitator(language())
        st.session_state["_facilitator_gate_passed"] = True
    dossier = dossier_state.sync() if page.url_path != "deelnemen" else None
    dossier_state.sidebar(dossier, language())
    dossier_state.show_messages()
    current = state.dataset()
    if current.kind == "demo" and page.url_path not in ("workshop", "live", "dossier"):
        # one place for every page that shows survey figures: a reload that lost an upload falls
        # back to the demo, and these figures must never pass for the user's own (the workshop
        # pages show the workshop's own answers, the Dossier page says what is kept)
        demo_banner(current.name, language())
    started = time.perf_counter()
    page.run()
    if dossier is not None:
        dossier_state.sync(hydrate=False)  # what the page changed is saved before the run ends
    # server time of this run, read by benchmarks/bench_dashboard.py
    st.session_state["_render_seconds"] = time.perf_counter() - started
