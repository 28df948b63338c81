"""Every output path: refused before the work when it cannot be written, atomic when it can.

A folder, /dev/full, a path below a regular file, a folder that is not there, a full disk, and
the input itself (by path, symlink or hard link) for --write-mapping, plan --out, questionnaire
export --out and workshop export --out. Afterwards no file is left at the target (nor a
temporary one), and the input's bytes are unchanged.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from tests.hostile.conftest import DEMO, ROOT, assert_clean, run

ORG = ROOT / "surveys" / "demo" / "organisation.yaml"


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "export.csv"
    path.parent.mkdir()
    shutil.copy(DEMO, path)
    shutil.copy(ORG, path.parent / "organisation.yaml")
    return path


def _targets(tmp_path: Path, export: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "afile.txt").write_text("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "link.csv").symlink_to(export)
    os.link(export, tmp_path / "hard.csv")
    return {
        "directory": (tmp_path / "folder", "is een map"),
        "dev-full": (Path("/dev/full"), "geen gewoon bestand"),
        "dev-null": (Path("/dev/null"), "geen gewoon bestand"),
        "under-a-file": (tmp_path / "afile.txt" / "out.yaml", "is een bestand, geen map"),
        "the-input": (export, "wordt niet overschreven"),
        "symlink-to-input": (tmp_path / "link.csv", "wordt niet overschreven"),
        "hard-link-to-input": (tmp_path / "hard.csv", "wordt niet overschreven"),
        "organisation": (export.parent / "organisation.yaml", "wordt niet overschreven"),
    }


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


TARGETS = [
    "directory",
    "dev-full",
    "dev-null",
    "under-a-file",
    "the-input",
    "symlink-to-input",
    "hard-link-to-input",
    "organisation",
]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("command", ["write-mapping", "plan"])
def test_an_unwritable_or_input_target_is_refused_and_nothing_changes(
    command, target, tmp_path, export, capsys
):
    out, words = _targets(tmp_path, export)[target]
    before = {p: _digest(p) for p in export.parent.iterdir()}
    listing = sorted(os.listdir(tmp_path))
    if command == "write-mapping":
        argv = ["survey", str(export), "--write-mapping", str(out)]
    else:
        argv = [
            "plan",
            "--survey",
            str(export),
            "--platform",
            "zulip",
            "--out",
            str(out),
            "--start",
            "2027-01-04",
        ]
    code, stdout, err = run(capsys, *argv)
    assert code == 2 and words in err
    assert_clean(stdout, err)
    assert {p: _digest(p) for p in export.parent.iterdir()} == before
    assert sorted(os.listdir(tmp_path)) == listing  # no temporary file left anywhere
    assert not any(name.endswith(".tmp") for name in os.listdir(export.parent))


def test_a_missing_folder_is_refused_for_write_mapping(tmp_path, export, capsys):
    code, _, err = run(capsys, "survey", str(export), "--write-mapping", str(tmp_path / "nope" / "m.yaml"))
    assert code == 2 and "bestaat niet" in err and not (tmp_path / "nope").exists()


@pytest.mark.parametrize("command", ["write-mapping", "plan", "questionnaire"])
def test_a_full_disk_leaves_no_file_and_says_so_in_dutch(command, tmp_path, export, capsys, monkeypatch):
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "out" / "result.md"
    out.parent.mkdir()
    out.write_text("old content")
    argv = {
        "write-mapping": ["survey", str(export), "--write-mapping", str(out)],
        "plan": [
            "plan",
            "--survey",
            str(export),
            "--platform",
            "zulip",
            "--out",
            str(out),
            "--start",
            "2027-01-04",
        ],
        "questionnaire": ["questionnaire", "export", "--tool", "surveymonkey", "--out", str(out)],
    }[command]
    code, _, err = run(capsys, *argv)
    assert code == 2 and "de schijf is vol" in err and "No space" not in err
    assert out.read_text() == "old content"  # the old file is intact, nothing half-written
    assert os.listdir(out.parent) == ["result.md"]


def test_english_full_disk_message(tmp_path, export, capsys, monkeypatch):
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "x")))
    code, _, err = run(
        capsys, "--lang", "en", "survey", str(export), "--write-mapping", str(tmp_path / "m.yaml")
    )
    assert code == 2 and "the disk is full" in err and not (tmp_path / "m.yaml").exists()


def test_questionnaire_export_refuses_the_organisation_by_hard_link(tmp_path, capsys):
    organisation = tmp_path / "org.yaml"
    shutil.copy(ORG, organisation)
    os.link(organisation, tmp_path / "alias.md")
    before = organisation.read_bytes()
    argv = ["questionnaire", "export", "--tool", "surveymonkey", "--organisation", str(organisation)]
    code, _, err = run(capsys, *argv, "--out", str(tmp_path / "alias.md"))
    assert code == 2 and "wordt niet overschreven" in err and organisation.read_bytes() == before


def test_workshop_export_refuses_the_database_file_and_a_directory(tmp_path, capsys, monkeypatch):
    from advisor import config

    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    if hasattr(config.settings, "cache_clear"):
        config.settings.cache_clear()
    code, out, _ = run(capsys, "workshop", "create", "--title", "Test")
    assert code == 0
    database = tmp_path / config.DATABASE_FILE
    inode = database.stat().st_ino
    code_line = next(line for line in out.splitlines() if ":" in line)
    join = code_line.rsplit(":", 1)[1].strip()
    renamed = tmp_path / "db.csv"
    os.link(database, renamed)
    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "full.xlsx").symlink_to("/dev/full")
    for target, words in (
        (renamed, "wordt niet overschreven"),
        (tmp_path / "folder.csv", "is een map"),
        (tmp_path / "full.xlsx", "geen gewoon bestand"),
    ):
        code, _, err = run(capsys, "workshop", "export", join, "--out", str(target))
        assert code == 2 and words in err, err
    # SQLite itself may bump its change counter; the file must still be the same database
    assert database.stat().st_ino == inode and database.read_bytes().startswith(b"SQLite format 3")
    assert run(capsys, "workshop", "list")[0] == 0
    if hasattr(config.settings, "cache_clear"):
        config.settings.cache_clear()


def test_a_successful_write_is_complete_and_keeps_normal_permissions(tmp_path, export, capsys):
    out = tmp_path / "m.yaml"
    code, _, err = run(capsys, "survey", str(export), "--write-mapping", str(out))
    assert code == 0, err
    assert out.read_text(encoding="utf-8").startswith("#")
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)
    assert sorted(os.listdir(tmp_path)) == ["in", "m.yaml"]


def test_an_input_that_is_a_folder_a_device_or_a_pipe_is_named_as_such(tmp_path, capsys):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path, words in (
        (tmp_path, "is een map"),
        (Path("/dev/null"), "geen gewoon bestand"),
        (fifo, "geen gewoon bestand"),
        (tmp_path / "nope.csv", "niet gevonden"),
    ):
        code, _, err = run(capsys, "survey", str(path))
        assert code == 2 and words in err and str(path) in err
    code, _, err = run(capsys, "survey", str(DEMO), "--mapping", str(fifo))
    assert code == 2 and "geen gewoon bestand" in err
