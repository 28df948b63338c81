"""Project rules that keep the house livable: layering, style, documented commands."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_streamlit_is_imported_only_in_app_and_ui():
    offenders = []
    for path in (ROOT / "advisor").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "advisor").parts[:1]:
            continue
        if re.search(r"^\s*(import streamlit|from streamlit)", path.read_text(encoding="utf-8"), re.M):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_decision_engine_knows_nothing_about_surveys_or_platforms():
    for path in (ROOT / "advisor" / "decision").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"from advisor\.(survey|catalog|analysis|scoring|ui)", text), path


def test_code_is_ruff_clean():
    check = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout


def test_readme_names_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 dev.py app" in readme and "python3 dev.py test" in readme
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_cli_command_has_help():
    for command in (
        [],
        ["catalog"],
        ["catalog", "check"],
        ["survey"],
        ["demo-survey"],
        ["score"],
        ["ahp"],
        ["plan"],
        ["workshop"],
        ["workshop", "create"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "advisor", *command, "--help"], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0 and "usage:" in result.stdout, command


def test_dutch_and_english_texts_have_the_same_keys():
    from advisor.i18n import keys

    assert keys("nl") == keys("en")
