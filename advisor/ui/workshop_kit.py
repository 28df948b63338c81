"""What the workshop pages share: settings from env/secrets, the store, facilitator login, results.

Results only ever come from :func:`advisor.analysis.summary.summarise` with the workshop's
threshold, so a group below it is not drawn whatever segmentation is chosen. Comments are never
shown here: in a room, a comment is an individual answer.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from advisor.config import Settings, settings
from advisor.i18n import t
from advisor.workshop import answers as wa
from advisor.workshop.auth import BadHash, LoginThrottle
from advisor.workshop.store import Store, StoreUnavailable, Workshop, WorkshopError

LIVE_REFRESH = "3s"


def _secrets() -> Any:
    try:
        return st.secrets
    except Exception:  # no secrets file, or one that cannot be parsed: nothing set
        return None


def app_settings() -> Settings:
    return settings(_secrets())


@st.cache_resource(show_spinner=False, max_entries=4)
def _store(url: str) -> Store:
    return Store(url)


def get_store(lang: str) -> Store:
    """The workshop database, or a clear message (and stop) when it cannot be reached."""
    try:
        return _store(app_settings().database_url)
    except StoreUnavailable as error:
        st.error(t("workshop.errors.db_unreachable", lang, **error.values), icon=":material/cloud_off:")
        st.stop()
        raise  # st.stop() ends the run; this keeps type checkers honest


def error_text(error: WorkshopError, lang: str) -> str:
    return t(f"workshop.errors.{error.key}", lang, **error.values)


# ---------------------------------------------------------------- facilitator login
@st.cache_resource(show_spinner=False)
def login_throttle() -> LoginThrottle:
    """One per server process: a new browser session does not reset the failure count."""
    return LoginThrottle()


def oidc_configured() -> bool:
    secrets = _secrets()
    try:
        return secrets is not None and "auth" in secrets
    except Exception:
        return False


def access_configured() -> bool:
    """True on a shared deployment: a facilitator password hash or OIDC login is configured."""
    return oidc_configured() or bool(app_settings().facilitator_password_hash)


def require_facilitator(lang: str) -> None:
    """Stop the page unless a facilitator is logged in (OIDC via st.login, else the password)."""
    if st.session_state.get("_facilitator_gate_passed"):  # the router checked it this run already
        return
    if oidc_configured():
        if not st.user.is_logged_in:
            st.info(t("workshop.login.oidc_needed", lang), icon=":material/lock:")
            st.button(t("workshop.login.oidc_button", lang), on_click=st.login, type="primary")
            st.stop()
        st.sidebar.button(t("workshop.login.logout", lang), on_click=st.logout, key="oidc_logout")
        return
    stored = app_settings().facilitator_password_hash
    if not stored:
        st.warning(t("workshop.login.not_configured", lang), icon=":material/key_off:")
        st.code(
            "python -m advisor workshop hash-password\n"
            "export ADVISOR_FACILITATOR_PASSWORD_HASH='scrypt$...'   # "
            + t("workshop.login.or_secrets", lang),
            language="bash",
        )
        st.stop()
    fingerprint = hashlib.sha256(stored.encode()).hexdigest()
    if st.session_state.get("facilitator") == fingerprint:  # a changed hash logs everyone out
        if st.sidebar.button(t("workshop.login.logout", lang), key="password_logout"):
            st.session_state.pop("facilitator", None)
            st.rerun()
        return
    st.info(t("workshop.login.needed", lang), icon=":material/lock:")
    with st.form("facilitator_login"):
        password = st.text_input(t("workshop.login.password", lang), type="password", key="login_password")
        submitted = st.form_submit_button(t("workshop.login.button", lang), type="primary")
    if submitted:
        try:
            verdict = login_throttle().attempt(password or "", stored)
        except BadHash:
            st.error(t("workshop.login.bad_hash", lang))
            st.stop()
        if verdict is True:
            st.session_state["facilitator"] = fingerprint
            st.rerun()
        elif verdict is False:
            st.error(t("workshop.login.wrong", lang), icon=":material/block:")
        else:
            st.error(
                t("workshop.login.wait", lang, seconds=login_throttle().wait_seconds()),
                icon=":material/timer:",
            )
    st.stop()


# ---------------------------------------------------------------- results
def summary_of(store: Store, workshop: Workshop, segment_by: str, lang: str) -> tuple[Any, Any]:
    """(questionnaire, summary with the workshop's threshold applied)."""
    from advisor.analysis.summary import summarise

    q = wa.questionnaire_for(workshop)
    frame = wa.answer_frame(store.responses(workshop.code), q)
    segment_by = segment_by if segment_by in q.segment_ids else "department"
    # the workshop's threshold was acknowledged when the facilitator set it (see the Workshop page)
    summary = summarise(
        frame,
        q,
        segment_by=segment_by,
        min_group=workshop.min_group,
        bootstrap=0,
        lang=lang,
        acknowledge_small_groups=True,
    )
    return q, summary


def segment_choices(q: Any) -> list[str]:
    """Segment questions the form asks (open ones only when the organisation gave options)."""
    asked = {question.id for question in wa.asked_questions(q)}
    return [sid for sid in q.segment_ids if sid in asked]


def segment_label(sid: str, q: Any, lang: str) -> str:
    from advisor.i18n import keys

    key = f"segments.{sid}"
    return t(key, lang) if key in keys(lang) else q[sid].text.get(lang)


def show_results(store: Store, workshop: Workshop, lang: str, *, key: str, segment_by: str) -> None:
    """Count and anonymised charts: weights and channel use per visible group, convincers."""
    from advisor.analysis.anonymity import NOT_ANSWERED
    from advisor.ui import charts
    from advisor.ui.common import catalog

    q, s = summary_of(store, workshop, segment_by, lang)
    n = s.organisation.n
    st.metric(t("workshop.results.responses", lang), n)
    if s.organisation.suppressed:
        st.info(t("workshop.results.too_few", lang, k=workshop.min_group), icon=":material/visibility_off:")
        return
    question = q.by_id.get(s.segment_by)

    def label(k: str) -> str:
        if k == NOT_ANSWERED:
            return t("workshop.results.not_answered", lang)
        return question.label(k, lang) if question else k

    visible = s.visible_segments
    org = t("workshop.results.everyone", lang)
    if s.suppressed_segments:
        st.caption(t("workshop.results.hidden_groups", lang, n=len(s.suppressed_segments), k=s.min_group))
    names = {c.id: c.name.get(lang) for c in catalog().criteria}

    rows = {label(k): s.segments[k].weights for k in visible if s.segments[k].weights}
    if s.organisation.weights:
        rows[org] = s.organisation.weights
    if rows:
        st.subheader(t("workshop.results.weights", lang))
        weights = pd.DataFrame(rows).T[s.criteria].rename(columns=lambda c: names.get(c, c))
        st.plotly_chart(
            charts.heatmap(
                weights,
                zmin=0,
                zmax=float(np.nanmax(weights.to_numpy())),
                text=charts.percent_text(weights),
            ),
            width="stretch",
            key=f"{key}_weights",
            config={"displaylogo": False},
        )
    groups = [(label(k), s.segments[k]) for k in visible] + [(org, s.organisation)]
    regular = pd.DataFrame({name: g.landscape.regular for name, g in groups if g.landscape}).T
    if not regular.empty:
        st.subheader(t("workshop.results.channels", lang))
        channel_names = {c.id: c.label(lang) for c in q.channels}
        regular = regular.reindex(columns=q.channel_ids).rename(columns=channel_names)
        st.plotly_chart(
            charts.heatmap(regular, zmin=0, zmax=1, text=charts.percent_text(regular)),
            width="stretch",
            key=f"{key}_channels",
            config={"displaylogo": False},
        )
    if s.organisation.convincers:
        st.subheader(q["convincers"].text.get(lang))
        table = pd.DataFrame(
            {
                org: {
                    q["convincers"].label(o, lang): s.organisation.convincers[str(o)].share
                    for o in q["convincers"].values
                }
            }
        ).T
        st.plotly_chart(
            charts.grouped_bars(table, t("workshop.results.share", lang)),
            width="stretch",
            key=f"{key}_convincers",
            config={"displaylogo": False},
        )
