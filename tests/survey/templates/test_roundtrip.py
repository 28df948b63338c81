"""A survey made from our template comes back as exactly the native answers, with no mapping."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from advisor.survey.formats import read_table, recognise
from advisor.survey.importer import import_survey
from advisor.survey.templates import recognise_template, template_mapping
from tests.survey.templates import exports
from tests.survey.templates.conftest import ROOT

CASES = {
    "limesurvey-codes": (
        "limesurvey",
        lambda t, a, q, lang: exports.limesurvey(t, a, q, lang, "code", "short"),
    ),
    "limesurvey-full-headings": (
        "limesurvey",
        lambda t, a, q, lang: exports.limesurvey(t, a, q, lang, "full", "short"),
    ),
    "limesurvey-full-answers": (
        "limesurvey",
        lambda t, a, q, lang: exports.limesurvey(t, a, q, lang, "full", "long"),
    ),
    "qualtrics-numeric": ("qualtrics", lambda t, a, q, lang: exports.qualtrics(t, a, q, lang, "numeric")),
    "qualtrics-choice-text": ("qualtrics", lambda t, a, q, lang: exports.qualtrics(t, a, q, lang, "text")),
    "msforms-xlsx": ("msforms", exports.msforms),
    "googleforms-csv": ("googleforms", exports.googleforms),
    "surveymonkey-csv": ("surveymonkey", exports.surveymonkey),
}
RECOGNISED = {"limesurvey", "qualtrics", "googleforms"}  # the others match by question text alone


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_export_of_a_survey_made_from_the_template_imports_like_the_native_file(
    case, lang, demo_q, native, templates
):
    tool, write = CASES[case]
    data = write(templates[tool, lang], native, demo_q, lang)
    result = import_survey(data, questionnaire=demo_q, filename=f"{case}-{lang}")
    report = result.report
    assert report.format == tool
    assert report.template == (tool if tool in RECOGNISED else None)
    assert report.unmapped_columns == [] and report.value_problem_counts == {}
    pd.testing.assert_frame_equal(result.answers.reset_index(drop=True), native.reset_index(drop=True))
    if tool != "googleforms":  # Google Forms has no response id
        assert list(result.answers.index) == list(native.index)


def test_limesurvey_department_codes_come_back_as_the_organisations_departments(demo_q, native, templates):
    data = exports.limesurvey(templates["limesurvey", "nl"], native, demo_q, "nl", "code", "short")
    raw = read_table(data).rows
    department = list(raw.iloc[0]).index("department")
    assert set(raw.iloc[1:, department]) - {""} <= {f"A{i}" for i in range(1, 8)}  # codes in the file
    answers = import_survey(data, questionnaire=demo_q).answers
    shown = set(answers["department"].dropna())
    assert shown and shown <= set(demo_q["department"].values)
    assert not any(re.fullmatch(r"A\d+", value) for value in shown)


def test_an_export_of_another_limesurvey_survey_is_not_taken_for_ours(demo_q):
    export = recognise(read_table((ROOT / "surveys" / "demo" / "demo-limesurvey.csv").read_bytes()))
    assert export.format.name == "limesurvey"
    assert recognise_template(export, demo_q) is None


def test_an_export_with_most_template_columns_is_still_recognised(demo_q, native, templates):
    data = exports.qualtrics(templates["qualtrics", "nl"], native.iloc[:20], demo_q, "nl", "numeric")
    table = read_table(data)
    mapping = template_mapping("qualtrics", demo_q)["columns"]
    drop = [i for i, name in enumerate(table.rows.iloc[0]) if name in mapping][:5]  # 5 of 39 gone
    table.rows = table.rows.drop(columns=drop).T.reset_index(drop=True).T
    found = recognise_template(recognise(table), demo_q)
    assert found is not None and len(found["columns"]) == len(mapping) - 5


def test_template_mapping_has_the_mapping_file_shape_and_loads(demo_q):
    from advisor.survey.mapping import load_mapping

    for tool in ("limesurvey", "qualtrics", "msforms", "googleforms", "surveymonkey"):
        mapping = template_mapping(tool, demo_q)
        assert set(mapping) == {"columns", "values"}
        load_mapping(mapping, demo_q, "nl")  # raises on an unknown question, option or value
    lime = template_mapping("limesurvey", demo_q)
    assert lime["columns"]["use[email]"] == "use.email"
    assert lime["columns"]["convincers[fasterAnswers]"] == {
        "question": "convincers",
        "option": "faster_answers",
    }
    assert lime["values"]["department"]["A1"] == "editorial"
    assert "importance.privacy" not in lime["values"]  # a 5-point scale's codes are its values


def test_codes_do_not_move_between_calls_and_languages(demo_q, templates):
    from advisor.survey.templates import render_template

    assert template_mapping("qualtrics", demo_q) == template_mapping("qualtrics", demo_q)
    for tool in ("limesurvey", "qualtrics", "msforms", "googleforms", "surveymonkey"):
        assert render_template(tool, demo_q, "nl")[1] == templates[tool, "nl"]
