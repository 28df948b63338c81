"""Real-browser tests: `streamlit run` on a free port, driven by Playwright with Debian's chromium.

Skipped, with the reason, only when no chromium executable exists (CI installs Debian's package).
Screenshots go to tests/e2e/screenshots/ (one of them is used in the README).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.i18n import t
from dev import serve_streamlit
from tests.conftest import ROOT

APP_FLAGS = (
    "--server.headless=true",
    "--server.address=127.0.0.1",
    "--browser.gatherUsageStats=false",
)

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = next(
    (
        p
        for p in ("/usr/bin/chromium", "/usr/lib/chromium/chromium", shutil.which("chromium") or "")
        if p and Path(p).exists()
    ),
    None,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if CHROMIUM is None:
        pytest.skip("no chromium executable found (install Debian's 'chromium' package to run browser tests)")
    return CHROMIUM


@contextlib.contextmanager
def serve_app(data_dir: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run serve.py` (the dashboard and the light participant page) on a free port with
    its own data directory; yields its URL."""

    def env(url: str) -> dict[str, str]:
        values = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "ADVISOR_DATA_DIR": str(data_dir),
            "ADVISOR_PUBLIC_URL": url,
            **(extra_env or {}),
        }
        values.pop("ADVISOR_DATABASE_URL", None)  # the embedded default, never a developer's database
        return values

    log_path = data_dir / "streamlit.log"
    with contextlib.ExitStack() as stack:
        try:  # only the start: an error in the test itself is not the server's
            url, _ = stack.enter_context(
                serve_streamlit(ROOT / "serve.py", env=env, log_path=lambda _: log_path, flags=APP_FLAGS)
            )
        except RuntimeError:
            pytest.fail(f"streamlit did not become healthy in 60 s; log: {log_path.read_text()}")
        yield url


@pytest.fixture(scope="session")
def app_url(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_app(tmp_path_factory.mktemp("advisor-data")) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until the script has finished running and no element is still a skeleton."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


AXE_VERSION = "4.14.1"  # axe-core from npm (https://github.com/dequelabs/axe-core), pinned


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's axe.min.js, installed with npm into a cache folder outside the repository on first
    use (``ADVISOR_AXE_DIR`` chooses the folder); skipped with the reason when npm is missing."""
    folder = Path(
        os.environ.get("ADVISOR_AXE_DIR")
        or Path.home() / ".cache" / "platform-advisor" / f"axe-core-{AXE_VERSION}"
    )
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip(
                "npm is not installed: the accessibility check needs axe-core from npm (apt-get install npm)"
            )
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", f"axe-core@{AXE_VERSION}"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not script.exists():
            pytest.skip(f"npm could not install axe-core@{AXE_VERSION}: {done.stderr.strip()[-300:]}")
    return script.read_text(encoding="utf-8")


def wait_for_charts(page, count: int, timeout: float = 60_000) -> None:
    """Wait until ``count`` plotly charts are drawn and no element is a skeleton any more."""
    if count:
        page.locator(".js-plotly-plot .main-svg").nth(count - 1).wait_for(timeout=timeout)
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=stSkeleton]').length === 0", timeout=timeout
    )


# Staff voice shows one section (tab) at a time; Compare draws its sections once they are opened
VOICE_TABS = (  # per tab, in order: the charts it draws
    ("chart_weights",),
    ("chart_channels", "chart_overlap", "chart_risks"),
    ("chart_convincers", "chart_concerns"),
    ("chart_preferred",),
)
COMPARE_SECTIONS = (  # their labels' keys
    "prices.compare.plans_title",
    "compare.acceptability",
    "compare.stability",
    "compare.profiles",
)
COMPARE_CHARTS = ("chart_ranking", "chart_acceptability", "chart_tornado", "chart_radar")


def _wait_for_keyed_charts(page, keys: tuple[str, ...], timeout: float = 60_000) -> None:
    """Until exactly these charts are drawn (a section switched away from is gone)."""
    for key in keys:
        page.locator(f".st-key-{key} .main-svg").first.wait_for(timeout=timeout)
    wait_for_app(page, timeout)
    page.wait_for_function(
        "(n) => document.querySelectorAll('.js-plotly-plot').length === n", arg=len(keys), timeout=timeout
    )
    wait_for_charts(page, len(keys), timeout)


def each_view(page, path: str, lang: str = "nl") -> Iterator[int]:
    """Every view of a page with its charts drawn, opened in turn: each Staff voice tab, Compare
    with all its sections open, any other page as it is. Yields the number of charts drawn."""
    if path == "":
        tabs = page.get_by_role("tab")
        for i, keys in enumerate(VOICE_TABS):
            if i:
                tabs.nth(i).click()
            _wait_for_keyed_charts(page, keys)
            yield len(keys)
    elif path == "vergelijken":
        page.locator(".st-key-chart_ranking .main-svg").first.wait_for(timeout=60_000)
        for key in COMPARE_SECTIONS:
            page.locator("[data-testid=stExpander] summary", has_text=t(key, lang)).click()
            wait_for_app(page)
        _wait_for_keyed_charts(page, COMPARE_CHARTS)
        yield len(COMPARE_CHARTS)
    else:
        wait_for_charts(page, 0)
        yield 0
