"""Accessibility in a real browser, every dashboard page in Dutch and English (issue 15): the tab
title names the page, ``<html lang>`` is the interface language, nothing is fetched from another
host, axe-core finds no serious or critical violation, chart text has 4.5:1 contrast (axe does not
read SVG text), chart toolbars are out of the tab order, and Streamlit's own labels are localised."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import each_view, wait_for_app

pytestmark = pytest.mark.e2e

PAGES = [  # url path, heading nl, heading en (each view of a page is checked: see each_view)
    ("", "Stem van de medewerkers", "Staff voice"),
    ("vergelijken", "Platforms vergelijken", "Compare platforms"),
    ("plan", "Adoptieplan", "Adoption plan"),
    ("catalogus", "Platformcatalogus", "Platform catalogue"),
    ("gegevens", "Gegevens", "Data"),
]
LOCALES = {"nl": "nl-NL", "en": "en-US"}

# the contrast of every text in the charts against what is under it: the paper, or the heatmap
# cell under a cell's text (read from the figure: plotly draws heatmaps as one image)
CHART_CONTRAST = """
() => {
  const hex = (h) => (h.length === 4 ? [1, 2, 3].map((i) => parseInt(h[i] + h[i], 16))
                                     : [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  const numbers = (c) => (c.match(/\\d+(\\.\\d+)?/g) || []).slice(0, 3).map(Number);
  const rgb = (c) => (c.startsWith('#') ? hex(c) : numbers(c));
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
  const colourAt = (scale, t) => {
    for (let i = 1; i < scale.length; i++) {
      if (t <= scale[i][0]) {
        const [t0, c0] = scale[i - 1], [t1, c1] = scale[i];
        return mix(hex(c0), hex(c1), (t - t0) / ((t1 - t0) || 1));
      }
    }
    return hex(scale[scale.length - 1][1]);
  };
  const worst = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const paper = rgb(plot._fullLayout.paper_bgcolor);
    for (const text of plot.querySelectorAll('.main-svg text')) {
      if (!text.textContent.trim() || text.closest('.hoverlayer')) continue;
      worst.push({text: text.textContent, ratio: ratio(rgb(getComputedStyle(text).fill), paper)});
    }
    for (const trace of plot._fullData.filter((d) => d.type === 'heatmap' && d.texttemplate)) {
      const ink = rgb(trace.textfont.color);
      const [zmin, zmax] = [trace.zmin, trace.zmax];
      for (const row of trace.z) for (const z of row) {
        if (z === null || Number.isNaN(z)) continue;
        const cell = colourAt(trace.colorscale, Math.min(1, Math.max(0, (z - zmin) / ((zmax - zmin) || 1))));
        worst.push({text: `cell ${z}`, ratio: ratio(ink, cell)});
      }
    }
  }
  return worst.sort((a, b) => a.ratio - b.ratio).slice(0, 5);
}
"""


def _open(page, app_url: str, path: str, lang: str) -> None:
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    if lang == "en":  # the browser asks for English; the sidebar switch must agree
        page.wait_for_function("document.documentElement.lang === 'en'", timeout=15_000)


@pytest.fixture
def localised_page(browser, request):
    """A page whose browser asks for ``lang`` (the app follows the browser's language)."""
    lang = request.param
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale=LOCALES[lang])
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    yield lang, page, hosts
    context.close()


@pytest.mark.parametrize("localised_page", ["nl", "en"], indirect=True)
@pytest.mark.parametrize("path, heading_nl, heading_en", PAGES)
def test_each_page_names_itself_has_its_language_stays_local_and_passes_axe(
    localised_page, app_url, axe_source, path, heading_nl, heading_en
):
    lang, page, hosts = localised_page
    _open(page, app_url, path, lang)
    heading = heading_nl if lang == "nl" else heading_en
    page.get_by_role("heading", name=heading, exact=True).wait_for()
    assert page.title() == f"{heading} · Platform Advisor"
    # the page frame's script sets it when Streamlit has mounted it (after the title, under load)
    page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=15_000)
    page.add_script_tag(content=axe_source)
    for view, _ in enumerate(each_view(page, path, lang)):  # each Staff voice tab, Compare opened
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.id} (${v.impact}): `
                            + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '))"""
        )
        assert violations == [], (view, violations)
    assert hosts == {app_url.split("/")[2]}, hosts  # the favicon and fonts are bundled


@pytest.mark.parametrize("localised_page", ["nl"], indirect=True)
def test_chart_text_has_aa_contrast_and_toolbars_are_out_of_the_tab_order(localised_page, app_url):
    lang, page, _ = localised_page
    for path, _, _ in PAGES[:2]:
        _open(page, app_url, path, lang)
        for charts in each_view(page, path, lang):  # each Staff voice tab, Compare opened
            worst = page.evaluate(CHART_CONTRAST)
            assert worst and worst[0]["ratio"] >= 4.5, worst
            page.locator(".js-plotly-plot").first.hover()  # the toolbar is drawn on hover
            page.locator(".modebar-btn").first.wait_for(state="attached")
            focusable = page.evaluate(
                "[...document.querySelectorAll('.modebar-btn, .modebar a, .modebar button')]"
                ".filter((b) => b.tabIndex >= 0).length"
            )
            assert focusable == 0
            # and the charts are named for a screen reader by their summary sentence
            charts_named = page.evaluate(
                "[...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
                ".map((e) => [e.getAttribute('role'), (e.getAttribute('aria-label') || '').trim()])"
            )
            assert len(charts_named) >= charts
            assert all(role == "figure" and len(name) > 20 for role, name in charts_named), charts_named


@pytest.mark.parametrize("localised_page", ["nl"], indirect=True)
def test_streamlits_own_labels_are_dutch_in_the_dutch_interface(localised_page, app_url):
    lang, page, _ = localised_page
    _open(page, app_url, "gegevens", lang)
    skip = page.evaluate(
        "[...document.querySelectorAll('a')].map((a) => a.textContent)"
        ".filter((t) => /hoofdinhoud|Skip/.test(t))"
    )
    assert skip == ["Naar de hoofdinhoud"]
    page.get_by_text("Eigen enquête importeren").click()
    wait_for_app(page)
    uploader = page.locator("[data-testid='stFileUploader']").first
    uploader.wait_for()
    text = uploader.inner_text()
    lines = [line.strip() for line in text.splitlines()]
    assert "Uploaden" in lines, lines
    assert any(line.endswith("per bestand • CSV, XLSX, TXT") for line in lines), lines
    assert "Upload" not in lines and "per file" not in text
    labels = page.evaluate(
        "[...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'))"
    )
    assert any(label.startswith("Hulp bij ") for label in labels)
    assert not [
        label for label in labels if label.startswith(("Help for", "Collapse", "Expand", "Main menu"))
    ]
