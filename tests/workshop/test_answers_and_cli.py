"""Workshop answers become the canonical frame; exports guard formulas; the command line; passwords."""

from __future__ import annotations

import io
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from advisor.survey.importer import import_survey
from advisor.workshop import answers as wa
from advisor.workshop.auth import BadHash, hash_password, verify_password
from advisor.workshop.store import Store
from tests.conftest import ROOT


def test_stored_answers_rebuild_the_canonical_frame_the_importer_reads(store: Store, workshop):
    q = wa.questionnaire_for(workshop)
    store.submit(
        workshop.code,
        "a",
        wa.clean({"department": "it", "importance.privacy": 5, "convincers": ["alignment"]}, q),
    )
    store.submit(workshop.code, "b", wa.clean({"use.email": "daily", "willingness": 2}, q))
    frame = wa.answer_frame(store.responses(workshop.code), q)
    assert list(frame.columns) == q.columns
    row = frame.loc[frame["department"] == "it"].iloc[0]
    assert row["importance.privacy"] == 5
    assert bool(row["convincers.alignment"]) and not bool(row["convincers.faster_answers"])
    other = frame.loc[frame["department"].isna()].iloc[0]
    assert pd.isna(other["convincers.alignment"]) and pd.isna(
        other["importance.privacy"]
    )  # unanswered stays missing
    assert frame["importance.privacy"].dtype == "Int64" and frame["department"].dtype == "string"
    assert frame["convincers.alignment"].dtype == "boolean"
    imported = import_survey(wa.native_csv(frame, q), filename="workshop.csv", questionnaire=q).answers
    pd.testing.assert_frame_equal(imported, frame, check_index_type=False)


def test_answers_outside_the_questionnaire_are_refused(workshop):
    q = wa.questionnaire_for(workshop)
    for bad in (
        {"department": "sales"},
        {"importance.privacy": 9},
        {"convincers": ["bribes"]},
        {"ip": "1.2.3.4"},
    ):
        with pytest.raises(wa.InvalidAnswer):
            wa.clean(bad, q)
    assert wa.clean({"department": None, "convincers": [], "comment": "  "}, q) == {}


def test_exports_guard_text_a_spreadsheet_would_run(store: Store, workshop):
    q = wa.questionnaire_for(workshop)
    for i, text in enumerate(['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "\tx", "gewoon"]):
        store.submit(workshop.code, f"s{i}", {"comment": text})
    frame = wa.answer_frame(store.responses(workshop.code), q)
    sheet = openpyxl.load_workbook(io.BytesIO(wa.xlsx(frame, q))).active
    comments = {row[q.columns.index("comment") + 1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    # a tab is stored as a space and trimmed: "\tx" arrives as "x" and needs no guard
    assert comments == {'\'=HYPERLINK("http://evil")', "'+1", "'-2", "'@SUM(A1)", "x", "gewoon"}
    csv = wa.native_csv(frame, q).decode()
    assert "'=HYPERLINK" in csv and "\n=" not in csv and ",=" not in csv


def test_segment_options_are_read_one_per_line():
    assert wa.parse_options("department", "Verkoop | Sales\n\n Financiën ") == [
        {"value": "verkoop", "nl": "Verkoop", "en": "Sales"},
        {"value": "financien", "nl": "Financiën", "en": "Financiën"},
    ]
    with pytest.raises(wa.InvalidOptions):
        wa.parse_options("department", "IT\nit")


def test_password_hash_round_trip_and_malformed_hash():
    stored = hash_password("lang genoeg wachtwoord")
    assert stored.startswith("scrypt$") and verify_password("lang genoeg wachtwoord", stored)
    assert not verify_password("fout", stored)
    with pytest.raises(BadHash):
        verify_password("x", "plain-text-password")


def advisor(*args: str, env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )


def test_workshop_commands_create_list_export_close_delete(tmp_path, monkeypatch):
    import os

    env = {**os.environ, "ADVISOR_DATA_DIR": str(tmp_path), "ADVISOR_PUBLIC_URL": "https://advies.example.nl"}
    env.pop("ADVISOR_DATABASE_URL", None)
    created = advisor("--lang", "en", "workshop", "create", "--title", "Kick-off", "--lang", "en",
                      "--organisation", "surveys/demo/organisation.yaml", env=env)  # fmt: skip
    assert created.returncode == 0, created.stderr
    code = created.stdout.split("Join code: ")[1].split()[0]
    assert f"https://advies.example.nl/answer/{code}" in created.stdout
    listed = advisor("workshop", "list", env=env)
    assert code in listed.stdout and "Kick-off" in listed.stdout
    store = Store(f"sqlite:///{tmp_path / 'workshops.sqlite'}")
    workshop = store.get(code)
    assert workshop.language == "en" and workshop.segment_options["department"]
    store.submit(code, "s1", {"comment": "=1+1"})
    for suffix in ("csv", "xlsx"):
        exported = advisor("workshop", "export", code, "--out", str(tmp_path / f"out.{suffix}"), env=env)
        assert exported.returncode == 0 and (tmp_path / f"out.{suffix}").stat().st_size > 0
    assert "'=1+1" in (tmp_path / "out.csv").read_text()
    assert advisor("workshop", "close", code, env=env).returncode == 0
    assert not store.get(code).is_open
    refused = advisor("workshop", "delete", code, env=env, stdin="no\n")
    assert refused.returncode == 1 and store.find(code) is not None
    assert advisor("workshop", "delete", code, "--yes", env=env).returncode == 0
    assert store.find(code) is None
    store.close()


def test_an_unknown_code_exits_2_with_a_clear_message(tmp_path):
    import os

    env = {**os.environ, "ADVISOR_DATA_DIR": str(tmp_path)}
    env.pop("ADVISOR_DATABASE_URL", None)
    for action in (
        ["close", "NOPE42"],
        ["delete", "NOPE42", "--yes"],
        ["export", "NOPE42", "--out", "x.csv"],
    ):
        result = advisor("--lang", "en", "workshop", *action, env=env)
        assert result.returncode == 2 and "no workshop with code 'NOPE42'" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_hash_password_reads_stdin_and_prints_a_usable_hash(tmp_path):
    import os

    result = advisor("workshop", "hash-password", env=dict(os.environ), stdin="een goed wachtwoord\n")
    assert result.returncode == 0 and "een goed wachtwoord" not in result.stdout
    assert verify_password("een goed wachtwoord", result.stdout.strip())
    assert len("veertien teken") == 14  # ASVS 5.0 V6.2.1: at least 8, 15 strongly recommended
    short = advisor(
        "--lang", "en", "workshop", "hash-password", env=dict(os.environ), stdin="veertien teken\n"
    )
    assert short.returncode == 2 and "at least 15 characters" in short.stderr
    assert "$131072$8$1$" in result.stdout  # scrypt N=2^17, r=8, p=1


@pytest.mark.parametrize(
    "command", [[], ["create"], ["list"], ["export"], ["close"], ["delete"], ["tokens"], ["hash-password"]]
)
def test_every_workshop_command_has_help(command):
    import os

    result = advisor("workshop", *command, "--help", env=dict(os.environ))
    assert result.returncode == 0 and "usage:" in result.stdout
