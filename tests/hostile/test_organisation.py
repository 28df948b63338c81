"""Organisation files that contradict themselves or the answers: named with file and line, or
warned about in the import report; never used silently."""

from __future__ import annotations

import pytest

from advisor.survey.importer import import_survey
from advisor.survey.questionnaire import load_questionnaire
from tests.hostile.conftest import ORGANISATION, assert_clean, build, run

EXPORT = ORGANISATION / "export.csv"


@pytest.mark.parametrize("name", sorted(build.ORG_CASES))
def test_each_contradiction_is_refused_or_reported(name, capsys):
    _, kind, words = build.ORG_CASES[name]
    path = ORGANISATION / name
    if kind == "fatal":
        code, out, err = run(capsys, "survey", str(EXPORT), "--organisation", str(path), "--bootstrap", "0")
        assert code == 2
        for word in words:
            assert word in err
        assert_clean(out, err)
    else:
        report = import_survey(EXPORT, questionnaire=load_questionnaire(organisation=path)).report
        notices = " ".join(report.notices)
        for word in words:
            assert word in notices
        assert "Let op" in notices


def test_the_report_never_gives_a_groups_number_of_answers():
    path = ORGANISATION / "org-headcount-below-answers.yaml"
    report = import_survey(EXPORT, questionnaire=load_questionnaire(organisation=path)).report
    assert not any(" 5 " in n for n in report.notices)


@pytest.mark.parametrize("command", ["questionnaire", "workshop"])
def test_other_commands_refuse_the_same_contradictions(command, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    path = ORGANISATION / "org-duplicate-value.yaml"
    argv = {
        "questionnaire": ["questionnaire", "export", "--tool", "surveymonkey", "--organisation", str(path)],
        "workshop": ["workshop", "create", "--title", "x", "--organisation", str(path)],
    }[command]
    code, _, err = run(capsys, *argv)
    assert code == 2 and "org-duplicate-value.yaml:7" in err
