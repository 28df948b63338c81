"""Spelling variants of an open segment answer are one group (advisor.survey.validate).

"IT", "It", "it ", "I.T." and fullwidth "ＩＴ" are one department: split, each variant is a group of
its own and real groups fall under the anonymity threshold. The files below are exports in the
formats the tools write (Microsoft Forms' semicolon CSV, this tool's native CSV).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from advisor.analysis.summary import summarise
from advisor.catalog.models import Text
from advisor.survey.formats import read_table, recognise
from advisor.survey.importer import import_survey
from advisor.survey.mapping import QuestionIndex, plan_columns
from advisor.survey.questionnaire import Questionnaire, load_questionnaire
from advisor.survey.validate import build_answers, convert_answers, merge_records, spelling_key

MSFORMS_HEADER = (
    "ID;Start time;Completion time;Email;Name;Op welke afdeling werk je?;"
    "Op welke locatie werk je meestal?;"
    "Hoe belangrijk is privacy en vertrouwelijkheid voor jou in een werkplatform?"
)


@pytest.fixture(scope="module")
def open_questionnaire() -> Questionnaire:
    """No organisation file: department and location take any answer as a category."""
    return load_questionnaire(
        criteria=[
            ("privacy", Text(nl="Privacy en vertrouwelijkheid", en="Privacy and confidentiality")),
            ("usability", Text(nl="Gebruiksgemak", en="Usability")),
        ],
        platforms=[("teams", "Microsoft Teams"), ("slack", "Slack")],
    )


def msforms_export(tmp_path: Path, answers: list[tuple[str, str]]) -> Path:
    """A Microsoft Forms export (UTF-8 with BOM, ';'), one row per (department, location)."""
    lines = [MSFORMS_HEADER]
    for number, (department, location) in enumerate(answers, start=1):
        lines.append(
            f"{number};7/27/26 19:06:23;7/27/26 19:17:10;anonymous;;{department};{location};Belangrijk"
        )
    path = tmp_path / f"Staff survey(1-{len(answers)}).csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


def native_export(tmp_path: Path, departments: list[str]) -> Path:
    rows = ["response_id,department,importance.privacy,importance.usability"]
    rows += [f"r{i},{d},{1 + i % 5},{1 + (i * 3) % 5}" for i, d in enumerate(departments, start=1)]
    path = tmp_path / "survey.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def convert(path: Path, questionnaire: Questionnaire):
    export = recognise(read_table(path.read_bytes()))
    index = QuestionIndex(questionnaire)
    return export, convert_answers(export, plan_columns(export, index, None), index, None, "nl")


VARIANTS = ["IT", "It", "it ", "I.T.", "ＩＴ", " i t", "IT", "IT"]


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("IT", "it"),
        ("it ", "it"),
        ("I.T.", "it"),
        ("ＩＴ", "it"),  # fullwidth letters: a Unicode compatibility form
        ("i\u200bt", "it"),  # a zero-width space pasted from a web page
        ("Klant-service", "klantservice"),
        ("R&D", "rd"),
        ("Straße", "strasse"),  # case folding, not just lower case
        ("Financiën", "financiën"),  # accents are letters, not punctuation
        ("-", ""),
    ],
)
def test_spelling_key_ignores_case_spaces_punctuation_and_compatibility_forms(spelling, key):
    assert spelling_key(spelling) == key


def test_spelling_variants_of_a_department_are_one_group(tmp_path, open_questionnaire):
    answers = [(d, "Rotterdam") for d in VARIANTS] + [("Redactie", "Rotterdam")] * 3
    result = import_survey(msforms_export(tmp_path, answers), questionnaire=open_questionnaire)
    assert result.report.format == "msforms"
    counts = result.answers["department"].value_counts().to_dict()
    assert counts == {"IT": len(VARIANTS), "Redactie": 3}


def test_the_most_frequent_spelling_is_shown(tmp_path, open_questionnaire):
    departments = ["it", "IT", "It", "It", "I.T.", "It"]
    result = import_survey(native_export(tmp_path, departments), questionnaire=open_questionnaire)
    assert set(result.answers["department"]) == {"It"}


def test_a_tie_goes_to_the_spelling_seen_first(tmp_path, open_questionnaire):
    departments = ["Marketing", "marketing", "MARKETING ", "marketing", "Marketing"]
    result = import_survey(native_export(tmp_path, departments), questionnaire=open_questionnaire)
    assert set(result.answers["department"]) == {"Marketing"}


def test_different_answers_stay_different_groups(tmp_path, open_questionnaire):
    departments = ["IT", "ICT", "HR", "H.R.", "Klant-service", "Klantservice", "-", "?", "-"]
    result = import_survey(native_export(tmp_path, departments), questionnaire=open_questionnaire)
    counts = result.answers["department"].value_counts().to_dict()
    # only-punctuation answers say nothing about a group: each keeps its own spelling
    assert counts == {"IT": 1, "ICT": 1, "HR": 2, "Klant-service": 2, "-": 2, "?": 1}


def test_merges_are_recorded_with_the_kept_spelling_and_the_rows_rewritten(tmp_path, open_questionnaire):
    answers = [(d, "Rotterdam") for d in VARIANTS] + [("Redactie", "rotterdam"), ("redactie", "R'dam")]
    export, conversion = convert(msforms_export(tmp_path, answers), open_questionnaire)
    records = merge_records(conversion.merges, np.ones(len(export.data), dtype=bool))
    assert records == [
        {
            "column": "Op welke afdeling werk je?",
            "question": "department",
            "kept": "IT",
            "merged": ["It", "it", "I.T.", "ＩＴ", "i t"],  # most rows first, then first seen
            "count": 5,
        },
        {
            "column": "Op welke afdeling werk je?",
            "question": "department",
            "kept": "Redactie",
            "merged": ["redactie"],
            "count": 1,
        },
        {
            "column": "Op welke locatie werk je meestal?",
            "question": "location",
            "kept": "Rotterdam",
            "merged": ["rotterdam"],  # "R'dam" is another spelling, not a variant: not merged
            "count": 1,
        },
    ]
    assert list(conversion.answers["location"]).count("R'dam") == 1


def test_merge_counts_cover_only_the_rows_kept(tmp_path, open_questionnaire):
    _, conversion = convert(native_export(tmp_path, ["IT", "it", "I.T.", "IT"]), open_questionnaire)
    keep = np.array([True, False, True, True])  # row 2 skipped, e.g. an incomplete response
    [record] = merge_records(conversion.merges, keep)
    assert record["kept"] == "IT"
    assert record["merged"] == ["I.T."]
    assert record["count"] == 1
    assert merge_records(conversion.merges, np.array([True, False, False, True])) == []


def test_build_answers_still_returns_the_frame_and_the_problems(tmp_path, open_questionnaire):
    path = native_export(tmp_path, ["IT", "I.T."])
    export = recognise(read_table(path.read_bytes()))
    index = QuestionIndex(open_questionnaire)
    answers, problems = build_answers(export, plan_columns(export, index, None), index, None, "nl")
    assert list(answers["department"]) == ["IT", "IT"]
    assert problems == []


def test_variants_together_reach_the_anonymity_threshold(tmp_path, open_questionnaire):
    # five IT people spelling it five ways: one group of 5 that is shown, not five hidden groups
    departments = ["IT", "It", "it ", "I.T.", "ＩＴ"] + ["Redactie"] * 6
    result = import_survey(native_export(tmp_path, departments), questionnaire=open_questionnaire)
    summary = summarise(result.answers, open_questionnaire, min_group=5, bootstrap=0)
    assert summary.segments["IT"].n == 5
    assert not summary.segments["IT"].suppressed


def test_an_answer_matches_an_organisation_option_by_its_spelling_key(tmp_path, questionnaire):
    # organisation.yaml names the option "IT" (value it): "I.T." and fullwidth "ＩＴ" are that option
    answers = [("I.T.", "Rotterdam"), ("ＩＴ", "Rotterdam"), ("Re-dactie", "Rotterdam"), ("Legal", "x")]
    header = "ID;Start time;Completion time;Email;Name;Op welke afdeling werk je?"
    lines = [header] + [
        f"{i};7/27/26 19:06:23;7/27/26 19:17:10;anonymous;;{d}" for i, (d, _) in enumerate(answers, 1)
    ]
    path = tmp_path / "msforms.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    result = import_survey(path, questionnaire=questionnaire, lang="en")
    assert list(result.answers["department"].astype(object).fillna("<NA>")) == [
        "it",
        "it",
        "editorial",
        "<NA>",
    ]
    [problem] = result.report.value_problems  # an unknown department is still a problem, not a guess
    assert problem["value"] == "Legal"


def test_a_thousand_teams_in_two_spellings_each_are_a_thousand_groups(tmp_path, open_questionnaire):
    # 20,000 rows, 2,000 distinct spellings of 1,000 teams
    teams = [f"Team {i}" for i in range(1000)] + [f"team{i}." for i in range(1000)]
    departments = pd.Series(teams * 10).sample(frac=1.0, random_state=1).tolist()
    result = import_survey(native_export(tmp_path, departments), questionnaire=open_questionnaire)
    counts = result.answers["department"].value_counts()
    assert len(counts) == 1000
    assert (counts == 20).all()
    assert all(name.startswith("Team ") or name.startswith("team") for name in counts.index)


def test_the_import_report_lists_the_merged_spellings():
    from advisor.survey.importer import import_survey

    raw = (
        "Timestamp,Op welke afdeling werk je?,"
        "Hoe belangrijk is privacy en vertrouwelijkheid voor jou in een werkplatform?\n"
        "1,IT,Zeer belangrijk\n2,I.T.,Belangrijk\n3,it ,Neutraal\n4,IT,Belangrijk\n5,Ｉ Ｔ,Belangrijk\n"
    ).encode()
    report = import_survey(raw, filename="g.csv").report
    assert report.spelling_merges and report.spelling_merges[0]["kept"] == "IT"
    line = next(x for x in report.summary("nl") if "schrijfwijze" in x)
    assert "'I.T.'" in line and "'IT'" in line
