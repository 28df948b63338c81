"""Import speed against plain ``pandas.read_csv`` on the same file (target: at most 3x).

Generates the demo organisation's survey with 100,000 complete responses (plus the generator's
incomplete ones) with ``advisor.survey.demo``, writes it as a native and a Qualtrics export with
``advisor.survey.writers``, then times ``pandas.read_csv(path, dtype=str, keep_default_na=False)``
and ``import_survey(path)`` (best of --repeat runs each) and prints both figures and the ratio.

    python benchmarks/bench_import.py [--respondents 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advisor.survey.demo import generate_demo
from advisor.survey.importer import import_survey
from advisor.survey.questionnaire import DEMO_ORGANISATION, SURVEYS_DIR, default_questionnaire
from advisor.survey.writers import write_export

LIMIT = 3.0


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    questionnaire = default_questionnaire(DEMO_ORGANISATION)
    demo = generate_demo(args.respondents, seed=1)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, mapping in (
            ("native", None),
            ("qualtrics", SURVEYS_DIR / "mappings" / "demo-qualtrics.yaml"),
        ):
            path = write_export(fmt, demo.answers, questionnaire, Path(tmp) / f"bench-{fmt}.csv", demo.meta)
            size = path.stat().st_size / 1e6
            plain = best_of(args.repeat, lambda p=path: pd.read_csv(p, dtype=str, keep_default_na=False))
            result = import_survey(path, questionnaire=questionnaire, mapping=mapping)
            ours = best_of(
                args.repeat,
                lambda p=path, m=mapping: import_survey(p, questionnaire=questionnaire, mapping=m),
            )
            ratio = ours / plain
            failed |= ratio > LIMIT
            print(
                f"{fmt:10s} {result.report.rows:>7d} rows ({size:.1f} MB): read_csv {plain:.3f} s, "
                f"import_survey {ours:.3f} s, ratio {ratio:.2f}x "
                f"({result.report.respondents} respondents; limit {LIMIT:.0f}x)"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
