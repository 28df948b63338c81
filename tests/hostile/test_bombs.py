"""Bounded in time and memory: YAML alias bombs, an xlsx zip bomb, an oversized file and a
200 MB export, each in a fresh process whose peak memory (ru_maxrss) and time are measured."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.hostile.conftest import EXPORT, ROOT, YAML, YAML_CASES, build

PROBE = textwrap.dedent(
    """
    import json, sys, time
    started = time.perf_counter()
    from advisor.survey.importer import SurveyImportError, import_survey
    from advisor.survey.questionnaire import default_questionnaire
    from advisor.yamlio import YamlError, load_located
    q = default_questionnaire()
    ready = time.perf_counter()
    kind, path = sys.argv[1], sys.argv[2]
    outcome = "ok"
    try:
        if kind == "yaml":
            load_located(path)
        else:
            result = import_survey(path, questionnaire=q)
            outcome = f"ok:{result.report.respondents}"
    except (SurveyImportError, YamlError) as error:
        outcome = "refused:" + str(getattr(error, "key", "") or error)[:300]
    # VmHWM: the peak of this process's own memory (ru_maxrss would include the forking parent's)
    status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
    peak = int(status["VmHWM"].split()[0]) / 1024
    print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - ready, "peak_mb": peak}))
    """
)


def probe(kind: str, path: Path, timeout: float = 120) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, kind, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


BOMBS = sorted(
    n for n in YAML_CASES if any(w in n for w in ("laughs", "expansion", "aliases", "deep", "merge"))
)


@pytest.mark.parametrize("name", BOMBS)
def test_a_yaml_bomb_is_refused_in_bounded_time_and_memory(name):
    figures = probe("yaml", YAML / name, timeout=60)
    print(name, figures)
    assert figures["seconds"] < 10 and figures["peak_mb"] < 600
    if "merge" not in name:
        assert figures["outcome"].startswith("refused")


def test_a_yaml_file_above_the_size_limit_is_refused_before_parsing(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text("columns:\n" + "".join(f'  "kolom {i}": null\n' for i in range(250_000)))
    figures = probe("yaml", path)
    assert "KB" in figures["outcome"] and figures["seconds"] < 2


def test_a_zip_bomb_is_refused_from_the_directory_without_unpacking(tmp_path):
    path = tmp_path / "bomb.xlsx"
    build.zip_bomb(path, 300)
    assert path.stat().st_size < 2 * 1024 * 1024
    figures = probe("import", path)
    print("zip bomb", path.stat().st_size, figures)
    assert figures["outcome"] == "refused:zip_bomb" and figures["seconds"] < 5 and figures["peak_mb"] < 400


def test_a_file_above_200_mb_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as out:  # sparse: no disk used, no time spent
        out.write(EXPORT.read_bytes())
        out.truncate(201 * 1024 * 1024)
    figures = probe("import", path)
    assert figures["outcome"] == "refused:too_large" and figures["seconds"] < 1 and figures["peak_mb"] < 400


def test_a_200_mb_export_imports_in_bounded_memory(tmp_path):
    path = tmp_path / "big.csv"
    rows = build.big_csv(path, 199)
    started = time.perf_counter()
    figures = probe("import", path, timeout=600)
    print(f"199 MB, {rows} rows: {figures} (wall {time.perf_counter() - started:.1f}s)")
    assert figures["outcome"] == f"ok:{rows}"
    assert figures["peak_mb"] < 3000  # about 7x the file: strings per cell; bounded by MAX_BYTES
    assert figures["seconds"] < 120


def test_a_10_mb_line_without_newline_is_handled(tmp_path):
    path = tmp_path / "one-line.csv"
    path.write_bytes(b"response_id,comment," + b"x" * (10 * 1024 * 1024))
    figures = probe("import", path)
    assert figures["outcome"].startswith("refused") and figures["seconds"] < 20
