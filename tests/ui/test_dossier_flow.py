"""The dashboard works in a dossier: every change is in the database, a fresh session finds it all
again, the History names who and when, and two sessions never lose a change silently."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from advisor.config import settings
from advisor.dossier.model import DossierErased
from advisor.dossier.store import DossierStore
from tests.conftest import ROOT
from tests.ui.conftest import PAGES, charts, texts

REASON = "Beoordeeld door de privacy officer na de DPIA van oktober."
NOTE = "We kiezen Mattermost: zelf hosten weegt zwaarder dan de kleine voorsprong van Teams."


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    return tmp_path


def session(dossier_id: str | None = None, page: str | None = None, locale: str = "nl-NL") -> AppTest:
    """A browser session: a fresh AppTest (nothing in its session state), the address it opens."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.context["locale"] = locale
    if dossier_id:
        at.query_params["dossier"] = dossier_id
    at.run()
    if page:
        at.switch_page(str(PAGES / f"{page}.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def dossier_id_of(at: AppTest) -> str:
    value = at.query_params["dossier"]
    return value[0] if isinstance(value, list) else value


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def create_demo_dossier(name: str = "Platformkeuze 2027") -> tuple[AppTest, str]:
    at = session(page="dossier")
    next(t for t in at.text_input if t.label == "Naam van het dossier").input(name)
    next(c for c in at.checkbox if c.label.startswith("Beginnen met de enquêtegegevens")).check()
    click(at, "Dossier aanmaken")
    return at, dossier_id_of(at)


def store() -> DossierStore:
    return DossierStore.open(settings().database_url)


def test_every_change_is_kept_and_a_fresh_session_finds_it_all_again(data_dir):
    at, did = create_demo_dossier()
    assert "Platformkeuze 2027" in texts(at) and "400 respondenten" in texts(at)

    at.switch_page(str(PAGES / "compare.py")).run()
    at.slider(key="w_privacy").set_value(60).run()
    at.toggle(key="must_eu_residency").set_value(True).run()
    at.radio(key="method").set_value("topsis").run()
    at.selectbox(key="detail_platform").set_value("teams").run()
    at.selectbox(key="override_criterion").set_value("privacy")
    at.number_input(key="override_score").set_value(8.0)
    at.text_area(key="override_reason").input(REASON)
    click(at, "Aanpassing opslaan")
    assert "De handmatige score is in het dossier bewaard" in texts(at)
    shown = texts(at)  # Compare marks the override where the ranking uses it, with its reason
    assert "Handmatig aangepaste scores" in shown and REASON in shown
    assert "Microsoft Teams *" in json.dumps(charts(at), ensure_ascii=False)  # marked in the chart
    at.switch_page(str(PAGES / "catalog.py")).run()
    assert REASON in texts(at) and "Microsoft Teams *" in set(at.dataframe[0].value.iloc[:, 0])

    at.switch_page(str(PAGES / "plan.py")).run()
    at.selectbox(key="plan_platform").set_value("mattermost").run()
    at.text_area(key="decision_note_input").input(NOTE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Besluit in dit dossier: Mattermost" in texts(at)
    assert REASON in texts(at)  # the plan's preview: the override and its justification

    saved = store().get(did)
    assert saved.settings.weights.changes == {"privacy": 60}
    assert saved.settings.must_haves == ("eu_residency",)
    assert saved.settings.method == "topsis"
    assert saved.settings.overrides["teams"]["privacy"].score == 8.0
    assert saved.settings.choice.platform == "mattermost"
    assert saved.settings.decision_note == NOTE
    assert saved.plans, "the generated plan is noted in the dossier"

    # a reload / another browser: a new session with only the address
    fresh = session(did, "compare")
    assert fresh.slider(key="w_privacy").value == 60
    assert fresh.toggle(key="must_eu_residency").value is True
    assert fresh.radio(key="method").value == "topsis"
    fresh.selectbox(key="detail_platform").set_value("teams").run()
    assert "Aanpassing voor Privacy en vertrouwelijkheid verwijderen" in [b.label for b in fresh.button]
    fresh.switch_page(str(PAGES / "plan.py")).run()
    assert fresh.selectbox(key="plan_platform").value == "mattermost"
    assert fresh.text_area(key="decision_note_input").value == NOTE

    # the History: each change with who and when
    fresh.switch_page(str(PAGES / "dossier.py")).run()
    history = fresh.dataframe[1].value  # the settings table, then the history
    what = " | ".join(history["wat"].astype(str))
    for field in (
        "gewichten",
        "harde eisen",
        "methode",
        "handmatige score (teams / privacy)",
        "gekozen platform",
        "besluitnotitie",
        "enquêtegegevens",
        "gemaakt plan",
    ):
        assert field in what, (field, what)
    assert set(history["wie"]) == {"lokale gebruiker"}
    assert history["wanneer (UTC)"].str.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d$").all()

    # the decision memo of this state: the decision against the ranking, its note, the override
    memo = texts(fresh)
    assert "Besluitmemo voor de stuurgroep" in memo
    assert NOTE in memo and REASON in memo and "Mattermost" in memo
    assert {b.label for b in fresh.get("download_button")} >= {"Memo als Markdown", "Memo als Word"}


def test_without_a_dossier_the_demo_says_nothing_is_kept(data_dir):
    at = session()
    assert "Demo: wat u verandert wordt niet bewaard" in texts(at)


def test_a_colleagues_change_appears_and_a_clash_is_told_not_lost(data_dir):
    _, did = create_demo_dossier()
    anna = session(did, "compare")
    bob = session(did, "compare")

    bob.radio(key="method").set_value("topsis").run()
    assert store().get(did).settings.method == "topsis"
    # Anna's next interaction shows Bob's change (it was not hers to keep or lose)
    anna.slider(key="w_usability").set_value(70).run()
    assert anna.radio(key="method").value == "topsis"
    assert store().get(did).settings.weights.changes.get("usability") == 70

    # both change the same field from the same state: the second is told, nothing silently lost
    anna.toggle(key="must_self_hosting").set_value(True)
    bob.toggle(key="must_e2ee").set_value(True).run()
    anna.run()
    assert not anna.exception
    shown = texts(anna)
    assert "harde eisen" in shown and "lokale gebruiker" in shown and "niet bewaard" in shown
    assert store().get(did).settings.must_haves == ("e2ee",)
    assert anna.toggle(key="must_e2ee").value is True  # Bob's change is what Anna sees now


def test_erasing_asks_for_the_id_and_then_removes_the_survey_data(data_dir):
    at, did = create_demo_dossier()
    at.text_input(key="delete_confirm_id").input("WRONG")
    click(at, "Definitief wissen")
    assert "Typ het id" in texts(at)
    assert store().get(did).respondents == 400
    at.text_input(key="delete_confirm_id").input(did)
    click(at, "Definitief wissen")
    assert f"Dossier {did} is gewist" in texts(at)
    assert "dossier" not in at.query_params
    with pytest.raises(DossierErased):
        store().get(did)


def test_an_upload_in_a_dossier_is_kept_as_its_answers_and_a_broken_one_stores_nothing(data_dir):
    at = session(page="dossier")
    next(t for t in at.text_input if t.label == "Naam van het dossier").input("Eigen enquête")
    click(at, "Dossier aanmaken")
    did = dossier_id_of(at)
    at.switch_page(str(PAGES / "data.py")).run()
    assert "nog geen enquêtegegevens" in texts(at)

    at.file_uploader(key="upload_file").set_value(("kapot.csv", b"\x00\x01\x02binary\xff\xfe", "text/csv"))
    at.button(key="FormSubmitter:upload_form-Importeren").click().run()
    assert not at.exception and "kapot.csv" in at.error[0].value
    assert store().get(did).datasets == ()  # nothing half-stored

    export = ROOT / "surveys" / "demo" / "demo-googleforms.csv"
    at.file_uploader(key="upload_file").set_value((export.name, export.read_bytes(), "text/csv"))
    at.button(key="FormSubmitter:upload_form-Importeren").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"'{export.name}'" in texts(at) and "in het dossier bewaard" in texts(at)
    (dataset,) = store().get(did).datasets
    answers = store().answers(did)
    assert dataset.name == export.name and dataset.respondents == len(answers) >= 390
    assert dataset.report["dropped_columns"] == ["Email Address"]  # identity dropped on import
    assert "Email Address" not in answers.columns

    # a fresh session (another browser) analyses the stored answers, not an upload it never saw
    fresh = session(did, "voice")
    assert "Demo-gegevens" not in texts(fresh)
    assert charts(fresh)


def test_a_rerun_without_changes_reads_only_the_version(data_dir, monkeypatch):
    _, did = create_demo_dossier()
    at = session(did, "compare")
    reads = []
    original = DossierStore.get
    monkeypatch.setattr(DossierStore, "get", lambda self, i: reads.append(i) or original(self, i))
    at.run()  # e.g. a chart toggle: nothing of the dossier changed here or elsewhere
    assert reads == []
    at.radio(key="method").set_value("topsis").run()  # a change: read, saved, read back
    assert reads and store().get(did).settings.method == "topsis"
