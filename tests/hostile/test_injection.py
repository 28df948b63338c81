"""ESC sequences, BEL, NUL and right-to-left overrides in department names and comments never
reach the terminal, the Markdown/HTML/Word plan or the workshop's Excel export."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from advisor.markup import escape_markdown
from advisor.textsafe import clean_text
from tests.hostile.conftest import DEMO, FORBIDDEN, ROOT, assert_clean, run

PAYLOAD = "\x1b[2J\x1b[31m"
ORG = (ROOT / "surveys" / "demo" / "organisation.yaml").read_text(encoding="utf-8")


@pytest.fixture
def hostile_survey(tmp_path):
    """The demo export with payloads in comments, and an organisation whose labels carry them."""
    frame = pd.read_csv(DEMO, dtype=str, keep_default_na=False)
    payloads = [PAYLOAD, "\u202e", "\x07", "\x1b]0;titel\x07", "\u2066"]  # a NUL is refused as binary
    for i, payload in enumerate(payloads):
        frame.loc[i * 7, "comment"] = f"opmerking{payload}einde"
    survey = tmp_path / "export.csv"
    frame.to_csv(survey, index=False)
    # YAML double-quoted escapes: \e is ESC, \a BEL, \0 NUL, \u202e the RTL override.
    organisation = (
        ORG.replace('nl: "Redactie"', 'nl: "Redactie\\e[2J\\e[31m\\u202e\\a"')
        .replace('nl: "IT"', 'nl: "IT\\0\\u2066x"')
        .replace("name: Delta Media Groep", 'name: "Delta\\e[2J Media\\u202e"')
    )
    (tmp_path / "organisation.yaml").write_text(organisation, encoding="utf-8")
    return survey


def test_clean_text_removes_every_payload_and_keeps_letters():
    assert clean_text(f"IT{PAYLOAD}\u202e\x07\x00é✓") == "ITé✓"
    assert clean_text("a\x1b]0;x\x07b\x9b2Jc") == "ab2Jc"
    assert clean_text("regel\r\nvolgende") == "regel\nvolgende"
    assert escape_markdown(f"*{PAYLOAD}*") == "\\*\\*"


def test_survey_text_output_is_clean(hostile_survey, capsys):
    code, out, err = run(capsys, "survey", str(hostile_survey), "--bootstrap", "0")
    assert code in (0, 2)
    assert ("Redactie" in out and "opmerking" in out) or "Redactie" in out
    assert_clean(out, err)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_plan_in_every_format_is_clean(fmt, hostile_survey, tmp_path, capsys):
    out = tmp_path / f"plan.{fmt}"
    code, stdout, err = run(
        capsys,
        "plan",
        "--survey",
        str(hostile_survey),
        "--platform",
        "zulip",
        "--format",
        fmt,
        "--out",
        str(out),
        "--start",
        "2027-01-04",
    )
    assert code == 0, err
    assert_clean(stdout, err)
    if fmt == "docx":
        with zipfile.ZipFile(out) as archive:
            text = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
        assert "Redactie" in text
    else:
        text = out.read_text(encoding="utf-8")
        assert "Redactie" in text and "Delta" in text
    for char in FORBIDDEN:
        assert char not in text


def test_score_output_is_clean(hostile_survey, capsys):
    code, out, err = run(capsys, "score", "--survey", str(hostile_survey), "--samples", "200")
    assert code == 0, err
    assert_clean(out, err)


def test_workshop_xlsx_and_csv_exports_hold_no_control_characters():
    from openpyxl import load_workbook

    from advisor.survey.questionnaire import default_questionnaire
    from advisor.workshop import answers as wa

    q = default_questionnaire()
    frame = wa.answer_frame([], q)
    row = {c: pd.NA for c in frame.columns}
    row["comment"] = f"=1+1{PAYLOAD}\u202e\x07\x00"
    frame = pd.concat([frame, pd.DataFrame([row], index=pd.Index(["r\x071"], name="response_id"))])
    data = wa.xlsx(frame, q)  # used to raise IllegalCharacterError
    sheet = load_workbook(io.BytesIO(data)).active
    values = [c.value for r in sheet.iter_rows() for c in r if isinstance(c.value, str)]
    assert "'=1+1" in values and "r1" in values
    assert not any(ch in v for v in values for ch in FORBIDDEN)
    text = wa.native_csv(frame, q).decode("utf-8")
    assert not any(ch in text for ch in FORBIDDEN)
