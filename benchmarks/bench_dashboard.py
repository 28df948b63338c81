"""Server time of re-rendering the Compare page when a weight slider moves, on 10,000 respondents.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_dashboard``. Uses AppTest (the
same script run a browser triggers, without the network and the browser's drawing). The server time
is measured inside the script run (app.py records it); AppTest's own round trip, which adds its
polling, is printed beside it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from advisor.survey.demo import generate_demo  # noqa: E402
from advisor.survey.writers import write_export  # noqa: E402
from advisor.ui.state import Dataset  # noqa: E402

RESPONDENTS = 10_000


def main() -> None:
    demo = generate_demo(RESPONDENTS, 7)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "survey-10000.csv"
        write_export("native", demo.answers, demo.questionnaire, path, demo.meta)
        data = path.read_bytes()
    organisation = (ROOT / "surveys" / "demo" / "organisation.yaml").read_text(encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["dataset"] = Dataset("upload", "survey-10000.csv", data, organisation=organisation)
    at.run()
    started = time.perf_counter()
    at.switch_page(str(ROOT / "advisor" / "ui" / "pages" / "compare.py")).run()
    cold = time.perf_counter() - started
    assert not at.exception, at.exception
    respondents = next(m.value for m in at.metric) if at.metric else "?"
    moves, rounds = [], []
    for step, value in enumerate([30, 45, 10, 60, 25, 35, 50, 15, 40, 20]):
        slider = at.slider(key="w_privacy" if step % 2 else "w_control")
        started = time.perf_counter()
        slider.set_value(value).run()
        rounds.append(time.perf_counter() - started)
        moves.append(at.session_state["_render_seconds"])  # measured inside the script run
        assert not at.exception, at.exception
    rows = [
        ("first render (import + analysis + ranking, cold caches)", cold),
        (f"slider move, median of {len(moves)}", statistics.median(moves)),
        ("slider move, worst", max(moves)),
        ("AppTest round trip incl. its polling, median", statistics.median(rounds)),
    ]
    print(f"Compare page, {RESPONDENTS:,} respondents (best platform shown: {respondents})")
    for label, seconds in rows:
        print(f"  {label:<58} {seconds * 1000:6.0f} ms")
    print("  target: under 150 ms of server time per slider move")


if __name__ == "__main__":
    main()
