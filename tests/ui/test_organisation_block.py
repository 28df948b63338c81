"""The Data page's Organisation section (issue 14): name, sector and size, in the demo (the session's
organisation file) and in a dossier (its organisation field, with history); the rest of the
organisation file is kept."""

from __future__ import annotations

import yaml

from advisor.config import settings
from advisor.dossier.store import DossierStore
from tests.ui.conftest import PAGES, texts
from tests.ui.test_dossier_flow import create_demo_dossier, data_dir, session  # noqa: F401 (fixture)


def _fill(at, name: str, sector: str, size: int):
    at.text_input(key="org_name").input(name)
    at.selectbox(key="org_sector").set_value(sector)
    at.number_input(key="org_size").set_value(size)
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_in_the_demo_the_section_changes_the_sessions_organisation_file_and_keeps_the_rest(data_dir):  # noqa: F811
    at = session(page="data")
    assert "Organisatie" in texts(at)
    assert at.text_input(key="org_name").value == "Delta Media Groep"  # read from the demo's file
    assert at.selectbox(key="org_sector").value == "private"
    _fill(at, "Gemeente Lekdal", "municipality", 900)
    saved = yaml.safe_load(at.session_state["dataset"].organisation)
    assert (saved["name"], saved["sector"], saved["size"]) == ("Gemeente Lekdal", "municipality", 900)
    assert saved["headcounts"]["department"]["editorial"] == 210  # the rest of the file is kept
    assert [o["value"] for o in saved["segment_options"]["department"]][:2] == ["editorial", "sales"]
    assert "Opgeslagen in het organisatiebestand." in texts(at)
    assert at.text_input(key="org_name").value == "Gemeente Lekdal"
    # and the demo's plan is now the municipality's: its name and the public-sector rules
    at.switch_page(str(PAGES / "plan.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    plan = texts(at)
    assert "Gemeente Lekdal" in plan and "Woo" in plan


def test_in_a_dossier_the_section_changes_its_organisation_field_with_history(data_dir):  # noqa: F811
    _, did = create_demo_dossier()
    at = session(did, page="data")
    _fill(at, "Zorggroep Oost", "healthcare", 0)  # 0: size not given
    dossier = DossierStore.open(settings().database_url).get(did)
    saved = yaml.safe_load(dossier.settings.organisation)
    assert saved["name"] == "Zorggroep Oost" and saved["sector"] == "healthcare" and "size" not in saved
    assert saved["headcounts"]["department"]["sales"] == 95
    history = DossierStore.open(settings().database_url).history(did)
    assert any(h.field == "organisation" and "Zorggroep Oost" in str(h.new) for h in history)
    assert "Opgeslagen in het dossier." in texts(at)
    fresh = session(did, page="data")  # another browser finds it
    assert fresh.text_input(key="org_name").value == "Zorggroep Oost"
    assert fresh.selectbox(key="org_sector").value == "healthcare"
    fresh.switch_page(str(PAGES / "plan.py")).run()
    assert not fresh.exception
