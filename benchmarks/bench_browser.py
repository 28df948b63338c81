"""What a person feels in a real browser: the dashboard against a bare one-chart Streamlit page.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_browser [--runs 10]``. Starts
two servers in this run (the app on the demo organisation, and a bare page with one slider and one
plotly chart, both with the app's server settings), warms both, then drives Debian's chromium with
Playwright, interleaving the app's and the bare page's runs so both see the same machine:

- slider move to settled (Compare), against the bare page's slider move (its one chart redrawn);
- must-have toggle to settled (Compare), against the same bare rerun;
- language switch to settled (Staff voice);
- Compare's first chart after navigating there from Staff voice, against the bare page's first
  chart after opening it;
- Staff voice's first chart after opening the app, against the same.

"Settled" is the moment the page stops changing: the last DOM change after the run, once the script
has finished and nothing changed for 600 ms. A first chart is its SVG drawn. The browser keeps its
cache between runs (a returning visitor); the servers are warm. Prints medians, the spread, and the
ratio to the bare page with the issue's target (1.5x).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from dev import serve_streamlit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None
)
SERVER_FLAGS = [  # the app's .streamlit/config.toml, for the bare page too
    "--server.headless=true",
    "--server.address=127.0.0.1",
    "--browser.gatherUsageStats=false",
    "--runner.postScriptGC=false",
    "--runner.magicEnabled=false",
    "--server.fileWatcherType=none",
    "--client.toolbarMode=viewer",
]
BARE_PAGE = """
import plotly.graph_objects as go
import streamlit as st

st.title("Bare page")
value = st.slider("Value", 0, 100, 50, key="value")
fig = go.Figure(go.Bar(x=["a", "b", "c", "d"], y=[value, 100 - value, value / 2, 30]))
st.plotly_chart(fig, width="stretch", alt="One bar chart")
"""
QUIET_MS = 600
# records the last change anywhere in the app's view; settled = that moment, once quiet
WATCH = """
() => {
  window.__bench = {last: performance.now()};
  new MutationObserver(() => { window.__bench.last = performance.now(); })
    .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  return performance.now();
}
"""
IDLE = """
() => {
  const app = document.querySelector('[data-testid=stApp]');
  return app && app.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid=stSkeleton]');
}
"""
SETTLED = f"""
() => {{
  const app = document.querySelector('[data-testid=stApp]');
  return app && app.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid=stSkeleton]')
    && performance.now() - window.__bench.last > {QUIET_MS};
}}
"""


@contextlib.contextmanager
def serve(script: Path, cwd: Path, env: dict[str, str]) -> Iterator[str]:
    data = Path(env["ADVISOR_DATA_DIR"])
    with contextlib.ExitStack() as stack:
        try:
            url, _ = stack.enter_context(
                serve_streamlit(
                    script,
                    env=env,
                    log_path=lambda port: data / f"server-{port}.log",
                    flags=SERVER_FLAGS,
                    cwd=cwd,
                )
            )
        except RuntimeError as error:
            raise SystemExit(str(error)) from None
        yield url


def wait_ready(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=120_000)


def settle(page, action: Callable[[], None]) -> float:
    """Seconds from the action to the page's last change."""
    started = page.evaluate(WATCH)
    action()
    page.wait_for_function(SETTLED, timeout=120_000, polling=50)
    return (page.evaluate("window.__bench.last") - started) / 1000


# the first chart drawn after the heading (the ranking on Compare: its heading is "Rangorde"),
# so a chart of the page navigated away from does not count
CHART_AFTER = """
(heading) => {
  const title = [...document.querySelectorAll('h1, h2, h3')].find((h) => h.textContent.trim() === heading);
  if (!title) return false;
  return [...document.querySelectorAll('.js-plotly-plot .main-svg')]
    .some((svg) => title.compareDocumentPosition(svg) & Node.DOCUMENT_POSITION_FOLLOWING);
}
"""


def first_chart(page, go: Callable[[], None], selector: str = "", after: str = "") -> float:
    """Seconds from the action (opening a page, a click) to the chart's SVG being drawn: the
    first matching ``selector``, or the first after the heading ``after``."""
    started = time.perf_counter()
    go()
    if after:
        page.wait_for_function(CHART_AFTER, arg=after, timeout=120_000, polling="raf")
    else:
        page.wait_for_selector(selector, state="visible", timeout=120_000)
    return time.perf_counter() - started


def _slider(page, label: str):
    return page.locator("[data-testid='stSlider']", has_text=label).locator("input[type='range']")


def measure(app: str, bare: str, runs: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {}

    def note(name: str, seconds: float) -> None:
        times.setdefault(name, []).append(seconds)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
        page = context.new_page()
        for url in (bare, app, f"{app}/vergelijken"):  # warm the servers' caches and the browser's
            page.goto(url)
            wait_ready(page)
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        bare_chart = ".js-plotly-plot .main-svg"
        voice_chart = "[data-testid=stPlotlyChart] .main-svg"
        for run in range(runs):
            note("bare: first chart after opening", first_chart(page, lambda: page.goto(bare), bare_chart))
            wait_ready(page)
            page.wait_for_timeout(300)
            key = "ArrowRight" if run % 2 == 0 else "ArrowLeft"
            _slider(page, "Value").focus()
            note(
                "bare: slider move to settled (one chart)", settle(page, lambda k=key: page.keyboard.press(k))
            )

            note(
                "app: Staff voice first chart after opening",
                first_chart(page, lambda: page.goto(app), voice_chart),
            )
            wait_ready(page)
            page.wait_for_selector(voice_chart, timeout=120_000)
            switch_to = "English" if run % 2 == 0 else "Nederlands"
            note(
                "app: language switch to settled",
                settle(page, lambda s=switch_to: page.get_by_role("radio", name=s).click()),
            )
            if switch_to == "English":  # back to Dutch, unmeasured, so every run starts alike
                settle(page, lambda: page.get_by_role("radio", name="Nederlands").click())
            link = page.get_by_role("link", name="Platforms vergelijken")
            note("app: Compare first chart after navigation", first_chart(page, link.click, after="Rangorde"))
            wait_ready(page)
            page.wait_for_function(IDLE, timeout=120_000)
            _slider(page, "Koppelingen").focus()
            note("app: slider move to settled (Compare)", settle(page, lambda k=key: page.keyboard.press(k)))
            toggle = page.locator("[data-testid='stCheckbox']", has_text="Zelf te hosten")
            note("app: must-have toggle to settled (Compare)", settle(page, toggle.click))
        browser.close()
    return times


def report(times: dict[str, list[float]]) -> None:
    medians = {name: statistics.median(values) for name, values in times.items()}
    rerun = medians["bare: slider move to settled (one chart)"]
    opened = medians["bare: first chart after opening"]
    against = {
        "app: slider move to settled (Compare)": rerun,
        "app: must-have toggle to settled (Compare)": rerun,
        "app: language switch to settled": rerun,
        "app: Compare first chart after navigation": opened,
        "app: Staff voice first chart after opening": opened,
    }
    print(f"{'what':<46} {'median':>8} {'min':>7} {'max':>7}  vs bare  target")
    for name, values in times.items():
        line = f"{name:<46} {medians[name]:7.2f}s {min(values):6.2f}s {max(values):6.2f}s"
        if name in against:
            ratio = medians[name] / against[name]
            target = "" if "language" in name else ("ok" if ratio <= 1.5 else "over 1.5x")
            line += f"  {ratio:5.2f}x  {target}"
        print(line)
    print(
        f"runs per figure: {min(len(v) for v in times.values())}; settled = no DOM change for {QUIET_MS} ms"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--app-root", type=Path, default=ROOT, help="another checkout to measure (before/after)"
    )
    args = parser.parse_args(argv)
    if CHROMIUM is None:
        raise SystemExit("no chromium found (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        (data / "bare.py").write_text(BARE_PAGE, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(args.app_root), "ADVISOR_DATA_DIR": str(data)}
        env.pop("ADVISOR_DATABASE_URL", None)
        with (
            serve(args.app_root / "app.py", args.app_root, env) as app,
            serve(data / "bare.py", data, env) as bare,
        ):
            report(measure(app, bare, args.runs))


if __name__ == "__main__":
    main()
