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
from advisor.workshop import publishing, web
from advisor.workshop.auth import (
    AllowList,
    BadHash,
    attempt_login,
    hash_password,
    needs_rehash,
    password_problem,
)
from advisor.workshop.store import Store, StoreUnavailable, Workshop, WorkshopError
from advisor.workshop.throttle import TRUSTED_DAYS, Throttle

LIVE_REFRESH = "1s"
# A page that refreshes every second: elements waiting for the rerun keep their look (Streamlit
# dims them), so the projector does not blink with every refresh.
STEADY_CSS = """
<style>
  [data-testid="stElementContainer"][data-stale="true"] {
    opacity: 1 !important; transition: none !important;
  }
</style>
"""


def _secrets() -> Any:
    try:
        return st.secrets
    except Exception:  # no secrets file, or one that cannot be parsed: nothing set
        return None


def app_settings() -> Settings:
    return settings(_secrets())


def _store(url: str) -> Store:
    """One store per database per process, shared with the light participant page (one pool)."""
    return web.shared_store(url)


def open_store() -> Store:
    """The workshop database; StoreUnavailable when it cannot be reached (nothing shown)."""
    return _store(app_settings().database_url)


def get_store(lang: str) -> Store:
    """The workshop database, or a clear message (and stop) when it cannot be reached."""
    try:
        return _store(app_settings().database_url)
    except StoreUnavailable as error:
        st.error(t(f"workshop.errors.{error.key}", lang, **error.values), icon=":material/cloud_off:")
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


def password_hash() -> str:
    """The facilitator password hash in force: the configured one (environment or secrets) first,
    else the one set in the browser on first run (kept in the workshop database); '' when none."""
    configured = app_settings().facilitator_password_hash
    if configured:
        return configured
    try:
        return _store(app_settings().database_url).stored_password_hash()
    except WorkshopError:
        return ""


def access_configured() -> bool:
    """True once facilitator access is set: a password hash (configured or set on first run) or
    OIDC login. From then on the dashboard pages need the login too."""
    return oidc_configured() or bool(password_hash())


def first_run_allowed() -> bool:
    """The first-run password page may be used: no access is set, the database is the embedded
    one (not a shared deployment's) and the browser is on the machine the app runs on."""
    return app_settings().embedded and browser.is_this_machine()


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
    stored = password_hash()
    if not stored:
        _first_run(lang)
        st.stop()
    fingerprint = hashlib.sha256(stored.encode()).hexdigest()
    if st.session_state.get("facilitator") == fingerprint:  # a changed hash logs everyone out
        remember_facilitator_browser(lang)
        if st.sidebar.button(t("workshop.login.logout", lang), key="password_logout"):
            st.session_state.pop("facilitator", None)
            st.rerun()
        return
    if done := st.session_state.pop("_first_run_done", None):
        st.success(done, icon=":material/key:")
    elif st.session_state.pop("new_password", None):  # sent from the first-run form: too late
        st.warning(t("workshop.login.first_run_taken", lang))
    st.info(t("workshop.login.needed", lang), icon=":material/lock:")
    with st.form("facilitator_login", clear_on_submit=True):
        password = st.text_input(t("workshop.login.password", lang), type="password", key="login_password")
        submitted = st.form_submit_button(t("workshop.login.button", lang), type="primary")
    if submitted:
        _check_password(password or "", stored, fingerprint, lang)
    st.stop()


def _first_run(lang: str) -> None:
    """No facilitator password yet: set it here when the browser is on this machine; elsewhere,
    say how the administrator sets it."""
    if not first_run_allowed():
        st.warning(t("workshop.login.first_run_shared", lang), icon=":material/key_off:")
        st.code(
            "python -m advisor workshop hash-password\n"
            "export ADVISOR_FACILITATOR_PASSWORD_HASH='scrypt$...'   # "
            + t("workshop.login.or_secrets", lang),
            language="bash",
        )
        st.caption(t("workshop.login.first_run_shared_steps", lang))
        return
    st.info(t("workshop.login.first_run", lang), icon=":material/key:")
    with st.form("first_run_password", clear_on_submit=True):
        first = st.text_input(
            t("workshop.login.first_run_password", lang), type="password", key="new_password"
        )
        again = st.text_input(
            t("workshop.login.first_run_again", lang), type="password", key="new_password_again"
        )
        submitted = st.form_submit_button(t("workshop.login.first_run_button", lang), type="primary")
    if not submitted:
        return
    if first != again:
        st.error(t("workshop.login.first_run_mismatch", lang))
        return
    problem = password_problem(first or "")
    if problem:
        st.error(t(f"workshop.login.{problem}", lang))
        return
    hashed = hash_password(first)
    if not get_store(lang).set_password_hash_once(hashed):
        st.warning(t("workshop.login.first_run_taken", lang))
        return
    # the one who set it is logged in; the hash itself is shown nowhere and logged nowhere
    st.session_state["facilitator"] = hashlib.sha256(hashed.encode()).hexdigest()
    st.session_state["_first_run_done"] = t("workshop.login.first_run_done", lang)
    st.rerun()


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
    if done := st.session_state.pop("_first_run_done", None):
        st.success(done, icon=":material/key:")
    stored = password_hash()
    try:
        outdated = bool(stored) and needs_rehash(stored)
    except BadHash:
        outdated = False
    if outdated:
        st.sidebar.warning(t("workshop.login.weak_hash", lang), icon=":material/key:")


# ---------------------------------------------------------------- results
def published(store: Store, workshop: Workshop, *, advance: bool) -> publishing.Shown:
    """The published snapshot the result pages show (a new step first when ``advance`` and the
    rules allow it) and the live count: see :mod:`advisor.workshop.publishing`."""
    return publishing.current(store, workshop, advance=advance)


def segment_choices(q: Any) -> list[str]:
    """Segment questions the form asks (open ones only when the organisation gave options)."""
    asked = {question.id for question in wa.asked_questions(q)}
    return [sid for sid in q.segment_ids if sid in asked]


def segment_label(sid: str, q: Any, lang: str) -> str:
    from advisor.i18n import keys

    key = f"segments.{sid}"
    return t(key, lang) if key in keys(lang) else q[sid].text.get(lang)


def step_caption(shown: publishing.Shown, workshop: Workshop, lang: str) -> None:
    """How many answers the figures rest on, when some are in but not yet in them."""
    if shown.snapshot is not None and shown.waiting:
        st.caption(
            t(
                "workshop.results.step",
                lang,
                shown=shown.snapshot.responses,
                total=shown.live_count,
                k=workshop.min_group,
            )
        )


def show_results(
    workshop: Workshop, shown: publishing.Shown, lang: str, *, key: str, segment_by: str, large: bool = False
) -> None:
    """The anonymised charts of the published snapshot: weights and channel use per visible group,
    convincers. ``large``: the projector's sizes."""
    from advisor.analysis.anonymity import NOT_ANSWERED
    from advisor.ui import charts
    from advisor.ui.common import catalog

    if shown.snapshot is None:
        st.info(t("workshop.results.too_few", lang, k=workshop.min_group), icon=":material/visibility_off:")
        return
    q = wa.questionnaire_for(workshop)
    s = publishing.summary_of(shown.snapshot, workshop, segment_by, lang)
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
        # never their number: a group hidden only to protect another says more than it should
        st.caption(t("workshop.results.hidden_groups", lang, k=s.min_group))
    names = {c.id: c.name.get(lang) for c in catalog().criteria}
    font = {"size": 20} if large else None

    def draw(fig: Any, part: str) -> None:
        fig.update_layout(font=font) if font else None
        st.plotly_chart(
            fig,
            width="stretch",
            key=f"{key}_{part}",
            config={"displaylogo": False, "displayModeBar": False, "staticPlot": large},
        )

    rows = {label(k): s.segments[k].weights for k in visible if s.segments[k].weights}
    if s.organisation.weights:
        rows[org] = s.organisation.weights
    if rows:
        st.subheader(t("workshop.results.weights", lang))
        weights = pd.DataFrame(rows).T[s.criteria].rename(columns=lambda c: names.get(c, c))
        top = float(np.nanmax(weights.to_numpy()))
        draw(
            charts.heatmap(
                weights, zmin=0, zmax=top if top > 0 else 1.0, text=charts.percent_text(weights, lang)
            ),
            "weights",
        )
    groups = [(label(k), s.segments[k]) for k in visible] + [(org, s.organisation)]
    regular = pd.DataFrame({name: g.landscape.regular for name, g in groups if g.landscape}).T
    if not regular.empty and regular.notna().any().any():
        st.subheader(t("workshop.results.channels", lang))
        channel_names = {c.id: c.label(lang) for c in q.channels}
        regular = regular.reindex(columns=q.channel_ids).rename(columns=channel_names)
        regular = regular.loc[:, regular.notna().any()]
        draw(charts.heatmap(regular, zmin=0, zmax=1, text=charts.percent_text(regular, lang)), "channels")
    shares = {
        q["convincers"].label(o, lang): s.organisation.convincers[str(o)].share
        for o in q["convincers"].values
        if s.organisation.convincers and s.organisation.convincers[str(o)].share is not None
    }
    if shares:
        st.subheader(q["convincers"].text.get(lang))
        draw(share_bars(pd.Series(shares), t("workshop.results.share", lang)), "convincers")


def share_bars(shares: pd.Series, axis_label: str) -> Any:
    """Horizontal bars of shares on a fixed 0-100% axis (an empty or tiny result keeps its axis)."""
    import plotly.graph_objects as go

    ordered = shares.sort_values()
    fig = go.Figure(
        go.Bar(
            x=ordered.to_numpy(),
            y=[str(i) for i in ordered.index],
            orientation="h",
            marker_color="#0072B2",
            text=[f"{v:.0%}" for v in ordered.to_numpy()],
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_layout(
        height=max(220, 48 * len(ordered) + 80),
        margin={"l": 10, "r": 40, "t": 10, "b": 40},
        xaxis={"range": [0, 1], "tickformat": ".0%", "title": {"text": axis_label}, "fixedrange": True},
        yaxis={"automargin": True, "fixedrange": True},
        showlegend=False,
    )
    return fig
