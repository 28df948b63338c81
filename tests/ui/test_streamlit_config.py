"""The shipped .streamlit/config.toml: settings chosen for a room of people, every option one that
this Streamlit knows (a misspelt one is silently ignored), and the app still starts with them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
import urllib.request

from streamlit import config as streamlit_config

from dev import free_port
from tests.conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"


def _options() -> dict[str, object]:
    parsed = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    return {f"{section}.{key}": value for section, keys in parsed.items() for key, value in keys.items()}


def test_every_shipped_option_exists_in_this_streamlit():
    known = set(streamlit_config._config_options_template)
    assert set(_options()) <= known, set(_options()) - known


def test_no_forced_garbage_collection_and_no_file_watcher_in_a_room():
    options = _options()
    assert options["runner.postScriptGC"] is False  # 59% of busy CPU in a burst (issue 16)
    assert options["server.fileWatcherType"] == "none"  # about 9%
    assert options["client.showErrorDetails"] in ("type", "none")


def test_the_app_starts_headless_with_these_settings(tmp_path):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ADVISOR_DATA_DIR": str(tmp_path)}
    env.pop("ADVISOR_DATABASE_URL", None)
    log = tmp_path / "streamlit.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless=true",
             f"--server.port={port}", "--server.address=127.0.0.1"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline, healthy = time.monotonic() + 60, False
            while time.monotonic() < deadline and not healthy:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                        healthy = r.read().decode().strip() == "ok"
                except OSError:
                    time.sleep(0.3)
            assert healthy, log.read_text()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/?w=ABC234", timeout=10) as page:
                assert page.status == 200 and b'<div id="root">' in page.read()
        finally:
            server.terminate()
            server.wait(timeout=10)
    text = log.read_text()
    assert "Traceback" not in text and "not a valid config option" not in text.lower(), text
