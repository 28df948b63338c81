"""Compare reruns only its fragment when a slider moves (issue 15), and the move is still saved in
the dossier: app.py's end-of-run save does not run on a fragment rerun, so the fragment saves."""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from advisor.config import embedded_url
from advisor.dossier.store import DossierStore
from tests.dossier.conftest import ORGANISATION, demo_upload
from tests.e2e.conftest import serve_app, wait_for_app, wait_for_charts

pytestmark = pytest.mark.e2e


def deltas(frames: list[bytes]) -> list[ForwardMsg]:
    """The elements the server sent (Streamlit's websocket frames are ForwardMsg protobufs)."""
    messages = [ForwardMsg.FromString(f) for f in frames if isinstance(f, bytes | bytearray)]
    return [m for m in messages if m.WhichOneof("type") == "delta"]


@pytest.fixture
def dossier_app(chromium_path, tmp_path):
    db = DossierStore.open(embedded_url(tmp_path))
    dossier = db.create(
        "Platformkeuze 2027",
        settings={"organisation": ORGANISATION.read_text(encoding="utf-8")},
        uploads=[demo_upload()],
    )
    db.close()
    with serve_app(tmp_path) as url:
        yield url, dossier.id, tmp_path


def _settings(data_dir, dossier_id):
    store = DossierStore.open(embedded_url(data_dir))
    try:
        return store.get(dossier_id).settings
    finally:
        store.close()


def test_a_slider_move_reruns_the_fragment_only_and_a_fresh_session_finds_it(browser, dossier_app):
    url, dossier_id, data_dir = dossier_app
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="nl-NL")
    page = context.new_page()
    frames: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
    page.goto(f"{url}/vergelijken?dossier={dossier_id}")
    wait_for_app(page)
    wait_for_charts(page, 1)  # the ranking; the other charts only once their sections are opened
    full_run = len(deltas(frames))
    frames.clear()
    before = page.locator("[data-testid='stSlider']", has_text="Koppelingen").locator("input[type='range']")
    start = int(before.input_value())
    before.focus()
    page.keyboard.press("ArrowRight")  # one step: one rerun
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stTable] td')]"
        ".some((td) => td.textContent.trim() === '" + str(start + 1) + "')",
        timeout=30_000,
    )
    wait_for_app(page)
    sent = deltas(frames)
    # only the fragment's elements came again: the title, the facts table and the rest did not
    assert sent and all(m.delta.fragment_id for m in sent)
    assert len(sent) < full_run
    changes = {}
    for _ in range(20):  # the save commits right after the fragment's run
        changes = dict(_settings(data_dir, dossier_id).weights.changes)
        if changes:
            break
        page.wait_for_timeout(250)
    assert changes == {"integrations": start + 1}
    context.close()

    fresh = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="nl-NL")
    page = fresh.new_page()
    page.goto(f"{url}/vergelijken?dossier={dossier_id}")
    wait_for_app(page)
    wait_for_charts(page, 1)
    slider = page.locator("[data-testid='stSlider']", has_text="Koppelingen").locator("input[type='range']")
    assert int(slider.input_value()) == start + 1
    fresh.close()
