"""Facilitator: create workshops, show the join code and QR code, watch responses come in, open and
close, release results, single-use links, export, open in the dashboard, and erase (GDPR)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import streamlit as st

from advisor.analysis.anonymity import check_threshold
from advisor.errors import InputError
from advisor.ui import state
from advisor.ui import workshop_kit as kit
from advisor.ui.common import language, tr
from advisor.workshop import answers as wa
from advisor.workshop.links import join_link, qr_png
from advisor.workshop.store import Store, Workshop, WorkshopError

PAGES = Path(__file__).resolve().parent
SEGMENT_FIELDS = wa.SEGMENT_QUESTIONS
LOG = logging.getLogger("advisor.workshop")

lang = language()
st.title(tr("workshop.title"))
kit.require_facilitator(lang)
store = kit.get_store(lang)
public_url = kit.app_settings().public_url


def _options_from_form(prefix: str) -> dict[str, list[dict[str, str]]] | None:
    options = {}
    for sid in SEGMENT_FIELDS:
        try:
            parsed = wa.parse_options(sid, st.session_state.get(f"{prefix}_{sid}", ""))
        except wa.InvalidOptions as error:
            st.error(tr("workshop.facilitator.bad_option", segment=tr(f"segments.{sid}"), line=error.line))
            return None
        if parsed:
            options[sid] = parsed
    return options


def _segment_inputs(prefix: str, current: dict | None = None, disabled: bool = False) -> None:
    st.caption(tr("workshop.facilitator.segments_help"))
    columns = st.columns(len(SEGMENT_FIELDS))
    for column, sid in zip(columns, SEGMENT_FIELDS, strict=True):
        with column:
            st.text_area(
                tr(f"segments.{sid}").capitalize(),
                value=wa.options_text((current or {}).get(sid, [])),
                key=f"{prefix}_{sid}",
                height=140,
                disabled=disabled,
            )


def create_form() -> None:
    with st.form("create_workshop"):
        st.subheader(tr("workshop.facilitator.new"))
        title = st.text_input(tr("workshop.facilitator.name"), max_chars=200, key="new_title")
        language_choice = st.radio(
            tr("workshop.facilitator.language"),
            options=["nl", "en"],
            format_func=lambda c: {"nl": "Nederlands", "en": "English"}[c],
            horizontal=True,
            key="new_language",
        )
        min_group = st.number_input(
            tr("workshop.facilitator.threshold"), min_value=3, max_value=100, value=5, key="new_min_group"
        )
        acknowledged = st.checkbox(tr("workshop.facilitator.threshold_ack"), key="new_min_group_ack")
        one_per_device = st.checkbox(
            tr("workshop.facilitator.one_per_device"),
            value=True,
            help=tr("workshop.facilitator.one_per_device_help"),
            key="new_one_per_device",
        )
        _segment_inputs("new")
        submitted = st.form_submit_button(tr("workshop.facilitator.create"), type="primary")
    if not submitted:
        return
    if not title.strip():
        st.error(tr("workshop.facilitator.title_needed"))
        return
    options = _options_from_form("new")
    if options is None:
        return
    try:
        check_threshold(int(min_group), acknowledged, lang=lang)
    except InputError as error:
        st.error(error.message)
        return
    try:
        created = store.create_workshop(
            title, language_choice, options, int(min_group), one_per_device=bool(one_per_device)
        )
    except WorkshopError as error:
        st.error(kit.error_text(error, lang))
        return
    st.session_state["workshop_code"] = created.code
    st.rerun()


@st.fragment(run_every=kit.LIVE_REFRESH)
def live_count(code: str) -> None:
    try:
        count = store.response_count(code)
    except WorkshopError:
        return
    st.metric(tr("workshop.results.responses"), count)


def join_panel(workshop: Workshop) -> None:
    link = join_link(public_url, workshop.code)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"### {tr('workshop.facilitator.code')}: `{workshop.code}`")
        st.markdown(tr("workshop.facilitator.link", link=link))
        status = tr(f"workshop.status.{workshop.status}")
        released = tr(
            "workshop.facilitator.released_yes"
            if workshop.results_released
            else "workshop.facilitator.released_no"
        )
        st.caption(f"{status} · {released} · {tr('workshop.facilitator.threshold_is', k=workshop.min_group)}")
        live_count(workshop.code)
        st.page_link(
            PAGES / "live.py", label=tr("workshop.facilitator.to_live"), icon=":material/monitoring:"
        )
    with right:
        png = qr_png(link)
        st.image(png, width=260, caption=tr("workshop.facilitator.qr_caption"))
        st.download_button(
            tr("workshop.facilitator.qr_download"),
            png,
            file_name=f"workshop-{workshop.code}-qr.png",
            mime="image/png",
            on_click="ignore",
            key="qr_download",
        )


def actions(workshop: Workshop) -> None:
    first, second, third = st.columns(3)
    with first:
        if workshop.is_open:
            if st.button(tr("workshop.facilitator.close"), icon=":material/lock:", key="close_workshop"):
                store.set_open(workshop.code, False)
                st.rerun()
        elif st.button(tr("workshop.facilitator.open"), icon=":material/lock_open:", key="open_workshop"):
            store.set_open(workshop.code, True)
            st.rerun()
    with second:
        label = (
            "workshop.facilitator.unrelease" if workshop.results_released else "workshop.facilitator.release"
        )
        if st.button(tr(label), icon=":material/visibility:", key="release_results"):
            store.set_released(workshop.code, not workshop.results_released)
            st.rerun()
    with third:
        if st.button(
            tr("workshop.facilitator.to_dashboard"), icon=":material/dashboard:", key="to_dashboard"
        ):
            open_in_dashboard(workshop)


def answer_frame(workshop: Workshop):
    q = wa.questionnaire_for(workshop)
    return q, wa.answer_frame(store.responses(workshop.code), q)


def open_in_dashboard(workshop: Workshop) -> None:
    dossier = state.dossier_state.current()
    if dossier is not None:
        # in a dossier: the workshop becomes one of its datasets (read live, as answers come in),
        # and the dossier's threshold is never below the workshop's
        db, who = state.dossier_state.store(), state.dossier_state.who()
        if not any(d.workshop_code == workshop.code for d in dossier.datasets):
            state.dossier_state.act(db.link_workshop, dossier.id, workshop.code, who=who)
        if dossier.settings.min_group < workshop.min_group:
            latest = db.get(dossier.id)
            state.dossier_state.act(
                db.change, dossier.id, "min_group", workshop.min_group, base_version=latest.version, who=who
            )
        st.session_state[state.dossier_state.FORCE] = True
        st.switch_page(PAGES / "voice.py")
    q, frame = answer_frame(workshop)
    csv = wa.dashboard_csv(frame, q)
    state.set_dataset(
        state.Dataset(
            "upload", f"workshop-{workshop.code}.csv", csv, organisation=wa.organisation_yaml(workshop)
        )
    )
    # the dashboard keeps the workshop's threshold (acknowledged when it was set), never lower
    st.session_state["min_group"] = max(state.min_group(), workshop.min_group)
    st.session_state["min_group_ack"] = st.session_state["min_group"] < 5
    st.switch_page(PAGES / "voice.py")


def export_panel(workshop: Workshop) -> None:
    st.subheader(tr("workshop.facilitator.export"))
    try:
        q, frame = answer_frame(workshop)
        csv, xlsx = wa.native_csv(frame, q), wa.xlsx(frame, q)
    except WorkshopError:
        raise
    except Exception as error:  # never a traceback, and never the answers in the server log
        LOG.error("workshop %s: export failed (%s)", workshop.code, type(error).__name__)
        st.error(tr("workshop.facilitator.export_failed"), icon=":material/error:")
        return
    st.caption(tr("workshop.facilitator.export_help", n=len(frame)))
    left, right = st.columns(2)
    stamp = dt.date.today().isoformat()
    left.download_button(
        tr("workshop.facilitator.export_csv"),
        csv,
        file_name=f"workshop-{workshop.code}-{stamp}.csv",
        mime="text/csv",
        on_click="ignore",
        key="export_csv",
    )
    right.download_button(
        tr("workshop.facilitator.export_xlsx"),
        xlsx,
        file_name=f"workshop-{workshop.code}-{stamp}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="export_xlsx",
    )


def settings_panel(workshop: Workshop) -> None:
    locked = workshop.responses > 0
    with st.expander(tr("workshop.facilitator.settings"), icon=":material/tune:"):
        if locked:
            st.caption(tr("workshop.facilitator.locked"))
        with st.form(f"settings_{workshop.code}"):
            min_group = st.number_input(
                tr("workshop.facilitator.threshold"),
                min_value=3,
                max_value=100,
                value=workshop.min_group,
                disabled=locked,
                key=f"min_group_{workshop.code}",
            )
            acknowledged = st.checkbox(
                tr("workshop.facilitator.threshold_ack"),
                value=workshop.min_group < 5,
                disabled=locked,
                key=f"min_group_ack_{workshop.code}",
            )
            _segment_inputs(f"edit_{workshop.code}", workshop.segment_options, disabled=locked)
            saved = st.form_submit_button(tr("workshop.facilitator.save"), disabled=locked)
        if saved:
            options = _options_from_form(f"edit_{workshop.code}")
            try:  # once there are responses the form is disabled; the store refuses changes too
                check_threshold(int(min_group), acknowledged, lang=lang)
            except InputError as error:
                st.error(error.message)
                options = None
            if options is not None:
                try:
                    store.update_settings(workshop.code, min_group=int(min_group), segment_options=options)
                except WorkshopError as error:
                    st.error(kit.error_text(error, lang))
                else:
                    st.rerun()


def tokens_panel(workshop: Workshop) -> None:
    with st.expander(tr("workshop.facilitator.tokens"), icon=":material/key:"):
        issued, used = store.token_counts(workshop.code)
        st.caption(tr("workshop.facilitator.tokens_help", issued=issued, used=used))
        count = st.number_input(
            tr("workshop.facilitator.tokens_count"), 1, 5000, 20, key=f"token_count_{workshop.code}"
        )
        if st.button(tr("workshop.facilitator.tokens_make"), key=f"make_tokens_{workshop.code}"):
            made = store.add_tokens(workshop.code, int(count))
            st.session_state["new_token_links"] = "\n".join(
                join_link(public_url, workshop.code, tk) for tk in made
            )
        links = st.session_state.get("new_token_links")
        if links:
            st.warning(tr("workshop.facilitator.tokens_once"), icon=":material/warning:")
            st.code(links, language=None)
            st.download_button(
                tr("workshop.facilitator.tokens_download"),
                links + "\n",
                file_name=f"workshop-{workshop.code}-links.txt",
                on_click="ignore",
                key="tokens_download",
            )


def delete_panel(workshop: Workshop) -> None:
    with st.expander(tr("workshop.facilitator.delete"), icon=":material/delete_forever:"):
        st.caption(tr("workshop.facilitator.delete_help", n=workshop.responses, code=workshop.code))
        typed = st.text_input(
            tr("workshop.facilitator.delete_confirm", code=workshop.code), key="delete_typed"
        )
        if st.button(tr("workshop.facilitator.delete_button"), type="primary", key="delete_workshop"):
            if typed.strip().upper() != workshop.code:
                st.error(tr("workshop.facilitator.delete_mismatch", code=workshop.code))
                return
            erased = store.delete(workshop.code)
            st.session_state.pop("workshop_code", None)
            st.session_state.pop("new_token_links", None)
            st.session_state["flash"] = tr("workshop.facilitator.deleted", code=workshop.code, n=erased)
            st.rerun()


def manage(store: Store) -> None:
    workshops = store.list_workshops()
    if flash := st.session_state.pop("flash", None):
        st.success(flash)
    with st.expander(tr("workshop.facilitator.new"), expanded=not workshops, icon=":material/add:"):
        create_form()
    if not workshops:
        st.info(tr("workshop.facilitator.none_yet"))
        return
    codes = [w.code for w in workshops]
    if st.session_state.get("workshop_code") not in codes:
        st.session_state["workshop_code"] = codes[0]
    by_code = {w.code: w for w in workshops}
    code = st.selectbox(
        tr("workshop.facilitator.choose"),
        codes,
        key="workshop_code",
        format_func=lambda c: f"{c} · {by_code[c].title} ({by_code[c].responses})",
    )
    if st.session_state.get("token_links_for") != code:
        st.session_state["token_links_for"] = code
        st.session_state.pop("new_token_links", None)
    workshop = by_code[code]
    st.divider()
    st.header(workshop.title)
    join_panel(workshop)
    actions(workshop)
    export_panel(workshop)
    settings_panel(workshop)
    tokens_panel(workshop)
    delete_panel(workshop)


try:
    manage(store)
except WorkshopError as error:
    st.error(kit.error_text(error, lang))
