"""A comment holding every ASCII control character (Word's line break \\x0b among them) is stored
clean and survives the XLSX and CSV exports (also a CSV read with ';' as Dutch Excel does), the
command line and the dashboard import; a formula never starts a cell, however the file is split."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys

import openpyxl
import pandas as pd

from advisor.survey.importer import import_survey
from advisor.workshop import answers as wa
from advisor.workshop.store import Store
from tests.conftest import ROOT

EVERY_CONTROL = "".join(chr(c) for c in range(0x20)) + "\x7f"
HOSTILE = [
    f"MARKER-A {EVERY_CONTROL} regel één\x0bregel twee",  # \x0b: a line break pasted from Word
    "MARKER-B ok;=1+1",  # Dutch Excel splits on ';' and runs the second cell
    "MARKER-C prima,@SUM(A1)\n-2 en |+3",
    '\x0b=HYPERLINK("http://evil")',  # a control character in front of a formula
    "\t=cmd|' /C calc'!A0",
    "\r\n+31 6 12345678",
]
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # everything but the newline
FORMULA_START = re.compile(r"^\s*[=+\-@]")


def _store_hostile(store: Store, code: str) -> None:
    for i, comment in enumerate(HOSTILE):
        store.submit(code, f"hostile-{i}", {"department": "it", "willingness": 3, "comment": comment})


def _cells(text: str, delimiter: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def test_free_text_is_stored_without_control_characters(store: Store, workshop):
    _store_hostile(store, workshop.code)
    comments = {r.answers["comment"] for r in store.responses(workshop.code)}
    assert len(comments) == len(HOSTILE)
    assert not any(CONTROL.search(c) for c in comments)
    assert any("regel één\nregel twee" in c for c in comments)  # Word's line break is a line break
    q = wa.questionnaire_for(workshop)
    assert wa.clean({"comment": HOSTILE[0]}, q)["comment"] == next(c for c in comments if "MARKER-A" in c)


def test_xlsx_export_holds_every_comment_as_inert_text(store: Store, workshop):
    _store_hostile(store, workshop.code)
    stored = wa.answer_frame(store.responses(workshop.code), wa.questionnaire_for(workshop))
    q = wa.questionnaire_for(workshop)
    sheet = openpyxl.load_workbook(io.BytesIO(wa.xlsx(stored, q))).active
    column = q.columns.index("comment") + 1
    comments = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(comments) == len(HOSTILE)
    assert not any(CONTROL.search(c) for c in comments)
    assert not any(FORMULA_START.match(c) for c in comments)
    assert {c for c in comments if "MARKER" not in c} == {
        '\'=HYPERLINK("http://evil")',  # the \x0b in front became a line break, then trimmed
        "'=cmd|' /C calc'!A0",
        "'+31 6 12345678",
    }


def test_csv_export_starts_no_cell_with_a_formula_read_with_comma_or_semicolon(store: Store, workshop):
    _store_hostile(store, workshop.code)
    q = wa.questionnaire_for(workshop)
    text = wa.native_csv(wa.answer_frame(store.responses(workshop.code), q), q).decode("utf-8-sig")
    assert not CONTROL.search(text.replace("\r\n", "\n"))
    for delimiter in (",", ";", "\t", "|"):
        offending = [cell for cell in _cells(text, delimiter) if FORMULA_START.match(cell)]
        assert offending == [], (delimiter, offending)
    # a reader that ignores quotes altogether and splits lines and ';' (the worst case)
    pieces = [piece for line in text.splitlines() for piece in re.split(r"[;,|\t]", line)]
    assert not [piece for piece in pieces if FORMULA_START.match(piece)]
    assert "ok;'=1+1" in text  # the text is kept, guarded


def test_the_dashboard_import_gets_the_comments_clean_and_unguarded(store: Store, workshop):
    _store_hostile(store, workshop.code)
    q = wa.questionnaire_for(workshop)
    frame = wa.answer_frame(store.responses(workshop.code), q)
    imported = import_survey(wa.dashboard_csv(frame, q), filename="workshop.csv", questionnaire=q).answers
    assert len(imported) == len(HOSTILE)
    comments = set(imported["comment"].dropna())
    assert "ok;=1+1" in " ".join(comments) and not any(CONTROL.search(c) for c in comments)
    pd.testing.assert_series_equal(
        imported["comment"].sort_values(ignore_index=True),
        frame["comment"].sort_values(ignore_index=True),
        check_names=False,
        check_index_type=False,
    )


def test_workshop_export_on_the_command_line_never_shows_a_traceback_or_the_text(tmp_path):
    env = {**os.environ, "ADVISOR_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("ADVISOR_DATABASE_URL", None)
    store = Store(f"sqlite:///{tmp_path / 'workshops.sqlite'}")
    workshop = store.create_workshop("Heidag", "nl", {"department": wa.parse_options("department", "IT")})
    _store_hostile(store, workshop.code)
    store.close()
    for suffix in ("xlsx", "csv"):
        out = tmp_path / f"antwoorden.{suffix}"
        result = subprocess.run(
            [sys.executable, "-m", "advisor", "workshop", "export", workshop.code, "--out", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "MARKER" not in result.stdout + result.stderr
        assert out.stat().st_size > 0
    sheet = openpyxl.load_workbook(tmp_path / "antwoorden.xlsx").active
    assert sheet.max_row == len(HOSTILE) + 1
