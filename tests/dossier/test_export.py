"""Export -> import into an empty database gives the identical dossier: content, history, answer
frames and (exported again) the same bytes; altered or foreign files are refused, saying why."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from advisor.dossier import frames
from advisor.dossier.export import export_dossier, import_dossier, read_archive
from advisor.dossier.model import ArchiveInvalid, DossierExists, message
from advisor.dossier.store import DossierStore
from tests.dossier.conftest import ORGANISATION, demo_upload

# Texts that a careless YAML round trip changes: trailing spaces and blank lines, tabs, "no",
# numbers as text, a leading '#', quotes, a Windows line end.
NOTE = "Waarom Nextcloud Talk:  \n\n\t- privacy weegt zwaarder\n- no\n'1.0' # \"quote\"\r\nEinde\n\n"
REASON = "Verwerkersovereenkomst getekend: 'ja'.\nZie bijlage 3 (versie 1.0)   "


def _rich_dossier(store: DossierStore):
    created = store.create(
        "Platformkeuze 2027",
        who="anna@example.nl",
        settings={"organisation": Path(ORGANISATION).read_text(encoding="utf-8"), "mapping": "columns: {}\n"},
        uploads=[demo_upload()],
    )
    store.add_dataset(created.id, demo_upload("demo-googleforms.csv"), who="bob")
    version = store.get(created.id).version
    for field, value in (
        ("method", "topsis"),
        ("must_haves", ["eu_residency"]),
        ("weights", {"source": "survey:organisation", "changes": {"privacy": 35, "costs": 5}}),
        ("shortlist", ["nextcloud_talk", "teams", "zulip"]),
        ("choice", {"platform": "nextcloud_talk", "plan": None}),
        ("decision_note", NOTE),
        ("min_group", 6),
    ):
        version = store.change(created.id, field, value, base_version=version, who="bob").version
    version = store.set_override(
        created.id, "teams", "privacy", 8.0, REASON, base_version=version, who="carol"
    ).version
    store.record_plan(
        created.id, {"platform": "nextcloud_talk", "format": "docx", "lang": "en"}, b"PK..", who="bob"
    )
    return store.get(created.id)


def test_export_then_import_into_an_empty_database_gives_the_identical_dossier(tmp_path, database_url: str):
    source = DossierStore.open(f"sqlite:///{tmp_path / 'source.sqlite'}")
    original = _rich_dossier(source)
    archive = export_dossier(source, original.id)

    target = DossierStore.open(database_url)  # empty: a fresh SQLite file, or an emptied PostgreSQL
    imported = import_dossier(target, archive, "dossier.zip", "en")
    assert imported.content() == original.content()
    assert imported.settings.decision_note == NOTE
    assert imported.settings.overrides["teams"]["privacy"].justification == REASON.strip()
    assert target.history(imported.id) == source.history(original.id)
    for (_, mine), (_, theirs) in zip(
        source.answer_frames(original.id), target.answer_frames(imported.id), strict=True
    ):
        pd.testing.assert_frame_equal(mine, theirs)
    assert export_dossier(target, imported.id) == archive  # byte for byte
    # and it goes on where it left off: the next change is the next version
    changed = target.change(imported.id, "method", "wsm", base_version=imported.version, who="dave")
    assert changed.version == original.version + 1
    source.close()
    target.close()


def test_the_archive_is_readable_yaml_with_the_answer_data_beside_it(store: DossierStore):
    original = _rich_dossier(store)
    with zipfile.ZipFile(io.BytesIO(export_dossier(store, original.id))) as archive:
        names = archive.namelist()
        dossier = yaml.safe_load(archive.read("dossier.yaml"))
        history = yaml.safe_load(archive.read("history.yaml"))
    assert names[0] == "manifest.yaml"
    assert {"dossier.yaml", "datasets.yaml", "plans.yaml", "history.yaml"} <= set(names)
    assert sum(n.endswith(".parquet") for n in names) == 2
    assert dossier["settings"]["decision_note"] == NOTE and dossier["settings"]["method"] == "topsis"
    assert history[-2]["field"] == "overrides.teams.privacy" and history[-2]["who"] == "carol"


def test_a_linked_workshop_travels_as_a_snapshot_of_its_responses(store: DossierStore, dossier, tmp_path):
    workshop = store.db.create_workshop("Kick-off", "nl")
    for i in range(3):
        store.db.submit(workshop.code, f"s{i}", {"importance.privacy": 4})
    store.link_workshop(dossier.id, workshop.code, who="bob")
    archive = export_dossier(store, dossier.id)
    elsewhere = DossierStore.open(f"sqlite:///{tmp_path / 'elsewhere.sqlite'}")
    imported = import_dossier(elsewhere, archive, "dossier.zip", "nl")
    snapshot = imported.datasets[-1]
    assert (snapshot.kind, snapshot.workshop_code, snapshot.respondents, snapshot.live) == (
        "workshop",
        workshop.code,
        3,
        False,
    )
    assert len(elsewhere.answer_frames(imported.id)[-1][1]) == 3
    assert export_dossier(elsewhere, imported.id) == archive
    elsewhere.close()


def test_importing_an_id_that_exists_is_refused_unless_a_new_id_is_asked(store: DossierStore, dossier):
    archive = export_dossier(store, dossier.id)
    with pytest.raises(DossierExists) as exists:
        import_dossier(store, archive, "dossier.zip", "en")
    assert "--new-id" in message(exists.value, "en")
    copy = import_dossier(store, archive, "dossier.zip", "en", new_id=True)
    assert copy.id != dossier.id and copy.content()["settings"] == dossier.content()["settings"]
    assert store.history(copy.id) == store.history(dossier.id)
    store.erase(dossier.id)
    with pytest.raises(DossierExists) as erased:
        import_dossier(store, archive, "dossier.zip", "en")
    assert "was erased here" in message(erased.value, "en")


def _rewrite(archive: bytes, change) -> bytes:
    """The archive with ``change(entries)`` applied (entries: name -> bytes)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        entries = {n: source.read(n) for n in source.namelist()}
    change(entries)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in entries.items():
            target.writestr(name, data)
    return out.getvalue()


def _rehash(entries: dict[str, bytes]) -> None:
    manifest = yaml.safe_load(entries["manifest.yaml"])
    manifest["files"] = {n: frames.sha256(d) for n, d in entries.items() if n != "manifest.yaml"}
    entries["manifest.yaml"] = yaml.safe_dump(manifest).encode()


def _edit_yaml(name: str, edit, rehash: bool = True):
    def change(entries: dict[str, bytes]) -> None:
        data = yaml.safe_load(entries[name])
        edit(data)
        entries[name] = yaml.safe_dump(data, allow_unicode=True).encode()
        if rehash:
            _rehash(entries)

    return change


def _drop(name: str):
    def change(entries: dict[str, bytes]) -> None:
        del entries[name]

    return change


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (None, "it is not a zip file"),
        (_drop("manifest.yaml"), "holds no manifest.yaml"),
        (
            _edit_yaml("history.yaml", lambda h: h[-1].update(who="mallory"), rehash=False),
            "history.yaml differs",
        ),
        (
            _edit_yaml("manifest.yaml", lambda m: m.update(format_version=2), rehash=False),
            "newer Platform Advisor",
        ),
        (_edit_yaml("dossier.yaml", lambda d: d["settings"].update(method="ahp")), "dossier.yaml:"),
        (_edit_yaml("history.yaml", lambda h: h.pop()), "versions 1 to"),
        (_edit_yaml("datasets.yaml", lambda d: d[0].update(respondents=-1)), "respondents"),
    ],
)
def test_an_altered_or_foreign_file_is_refused_saying_what_is_wrong(
    store: DossierStore, dossier, change, says
):
    archive = export_dossier(store, dossier.id)
    bad = b"PK\x03\x04 not really a zip" if change is None else _rewrite(archive, change)
    with pytest.raises(ArchiveInvalid) as refused:
        read_archive(bad, "dossier.zip", "en")
    text = message(refused.value, "en")
    assert text.startswith("dossier.zip cannot be imported as a dossier:") and says in text, text
    assert message(refused.value, "nl").startswith("dossier.zip kan niet als dossier worden geïmporteerd")


def test_answer_data_that_is_not_an_answer_frame_is_refused(store: DossierStore, dossier):
    archive = export_dossier(store, dossier.id)
    (dataset,) = dossier.datasets
    name = f"datasets/{dataset.id}.parquet"

    def swap(entries: dict[str, bytes]) -> None:
        entries[name] = b"not parquet"
        datasets = yaml.safe_load(entries["datasets.yaml"])
        datasets[0]["sha256"] = frames.sha256(b"not parquet")
        entries["datasets.yaml"] = yaml.safe_dump(datasets).encode()
        _rehash(entries)

    with pytest.raises(ArchiveInvalid) as refused:
        read_archive(_rewrite(archive, swap), "dossier.zip", "en")
    assert f"{name} is not readable answer data" in message(refused.value, "en")


def test_an_export_taken_while_someone_edits_is_one_consistent_state(
    store: DossierStore, dossier, database_url
):
    editor = DossierStore.open(database_url)
    stop = threading.Event()

    def edit() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            base = editor.get(dossier.id).version
            editor.change(dossier.id, "decision_note", f"versie {i}", base_version=base, who="bob")

    thread = threading.Thread(target=edit)
    thread.start()
    try:
        versions = set()
        for _ in range(15):
            state = read_archive(export_dossier(store, dossier.id), "dossier.zip", "en")  # refuses a torn one
            notes = [h.new for h in state.history if h.field == "decision_note"]
            assert (notes[-1] if notes else "") == state.dossier.settings.decision_note
            versions.add(state.dossier.version)
    finally:
        stop.set()
        thread.join()
        editor.close()
    assert len(versions) > 1  # the edits really ran in between
