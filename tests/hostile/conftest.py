"""The hostile corpus (tests/fixtures/hostile, written by its build.py) and helpers to run the CLI."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from advisor.cli import main

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
IMPORTS = HOSTILE / "imports"
YAML = HOSTILE / "yaml"
ORGANISATION = HOSTILE / "organisation"
EXPORT = HOSTILE / "export.csv"
DEMO = ROOT / "surveys" / "demo" / "demo-native.csv"

_spec = importlib.util.spec_from_file_location("hostile_build", HOSTILE / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)
IMPORT_CASES, YAML_CASES = build.expectations()

# What must never reach a terminal or a plan: ESC, the RTL override, BEL, NUL (and friends).
FORBIDDEN = ("\x1b", "\u202e", "\u202d", "\u2066", "\u2069", "\x07", "\x00", "\x9b", "\x08", "\x7f")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The CLI in this process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_clean(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text
        for char in FORBIDDEN:
            assert char not in text, f"{char!r} reached the output"
