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
from advisor.markup import escape_markdown
from advisor.ui import browser
from advisor.workshop import answers as wa
from advisor.workshop.auth import AllowList, BadHash, attempt_login, needs_rehash
from advisor.workshop.store import Store, StoreUnavailable, Workshop, WorkshopError
from advisor.workshop.throttle import TRUSTED_DAYS, Throttle

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
@st.cache_resource(show_spinner=False, max_entries=4)
def _throttle(url: str) -> Throttle:
    """The login throttle in the workshop database (shared by every instance)."""
    return Throttle(_store(url))


@st.cache_resource(show_spinner=False)
def _fallback_throttle() -> Throttle:
    """While the database cannot be reached: one per process, never none."""
    return Throttle()


def login_throttle() -> Throttle:
    try:
        return _throttle(app_settings().database_url)
    except StoreUnavailable:
        return _fallback_throttle()


def oidc_configured() -> bool:
    secrets = _secrets()
    try:
        return secrets is not None and "auth" in secrets
    except Exception:
        return False


def access_configured() -> bool:
    """True on a shared deployment: a facilitator password hash or OIDC login is configured."""
    return oidc_configured() or bool(app_settings().facilitator_password_hash)


def allow_list() -> AllowList:
    configured = app_settings()
    return AllowList.of(
        configured.facilitator_emails, configured.facilitator_groups, configured.facilitator_group_claim
    )


def require_facilitator(lang: str) -> None:
    """Stop the page unless a facilitator is logged in (OIDC via st.login, else the password)."""
    if st.session_state.get("_facilitator_gate_passed"):  # the router checked it this run already
        return
    if oidc_configured():
        _require_oidc_facilitator(lang)
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
        remember_facilitator_browser(lang)
        if st.sidebar.button(t("workshop.login.logout", lang), key="password_logout"):
            st.session_state.pop("facilitator", None)
            st.rerun()
        return
    st.info(t("workshop.login.needed", lang), icon=":material/lock:")
    with st.form("facilitator_login"):
        password = st.text_input(t("workshop.login.password", lang), type="password", key="login_password")
        submitted = st.form_submit_button(t("workshop.login.button", lang), type="primary")
    if submitted:
        _check_password(password or "", stored, fingerprint, lang)
    st.stop()


def _require_oidc_facilitator(lang: str) -> None:
    if not st.user.is_logged_in:
        st.info(t("workshop.login.oidc_needed", lang), icon=":material/lock:")
        st.button(t("workshop.login.oidc_button", lang), on_click=st.login, type="primary")
        st.stop()
    allowed = allow_list()
    if not allowed.admits(st.user.to_dict()):
        who = escape_markdown(str(st.user.to_dict().get("email") or "?"))
        st.error(t("workshop.login.not_allowed", lang, who=who), icon=":material/block:")
        if allowed.empty:
            st.info(t("workshop.login.allow_list_empty", lang))
        st.button(t("workshop.login.logout", lang), on_click=st.logout, key="oidc_refused_logout")
        st.stop()
    st.sidebar.button(t("workshop.login.logout", lang), on_click=st.logout, key="oidc_logout")


def _client_address() -> str | None:
    """The address of the browser's connection (None on the machine itself)."""
    try:
        address = st.context.ip_address
    except Exception:
        return None
    return address if isinstance(address, str) and address else None


def _check_password(password: str, stored: str, fingerprint: str, lang: str) -> None:
    """One login attempt through the throttle shared by every instance (in memory while the
    database cannot be reached): reserved first, compared only if allowed."""
    device = browser.key_in_cookie(browser.FACILITATOR_COOKIE)
    try:
        try:
            result = attempt_login(login_throttle(), password, stored, _client_address(), device)
        except StoreUnavailable:
            result = attempt_login(_fallback_throttle(), password, stored, _client_address(), None)
    except BadHash:
        st.error(t("workshop.login.bad_hash", lang))
        st.stop()
    if result.ok is None:
        st.error(t("workshop.login.wait", lang, seconds=result.wait), icon=":material/timer:")
        return
    if not result.ok:
        st.error(t("workshop.login.wrong", lang), icon=":material/block:")
        return
    if result.trusted_key:
        st.session_state["_remember_facilitator"] = result.trusted_key
    st.session_state["facilitator"] = fingerprint
    st.rerun()


def remember_facilitator_browser(lang: str) -> None:
    """Once logged in: keep this browser's trusted key, and say when the hash is out of date."""
    trusted_key = st.session_state.pop("_remember_facilitator", None)
    if trusted_key:
        browser.remember(browser.FACILITATOR_COOKIE, trusted_key, days=TRUSTED_DAYS)
    stored = app_settings().facilitator_password_hash
    try:
        outdated = bool(stored) and needs_rehash(stored)
    except BadHash:
        outdated = False
    if outdated:
        st.sidebar.warning(t("workshop.login.weak_hash", lang), icon=":material/key:")


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
    # the one count every page shows (Workshop, Live, the participant's result, a dossier's link)
    st.metric(t("workshop.results.responses", lang), store.response_count(workshop.code))
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
