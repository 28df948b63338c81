"""``python -m advisor survey`` against a bare ``pandas.read_csv`` process on the same file.

Target (issue 11): on 100,000 respondents with the default bootstrap, ``survey`` takes at most 3x
a bare ``python -c "import pandas; pandas.read_csv(FILE)"`` process. Each command runs as its own
process, as a user would start it; the figure is the median wall time of --repeat runs, and the
peak memory is the process's own maximum resident set size (``os.wait4``). The CPU time (user +
system) is printed beside the wall time: on a machine shared with other work it moves far less.

The measuring process imports nothing but the standard library and leaves writing the files to a
child process: a child's peak memory as the kernel reports it starts from its parent's high-water
mark, so a parent holding the generated survey would inflate every figure.

The 100,000-respondent export is the demo organisation's survey (``advisor.survey.demo``) written
as this tool's native CSV (``advisor.survey.writers``). The large export repeats its rows, with new
response ids, up to just under the import limit (``MAX_BYTES`` in ``advisor.survey.formats``), to
show time and memory stay bounded near the limit. No ``organisation.yaml`` lies beside either file,
so departments are open answers (the path that groups spelling variants).

    python benchmarks/bench_survey.py [--respondents 100000] [--repeat 3] [--large-repeat 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LIMIT = 3.0
LARGE_SHARE_OF_LIMIT = 0.97  # the large export's size, as a share of MAX_BYTES


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    returncode: int


@dataclass(frozen=True)
class Measured:
    label: str
    runs: list[Run]

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


def run_once(command: list[str]) -> Run:
    """Wall time and peak resident memory of one process (its own, not the largest child so far)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode not in (0,):
        print(f"  ! {' '.join(command[-3:])} exited {process.returncode}: {stderr.strip()[-500:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss / 1024, process.returncode)  # ru_maxrss: KiB on Linux


def commands(path: Path) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "read_csv": [python, "-c", f"import pandas; pandas.read_csv({str(path)!r})"],
        "survey": [python, "-m", "advisor", "survey", str(path)],
        "survey --json": [python, "-m", "advisor", "survey", str(path), "--json"],
    }


def report(title: str, path: Path, repeat: int) -> list[Measured]:
    size = path.stat().st_size / 1e6
    print(f"{title}: {path.name}, {size:.1f} MB, median of {repeat} run(s)")
    # interleaved (read_csv, survey, survey --json, read_csv, ...): a slow spell of the machine
    # then touches every command alike instead of one command's whole series
    runs: dict[str, list[Run]] = {label: [] for label in commands(path)}
    for _ in range(repeat):
        for label, command in commands(path).items():
            runs[label].append(run_once(command))
    results = [Measured(label, measured) for label, measured in runs.items()]
    base, base_cpu = results[0].seconds, results[0].cpu_seconds
    for m in results:
        runs = ", ".join(f"{r.seconds:.2f}" for r in m.runs)
        print(
            f"  {m.label:<14} wall {m.seconds:6.2f} s {m.seconds / base:5.2f}x   "
            f"cpu {m.cpu_seconds:6.2f} s {m.cpu_seconds / base_cpu:5.2f}x   "
            f"peak {m.peak_mb:6.0f} MB   (wall runs: {runs})"
        )
    return results


def write_exports(directory: Path, respondents: int, large: bool) -> None:
    """Write ``survey.csv`` (and ``survey-large.csv``) into ``directory`` (run in a child process)."""
    sys.path.insert(0, str(ROOT))
    from advisor.survey.demo import generate_demo
    from advisor.survey.writers import write_export

    demo = generate_demo(respondents, seed=1)
    small = write_export("native", demo.answers, demo.questionnaire, directory / "survey.csv", demo.meta)
    if large:
        large_export(small, directory / "survey-large.csv")


def large_export(small: Path, out: Path) -> Path:
    """The small export's rows repeated, with new response ids, to just under the import limit."""
    import pandas as pd

    from advisor.survey.formats import MAX_BYTES

    frame = pd.read_csv(small, dtype=str, keep_default_na=False)
    target_rows = int(len(frame) * LARGE_SHARE_OF_LIMIT * MAX_BYTES / small.stat().st_size)
    copies = -(-target_rows // len(frame))
    large = pd.concat([frame] * copies, ignore_index=True).iloc[:target_rows]
    large["response_id"] = [str(i) for i in range(1, len(large) + 1)]
    large.to_csv(out, index=False, lineterminator="\n")
    while out.stat().st_size > MAX_BYTES:  # never over the limit: that is a different test
        large = large.iloc[: int(len(large) * 0.98)]
        large.to_csv(out, index=False, lineterminator="\n")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9, help="runs per command on the 100,000 file")
    parser.add_argument(
        "--large-repeat", type=int, default=1, help="runs per command near MAX_BYTES (0: skip)"
    )
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)  # the child that writes the files
    args = parser.parse_args()
    if args.write:
        write_exports(args.write, args.respondents, args.large_repeat > 0)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        writer = [sys.executable, __file__, "--write", tmp, "--respondents", str(args.respondents)]
        subprocess.run([*writer, "--large-repeat", str(args.large_repeat)], check=True)
        small = Path(tmp) / "survey.csv"
        results = report(f"{args.respondents:,} respondents", small, args.repeat)
        ratio = results[1].seconds / results[0].seconds
        json_ratio = results[2].seconds / results[0].seconds
        failed = max(ratio, json_ratio) > LIMIT
        print(f"  survey / read_csv (wall): {ratio:.2f}x text, {json_ratio:.2f}x --json (limit {LIMIT:.0f}x)")
        if args.large_repeat:
            large = Path(tmp) / "survey-large.csv"
            rows = sum(1 for _ in large.open("rb")) - 1
            print()
            report(f"large export ({rows:,} rows, just under the import limit)", large, args.large_repeat)
        failed |= any(r.returncode != 0 for m in results for r in m.runs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
