"""The projector page under AppTest: results hidden until revealed, a live count, the QR code always
there, figures that follow published steps (two refreshes around one new answer show the same
figures), the same snapshot on the participants' phones, and presentation mode."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from advisor.workshop import answers as wa
from advisor.workshop import publishing
from tests.ui import test_workshop_pages as pages
from tests.ui.conftest import texts
from tests.ui.test_workshop_pages import answer, facilitator, full, log_in, participant, submit

store = pages.store
workshop = pages.workshop


def specs(at: AppTest) -> list[dict]:
    """Every chart on the page as drawn (figure JSON)."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def counts(at: AppTest) -> set[str]:
    return {m.value for m in at.metric if m.label == "Antwoorden"}


def refresh(at: AppTest) -> AppTest:
    """What the page's one-second refresh does (AppTest reruns the whole page), after any step
    being sought in the background has finished."""
    publishing.wait_for_steps()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def live(reveal: bool = True) -> AppTest:
    at = log_in(facilitator("live"))
    if reveal:
        at.button(key="reveal_results").click().run()
    return refresh(at)


def test_results_are_hidden_until_revealed_while_the_count_and_qr_code_show(store, workshop):
    q = wa.questionnaire_for(workshop)
    for i in range(6):
        store.submit(workshop.code, f"s{i}", full(q, "it", 4))
    at = live(reveal=False)
    assert counts(at) == {"6"} and at.get("image"), "count and QR code before the reveal"
    assert workshop.code in texts(at)
    assert not at.get("plotly_chart") and "verborgen tot je het toont" in texts(at)
    at.button(key="reveal_results").click().run()
    refresh(at)
    assert store.get(workshop.code).results_revealed
    assert at.get("plotly_chart") and at.get("image") and counts(at) == {"6"}
    at.button(key="reveal_results").click().run()
    assert not store.get(workshop.code).results_revealed and not at.get("plotly_chart")


def test_two_refreshes_around_one_new_answer_show_the_same_figures(store, workshop):
    q = wa.questionnaire_for(workshop)
    for i in range(6):
        store.submit(workshop.code, f"it{i}", full(q, "it", 4))
    for i in range(6):
        store.submit(workshop.code, f"hr{i}", full(q, "hr", 2))
    at = live()
    before = specs(at)
    assert before and counts(at) == {"12"}
    store.submit(workshop.code, "late", full(q, "it", 1, **{"use.whatsapp": "daily"}))
    refresh(at)
    assert counts(at) == {"13"}  # the count is live
    assert specs(at) == before  # the figures are not: nothing about the thirteenth person
    assert "12 van de 13 antwoorden" in texts(at)
    # a participant's phone with released results shows the same step after answering
    store.set_released(workshop.code, True)
    phone = participant(workshop.code)
    answer(phone, workshop.code)
    submit(phone)
    assert "Dank je wel" in texts(phone) and "12 van de 14 antwoorden" in texts(phone)
    assert specs(phone) == before


def test_the_figures_move_on_once_a_step_singles_nobody_out(store, workshop):
    q = wa.questionnaire_for(workshop)
    for i in range(6):
        store.submit(workshop.code, f"it{i}", full(q, "it", 4))
    for i in range(6):
        store.submit(workshop.code, f"hr{i}", full(q, "hr", 2))
    at = live()
    before = specs(at)
    for i in range(3):  # k = 3 new answers, all in one group: that group grows by k
        store.submit(workshop.code, f"more{i}", full(q, "hr", 5))
    refresh(at)
    refresh(at)
    assert specs(at) != before and "van de" not in texts(at)
    assert store.latest_snapshot_seq(workshop.code) == (2, 15)


def test_presentation_mode_is_kept_in_the_address_and_hides_the_toolbars(store, workshop):
    q = wa.questionnaire_for(workshop)
    for i in range(6):
        store.submit(workshop.code, f"s{i}", full(q, "it", 4))
    at = live()
    at.toggle(key="presentation_mode").set_value(True).run()
    refresh(at)
    assert at.query_params.get("beamer") in ("1", ["1"])
    assert any("stToolbar" in h.proto.body for h in at.get("html"))
    assert at.get("image") and counts(at) == {"6"}
    for chart in at.get("plotly_chart"):
        assert json.loads(chart.proto.config)["displayModeBar"] is False
