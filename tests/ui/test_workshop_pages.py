"""Workshop pages under AppTest: the participant flow, the facilitator flow behind the login, the
projector page's anonymity, and opening a workshop in the dashboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor.config import embedded_url
from advisor.workshop import answers as wa
from advisor.workshop.auth import hash_password
from advisor.workshop.store import Store
from tests.conftest import ROOT
from tests.ui.conftest import PAGES, charts, texts

PASSWORD = "zaal-zeven-beamer"
HASH = hash_password(PASSWORD, salt=b"fixed-test-salt!")


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    monkeypatch.delenv("ADVISOR_FACILITATOR_PASSWORD_HASH", raising=False)
    from advisor.ui import browser, workshop_kit

    workshop_kit._fallback_throttle.clear()  # the throttle itself lives in each test's database
    cookies: dict[str, str] = {}
    monkeypatch.setattr(browser, "sent_cookies", lambda: dict(cookies))
    opened = Store(embedded_url(Path(tmp_path)))
    opened.browser_cookies = cookies  # what the simulated browser sends (see keep_cookies)
    yield opened
    opened.close()


@pytest.fixture
def workshop(store):
    return store.create_workshop(
        "Kick-off Delta", "nl", {"department": wa.parse_options("department", "IT\nHR | Human resources")}, 3
    )


def full(q, department: str, importance: int, **more: str) -> dict:
    """A response with every criterion rated (so it counts towards the weights)."""
    return wa.clean(
        {
            "department": department,
            "use.email": "daily",
            **dict.fromkeys(q.importance_ids, importance),
            **more,
        },
        q,
    )


def labels_in(at: AppTest) -> set[str]:
    """Every category label drawn in the page's charts."""
    found = set()
    for chart in charts(at):
        for trace in chart["data"]:
            for axis in ("x", "y"):
                values = trace.get(axis)
                if isinstance(values, list):
                    found.update(v for v in values if isinstance(v, str))
    return found


def participant(code: str, token: str | None = None, locale: str = "nl-NL") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context["locale"] = locale
    at.query_params["w"] = code
    if token:
        at.query_params["t"] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def submit(at: AppTest) -> AppTest:
    (button,) = [b for b in at.button if b.key.startswith("FormSubmitter:answers_")]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def answer(at: AppTest, code: str) -> None:
    at.radio(key=f"a_{code}_department").set_value("it")
    at.radio(key=f"a_{code}_importance.privacy").set_value(5)
    at.radio(key=f"a_{code}_use.whatsapp").set_value("daily")
    (convincers,) = [g for g in at.get("button_group") if g.key == f"a_{code}_convincers"]
    convincers.set_value(["alignment", "faster_answers"])


def test_participant_sees_only_the_form_in_the_workshop_language(workshop):
    at = participant(workshop.code, locale="en-GB")
    assert [t.value for t in at.title] == ["Kick-off Delta"]
    assert len(at.sidebar) == 0  # no navigation, no dashboard
    department = at.radio(key=f"a_{workshop.code}_department")
    assert department.value is None and department.options == ["IT", "HR"]  # nothing preselected
    assert all(r.value is None for r in at.radio)
    assert not [r for r in at.radio if r.key.endswith("_location")]  # no options set: not asked
    next(g for g in at.get("button_group") if g.key == "p_lang").set_value("en").run()
    assert at.radio(key=f"a_{workshop.code}_department").options == ["IT", "Human resources"]
    # a switch halfway redraws the form (answers wait in the browser until sent): say so up front
    assert "Choose your language first" in texts(at)


def test_participant_answers_submits_once_and_a_second_submit_is_refused(store, workshop):
    at = participant(workshop.code)
    answer(at, workshop.code)
    submit(at)
    assert "Dank je wel" in texts(at)
    (stored,) = store.responses(workshop.code)
    assert stored.answers == {
        "department": "it",
        "importance.privacy": 5,
        "use.whatsapp": "daily",
        "convincers": ["alignment", "faster_answers"],
    }
    at.run()  # back to the page in the same browser session
    assert "al geantwoord" in texts(at) and not at.radio
    assert store.response_count(workshop.code) == 1


def test_closed_and_unknown_workshops_get_a_clear_message(store, workshop):
    store.set_open(workshop.code, False)
    at = participant(workshop.code)
    assert "gesloten" in texts(at) and not at.radio
    unknown = participant("QQQQQQ", locale="en-GB")
    assert "no workshop with code 'QQQQQQ'" in texts(unknown)
    assert unknown.text_input(key="typed_code")  # and a field to type the code again


def test_typing_the_code_joins_the_workshop(workshop):
    at = participant("")
    at.text_input(key="typed_code").input(workshop.code.lower())
    at.button[0].click().run()
    assert [t.value for t in at.title] == ["Kick-off Delta"]


def test_single_use_links_are_needed_and_work_once(store, workshop):
    token = store.add_tokens(workshop.code, 1)[0]
    assert "persoonlijke link" in texts(participant(workshop.code))
    assert "niet geldig" in texts(participant(workshop.code, "bogus"))
    at = participant(workshop.code, token)
    answer(at, workshop.code)
    submit(at)
    assert store.response_count(workshop.code) == 1
    assert "al gebruikt" in texts(participant(workshop.code, token))


def test_released_results_show_only_groups_at_the_threshold(store, workshop):
    q = wa.questionnaire_for(workshop)
    for i in range(4):
        store.submit(workshop.code, f"it{i}", full(q, "it", 5))
    for i in range(2):
        store.submit(workshop.code, f"none{i}", full(q, None, 3))
    store.submit(workshop.code, "hr0", full(q, "hr", 1))  # alone: hidden, and its complement too
    store.set_released(workshop.code, True)
    at = participant(workshop.code)
    answer(at, workshop.code)
    submit(at)
    assert "Resultaat van de groep" in texts(at)
    rows = labels_in(at)
    assert "IT" in rows and "HR" not in rows and "Human resources" not in rows


# ---------------------------------------------------------------- facilitator
def facilitator(page: str = "workshop", password_hash: str | None = HASH) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context["locale"] = "nl-NL"
    if password_hash:
        at.secrets["ADVISOR_FACILITATOR_PASSWORD_HASH"] = password_hash
    at.run()
    at.switch_page(str(PAGES / f"{page}.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def log_in(at: AppTest, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_password").input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_without_a_password_and_not_on_this_machine_the_page_explains_how_to_set_one(store):
    at = facilitator(password_hash=None)  # no browser connection known: never taken for local
    assert "alleen op de computer waarop de app draait" in texts(at)
    assert "hash-password" in at.code[0].value
    assert not at.text_input


def test_three_wrong_passwords_then_the_client_waits_even_for_the_right_one(store, monkeypatch):
    from advisor.workshop import throttle

    clock = [1_000_000.0]
    monkeypatch.setattr(throttle, "wall_clock", lambda: clock[0])
    at = facilitator()
    log_in(at, "geraden")
    assert "Onjuist wachtwoord" in texts(at) and not at.get("selectbox")
    log_in(at, "geraden")
    log_in(at, "geraden")
    log_in(at, PASSWORD)
    assert "Wacht 1 seconden" in texts(at)  # refused before the password is even compared
    clock[0] += 1
    log_in(at, PASSWORD)
    assert at.get("selectbox") or "Nieuwe workshop" in texts(at)  # in


def test_facilitator_creates_closes_exports_and_deletes(store):
    at = log_in(facilitator())
    at.text_input(key="new_title").input("Heidag")
    at.text_area(key="new_department").input("Redactie | Newsroom\nVerkoop | Sales")
    next(b for b in at.button if "create_workshop" in b.key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    (created,) = store.list_workshops()
    assert created.title == "Heidag" and [o["value"] for o in created.segment_options["department"]] == [
        "redactie",
        "verkoop",
    ]
    assert created.code in texts(at) and at.get("image")  # join code and the QR code on screen
    assert {b.label for b in at.get("download_button")} >= {"Eigen CSV", "Excel (.xlsx)"}

    at.button(key="close_workshop").click().run()
    assert not store.get(created.code).is_open
    at.button(key="open_workshop").click().run()
    assert store.get(created.code).is_open

    store.submit(created.code, "s1", {"department": "redactie"})
    at.run()
    at.button(key="delete_workshop").click().run()  # not confirmed: nothing happens
    assert store.find(created.code) is not None and "Typ precies" in texts(at)
    at.text_input(key="delete_typed").input(created.code)
    at.button(key="delete_workshop").click().run()
    assert store.find(created.code) is None
    assert "zijn verwijderd" in texts(at)


def test_open_in_dashboard_loads_the_workshop_like_an_import(store, workshop):
    q = wa.questionnaire_for(workshop)
    for i in range(6):
        store.submit(workshop.code, f"s{i}", full(q, "it", 4))
    at = log_in(facilitator())
    at.button(key="to_dashboard").click().run()
    assert not at.exception, [e.value for e in at.exception]
    dataset = at.session_state["dataset"]
    assert dataset.name == f"workshop-{workshop.code}.csv" and "department" in dataset.organisation
    assert "IT" in labels_in(at)  # the Staff voice page analyses the workshop's responses


def test_live_page_hides_groups_below_the_threshold_whatever_the_segmentation(store, workshop):
    q = wa.questionnaire_for(workshop)
    for i in range(5):
        store.submit(workshop.code, f"it{i}", full(q, "it", 4, age_band="25-34"))
    store.submit(workshop.code, "hr", full(q, "hr", 2, age_band="55+"))
    at = log_in(facilitator("live"))
    assert "Antwoorden 6" in texts(at)
    at.button(key="reveal_results").click().run()
    for segment in ("department", "age_band"):
        next(g for g in at.get("button_group") if g.key == f"live_segment_{workshop.code}").set_value(
            segment
        ).run()
        labels = labels_in(at)
        assert labels and not labels & {"HR", "Human resources", "55 of ouder"}, labels


def test_dashboard_needs_the_facilitator_login_on_a_shared_deployment(monkeypatch):
    """With a facilitator password configured, survey results are for facilitators only."""
    from advisor.workshop.auth import hash_password
    from tests.ui.conftest import open_app as _open

    monkeypatch.setenv("ADVISOR_FACILITATOR_PASSWORD_HASH", hash_password("correct horse battery"))
    at = _open("en-US")
    assert not at.dataframe, "no survey figures before login"
    assert at.text_input(key="login_password")
    at.text_input(key="login_password").input("correct horse battery")
    at.button(key="FormSubmitter:facilitator_login-Log in").click().run()
    assert at.title[0].value == "Staff voice"
    assert at.dataframe


def test_open_in_dashboard_within_a_dossier_links_the_workshop_to_it(store, workshop):
    from advisor.dossier.store import DossierStore

    q = wa.questionnaire_for(workshop)
    for i in range(6):
        store.submit(workshop.code, f"s{i}", full(q, "it", 4))
    dossiers = DossierStore(store)
    dossier = dossiers.create(
        "Platformkeuze 2027", settings={"min_group": 3, "acknowledge_small_groups": True}
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context["locale"] = "nl-NL"
    at.secrets["ADVISOR_FACILITATOR_PASSWORD_HASH"] = HASH
    at.query_params["dossier"] = dossier.id
    at.run()
    at.switch_page(str(PAGES / "workshop.py")).run()
    log_in(at)
    at.button(key="to_dashboard").click().run()
    assert not at.exception, [e.value for e in at.exception]
    linked = dossiers.get(dossier.id)
    (dataset,) = linked.datasets
    assert dataset.live and dataset.workshop_code == workshop.code and dataset.added_by == "facilitator"
    assert linked.settings.min_group == workshop.min_group == 3
    assert "IT" in labels_in(at)  # Staff voice analyses the dossier, i.e. the workshop's answers
