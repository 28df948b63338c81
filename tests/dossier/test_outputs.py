"""``score --dossier`` and ``plan --dossier`` use the dossier's saved settings, and a dossier that
travels (export -> import into an empty database) gives the same figures and byte-identical files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from advisor.config import embedded_url
from advisor.dossier.store import DossierStore
from tests.dossier.conftest import ORGANISATION, demo_upload
from tests.dossier.test_cli import run_cli

REASON = "Beoordeeld door de privacy officer na de DPIA van oktober 2026."
NOTE = "We kiezen Mattermost: zelf hosten weegt zwaarder dan de kleine voorsprong van Teams."


def environment(folder: Path) -> dict[str, str]:
    env = {**os.environ, "ADVISOR_DATA_DIR": str(folder)}
    env.pop("ADVISOR_DATABASE_URL", None)
    return env


@pytest.fixture
def decided(tmp_path) -> tuple[dict[str, str], str]:
    """A dossier with a decision worked out: weights moved, TOPSIS, a must-have, an override, a
    choice and a note (the way the dashboard stores them)."""
    folder = tmp_path / "here"
    store = DossierStore.open(embedded_url(folder))
    d = store.create(
        "Platformkeuze 2027",
        settings={"organisation": ORGANISATION.read_text(encoding="utf-8")},
        uploads=[demo_upload()],
    )
    for field, value in (
        ("weights", {"source": "survey:organisation", "changes": {"privacy": 40}}),
        ("method", "topsis"),
        ("must_haves", ["eu_residency"]),
        ("choice", {"platform": "mattermost", "plan": None}),
        ("decision_note", NOTE),
    ):
        d = store.change(d.id, field, value, base_version=d.version, who="anna@example.nl")
    store.set_override(d.id, "teams", "privacy", 8.0, REASON, base_version=d.version, who="anna@example.nl")
    store.close()
    return environment(folder), d.id


def score_json(env: dict[str, str], dossier_id: str) -> dict:
    done = run_cli("--lang", "en", "score", "--dossier", dossier_id, "--samples", "2000", "--json", env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_score_uses_the_dossiers_settings_and_shows_its_override(decided):
    env, dossier_id = decided
    result = score_json(env, dossier_id)
    assert result["method"] == "topsis"
    assert "eu_residency" in result["must_haves"]
    assert result["dossier"]["id"] == dossier_id and result["dossier"]["choice"]["platform"] == "mattermost"
    own = result["rankings"]["dossier"]
    assert own["label"] == "the dossier's weights"
    override = next(o for o in own["overrides"] if o["platform"] == "teams")
    assert override["score"] == 8.0 and override["justification"] == REASON
    assert override["derived"] != 8.0
    # the moved slider: privacy at 40 of the positions, the others as the survey gave them
    assert own["weights"]["privacy"] > result["rankings"]["organisation"]["weights"]["privacy"]

    text = run_cli("--lang", "en", "score", "--dossier", dossier_id, "--samples", "2000", env=env)
    assert text.returncode == 0, text.stderr
    assert "8.0 set by hand" in text.stdout and REASON in text.stdout
    assert "No clear winner" in text.stdout or "Best choice" in text.stdout


def test_options_the_dossier_decides_are_refused_naming_them(decided):
    env, dossier_id = decided
    done = run_cli(
        "--lang", "en", "score", "--dossier", dossier_id, "--method", "wsm", "--must", "scim", env=env
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--must" in done.stderr and "--method" not in done.stderr  # wsm is the default: not "given"
    both = run_cli("--lang", "en", "score", "--dossier", dossier_id, "--survey", "x.csv", env=env)
    assert both.returncode == 2 and "--survey" in both.stderr
    neither = run_cli("--lang", "en", "score", env=env)
    assert neither.returncode == 2 and "--dossier" in neither.stderr


def test_plan_from_the_dossier_is_for_its_choice_and_is_noted_in_it(decided, tmp_path):
    env, dossier_id = decided
    out = tmp_path / "plan.md"
    done = run_cli(
        "--lang", "en", "plan", "--dossier", dossier_id, "--out", str(out), "--start", "2027-01-11", env=env
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "Mattermost" in text.splitlines()[0]
    history = json.loads(run_cli("dossier", "history", dossier_id, "--json", env=env).stdout)
    assert history[-1]["field"].startswith("plans.")
    assert history[-1]["new"]["settings"]["platform"] == "mattermost"


def test_an_exported_dossier_gives_the_same_figures_and_identical_files_elsewhere(decided, tmp_path):
    env, dossier_id = decided
    archive = tmp_path / "dossier.zip"
    assert run_cli("dossier", "export", dossier_id, "--out", str(archive), env=env).returncode == 0
    elsewhere = environment(tmp_path / "elsewhere")  # an empty database on another installation
    imported = run_cli("dossier", "import", str(archive), env=elsewhere)
    assert imported.returncode == 0, imported.stderr

    assert score_json(elsewhere, dossier_id) == score_json(env, dossier_id)
    for fmt in ("md", "html", "docx"):
        files = []
        for where, name in ((env, "here"), (elsewhere, "there")):
            out = tmp_path / f"{name}.{fmt}"
            done = run_cli(
                "plan",
                "--dossier",
                dossier_id,
                "--format",
                fmt,
                "--out",
                str(out),
                "--start",
                "2027-01-11",
                env=where,
            )
            assert done.returncode == 0, done.stderr
            files.append(out.read_bytes())
        assert files[0] == files[1], fmt
