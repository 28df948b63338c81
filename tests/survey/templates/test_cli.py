"""``python -m advisor questionnaire export``: a file per tool; bad --out is a message, not a file."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from advisor.cli import main
from advisor.survey.importer import import_survey
from advisor.survey.templates import TOOLS
from tests.survey.templates import exports
from tests.survey.templates.conftest import ROOT

ORGANISATION = ROOT / "surveys" / "demo" / "organisation.yaml"
EXT = {"limesurvey": "lss", "qualtrics": "qsf", "msforms": "docx", "googleforms": "gs", "surveymonkey": "md"}


@pytest.mark.parametrize("tool", TOOLS)
def test_each_tool_writes_its_template_file(tool, tmp_path, capsys, templates):
    out = tmp_path / f"survey.{EXT[tool]}"
    args = ["questionnaire", "export", "--tool", tool, "--lang", "en", "--organisation", str(ORGANISATION)]
    assert main([*args, "--out", str(out)]) == 0
    assert out.read_bytes() == templates[tool, "en"]
    said = capsys.readouterr().out
    assert str(out) in said and "template written" in said
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_the_written_lss_takes_the_export_back_without_mapping(tmp_path, demo_q, native):
    out = tmp_path / "survey.lss"
    assert (
        main(
            [
                "questionnaire",
                "export",
                "--tool",
                "limesurvey",
                "--organisation",
                str(ORGANISATION),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    data = exports.limesurvey(out.read_bytes(), native.iloc[:30], demo_q, "nl", "code", "short")
    assert import_survey(data, questionnaire=demo_q).report.template == "limesurvey"


def test_text_templates_go_to_stdout_without_out(capsys, templates):
    assert (
        main(["questionnaire", "export", "--tool", "googleforms", "--organisation", str(ORGANISATION)]) == 0
    )
    assert capsys.readouterr().out.encode("utf-8") == templates["googleforms", "nl"]


def test_surveymonkey_list_as_word_when_out_ends_in_docx(tmp_path, demo_q):
    out = tmp_path / "list.docx"
    assert main(["questionnaire", "export", "--tool", "surveymonkey", "--out", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"


def _fails(args: list[str], capsys) -> str:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err


def test_out_as_a_folder_is_refused(tmp_path, capsys):
    err = _fails(["questionnaire", "export", "--tool", "qualtrics", "--out", str(tmp_path)], capsys)
    assert "is een map" in err and list(tmp_path.iterdir()) == []


def test_the_organisation_file_is_never_overwritten(tmp_path, capsys):
    organisation = tmp_path / "organisation.yaml"
    organisation.write_bytes(ORGANISATION.read_bytes())
    args = [
        "--lang",
        "en",
        "questionnaire",
        "export",
        "--tool",
        "limesurvey",
        "--organisation",
        str(organisation),
    ]
    err = _fails([*args, "--out", str(organisation)], capsys)
    assert "input file" in err and organisation.read_bytes() == ORGANISATION.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["organisation.yaml"]


def test_a_folder_that_is_not_there_is_refused(tmp_path, capsys):
    err = _fails(
        ["questionnaire", "export", "--tool", "msforms", "--out", str(tmp_path / "nope" / "x.docx")], capsys
    )
    assert "bestaat niet" in err and list(tmp_path.iterdir()) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_folder_is_refused(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        err = _fails(
            ["questionnaire", "export", "--tool", "msforms", "--out", str(locked / "x.docx")], capsys
        )
        assert "kan niet geschreven worden" in err and list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_a_failed_write_leaves_no_partial_file(tmp_path, capsys, monkeypatch):
    def broken(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    out = tmp_path / "survey.qsf"
    err = _fails(["questionnaire", "export", "--tool", "qualtrics", "--out", str(out)], capsys)
    assert "de schijf is vol" in err and list(tmp_path.iterdir()) == []


def test_a_missing_or_broken_organisation_is_a_message(tmp_path, capsys):
    err = _fails(
        ["questionnaire", "export", "--tool", "qualtrics", "--organisation", str(tmp_path / "no.yaml")],
        capsys,
    )
    assert "no.yaml" in err
    broken = tmp_path / "org.yaml"
    broken.write_text("segment_options:\n  shoe_size: []\n", encoding="utf-8")
    err = _fails(["questionnaire", "export", "--tool", "qualtrics", "--organisation", str(broken)], capsys)
    assert "shoe_size" in err


def test_binary_template_without_out_is_a_message(capsys):
    assert "--out" in _fails(["questionnaire", "export", "--tool", "msforms"], capsys)


def test_help_is_there():
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "questionnaire", "export", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "--tool" in result.stdout
