"""Participant: join a workshop with its code, answer on a phone, submit once, see the released result.

The router shows this page alone (no sidebar, no dashboard) whenever the URL carries ``?w=``.
Nothing about the participant is stored but their answers and the day. One response per device (the
default): the browser keeps a random key in a cookie (:mod:`advisor.ui.browser`) and the response is
stored under a one-way hash of it, so a reload shows "you already answered" and "change my answers"
replaces that response until the workshop closes. On a shared device (the facilitator's choice) the
id lives in the browser session and "next participant" starts an empty form.
A response needs the workshop's segment question and one answer beyond it; the form says which is
missing and keeps what was typed.
"""

from __future__ import annotations

import uuid

import streamlit as st

from advisor.i18n import LANGUAGES, normalise_language, t
from advisor.markup import escape_markdown
from advisor.ui import browser
from advisor.ui import workshop_kit as kit
from advisor.workshop import answers as wa
from advisor.workshop import web
from advisor.workshop.store import Outcome, StoreUnavailable, Workshop, WorkshopError, normalise_code

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


def _released(store, workshop: Workshop, lang: str) -> None:
    if store is None:  # the database cannot be reached just now: no result to show
        return
    if workshop.results_released:
        st.header(t("workshop.participant.results", lang))
        # the same published step as the projector: a reload never shows one new answer's effect
        shown = kit.published(store, workshop, advance=True)
        kit.step_caption(shown, workshop, lang)
        kit.show_results(workshop, shown, lang, key="participant", segment_by="department")
    else:
        st.caption(t("workshop.participant.not_released", lang))


def _acknowledgement(code: str, lang: str) -> None:
    """The message of the submit that just arrived, or that this browser answered before."""
    just = st.session_state.pop("just_submitted", None)
    if just == (code, Outcome.REPLACED.value):
        st.success(t("workshop.participant.replaced", lang), icon=":material/check_circle:")
    elif just and just[0] == code:
        st.success(t("workshop.participant.thanks", lang), icon=":material/check_circle:")
    else:
        st.info(t("workshop.participant.already", lang), icon=":material/task_alt:")


def _start_editing(code: str, q, answers: dict) -> None:
    """The change button: the form again, filled in with this browser's stored answers."""
    st.session_state[f"editing_{code}"] = True
    for question in wa.asked_questions(q):
        key = f"a_{code}_{question.id}"
        st.session_state[key] = answers.get(question.id, [] if question.kind == "multi" else None)


def _next_participant(code: str, q) -> None:
    """A shared device: a fresh, empty form for the next person."""
    _submitted().discard(code)
    st.session_state.pop(f"submission_{code}", None)
    for question in wa.asked_questions(q):
        st.session_state.pop(f"a_{code}_{question.id}", None)


def _answered(store, workshop: Workshop, q, lang: str, earlier) -> None:
    """The thank-you view; while the workshop is open, a device may change its answers."""
    _acknowledgement(workshop.code, lang)
    if workshop.one_per_device and workshop.is_open and earlier is not None:
        st.caption(t("workshop.participant.change_until_closed", lang))
        st.button(
            t("workshop.participant.change", lang),
            icon=":material/edit:",
            key="change_answers",
            on_click=_start_editing,
            args=(workshop.code, q, earlier.answers),
        )
    elif not workshop.one_per_device and workshop.is_open:
        st.button(
            t("workshop.participant.next_person", lang),
            icon=":material/person_add:",
            key="next_participant",
            on_click=_next_participant,
            args=(workshop.code, q),
        )
    _released(store, workshop, lang)


def _identity(workshop: Workshop) -> tuple[str, str]:
    """(submission id, token claim) of this device (or of this form, on a shared device)."""
    if workshop.one_per_device:
        return wa.device_ids(workshop.code, browser.device_key())
    submission_id = st.session_state.setdefault(f"submission_{workshop.code}", uuid.uuid4().hex)
    return submission_id, st.session_state.setdefault(f"claim_{workshop.code}", uuid.uuid4().hex)


RETRY_EVERY = "3s"


def main() -> None:
    try:
        _page()
    except WorkshopError:  # the database or the workshop went away mid-visit: a message, no traceback
        lang = normalise_language(st.session_state.get("p_lang"))
        st.error(t("workshop.participant.try_again", lang), icon=":material/cloud_off:")


def _open_store(lang: str):
    """The workshop database, or None while it cannot be reached (the page carries on from what
    this browser session knows, and says so calmly)."""
    try:
        return kit.open_store()
    except StoreUnavailable:
        return None


def _unreachable(lang: str) -> None:
    """Nothing known yet and no database: a calm message; the page looks again by itself."""
    st.info(t("workshop.participant.unreachable", lang), icon=":material/cloud_sync:")

    @st.fragment(run_every=RETRY_EVERY)
    def look_again() -> None:
        if _open_store(lang) is not None and st.session_state.pop("_waited_once", False):
            st.rerun(scope="app")
        st.session_state["_waited_once"] = True

    look_again()
    st.stop()


def _pending_key(code: str) -> str:
    return f"pending_{code}"


def _send(store, workshop: Workshop, pending: dict, lang: str) -> Outcome | None:
    """Send a kept submission; None while the database cannot be reached (it stays kept)."""
    if store is None:
        return None
    try:
        return store.submit(workshop.code, **pending)
    except StoreUnavailable:
        return None


def _sent(workshop: Workshop, outcome: Outcome, lang: str) -> None:
    """After the store answered: the thank-you on the next run, or what went wrong."""
    st.session_state.pop(_pending_key(workshop.code), None)
    if outcome.acknowledged:
        if not workshop.one_per_device:
            _submitted().add(workshop.code)
        st.session_state.pop(f"editing_{workshop.code}", None)
        st.session_state[f"answered_{workshop.code}"] = True
        st.session_state["just_submitted"] = (workshop.code, outcome.value)
        st.rerun(scope="app")
    st.error(web.refusal_text(outcome, lang))


def _keep_sending(workshop: Workshop, lang: str) -> None:
    """While a submission is kept: say so, and send it again every few seconds by itself."""

    @st.fragment(run_every=RETRY_EVERY)
    def again() -> None:
        pending = st.session_state.get(_pending_key(workshop.code))
        if not pending:
            return
        outcome = _send(_open_store(lang), workshop, pending, lang)
        if outcome is None:
            st.info(t("workshop.participant.kept", lang), icon=":material/cloud_sync:")
            return
        _sent(workshop, outcome, lang)

    again()


def _page() -> None:
    if not st.session_state.get("participant_mode"):  # opened by path: show it alone from now on
        st.session_state["participant_mode"] = True
        st.rerun()
    st.html(MOBILE_CSS)
    code = str(st.query_params.get("w", "") or "").strip()
    token = str(st.query_params.get("t", "") or "").strip() or None
    lang_before = normalise_language(st.session_state.get("p_lang") or getattr(st.context, "locale", None))
    store = _open_store(lang_before)
    if not code:
        _ask_code(_lang(None))
    known = f"p_workshop_{normalise_code(code)}"
    try:
        workshop = store.find(code) if store is not None else None
    except StoreUnavailable:
        store, workshop = None, None
    if store is None:  # carry on with what this session knows: the form and its answers stay
        workshop = st.session_state.get(known)
        if workshop is None:
            _unreachable(lang_before)
    elif workshop is None:
        typed = escape_markdown(code[:12])  # what was typed is shown as text, never as Markdown
        _ask_code(_lang(None), t("workshop.participant.unknown", lang_before, code=typed))
    st.session_state[known] = workshop
    lang = _lang(workshop)
    st.title(workshop.title)
    q = wa.questionnaire_for(workshop)
    submission_id, claim = _identity(workshop)
    editing = st.session_state.get(f"editing_{workshop.code}", False)
    earlier = None
    if workshop.one_per_device and store is not None:
        try:
            earlier = store.response_of(workshop.code, submission_id)
        except StoreUnavailable:
            store = None
    answered_here = st.session_state.get(f"answered_{workshop.code}") and workshop.one_per_device
    if ((earlier is not None or answered_here) and not (editing and workshop.is_open)) or (
        workshop.code in _submitted()
    ):
        _answered(store, workshop, q, lang, earlier)
        st.stop()
    if not workshop.is_open:
        st.warning(t("workshop.participant.closed", lang), icon=":material/lock_clock:")
        _released(store, workshop, lang)
        st.stop()
    refusal = None
    if earlier is None and store is not None and _pending_key(workshop.code) not in st.session_state:
        try:
            refusal = store.check_token(workshop, token, claim)
        except StoreUnavailable:
            store = None
    if refusal is not None:
        st.error(t(f"workshop.participant.{refusal.value}", lang), icon=":material/key_off:")
        st.stop()

    st.caption(t("workshop.participant.editing" if earlier else "workshop.participant.intro", lang))
    with st.form(f"answers_{workshop.code}", border=False, enter_to_submit=False):
        values = {}
        for question in wa.asked_questions(q):
            values[question.id] = _widget(question, lang, f"a_{workshop.code}_{question.id}")
        submitted = st.form_submit_button(t("workshop.participant.submit", lang), type="primary")
    if submitted:
        _submit(store, workshop, q, values, lang, token, submission_id, claim)
    if _pending_key(workshop.code) in st.session_state:
        _keep_sending(workshop, lang)


def _submit(
    store, workshop: Workshop, q, values: dict, lang: str, token, submission_id: str, claim: str
) -> None:
    try:
        answers = wa.clean(values, q)
    except wa.InvalidAnswer:
        st.error(t("workshop.participant.invalid", lang))
        return
    missing = wa.missing_parts(answers, q)
    if missing:  # nothing is stored; the answers stay in the form
        st.warning("  \n".join(web.missing_lines(missing, q, lang)), icon=":material/rule:")
        return
    # kept in this browser session until the store acknowledges it: a submit that does not arrive
    # is sent again (by the button or by itself), under the same id, so it is stored once
    pending = {
        "submission_id": submission_id,
        "answers": answers,
        "language": lang,
        "token": token,
        "replace": workshop.one_per_device,
        "claim": claim,
    }
    st.session_state[_pending_key(workshop.code)] = pending
    outcome = _send(store if store is not None else _open_store(lang), workshop, pending, lang)
    if outcome is not None:
        _sent(workshop, outcome, lang)


main()
