"""A dossier in a real browser: a reload (F5) mid-work opens the same state, and a near tie is
headed "no clear winner" instead of "best choice"."""

from __future__ import annotations

import pytest

from advisor.config import embedded_url
from advisor.dossier.store import DossierStore
from tests.dossier.conftest import ORGANISATION, demo_upload
from tests.e2e.conftest import screenshot, serve_app, wait_for_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def dossier_app(chromium_path, tmp_path):
    db = DossierStore.open(embedded_url(tmp_path))
    organisation = ORGANISATION.read_text(encoding="utf-8")
    dossier = db.create(
        "Platformkeuze 2027", settings={"organisation": organisation}, uploads=[demo_upload()]
    )
    db.close()
    with serve_app(tmp_path) as url:
        yield url, dossier.id, tmp_path


def test_a_reload_mid_work_finds_the_same_dossier_state_and_a_near_tie_says_so(page, dossier_app):
    url, dossier_id, data_dir = dossier_app
    page.goto(f"{url}/vergelijken?dossier={dossier_id}")
    wait_for_app(page)
    page.get_by_role("heading", name="Platforms vergelijken").wait_for()
    # the demo organisation's weights: Teams and Nextcloud Talk are a near tie
    page.get_by_text("Geen duidelijke winnaar tussen").first.wait_for(timeout=60_000)
    assert page.get_by_text("Beste keuze met deze gewichten").count() == 0

    page.get_by_text("TOPSIS", exact=True).first.click()
    wait_for_app(page)
    page.get_by_text("Zelf te hosten", exact=True).first.click()
    wait_for_app(page)
    page.wait_for_timeout(500)

    page.reload()  # F5: the browser session is gone, the address keeps the dossier
    wait_for_app(page)
    page.get_by_role("heading", name="Platforms vergelijken").wait_for()
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    toggle = page.locator("[data-testid='stCheckbox']", has_text="Zelf te hosten").locator("input")
    assert toggle.is_checked()
    method = page.locator("[data-testid='stRadio'] label", has_text="TOPSIS").locator("input")
    assert method.is_checked()
    assert page.get_by_text("Platformkeuze 2027").count() >= 1
    screenshot(page, "dossier-after-reload")

    saved = DossierStore.open(embedded_url(data_dir))
    try:
        settings = saved.get(dossier_id).settings
    finally:
        saved.close()
    assert settings.method == "topsis" and "self_hosting" in settings.must_haves


def test_the_dossier_page_exports_and_imports_the_zip_in_the_browser(page, dossier_app, tmp_path):
    url, dossier_id, data_dir = dossier_app
    page.goto(f"{url}/dossier?dossier={dossier_id}")
    wait_for_app(page)
    page.get_by_role("heading", name="Geschiedenis").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Dossier exporteren (.zip)").click()
    archive = tmp_path / "export.zip"
    download.value.save_as(archive)
    assert archive.read_bytes()[:2] == b"PK"

    page.get_by_text("Het geïmporteerde dossier een nieuw id geven").click()
    wait_for_app(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").last.set_input_files(str(archive))
    wait_for_app(page)
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Dossier 'Platformkeuze 2027' geïmporteerd").wait_for(timeout=60_000)
    page.wait_for_url(lambda address: f"dossier={dossier_id}" not in address, timeout=30_000)
    new_id = page.url.split("dossier=")[1].split("&")[0]
    assert new_id != dossier_id

    saved = DossierStore.open(embedded_url(data_dir))
    try:
        copy, original = saved.get(new_id), saved.get(dossier_id)
    finally:
        saved.close()
    assert copy.name == original.name and copy.respondents == original.respondents == 400
    assert copy.settings == original.settings
