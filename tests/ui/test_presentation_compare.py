"""Presentation mode on Compare (issue 15): the switch is in the sidebar, and its charts have no
toolbar on the projector (``?beamer=1`` keeps it across a reload)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.ui.conftest import PAGES, open_app


def _toolbars(at: AppTest) -> list[object]:
    return [json.loads(e.proto.config).get("displayModeBar", True) for e in at.get("plotly_chart")]


def test_compare_charts_keep_a_small_toolbar_off_the_projector():
    at = open_app("en-US", "compare")
    assert at.get("plotly_chart") and all(bar is True for bar in _toolbars(at))
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    assert config["modeBarButtons"] == [["toImage"]] and config["displaylogo"] is False


def test_presentation_mode_from_the_address_removes_every_chart_toolbar():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.context["locale"] = "en-US"
    at.query_params["beamer"] = "1"
    at.run()
    at.switch_page(str(PAGES / "compare.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.toggle(key="presentation_mode").value is True
    assert at.get("plotly_chart") and all(bar is False for bar in _toolbars(at))
