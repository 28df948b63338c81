"""The workshop room under AppTest: nothing empty is stored, a device answers once and may change its
answer, every page counts the same, any character in a comment leaves the pages whole and out of the
log, and OIDC admits only the facilitators on the allow-list."""

from __future__ import annotations

import json
import logging
import re

import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from advisor.i18n import t
from advisor.markup import escape_markdown
from advisor.ui import browser
from advisor.workshop import answers as wa
from tests.conftest import ROOT
from tests.ui import test_workshop_pages as pages
from tests.ui.conftest import texts
from tests.ui.test_workshop_pages import answer, facilitator, full, log_in, participant, submit

store = pages.store  # the same fixtures: an embedded database per test, the simulated cookies
workshop = pages.workshop


def cookie_set_by(at: AppTest, name: str) -> str | None:
    """The key the page asked the browser to keep in cookie ``name`` (what a browser would do)."""
    for element in at.get("html"):
        found = re.search(rf"{name}=([0-9a-f]{{32}})", element.proto.body)
        if found:
            return found.group(1)
    return None


def reload_on_this_device(store, at: AppTest, code: str) -> AppTest:
    """A reload in the same browser: a new session that sends the cookie the first one set."""
    key = cookie_set_by(at, browser.DEVICE_COOKIE) or store.browser_cookies.get(browser.DEVICE_COOKIE)
    assert key, "the page did not give this browser a device key"
    store.browser_cookies[browser.DEVICE_COOKIE] = key
    return participant(code)


def warning_text(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


# ---------------------------------------------------------------- counted once, counted right
def test_an_empty_or_segment_only_submission_is_refused_with_what_is_missing(store, workshop):
    at = participant(workshop.code)
    submit(at)
    assert "Kies je afdeling" in warning_text(at) and "minstens één vraag" in warning_text(at)
    at.radio(key=f"a_{workshop.code}_department").set_value("it")
    submit(at)
    assert "Kies je afdeling" not in warning_text(at) and "minstens één vraag" in warning_text(at)
    assert at.radio(key=f"a_{workshop.code}_department").value == "it"  # what was typed stays
    assert store.response_count(workshop.code) == 0
    at.radio(key=f"a_{workshop.code}_use.email").set_value("daily")
    submit(at)
    assert "Dank je wel" in texts(at)
    assert store.responses(workshop.code)[0].answers == {"department": "it", "use.email": "daily"}


def test_a_reload_on_the_same_device_shows_already_answered_and_a_second_device_can_answer(store, workshop):
    first = participant(workshop.code)
    answer(first, workshop.code)
    submit(first)
    again = reload_on_this_device(store, first, workshop.code)
    assert "al geantwoord" in texts(again) and not again.radio
    assert again.button(key="change_answers")
    assert store.response_count(workshop.code) == 1
    store.browser_cookies.clear()  # another phone
    other = participant(workshop.code)
    assert other.radio(key=f"a_{workshop.code}_department").value is None
    answer(other, workshop.code)
    submit(other)
    assert store.response_count(workshop.code) == 2


def test_changing_the_answers_replaces_the_response_and_counts_once(store, workshop):
    first = participant(workshop.code)
    answer(first, workshop.code)
    submit(first)
    again = reload_on_this_device(store, first, workshop.code)
    again.button(key="change_answers").click().run()
    assert again.radio(key=f"a_{workshop.code}_department").value == "it"  # filled in as sent
    assert again.radio(key=f"a_{workshop.code}_importance.privacy").value == 5
    again.radio(key=f"a_{workshop.code}_importance.privacy").set_value(1)
    submit(again)
    assert "bijgewerkt" in texts(again)
    (stored,) = store.responses(workshop.code)
    assert stored.answers["importance.privacy"] == 1 and stored.answers["department"] == "it"
    store.set_open(workshop.code, False)
    closed = reload_on_this_device(store, again, workshop.code)
    assert "al geantwoord" in texts(closed)
    assert not [b for b in closed.button if b.key == "change_answers"]  # no changes after closing


def test_on_a_shared_device_each_person_gets_an_empty_form(store):
    shared = store.create_workshop(
        "Koffiehoek", "nl", {"department": wa.parse_options("department", "IT\nHR")}, 3, one_per_device=False
    )
    at = participant(shared.code)
    answer(at, shared.code)
    submit(at)
    assert "Dank je wel" in texts(at)
    at.button(key="next_participant").click().run()
    assert at.radio(key=f"a_{shared.code}_department").value is None
    answer(at, shared.code)
    submit(at)
    assert store.response_count(shared.code) == 2
    assert cookie_set_by(at, browser.DEVICE_COOKIE) is None  # no device key on a shared device


def _insert_legacy_empty_response(store, workshop) -> None:
    """What version 3 stored for an empty submit."""
    with store.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO workshop_responses (response_id, workshop_id, submission_id, submitted_on,"
                " language, answers) VALUES ('legacy', :w, 'legacy', :day, 'nl', '{}')"
            ),
            {"w": workshop.id, "day": workshop.created_on},
        )


def _voice_total(at: AppTest) -> str:
    (table,) = [d.value for d in at.dataframe if "Totaal" in d.value.iloc[:, 0].tolist()]
    return table.set_index(table.columns[0]).loc["Totaal"].iloc[0]


def test_live_workshop_and_dashboard_count_the_same(store, workshop):
    q = wa.questionnaire_for(workshop)
    for i in range(6):
        store.submit(workshop.code, f"s{i}", full(q, "it", 4))
    _insert_legacy_empty_response(store, workshop)
    page = log_in(facilitator())
    counts = {m.value for m in page.metric if m.label == "Antwoorden"}
    assert counts == {"6"}, counts
    assert f"{workshop.code} · Kick-off Delta (6)" in page.selectbox(key="workshop_code").options
    live = log_in(facilitator("live"))
    assert {m.value for m in live.metric if m.label == "Antwoorden"} == {"6"}
    page.button(key="to_dashboard").click().run()
    assert not page.exception, [e.value for e in page.exception]
    assert str(_voice_total(page)) == "6"


# ---------------------------------------------------------------- any character
EVERY_CONTROL = "".join(chr(c) for c in range(0x20)) + "\x7f"
MARKDOWN = "![pixel](http://tracker.example/p.png) # Kop [klik](http://evil.example)"


def test_any_character_in_a_comment_leaves_the_workshop_page_whole_and_the_log_clean(
    store, workshop, caplog, capfd
):
    q = wa.questionnaire_for(workshop)
    # ten: the dashboard lists comments only where a list cannot isolate fewer than ten
    comments = [f"SECRET-{i} {EVERY_CONTROL} regel\x0bnog een;=1+1 {MARKDOWN}" for i in range(10)]
    for i, comment in enumerate(comments):
        store.submit(workshop.code, f"s{i}", {**full(q, "it", 4), "comment": comment})
    caplog.set_level(logging.DEBUG)
    page = log_in(facilitator())
    assert not page.exception, [e.value for e in page.exception]
    assert {b.label for b in page.get("download_button")} >= {"Eigen CSV", "Excel (.xlsx)"}
    labels = {e.label for e in page.expander}
    assert {"Grens en groepen", "Persoonlijke links", "Workshop verwijderen"} <= labels
    page.button(key="to_dashboard").click().run()
    assert not page.exception, [e.value for e in page.exception]
    shown = [element.value for element in page.text]
    assert any("SECRET-0" in value and MARKDOWN in value for value in shown)  # as plain text
    assert not any("SECRET" in m.value for m in page.markdown)  # never through Markdown
    assert not any(re.search(r"[\x00-\x09\x0b-\x1f\x7f]", value) for value in shown)
    logged = caplog.text + "".join(capfd.readouterr())
    assert "SECRET" not in logged


def test_the_code_in_the_link_is_echoed_as_text_not_markdown(store):
    typed = "[x](http://e)"
    at = participant(typed)
    (error,) = at.error
    assert error.value == t("workshop.participant.unknown", "nl", code=escape_markdown(typed[:12]))


# ---------------------------------------------------------------- OIDC allow-list
def oidc_page(monkeypatch, email: str, allowed: str | None) -> AppTest:
    if allowed is None:
        monkeypatch.delenv("ADVISOR_FACILITATOR_EMAILS", raising=False)
    else:
        monkeypatch.setenv("ADVISOR_FACILITATOR_EMAILS", allowed)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context["locale"] = "nl-NL"
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-cookie-secret",
        "client_id": "advisor",
        "client_secret": "secret",
        "server_metadata_url": "https://login.example.nl/.well-known/openid-configuration",
    }
    at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    at.run()
    return at


def test_an_oidc_user_not_on_the_allow_list_is_refused(store, workshop, monkeypatch):
    refused = oidc_page(monkeypatch, "deelnemer@delta.nl", "anna@delta.nl, bram@delta.nl")
    assert not refused.exception, [e.value for e in refused.exception]
    assert "niet op de lijst van begeleiders" in texts(refused)
    assert not refused.dataframe and not refused.get("plotly_chart")  # no survey figures
    nobody = oidc_page(monkeypatch, "anna@delta.nl", None)
    assert "Er staat nog niemand op de lijst" in texts(nobody)
    admitted = oidc_page(monkeypatch, "Anna@Delta.nl", "anna@delta.nl, bram@delta.nl")
    assert "niet op de lijst" not in texts(admitted) and admitted.dataframe
    assert json.dumps(admitted.title[0].value)  # the dashboard's first page
