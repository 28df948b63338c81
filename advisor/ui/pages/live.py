"""Projector: the join code and the live, anonymised result, refreshing by itself every few seconds.

Only groups of at least the workshop's threshold are drawn, whichever segmentation is chosen: the
figures come from ``summarise`` with suppression applied, never from the raw answers.
"""

from __future__ import annotations

import streamlit as st

from advisor.ui import workshop_kit as kit
from advisor.ui.common import language, tr
from advisor.workshop.links import join_link, qr_png
from advisor.workshop.store import WorkshopError

lang = language()
kit.require_facilitator(lang)
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
st.title(workshop.title)
link = join_link(kit.app_settings().public_url, workshop.code)
left, right = st.columns([4, 1])
left.markdown(f"## {tr('workshop.live.join', link=kit.app_settings().public_url)} `{workshop.code}`")
right.image(qr_png(link, scale=6), width=150)


@st.fragment(run_every=kit.LIVE_REFRESH)
def live_results(code: str) -> None:
    try:
        current = store.get(code)
    except WorkshopError as error:
        st.error(kit.error_text(error, lang))
        return
    from advisor.workshop import answers as wa

    choices = kit.segment_choices(wa.questionnaire_for(current))
    segment_by = st.segmented_control(
        tr("workshop.live.segment_by"),
        options=choices,
        default=choices[0] if choices else None,
        format_func=lambda sid: kit.segment_label(sid, wa.questionnaire_for(current), lang),
        key=f"live_segment_{code}",
    )
    if not current.is_open:
        st.caption(tr("workshop.status.closed"))
    try:
        kit.show_results(store, current, lang, key=f"live_{code}", segment_by=segment_by or "department")
    except WorkshopError as error:
        st.error(kit.error_text(error, lang))


live_results(workshop.code)
