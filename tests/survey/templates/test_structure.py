"""Every template parses back into the documented structure of its tool."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from advisor.survey.questionnaire import load_questionnaire
from advisor.survey.templates import TOOLS, instructions, read_lss, render_template
from advisor.survey.templates.documents import js
from tests.survey.templates import exports
from tests.survey.templates.conftest import FIXTURES

LANGS = ("nl", "en")
# What LimeSurvey's XMLImportSurvey (application/helpers/admin/import_helper.php) reads per table.
LSS_REQUIRED = {
    "surveys": {"sid", "language", "additional_languages"},
    "surveys_languagesettings": {"surveyls_survey_id", "surveyls_language", "surveyls_title"},
    "groups": {"gid", "sid", "group_order"},
    "group_l10ns": {"gid", "group_name", "language"},
    "questions": {"qid", "parent_qid", "sid", "gid", "type", "title", "mandatory", "question_order"},
    "subquestions": {"qid", "parent_qid", "sid", "gid", "type", "title", "question_order", "scale_id"},
    "question_l10ns": {"qid", "question", "help", "language"},
    "answers": {"aid", "qid", "code", "sortorder", "scale_id"},
    "answer_l10ns": {"aid", "answer", "language"},
}
LIME_RESERVED = {"lang", "sid", "savedid", "token", "qid", "gid", "sgq", "self", "that", "this"}
QSF_SQ = {"QuestionText", "DataExportTag", "QuestionType", "Selector", "QuestionID", "Configuration"}


def _rows(root: ET.Element, table: str) -> list[dict[str, str]]:
    return [{c.tag: (c.text or "") for c in row} for row in root.findall(f"./{table}/rows/row")]


@pytest.mark.parametrize("lang", LANGS)
def test_lss_has_every_table_and_field_limesurvey_imports(lang, templates):
    root = ET.fromstring(templates["limesurvey", lang])
    other = "en" if lang == "nl" else "nl"
    assert root.tag == "document" and root.findtext("LimeSurveyDocType") == "Survey"
    assert root.findtext("DBVersion").isdigit()
    assert [x.text for x in root.findall("./languages/language")] == [lang, other]
    for table, required in LSS_REQUIRED.items():
        fields = {f.text for f in root.findall(f"./{table}/fields/fieldname")}
        rows = _rows(root, table)
        assert rows, table
        for row in rows:
            assert required <= set(row) and set(row) <= fields, (table, row)
    survey = _rows(root, "surveys")[0]
    assert (survey["language"], survey["additional_languages"]) == (lang, other)
    assert {r["surveyls_language"] for r in _rows(root, "surveys_languagesettings")} == {lang, other}
    sids = {r["sid"] for t in ("surveys", "groups", "questions", "subquestions") for r in _rows(root, t)}
    assert sids == {survey["sid"]}


@pytest.mark.parametrize("lang", LANGS)
def test_lss_codes_obey_limesurvey_rules_and_every_text_is_in_both_languages(lang, templates):
    root = ET.fromstring(templates["limesurvey", lang])
    questions, subs = _rows(root, "questions"), _rows(root, "subquestions")
    gids = {r["gid"] for r in _rows(root, "groups")}
    titles = [r["title"] for r in questions]
    assert len({x.casefold() for x in titles}) == len(titles)
    for row in questions:
        assert (
            re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,19}", row["title"])
            and row["title"].casefold() not in LIME_RESERVED
        )
        assert row["parent_qid"] == "0" and row["gid"] in gids and row["type"] in "LFMTS"
    parents = {r["qid"]: r for r in questions}
    per_parent: dict[str, list[str]] = {}
    for row in subs:
        assert row["parent_qid"] in parents and row["type"] == parents[row["parent_qid"]]["type"]
        assert re.fullmatch(r"[A-Za-z0-9]{1,20}", row["title"]) and row["title"].casefold() not in {
            "time",
            "other",
        }
        per_parent.setdefault(row["parent_qid"], []).append(row["title"].casefold())
    assert all(len(set(codes)) == len(codes) for codes in per_parent.values())
    answers = _rows(root, "answers")
    per_question: dict[str, list[str]] = {}
    for row in answers:
        assert row["qid"] in parents and re.fullmatch(r"[A-Za-z0-9]{1,5}", row["code"])
        per_question.setdefault(row["qid"], []).append(row["code"])
    assert all(len(set(codes)) == len(codes) for codes in per_question.values())
    texts = {(r["qid"], r["language"]) for r in _rows(root, "question_l10ns") if r["question"].strip()}
    assert texts == {(r["qid"], x) for r in questions + subs for x in LANGS}
    labels = {(r["aid"], r["language"]) for r in _rows(root, "answer_l10ns") if r["answer"].strip()}
    assert labels == {(r["aid"], x) for r in answers for x in LANGS}
    groups = {(r["gid"], r["language"]) for r in _rows(root, "group_l10ns") if r["group_name"].strip()}
    assert groups == {(g, x) for g in gids for x in LANGS}


def test_lss_question_types_follow_the_questionnaire(demo_q, templates):
    types = {r["title"]: r["type"] for r in _rows(ET.fromstring(templates["limesurvey", "nl"]), "questions")}
    assert types["department"] == "L" and types["willingness"] == "L" and types["use"] == "F"
    assert types["importance"] == "F" and types["convincers"] == "M" and types["comment"] == "T"
    without_organisation = render_template("limesurvey", load_questionnaire(), "nl")[1]
    types = {r["title"]: r["type"] for r in _rows(ET.fromstring(without_organisation), "questions")}
    assert types["department"] == "S"  # no departments known yet: the answer itself is the category


def test_read_lss_labels_our_template_with_its_codes(demo_q, templates):
    structure = read_lss(templates["limesurvey", "nl"])
    assert structure["department"] == (
        "Op welke afdeling werk je?",
        {f"A{i}": o.nl for i, o in enumerate(demo_q["department"].options, 1)},
    )
    assert structure["use[email]"][0] == "Hoe vaak gebruik je deze kanalen voor je werk? [E-mail]"
    assert structure["importance[privacy]"][1]["5"] == "Zeer belangrijk"
    assert structure["convincers[fasterAnswers]"] == (
        "Wat zou je overtuigen om een nieuw platform te gebruiken? [Snellere antwoorden]",
        {},
    )
    assert read_lss(templates["limesurvey", "nl"], "en")["department"][1]["A1"] == "Editorial"


def test_read_lss_reads_another_limesurvey_survey():
    data = (FIXTURES / "other-survey.lss").read_bytes()
    assert read_lss(data) == {
        "G01Q01": ("How do you travel?", {"opt1": "Bicycle", "opt2": "Train"}),
        "G01Q02[SQ001]": ("How often do you use: [Mail]", {"L1": "Never", "L2": "Often"}),
        "G01Q02[SQ002]": ("How often do you use: [Chat]", {"L1": "Never", "L2": "Often"}),
        "remarks": ("Anything else?", {}),
    }
    assert read_lss(data, "de")["G01Q01"] == ("Wie reisen Sie?", {"opt1": "Fahrrad", "opt2": "Zug"})


@pytest.mark.parametrize("data", [b"<html/>", b"not xml", b'<!DOCTYPE x [<!ENTITY a "b">]><document/>'])
def test_read_lss_refuses_what_is_not_a_survey_structure(data):
    from advisor.errors import InputError

    with pytest.raises(InputError, match="LimeSurvey"):
        read_lss(data)


@pytest.mark.parametrize("lang", LANGS)
def test_qsf_elements_have_the_fields_qualtrics_reads(lang, templates):
    document = json.loads(templates["qualtrics", lang])
    entry = document["SurveyEntry"]
    assert {"SurveyID", "SurveyName", "SurveyLanguage", "SurveyStatus", "SurveyOwnerID"} <= set(entry)
    assert entry["SurveyLanguage"] == lang.upper()
    elements = document["SurveyElements"]
    for element in elements:
        assert {"SurveyID", "Element", "PrimaryAttribute", "Payload"} <= set(element)
        assert element["SurveyID"] == entry["SurveyID"]
    kinds = [e["Element"] for e in elements]
    assert kinds.count("BL") == 1 and kinds.count("FL") == 1
    questions = [e for e in elements if e["Element"] == "SQ"]
    ids = [e["Payload"]["QuestionID"] for e in questions]
    tags = [e["Payload"]["DataExportTag"] for e in questions]
    assert len(set(ids)) == len(ids) and len(set(tags)) == len(tags)
    blocks = next(e["Payload"] for e in elements if e["Element"] == "BL")
    placed = [x["QuestionID"] for b in blocks for x in b["BlockElements"]]
    assert sorted(placed) == sorted(ids)
    flow = next(e["Payload"] for e in elements if e["Element"] == "FL")
    assert {f["ID"] for f in flow["Flow"]} == {b["ID"] for b in blocks if b["Type"] != "Trash"}
    other = "EN" if lang == "nl" else "NL"
    for element in questions:
        payload = element["Payload"]
        assert set(payload) >= QSF_SQ and payload["QuestionID"] == element["PrimaryAttribute"]
        assert payload["QuestionType"] in {"MC", "Matrix", "TE"}
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", payload["DataExportTag"])
        translation = payload["Language"][other]
        assert translation["QuestionText"]
        if payload["QuestionType"] == "TE":
            assert payload["Selector"] in {"ML", "SL"}
            continue
        assert set(payload["Choices"]) == set(payload["ChoiceOrder"]) == set(translation["Choices"])
        scale = payload["Choices"]
        if payload["QuestionType"] == "Matrix":
            assert payload["Selector"] == "Likert"
            assert set(payload["Answers"]) == set(payload["AnswerOrder"]) == set(translation["Answers"])
            scale = payload["Answers"]
        else:
            assert payload["Selector"] in {"SAVR", "MAVR"}
        assert set(payload["RecodeValues"]) == set(scale)
        assert all(re.fullmatch(r"-?\d+", v) for v in payload["RecodeValues"].values())


@pytest.mark.parametrize("lang", LANGS)
def test_docx_lists_numbered_questions_each_followed_by_its_choices(lang, demo_q, templates):
    questions = exports.docx_questions(templates["msforms", lang])
    assert [n for n, _, _ in questions] == list(range(1, len(demo_q.questions) + 1))
    for (_, text, labels), question in zip(questions, demo_q.questions, strict=True):
        assert text == question.text.get(lang)
        assert labels == [o.label(lang) for o in question.options]


@pytest.mark.parametrize("lang", LANGS)
def test_surveymonkey_list_has_every_question_and_label_word_for_word(lang, demo_q, templates):
    listed = exports.md_questions(templates["surveymonkey", lang])
    assert [(t, labels) for _, t, labels in listed] == [
        (q.text.get(lang), [o.label(lang) for o in q.options]) for q in demo_q.questions
    ]
    docx = render_template("surveymonkey", demo_q, lang, docx=True)
    assert docx[0].endswith(".docx") and exports.docx_questions(docx[1])[0][1] == demo_q.questions[
        0
    ].text.get(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_apps_script_holds_every_title_and_label_exactly(lang, demo_q, templates):
    script = templates["googleforms", lang].decode("utf-8")
    for question in demo_q.questions:
        if not question.group:
            assert js(question.text.get(lang)) in script
        for option in question.options:
            assert js(option.label(lang)) in script
    kinds = [kind for kind, _ in exports.gs_items(templates["googleforms", lang])]
    assert {"MultipleChoice", "Grid", "Checkbox", "ParagraphText"} <= set(kinds)


def _node_check(script: bytes, tmp_path: Path) -> None:
    node = "/usr/bin/node" if Path("/usr/bin/node").exists() else shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: cannot syntax-check the Apps Script")
    path = tmp_path / "survey.js"
    path.write_bytes(script + b"\nif (typeof module !== 'undefined') { module.exports = createSurvey; }\n")
    result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_apps_script_is_valid_javascript_even_with_odd_labels(tmp_path, templates):
    odd = load_questionnaire(organisation=FIXTURES / "organisation-odd-labels.yaml")
    script = render_template("googleforms", odd, "nl")[1]
    titles = [literals[0] for _, literals in exports.gs_items(script)]
    department = next(
        literals for kind, literals in exports.gs_items(script) if literals[0] == odd["department"].text.nl
    )
    assert department[1] == [o.nl for o in odd["department"].options]
    assert titles[0] == odd["department"].text.nl
    _node_check(script, tmp_path)
    _node_check(templates["googleforms", "en"], tmp_path)


def test_odd_labels_survive_lss_and_qsf(tmp_path):
    odd = load_questionnaire(organisation=FIXTURES / "organisation-odd-labels.yaml")
    root = ET.fromstring(render_template("limesurvey", odd, "nl")[1])
    labels = [r["answer"] for r in _rows(root, "answer_l10ns") if r["language"] == "nl"][:5]
    assert labels == [o.nl for o in odd["department"].options]
    document = json.loads(render_template("qualtrics", odd, "en")[1])
    first = next(e["Payload"] for e in document["SurveyElements"] if e["Element"] == "SQ")
    assert [c["Display"] for c in first["Choices"].values()] == [o.en for o in odd["department"].options]


@pytest.mark.parametrize("tool", TOOLS)
def test_every_tool_has_instructions_in_both_languages(tool):
    assert instructions(tool, "nl") != instructions(tool, "en")
    assert all(len(instructions(tool, lang)) > 40 for lang in LANGS)
