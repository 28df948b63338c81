"""Participant: join a workshop with its code, answer on a phone, submit once, see the released result.

The router shows this page alone (no sidebar, no dashboard) whenever the URL carries ``?w=``.
Nothing about the participant is stored but their answers and the day: the submission id that stops
a double submit is random and lives in this browser session only.
"""

from __future__ import annotations

import uuid

import streamlit as st

from advisor.i18n import LANGUAGES, normalise_language, t
from advisor.ui import workshop_kit as kit
from advisor.workshop import answers as wa
from advisor.workshop.store import Outcome, StoreUnavailable, Workshop, WorkshopError

MOBILE_CSS = """
<style>
  [data-testid="stRadio"] label p, [data-testid="stCheckbox"] label p { font-size: 1.08rem; }
  [data-testid="stRadio"] [role="radiogroup"] label { padding: 0.45rem 0.2rem; min-height: 2.6rem; }
  [data-testid="stRadio"] [role="radiogroup"] label > div:first-child {
    transform: scale(1.35); margin-right: 0.4rem;
  }
  [data-testid="stForm"] [data-testid="stMarkdownContainer"] h3 { font-size: 1.15rem; margin-top: 0.6rem; }
  .block-container { max-width: 40rem; padding-top: 4.5rem; }
  [data-testid="stFormSubmitButton"] button { width: 100%; min-height: 3.2rem; font-size: 1.1rem; }
</style>
"""


def _lang(workshop: Workshop | None) -> str:
    if "p_lang" not in st.session_state or st.session_state["p_lang"] not in LANGUAGES:
        default = workshop.language if workshop else getattr(st.context, "locale", None)
        st.session_state["p_lang"] = normalise_language(default)
    st.segmented_control(
        "Taal / Language",
        options=list(LANGUAGES),
        key="p_lang",
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
        label_visibility="collapsed",
    )
    lang = st.session_state["p_lang"] or "nl"
    # answers wait in the browser until "send"; a language switch redraws the form and loses them
    st.caption(t("workshop.participant.language_first", lang))
    return lang


def _ask_code(lang: str, message: str = "") -> None:
    st.title(t("workshop.participant.join_title", lang))
    if message:
        st.error(message, icon=":material/error:")
    with st.form("join"):
        typed = st.text_input(t("workshop.participant.code", lang), max_chars=12, key="typed_code")
        if st.form_submit_button(t("workshop.participant.join", lang), type="primary") and typed.strip():
            st.query_params["w"] = typed.strip().upper()
            st.session_state.pop("p_lang", None)
            st.rerun()
    st.stop()


def _widget(question, lang: str, key: str) -> object:
    label = question.text.get(lang)
    if question.kind == "multi":
        return st.pills(
            label,
            options=list(question.values),
            selection_mode="multi",
            format_func=lambda v: question.label(v, lang),
            key=key,
            help=t("workshop.participant.multi_help", lang),
        )
    if question.kind == "text":
        return st.text_area(label, max_chars=wa.MAX_TEXT, key=key)
    return st.radio(
        label,
        options=list(question.values),
        index=None,
        format_func=lambda v: question.label(v, lang),
        key=key,
    )


def _submitted() -> set[str]:
    return st.session_state.setdefault("submitted_workshops", set())


def _thanks(store, workshop: Workshop, lang: str, just_now: bool) -> None:
    if just_now:
        st.success(t("workshop.participant.thanks", lang), icon=":material/check_circle:")
    else:
        st.info(t("workshop.participant.already", lang), icon=":material/task_alt:")
    _released(store, workshop, lang)


def _released(store, workshop: Workshop, lang: str) -> None:
    if workshop.results_released:
        st.header(t("workshop.participant.results", lang))
        kit.show_results(store, workshop, lang, key="participant", segment_by="department")
    else:
        st.caption(t("workshop.participant.not_released", lang))


def main() -> None:
    try:
        _page()
    except WorkshopError:  # the database or the workshop went away mid-visit: a message, no traceback
        lang = normalise_language(st.session_state.get("p_lang"))
        st.error(t("workshop.participant.try_again", lang), icon=":material/cloud_off:")


def _page() -> None:
    if not st.session_state.get("participant_mode"):  # opened by path: show it alone from now on
        st.session_state["participant_mode"] = True
        st.rerun()
    st.html(MOBILE_CSS)
    code = str(st.query_params.get("w", "") or "").strip()
    token = str(st.query_params.get("t", "") or "").strip() or None
    lang_before = normalise_language(st.session_state.get("p_lang") or getattr(st.context, "locale", None))
    store = kit.get_store(lang_before)
    if not code:
        _ask_code(_lang(None))
    try:
        workshop = store.find(code)
    except StoreUnavailable as error:
        st.error(kit.error_text(error, lang_before))
        st.stop()
    if workshop is None:
        _ask_code(_lang(None), t("workshop.participant.unknown", lang_before, code=code[:12]))
    lang = _lang(workshop)
    st.title(workshop.title)
    if workshop.code in _submitted():
        _thanks(store, workshop, lang, st.session_state.pop("just_submitted", None) == workshop.code)
        st.stop()
    if not workshop.is_open:
        st.warning(t("workshop.participant.closed", lang), icon=":material/lock_clock:")
        _released(store, workshop, lang)
        st.stop()
    refusal = store.check_token(workshop, token)
    if refusal is not None:
        st.error(t(f"workshop.participant.{refusal.value}", lang), icon=":material/key_off:")
        st.stop()

    q = wa.questionnaire_for(workshop)
    submission_id = st.session_state.setdefault(f"submission_{workshop.code}", uuid.uuid4().hex)
    st.caption(t("workshop.participant.intro", lang))
    with st.form(f"answers_{workshop.code}", border=False, enter_to_submit=False):
        values = {}
        for question in wa.asked_questions(q):
            values[question.id] = _widget(question, lang, f"a_{workshop.code}_{question.id}")
        submitted = st.form_submit_button(t("workshop.participant.submit", lang), type="primary")
    if not submitted:
        return
    if workshop.code in _submitted():  # a second press in this session: politely refused
        st.info(t("workshop.participant.already", lang))
        return
    try:
        answers = wa.clean(values, q)
        outcome = store.submit(workshop.code, submission_id, answers, lang, token)
    except wa.InvalidAnswer:
        st.error(t("workshop.participant.invalid", lang))
        return
    except StoreUnavailable:
        st.error(t("workshop.participant.try_again", lang), icon=":material/cloud_off:")
        return
    if outcome.acknowledged:
        _submitted().add(workshop.code)
        st.session_state["just_submitted"] = workshop.code
        st.rerun()
    message = {
        Outcome.CLOSED: "closed",
        Outcome.UNKNOWN_WORKSHOP: "gone",
    }.get(outcome, outcome.value)
    st.error(t(f"workshop.participant.{message}", lang))


main()
