"""AppTest helpers: the app in a given language, page switching, values of rendered elements."""

from __future__ import annotations

import json
from collections.abc import Iterator

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
    parts.extend(tab.label for tab in at.tabs)  # Staff voice's section names
    return "\n".join(parts)


def charts(at: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def each_section(at: AppTest, key: str = "voice_section") -> Iterator[AppTest]:
    """Staff voice builds one section (tab) at a time: the app with each of its tabs open in turn."""
    for label in [tab.label for tab in at.tabs]:
        at.session_state[key] = label
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        yield at


def every_chart(at: AppTest) -> list[dict]:
    """The charts of every Staff voice section."""
    return [chart for _ in each_section(at) for chart in charts(at)]


COMPARE_SECTIONS = ("plans", "acceptability", "stability", "profiles")


def open_compare_sections(at: AppTest) -> AppTest:
    """Compare draws its plans, certainty, stability and profiles only when opened: open them all."""
    for name in COMPARE_SECTIONS:
        at.session_state[f"open_{name}"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def app():
    return open_app
