"""``python -m advisor dossier ...`` as a user runs it: create, list, show, history, export,
import, delete; errors exit 2 with a message in the user's language, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from advisor.dossier.store import DossierStore
from tests.conftest import ROOT

SURVEY = "surveys/demo/demo-native.csv"


def run_cli(
    *args: str, env: dict[str, str] | None = None, input_text: str = ""
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=input_text,
        env={**(env or os.environ), "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    environment = {**os.environ, "ADVISOR_DATA_DIR": str(tmp_path / "data")}
    environment.pop("ADVISOR_DATABASE_URL", None)
    return environment


def _create(env: dict[str, str], *extra: str) -> str:
    name = "Platform choice 2027"
    created = run_cli(
        "--lang", "en", "dossier", "create", "--name", name, "--survey", SURVEY, *extra, env=env
    )
    assert created.returncode == 0, created.stderr
    assert "400 respondents from demo-native.csv" in created.stdout
    return created.stdout.split("with id ")[1].split()[0]


def test_create_list_show_history_export_import_delete(env, tmp_path):
    dossier_id = _create(env, "--min-group", "6")
    listed = run_cli("dossier", "list", "--json", env=env)
    (entry,) = json.loads(listed.stdout)
    assert (entry["id"], entry["name"], entry["respondents"], entry["version"]) == (
        dossier_id,
        "Platform choice 2027",
        400,
        2,
    )
    shown = run_cli("--lang", "en", "dossier", "show", "Platform choice 2027", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "Delta Media Groep" in shown.stdout and "anonymity threshold 6" in shown.stdout
    assert "by local user" in shown.stdout
    content = json.loads(run_cli("dossier", "show", dossier_id, "--json", env=env).stdout)
    assert "name: Delta Media Groep" in content["settings"]["organisation"]  # the file beside the export
    history = run_cli("dossier", "history", dossier_id, env=env)
    assert "lokale gebruiker" in history.stdout and "+ demo-native.csv (400)" in history.stdout
    rows = json.loads(run_cli("dossier", "history", dossier_id, "--json", env=env).stdout)
    assert [r["field"] for r in rows] == ["created", f"datasets.{content['datasets'][0]['id']}"]
    assert rows[0]["who"] == "local user" and rows[0]["at"].endswith("Z")

    out = tmp_path / "share" / "dossier.zip"
    exported = run_cli("--lang", "en", "dossier", "export", dossier_id, "--out", str(out), env=env)
    assert exported.returncode == 0 and out.stat().st_size > 0, exported.stderr
    elsewhere = {**env, "ADVISOR_DATA_DIR": str(tmp_path / "elsewhere")}
    imported = run_cli("--lang", "en", "dossier", "import", str(out), env=elsewhere)
    assert imported.returncode == 0, imported.stderr
    assert f"imported with id {dossier_id} (version 2, 400 respondents)" in imported.stdout
    again = json.loads(run_cli("dossier", "show", dossier_id, "--json", env=elsewhere).stdout)
    assert again == content

    refused = run_cli("dossier", "delete", dossier_id, env=env, input_text="no\n")
    assert refused.returncode == 1 and "Niets gewist" in refused.stdout
    confirmed = run_cli(
        "--lang", "en", "dossier", "delete", dossier_id, env=env, input_text=f"{dossier_id}\n"
    )
    assert confirmed.returncode == 0 and f"Dossier {dossier_id} erased: 1 dataset(s)" in confirmed.stdout
    gone = run_cli("--lang", "en", "dossier", "show", dossier_id, env=env)
    assert gone.returncode == 2 and "was erased on" in gone.stderr
    assert run_cli("--lang", "en", "dossier", "list", env=env).stdout.startswith("No dossiers yet")


def test_delete_with_yes_names_a_linked_workshop_that_keeps_its_responses(env, tmp_path):
    dossier_id = _create(env)
    store = DossierStore.open(f"sqlite:///{tmp_path / 'data' / 'workshops.sqlite'}")
    workshop = store.db.create_workshop("Kick-off", "nl")
    store.link_workshop(dossier_id, workshop.code, who="anna")
    store.close()
    deleted = run_cli("--lang", "en", "dossier", "delete", dossier_id, "--yes", env=env)
    assert deleted.returncode == 0, deleted.stderr
    assert f"workshop delete {workshop.code}" in deleted.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["show", "NOPE234"], "There is no dossier 'NOPE234'"),
        (["delete", "NOPE234", "--yes"], "There is no dossier 'NOPE234'"),
        (["export", "NOPE234", "--out", "x.zip"], "There is no dossier 'NOPE234'"),
        (["export", "NOPE234", "--out", "x.csv"], "a dossier export is a .zip file"),
        (["import", SURVEY], "cannot be imported as a dossier: it is not a zip file"),
        (["import", "missing.zip"], "File not found: missing.zip"),
        (["create", "--name", "X", "--survey", "missing.csv"], "File not found: missing.csv"),
        (["create", "--name", "X", "--survey", SURVEY, "--min-group", "3"], "--acknowledge-small-groups"),
        (
            ["create", "--name", "X", "--survey", SURVEY, "--segment-by", "colour"],
            "Unknown segment question 'colour'",
        ),
        (["create", "--name", " ", "--survey", SURVEY], "Invalid value for 'name'"),
    ],
)
def test_a_mistake_exits_2_with_a_clear_message_and_no_traceback(env, args, says):
    result = run_cli("--lang", "en", "dossier", *args, env=env)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert says in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_an_unreachable_database_is_a_message_in_dutch(env):
    env = {**env, "ADVISOR_DATABASE_URL": "postgresql+psycopg://nobody:x@127.0.0.1:9/none?connect_timeout=2"}
    result = run_cli("dossier", "list", env=env)
    assert result.returncode == 2 and "De database is niet bereikbaar" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command", [[], ["create"], ["list"], ["show"], ["history"], ["export"], ["import"], ["delete"]]
)
def test_every_dossier_command_has_help(command):
    result = run_cli("dossier", *command, "--help")
    assert result.returncode == 0 and "usage:" in result.stdout
