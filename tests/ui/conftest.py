"""AppTest helpers: the app in a given language, page switching, values of rendered elements."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = ROOT / "advisor" / "ui" / "pages"


def open_app(locale: str = "nl-NL", page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.context["locale"] = locale
    at.run()
    if page:
        at.switch_page(str(PAGES / f"{page}.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """All visible text of the rendered page (markdown, titles, captions, alerts, metrics)."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "success",
        "error",
    ):
        parts.extend(str(getattr(element, "value", "")) for element in getattr(at, kind))
    parts.extend(f"{m.label} {m.value} {m.delta or ''}" for m in at.metric)
    return "\n".join(parts)


def charts(at: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


@pytest.fixture
def app():
    return open_app
