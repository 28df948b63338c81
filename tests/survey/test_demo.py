"""The demo survey: reproducible, realistic, and written exactly like the real export tools."""

import csv
import io
import ipaddress
import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from advisor.survey.demo import department_sizes, generate_demo
from advisor.survey.writers import FORMATS, MAPPED_FORMATS, mapping_yaml, render

SURVEYS = Path(__file__).resolve().parents[2] / "surveys"
REGENERATE = "regenerate with: python -m advisor demo-survey --format {fmt} --out {path}"


@pytest.fixture(scope="module")
def demo():
    return generate_demo(400, 2026)


def test_same_seed_gives_the_same_survey_and_another_seed_does_not(demo):
    again = generate_demo(400, 2026)
    pd.testing.assert_frame_equal(demo.answers, again.answers)
    pd.testing.assert_frame_equal(demo.meta, again.meta)
    assert not demo.answers.equals(generate_demo(400, 7).answers)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_shipped_demo_file_equals_a_fresh_generation(demo, fmt):
    path = SURVEYS / "demo" / f"demo-{fmt}.{FORMATS[fmt]}"
    fresh = render(fmt, demo.answers, demo.questionnaire, demo.meta)
    if path.suffix == ".xlsx":
        # openpyxl writes slightly different XML with and without lxml installed: compare the cells
        assert _cells(path.read_bytes()) == _cells(fresh), REGENERATE.format(fmt=fmt, path=path)
    else:
        # compared as booleans: a failing byte comparison of 100 kB files makes pytest diff for minutes
        assert (path.read_bytes() == fresh) is True, REGENERATE.format(fmt=fmt, path=path)


def _cells(data: bytes) -> list[list[tuple]]:
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets]


@pytest.mark.parametrize("fmt", MAPPED_FORMATS)
def test_shipped_mapping_equals_a_fresh_generation(demo, fmt):
    path = SURVEYS / "mappings" / f"demo-{fmt}.yaml"
    assert path.read_text(encoding="utf-8") == mapping_yaml(fmt, demo.questionnaire)


def test_segment_sizes_are_realistic_and_legal_is_below_the_threshold(demo):
    sizes = department_sizes(400)
    assert sum(sizes.values()) == 400
    assert sizes["legal"] == 3
    assert sizes["editorial"] > sizes["printing"] > sizes["sales"] > sizes["management"]
    complete = demo.complete
    assert len(complete) == 400
    counts = complete["department"].value_counts()
    assert counts["legal"] < 5
    assert 0 < complete["department"].isna().sum() < 20  # a few skip the segment question


def test_incomplete_responses_stop_after_a_page(demo):
    incomplete = demo.answers[~demo.meta["complete"].to_numpy()]
    assert 10 <= len(incomplete) <= 30
    assert incomplete["comment"].isna().all()
    assert incomplete["willingness"].isna().all()  # the last page is never reached


def test_answers_have_realistic_structure(demo):
    c = demo.complete
    dept = c["department"]
    never_email = (c.loc[dept == "printing", "use.email"] == "never").mean()
    assert never_email > 0.7  # no work e-mail on the shop floor
    regular = {"weekly", "daily", "hourly"}
    assert c.loc[dept == "editorial", "use.whatsapp"].isin(regular).mean() > 0.7
    assert c.loc[dept == "it", "use.slack"].isin(regular).mean() > 0.7
    assert c.loc[dept == "sales", "use.other"].isin(regular).mean() > 0.6  # Salesforce Chatter
    skipped = c[[x for x in c.columns if x.startswith("use.")]].isna().mean()
    assert ((skipped > 0) & (skipped < 0.08)).all()
    ratings = c[[x for x in c.columns if x.startswith("importance.")]].dropna()
    equal = ratings.nunique(axis=1) == 1
    assert 0.02 < equal.mean() < 0.15
    chosen = c[[x for x in c.columns if x.startswith("convincers.")]].dropna()
    assert (chosen.sum(axis=1) >= 1).all() and (chosen.sum(axis=1) > 1).any()
    whatsapp_heavy = c["use.whatsapp"].isin({"daily", "hourly"})
    yes = c["ex_colleagues_in_groups"] == "yes"
    assert yes[whatsapp_heavy].mean() > yes[~whatsapp_heavy].mean()
    assert 5 <= c["comment"].notna().sum() <= 40


def _rows(data: bytes, encoding: str = "utf-8", delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding)), delimiter=delimiter))


def test_limesurvey_export_has_bom_semicolons_quotes_crlf_and_codes(demo):
    data = render("limesurvey", demo.answers, demo.questionnaire, demo.meta)
    assert data.startswith(b'\xef\xbb\xbf"id";"submitdate";"lastpage";"startlanguage";"seed"')
    lines = data.decode("utf-8-sig").split("\r\n")
    assert all(line.startswith('"') and line.endswith('"') for line in lines if line)
    rows = _rows(data, "utf-8-sig", ";")
    header = rows[0]
    assert header[:8] == [
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
    ]
    assert "G01Q01" in header and "G03Q01[SQ002]" in header
    assert len(rows) - 1 == len(demo.answers)  # incomplete responses included ...
    assert sum(r[1] == "" for r in rows[1:]) == (~demo.meta["complete"]).sum()  # ... with empty submitdate
    dept = header.index("G01Q01")
    assert {r[dept] for r in rows[1:]} <= {f"A{i}" for i in range(1, 8)} | {""}
    multi = header.index("G05Q02[SQ001]")
    assert {r[multi] for r in rows[1:]} == {"Y", ""}


def test_qualtrics_export_has_three_header_rows_and_recodes(demo):
    rows = _rows(render("qualtrics", demo.answers, demo.questionnaire, demo.meta), "utf-8-sig")
    names, texts, import_ids = rows[:3]
    assert names[:3] == ["StartDate", "EndDate", "Status"]
    assert {"IPAddress", "RecipientEmail", "LocationLatitude", "Finished", "Progress"} <= set(names)
    assert texts[names.index("Q1")] == "Op welke afdeling werk je?"
    assert json.loads(import_ids[names.index("Q1")]) == {"ImportId": "QID1"}
    multi = next(
        n
        for n in names
        if n.endswith("_1")
        and "QID" in import_ids[names.index(n)]
        and "choiceId" in import_ids[names.index(n)]
    )
    assert json.loads(import_ids[names.index(multi)])["choiceId"] == "1"
    finished = [r[names.index("Finished")] for r in rows[3:]]
    assert finished.count("0") == (~demo.meta["complete"]).sum()
    assert {r[names.index("Q1")] for r in rows[3:]} <= {str(i) for i in range(1, 8)} | {""}


def test_surveymonkey_export_has_two_header_rows(demo):
    rows = _rows(render("surveymonkey", demo.answers, demo.questionnaire, demo.meta))
    top, second = rows[:2]
    assert top[:9] == [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    start = top.index("Wat zou je overtuigen om een nieuw platform te gebruiken?")
    assert top[start + 1] == "" and second[start] == "Betere afstemming met collega's"
    assert second[9] == "Response" and second[-1] == "Open-Ended Response"
    assert len(rows) - 2 == len(demo.complete)  # only complete responses


def test_google_forms_export_quotes_everything_and_joins_checkboxes_with_comma(demo):
    data = render("googleforms", demo.answers, demo.questionnaire, demo.meta)
    assert data.startswith(b'"Timestamp","Email Address","Op welke afdeling werk je?"')
    rows = _rows(data)
    column = rows[0].index("Wat zou je overtuigen om een nieuw platform te gebruiken?")
    assert any(", " in r[column] for r in rows[1:])


def test_msforms_export_is_an_anonymous_workbook_with_trailing_semicolons(demo, tmp_path):
    path = tmp_path / "forms.xlsx"
    path.write_bytes(render("msforms", demo.answers, demo.questionnaire, demo.meta))
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("ID", "Start time", "Completion time", "Email", "Name")
    assert {r[3] for r in rows[1:]} == {"anonymous"} and {r[4] for r in rows[1:]} == {None}
    column = rows[0].index("Wat zou je overtuigen om een nieuw platform te gebruiken?")
    assert all(r[column] is None or r[column].endswith(";") for r in rows[1:])
    assert rows[1][rows[0].index("Op welke afdeling werk je?")] in {
        "Redactie",
        "Advertentieverkoop",
        "IT",
        "Marketing",
        "Drukkerij en distributie",
        "Directie en staf",
        "Juridische zaken",
        None,
    }


def test_identity_values_are_fake(demo):
    net = ipaddress.ip_network("192.0.2.0/24")
    assert all(ipaddress.ip_address(ip) in net for ip in demo.meta["ip"])
    assert demo.meta["email"].str.endswith("@example.org").all()
