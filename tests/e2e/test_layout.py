"""The dashboard on a phone (390x844) and a laptop (1440x900), in a real browser (issue 15): every
chart is drawn, every label of it lies inside the chart and overlaps no other label, nothing covers
a legend, every category label is drawn, the Catalogue fits a phone, the sidebar closes after a
page is chosen on a phone, and Staff voice's four tabs fit a phone without scrolling sideways.
Screenshots of each page in both sizes go to tests/e2e/screenshots/."""

from __future__ import annotations

import pytest

from advisor.i18n import t
from tests.e2e.conftest import each_view, screenshot, wait_for_app, wait_for_charts

pytestmark = pytest.mark.e2e

SIZES = {"phone": (390, 844), "laptop": (1440, 900)}
PAGES = ["", "vergelijken", "catalogus", "plan", "gegevens"]

# per chart: labels outside the chart, labels overlapping each other, things over the legend,
# category axes with labels missing, and text smaller than 10 px
LAYOUT_PROBLEMS = """
() => {
  const box = (e) => e.getBoundingClientRect();
  const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1
                        && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  const overlap = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left))
                          * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const problems = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot, n) => {
    const chart = box(plot);
    const texts = [...plot.querySelectorAll('.main-svg text')]
      .filter((t) => t.textContent.trim() && !t.closest('.hoverlayer') && box(t).width > 0);
    for (const t of texts) {
      if (!inside(box(t), chart)) problems.push(`chart ${n}: '${t.textContent}' outside the chart`);
      const size = parseFloat(getComputedStyle(t).fontSize);
      if (size < 10) problems.push(`chart ${n}: '${t.textContent}' at ${size}px`);
    }
    // labels of one kind must not overlap each other (a tick label line is one <tspan>/<text>)
    for (const kind of ['.xtick', '.ytick', '.legendtext', '.angularaxistick', '.heatmap-label text']) {
      const group = [...plot.querySelectorAll(kind)]
        .map((e) => (e.tagName === 'text' ? e : e.querySelector('text') || e))
        .filter((t) => t && t.textContent.trim() && box(t).width > 0);
      for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) {
        if (overlap(box(group[i]), box(group[j])) > 2) {
          problems.push(`chart ${n}: '${group[i].textContent}' overlaps '${group[j].textContent}'`);
        }
      }
    }
    // every category is labelled (plotly drops labels when an axis is crowded)
    for (const [name, axis] of Object.entries(plot._fullLayout)) {
      if (!/^[xy]axis\\d*$/.test(name) || axis.type !== 'category' || !axis.visible) continue;
      const letter = name[0];
      const categories = new Set(plot._fullData.flatMap((d) => (d[letter] || []).map(String)));
      const drawn = plot.querySelectorAll(`.${letter}tick`).length;
      if (drawn < categories.size) {
        problems.push(`chart ${n}: ${drawn} of ${categories.size} ${letter} labels`);
      }
    }
    // nothing lies over the legend: the plotting area, axis labels, the toolbar
    const legend = plot.querySelector('.legend .bg');
    if (legend) {
      const l = box(legend);
      const others = [...plot.querySelectorAll(
        '.cartesianlayer .plot, .polarlayer .frontplot, .xtick, .ytick, .g-xtitle, .g-ytitle, .modebar')];
      for (const o of others) {
        if (box(o).width && overlap(l, box(o)) > 2) {
          problems.push(`chart ${n}: ${o.getAttribute('class')} over the legend`);
        }
      }
      if (!inside(l, chart)) problems.push(`chart ${n}: legend outside the chart`);
    }
  });
  return problems;
}
"""


@pytest.fixture(params=list(SIZES))
def sized_page(browser, request):
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    yield request.param, page
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_charts_are_drawn_with_every_label_inside_and_nothing_over_a_legend(sized_page, app_url, path):
    size, page = sized_page
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    for view, charts in enumerate(each_view(page, path)):  # each Staff voice tab, Compare opened
        drawn = page.locator(".js-plotly-plot")
        assert drawn.count() >= charts
        for i in range(drawn.count()):
            assert drawn.nth(i).bounding_box()["width"] <= SIZES[size][0]  # never wider than the screen
        assert page.evaluate(LAYOUT_PROBLEMS) == [], f"view {view}"
        # the main column never scrolls sideways on a phone (tables scroll inside themselves)
        overflow = page.evaluate(
            "(() => { const m = document.querySelector('[data-testid=stMain]');"
            " return m.scrollWidth - m.clientWidth; })()"
        )
        assert overflow <= 1
        screenshot_height = page.evaluate(
            "document.querySelector('[data-testid=stMainBlockContainer]').getBoundingClientRect().height"
        )
        page.set_viewport_size({"width": SIZES[size][0], "height": int(screenshot_height) + 200})
        page.wait_for_timeout(500)  # plotly redraws at the new height
        screenshot(page, f"{size}-{path or 'stem'}" + (f"-{view + 1}" if view else ""))
        page.set_viewport_size({"width": SIZES[size][0], "height": SIZES[size][1]})


def test_the_catalogue_on_a_phone_shows_every_platform_with_the_chosen_score(sized_page, app_url):
    size, page = sized_page
    page.goto(f"{app_url}/catalogus")
    wait_for_app(page)
    page.get_by_role("heading", name="Platformcatalogus").wait_for()
    wait_for_charts(page, 0)
    narrow = page.locator(".st-key-narrow_catalog")
    wide = page.locator(".st-key-wide_catalog")
    if size == "laptop":
        assert wide.is_visible() and not narrow.is_visible()
        return
    assert narrow.is_visible() and not wide.is_visible()
    table = narrow.locator("table")
    table.locator("tbody tr").nth(19).wait_for()  # every platform, not two of nine columns
    header = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert header[-1] == "Controle"
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # both columns on screen
    narrow.get_by_role("combobox").click()
    page.get_by_role("option", name="Gebruiksgemak").click()
    wait_for_app(page)
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()][-1] == "Gebruiksgemak"


def test_choosing_a_page_on_a_phone_closes_the_sidebar(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(app_url)
        wait_for_app(page)
        page.get_by_test_id("stExpandSidebarButton").click()
        sidebar = page.get_by_test_id("stSidebar")
        page.get_by_role("link", name="Platforms vergelijken").click()
        page.get_by_role("heading", name="Platforms vergelijken").wait_for()
        page.wait_for_function(
            "document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 1",
            timeout=5_000,
        )
        assert sidebar.get_attribute("aria-expanded") in (None, "false")
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_every_staff_voice_tab_is_on_a_phone_screen_without_scrolling_sideways(browser, app_url, locale):
    lang = locale[:2]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale)
    page = context.new_page()
    try:
        page.goto(app_url)
        wait_for_app(page)
        tabs = page.get_by_role("tab")
        names = [
            t(f"screens.voice.tabs.{k}", lang) for k in ("weights", "landscape", "attitude", "preferred")
        ]
        tabs.nth(len(names) - 1).wait_for()
        assert [name.strip() for name in tabs.all_inner_texts()] == names
        tab_list = page.get_by_role("tablist").first
        # the tab list has nothing hidden to scroll to, and every tab lies inside it and the screen
        assert tab_list.evaluate("(e) => e.scrollWidth - e.clientWidth") <= 1
        box = tab_list.bounding_box()
        for i in range(tabs.count()):
            tab = tabs.nth(i).bounding_box()
            assert (
                box["x"] - 1 <= tab["x"] and tab["x"] + tab["width"] <= min(box["x"] + box["width"], 390) + 1
            )
        # the short name on the tab, the full question as the heading inside it
        page.get_by_role("heading", name=t("voice.weights", lang)).wait_for()
        tabs.nth(1).click()
        page.get_by_role("heading", name=t("voice.landscape", lang)).wait_for()
        screenshot(page, f"phone-voice-tabs-{lang}")
    finally:
        context.close()
