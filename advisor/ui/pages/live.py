"""Projector: the join code and QR code, the live count, and the anonymised result once revealed.

The result is hidden until the facilitator reveals it. It shows a published snapshot
(:mod:`advisor.workshop.publishing`): the anonymity engine's figures, updated in steps of at least
the workshop's threshold of new answers and only when no two steps together single anyone out. The
count of answers is live. Presentation mode (sidebar, or ``?beamer=1``) sets large type and hides
toolbars and the running indicator.
"""

from __future__ import annotations

import streamlit as st

from advisor.ui import projector
from advisor.ui import workshop_kit as kit
from advisor.ui.common import language, tr
from advisor.workshop import answers as wa
from advisor.workshop.links import join_link, qr_png
from advisor.workshop.store import Workshop, WorkshopError

REFRESH = "1s"

lang = language()
kit.require_facilitator(lang)
large = projector.switch(lang)
st.html(kit.STEADY_CSS)  # a refresh every second must not dim or shift the page
store = kit.get_store(lang)
try:
    workshops = store.list_workshops()
except WorkshopError as error:
    st.error(kit.error_text(error, lang))
    st.stop()
if not workshops:
    st.title(tr("workshop.live.title"))
    st.info(tr("workshop.facilitator.none_yet"))
    st.stop()
by_code = {w.code: w for w in workshops}
if st.session_state.get("workshop_code") not in by_code:
    st.session_state["workshop_code"] = workshops[0].code
st.sidebar.selectbox(
    tr("workshop.facilitator.choose"),
    list(by_code),
    key="workshop_code",
    format_func=lambda c: f"{c} · {by_code[c].title}",
)
workshop = by_code[st.session_state["workshop_code"]]
public_url = kit.app_settings().public_url


@st.cache_data(show_spinner=False, max_entries=32)
def _qr(link: str) -> bytes:
    return qr_png(link, scale=8)


def _toggle_reveal(code: str) -> None:
    current = store.get(code)
    store.set_revealed(code, not current.results_revealed)


def _join(current: Workshop) -> None:
    """Always on screen: where to go, the code, the QR code."""
    left, right = st.columns([3, 1], vertical_alignment="center")
    with left:
        st.title(current.title, anchor=False)
        st.subheader(tr("workshop.live.join", link=public_url), anchor=False)
        st.markdown(f"# `{current.code}`")
    with right:
        st.image(_qr(join_link(public_url, current.code)), width=260 if large else 180)


@st.fragment(run_every=REFRESH)
def live(code: str) -> None:
    try:
        current = store.get(code)
        shown = kit.published(store, current, advance=current.results_revealed)
    except WorkshopError as error:
        st.error(kit.error_text(error, lang), icon=":material/cloud_off:")
        return
    count, control = st.columns([3, 1], vertical_alignment="bottom")
    count.metric(tr("workshop.results.responses"), shown.live_count)
    control.button(
        tr("workshop.live.hide" if current.results_revealed else "workshop.live.reveal"),
        icon=":material/visibility_off:" if current.results_revealed else ":material/visibility:",
        key="reveal_results",
        type="secondary" if current.results_revealed else "primary",
        on_click=_toggle_reveal,
        args=(code,),
        width="stretch",
    )
    if not current.is_open:
        st.caption(tr("workshop.status.closed"))
    if not current.results_revealed:
        st.info(tr("workshop.live.hidden"), icon=":material/visibility_off:")
        return
    q = wa.questionnaire_for(current)
    choices = kit.segment_choices(q)
    segment_by = st.segmented_control(
        tr("workshop.live.segment_by"),
        options=choices,
        default=choices[0] if choices else None,
        format_func=lambda sid: kit.segment_label(sid, q, lang),
        key=f"live_segment_{code}",
    )
    kit.step_caption(shown, current, lang)
    kit.show_results(
        current, shown, lang, key=f"live_{code}", segment_by=segment_by or "department", large=large
    )


_join(workshop)
live(workshop.code)
