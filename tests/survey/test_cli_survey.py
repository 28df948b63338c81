"""``python -m advisor survey`` and ``demo-survey``: text, JSON, suppression and exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.cli import main

ROOT = Path(__file__).resolve().parents[2]
NATIVE = ROOT / "surveys" / "demo" / "demo-native.csv"
LIMESURVEY = ROOT / "surveys" / "demo" / "demo-limesurvey.csv"
LIME_MAPPING = ROOT / "surveys" / "mappings" / "demo-limesurvey.yaml"

pytest.importorskip("advisor.survey.importer")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_contract_fields_and_hides_small_segments(capsys):
    code, out, _ = run(
        capsys, "survey", str(LIMESURVEY), "--mapping", str(LIME_MAPPING), "--json", "--bootstrap", "50"
    )
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "limesurvey" and data["respondents"] == 400
    assert data["skipped"]["count"] == 20 and data["skipped"]["reasons"] == {"incomplete": 20}
    assert "ipaddr" in data["dropped_columns"]
    assert data["segments"]["legal"] == {"n": None, "suppressed": True}
    assert data["segments"]["(not answered)"]["suppressed"] is True
    assert set(data["segments"]["editorial"]["weights"]) == {
        "control",
        "privacy",
        "usability",
        "integrations",
        "separation",
    }
    assert data["organisation"]["weights_method"] == "headcount"


def test_text_output_shows_no_figure_for_a_hidden_segment(capsys):
    code, out, _ = run(capsys, "survey", str(NATIVE), "--bootstrap", "0")
    assert code == 0
    legal_lines = [line for line in out.splitlines() if line.startswith("Juridische zaken")]
    assert legal_lines and all("verborgen" in line for line in legal_lines)
    assert not any("%" in line for line in legal_lines)
    # legal's comment is only in the pooled list (>= 10 comments), never under its own heading; the
    # organisation's list is the same for every breakdown, so no two runs differ by legal's comments
    assert "Juridische zaken:\n" not in out
    assert "IT / Drukkerij en distributie" in out  # the silo


def test_english_output_with_the_global_option(capsys):
    code, out, _ = run(capsys, "--lang", "en", "survey", str(NATIVE), "--bootstrap", "0")
    assert code == 0
    assert "Criterion weights" in out and "Legal affairs" in out and "hidden" in out


def test_min_group_below_three_exits_2_without_traceback(capsys):
    code, _, err = run(capsys, "survey", str(NATIVE), "--min-group", "2")
    assert code == 2 and "3" in err and "Traceback" not in err


def test_missing_file_and_unknown_segment_exit_2(capsys, tmp_path):
    assert run(capsys, "survey", str(tmp_path / "nope.csv"))[0] == 2
    code, _, err = run(capsys, "survey", str(NATIVE), "--segment-by", "willingness")
    assert code == 2 and "department" in err


def test_segment_by_location(capsys):
    code, out, _ = run(
        capsys, "survey", str(NATIVE), "--segment-by", "location", "--json", "--bootstrap", "0"
    )
    assert code == 0
    assert set(json.loads(out)["segments"]) >= {"rotterdam", "zwolle"}


def test_demo_survey_writes_a_file_that_imports(capsys, tmp_path):
    out_file = tmp_path / "q.csv"
    mapping = tmp_path / "q.yaml"
    code, out, _ = run(
        capsys,
        "demo-survey",
        "--respondents",
        "60",
        "--seed",
        "3",
        "--format",
        "qualtrics",
        "--out",
        str(out_file),
        "--mapping-out",
        str(mapping),
    )
    assert code == 0 and out_file.is_file() and mapping.is_file()
    code, out, _ = run(
        capsys, "survey", str(out_file), "--mapping", str(mapping), "--json", "--bootstrap", "0"
    )
    assert code == 0 and json.loads(out)["respondents"] == 60


def test_write_mapping_writes_a_draft(capsys, tmp_path):
    target = tmp_path / "draft.yaml"
    code, _, _ = run(capsys, "survey", str(LIMESURVEY), "--write-mapping", str(target))
    assert code == 0 and "G01Q01" in target.read_text(encoding="utf-8")


def test_module_entry_point_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "survey", str(NATIVE), "--json", "--bootstrap", "0"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["segments"]["legal"] == {"n": None, "suppressed": True}


def test_out_of_range_and_unknown_values_exit_2_naming_row_column_and_value():
    """Likert 9 / an unknown option: the analysis still prints, the values stay missing, exit 2."""
    from tests.conftest import FIXTURES, run_cli

    likert = run_cli("--lang", "en", "survey", str(FIXTURES / "malformed" / "likert-9.csv"))
    assert likert.returncode == 2
    assert "row 3, column importance.privacy: '9', expected: 1-5" in likert.stderr
    assert "Traceback" not in likert.stderr and likert.stdout  # the analysis was printed
    option = run_cli("--lang", "en", "survey", str(FIXTURES / "malformed" / "unknown-option.csv"))
    assert option.returncode == 2 and "'Honderd'" in option.stderr
    accepted = run_cli("survey", str(FIXTURES / "malformed" / "likert-9.csv"), "--accept-problems")
    assert accepted.returncode == 0
