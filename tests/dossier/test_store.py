"""The dossier store: schema, what a dossier keeps, every change one history row in one transaction,
validation at the boundary, the threshold lock, linked workshops and generated plans."""

from __future__ import annotations

import datetime as dt
import hashlib
from types import SimpleNamespace

import pandas as pd
import pytest
import sqlalchemy as sa

from advisor.analysis import anonymity
from advisor.dossier import model
from advisor.dossier import store as store_module
from advisor.dossier.model import (
    LOCAL_USER,
    AcknowledgeNeeded,
    AmbiguousDossier,
    InvalidValue,
    ThresholdLocked,
    UnknownDossier,
)
from advisor.dossier.store import DossierStore, NewDataset
from advisor.workshop.store import SCHEMA_VERSION, Store
from tests.dossier.conftest import demo_import, demo_upload

NOTE = "We kiezen Nextcloud Talk: de privacy weegt zwaarder dan het verschil in gemak."
REASON = "Verwerkersovereenkomst met EU-modelclausules getekend op 1 december."


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_migration_3_adds_the_dossier_tables_beside_existing_workshops(database_url: str):
    old = Store(database_url, migrate=False)
    assert old.migrate(target=2) == 2
    with old.engine.begin() as conn:  # the rows a version-2 program wrote (today's columns are newer)
        conn.execute(
            sa.text(
                "INSERT INTO workshops (code, title, language, segment_options, min_group, status,"
                " results_released, created_on, tokens_required) VALUES ('KICK23', 'Kick-off', 'nl',"
                " '{}', 5, 'open', false, :day, false)"
            ),
            {"day": dt.date(2026, 11, 2)},
        )
        conn.execute(
            sa.text(
                "INSERT INTO workshop_responses (response_id, workshop_id, submission_id, submitted_on,"
                " language, answers) SELECT 'r1', id, 's1', :day, 'nl', '{\"comment\": \"Prima\"}'"
                " FROM workshops WHERE code = 'KICK23'"
            ),
            {"day": dt.date(2026, 11, 2)},
        )
    old.close()
    workshop = SimpleNamespace(code="KICK23")

    upgraded = DossierStore.open(database_url)
    assert SCHEMA_VERSION >= 3 and upgraded.db.schema_version() == SCHEMA_VERSION
    names = set(sa.inspect(upgraded.db.engine).get_table_names())
    assert {"dossiers", "dossier_datasets", "dossier_history", "dossier_plans"} <= names
    assert upgraded.db.response_count(workshop.code) == 1
    created = upgraded.create("Na de upgrade", who="anna")
    assert upgraded.get(created.id).name == "Na de upgrade"
    upgraded.close()


def test_the_dossier_threshold_bounds_are_the_anonymity_modules():
    assert model.DEFAULT_MIN_GROUP == anonymity.DEFAULT_MIN_GROUP
    assert model.MIN_GROUP_FLOOR == anonymity.MIN_GROUP_FLOOR
    assert model.ACKNOWLEDGE_BELOW == anonymity.ACKNOWLEDGE_BELOW


def test_a_new_dossier_keeps_its_settings_and_the_exact_answer_frame(store: DossierStore, dossier):
    imported = demo_import()
    got = store.get(dossier.id)
    assert got.name == "Platformkeuze 2027" and got.created_by == "anna@example.nl"
    assert "Delta Media Groep" in got.settings.organisation
    assert got.settings.segment_by == "department" and got.settings.min_group == 5
    (dataset,) = got.datasets
    assert (dataset.name, dataset.kind, dataset.respondents) == ("demo-native.csv", "upload", 400)
    assert dataset.report == imported.report.to_dict()
    ((_info, frame),) = store.answer_frames(dossier.id)
    pd.testing.assert_frame_equal(frame, imported.answers)
    assert [h.field for h in store.history(dossier.id)] == ["created", f"datasets.{dataset.id}"]
    assert got.version == 2


def test_every_change_is_one_history_row_with_when_who_old_and_new(store: DossierStore, dossier):
    steps = [
        ("method", "topsis", "wsm", "topsis"),
        ("must_haves", ["eu_residency", "scim"], [], ["eu_residency", "scim"]),
        ("weights", {"source": "survey:redactie", "changes": {"privacy": 30}}, None, None),
        ("shortlist", ("nextcloud_talk", "teams"), [], ["nextcloud_talk", "teams"]),
        (
            "choice",
            {"platform": "nextcloud_talk", "plan": None},
            None,
            {"platform": "nextcloud_talk", "plan": None},
        ),
        ("decision_note", NOTE, "", NOTE),
        ("name", "Platformkeuze 2027 (definitief)", "Platformkeuze 2027", "Platformkeuze 2027 (definitief)"),
    ]
    current = dossier
    for field, value, _, _ in steps:
        current = store.change(current.id, field, value, base_version=current.version, who="bob")
    rows = store.history(dossier.id)[2:]
    assert [r.field for r in rows] == [s[0] for s in steps]
    assert [r.version for r in rows] == list(range(3, 3 + len(steps)))
    assert current.version == len(store.history(dossier.id)) == 2 + len(steps)
    for row, (_, _, old, new) in zip(rows, steps, strict=True):
        assert row.who == "bob"
        assert abs((_utc_now() - row.at).total_seconds()) < 120  # UTC, to the second
        if new is not None:
            assert (row.old, row.new) == (old, new)
    weights = rows[2]
    assert weights.old == {"source": "survey:organisation", "changes": {}}
    assert weights.new == {"source": "survey:redactie", "changes": {"privacy": 30}}
    assert current.settings.decision_note == NOTE and current.name.endswith("(definitief)")


def test_a_change_and_its_history_row_are_written_together_or_not_at_all(
    store: DossierStore, dossier, monkeypatch
):
    real_record = store_module.record

    def record_then_fail(*args, **kwargs):
        real_record(*args, **kwargs)
        raise RuntimeError("power cut after the history row")

    monkeypatch.setattr(store_module, "record", record_then_fail)
    with pytest.raises(RuntimeError):
        store.change(dossier.id, "method", "topsis", base_version=dossier.version, who="bob")
    monkeypatch.undo()
    after = store.get(dossier.id)
    assert after.settings.method == "wsm" and after.version == dossier.version
    assert len(store.history(dossier.id)) == dossier.version


def test_setting_the_value_a_field_has_is_no_change(store: DossierStore, dossier):
    same = store.change(dossier.id, "method", "wsm", base_version=dossier.version, who="bob")
    assert same.version == dossier.version and len(store.history(dossier.id)) == 2


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("method", "ahp", "method"),
        ("min_group", 2, "min_group"),
        ("must_haves", ["scim", "scim"], "must_haves"),
        ("must_haves", ["Not An Id"], "must_haves"),
        ("weights", {"source": "survey:organisation", "changes": {"privacy": 130}}, "weights"),
        ("choice", {"platform": "teams", "colour": "blue"}, "choice"),
        ("overrides", {}, "overrides"),  # overrides change one at a time (set_override)
        ("colour", "blue", "colour"),
        ("name", "   ", "name"),
    ],
)
def test_a_value_a_field_does_not_take_is_refused_naming_the_field(
    store: DossierStore, dossier, field, value, named
):
    with pytest.raises(InvalidValue) as refused:
        store.change(dossier.id, field, value, base_version=dossier.version, who="bob")
    assert refused.value.values["field"] == named
    assert store.get(dossier.id).version == dossier.version


def test_the_threshold_never_goes_down_once_survey_data_is_in(store: DossierStore, dossier):
    raised = store.change(dossier.id, "min_group", 8, base_version=dossier.version, who="bob")
    with pytest.raises(ThresholdLocked) as locked:
        store.change(dossier.id, "min_group", 6, base_version=raised.version, who="bob")
    assert locked.value.values == {"value": 6, "locked": 8}
    empty = store.create("Zonder gegevens", who="bob")
    with pytest.raises(AcknowledgeNeeded):
        store.change(empty.id, "min_group", 3, base_version=empty.version, who="bob")
    acknowledged = store.change(empty.id, "acknowledge_small_groups", True, base_version=1, who="bob")
    assert (
        store.change(
            empty.id, "min_group", 3, base_version=acknowledged.version, who="bob"
        ).settings.min_group
        == 3
    )


def test_an_override_keeps_score_justification_who_and_when(store: DossierStore, dossier):
    with pytest.raises(InvalidValue):
        store.set_override(dossier.id, "teams", "privacy", 8.0, "te kort", base_version=2, who="bob")
    changed = store.set_override(dossier.id, "teams", "privacy", 8.0, REASON, base_version=2, who="bob")
    entry = changed.settings.overrides["teams"]["privacy"]
    assert (entry.score, entry.justification, entry.by) == (8.0, REASON, "bob")
    assert abs((_utc_now() - entry.at).total_seconds()) < 120
    last = store.history(dossier.id)[-1]
    assert (
        last.field == "overrides.teams.privacy" and last.old is None and last.new["justification"] == REASON
    )
    removed = store.remove_override(dossier.id, "teams", "privacy", base_version=changed.version, who="carol")
    assert removed.settings.overrides == {}
    assert store.history(dossier.id)[-1].new is None and store.history(dossier.id)[-1].who == "carol"


def test_no_login_is_recorded_as_local_user(store: DossierStore):
    created = store.create("Lokaal", who=None)
    assert created.created_by == LOCAL_USER == store.history(created.id)[0].who


def test_answer_data_with_identity_columns_is_refused(store: DossierStore, dossier):
    imported = demo_import()
    with_email = imported.answers.assign(Email="anna@example.nl")
    with pytest.raises(InvalidValue):
        store.add_dataset(dossier.id, NewDataset(with_email, imported.report.to_dict()), who="bob")
    kept = {**imported.report.to_dict(), "kept_identity": True}
    with pytest.raises(InvalidValue):
        store.add_dataset(dossier.id, NewDataset(imported.answers, kept), who="bob")
    assert len(store.get(dossier.id).datasets) == 1


def test_several_exports_combine_into_one_frame_with_distinct_ids_and_kept_dtypes(
    store: DossierStore, dossier
):
    google = demo_import("demo-googleforms.csv")
    store.add_dataset(dossier.id, demo_upload("demo-googleforms.csv"), who="bob")
    fewer = google.answers.iloc[:50, :10]  # a short form that asked fewer questions
    three = store.add_dataset(dossier.id, NewDataset(fewer, google.report.to_dict(), "kort.csv"), who="bob")
    assert [d.position for d in three.datasets] == [1, 2, 3]
    combined = store.answers(dossier.id)
    assert len(combined) == 400 + 400 + 50 and combined.index.is_unique
    assert list(combined.columns) == list(google.answers.columns)
    for column, dtype in google.answers.dtypes.items():
        assert combined[column].dtype == dtype, column
    last_column = google.answers.columns[-1]
    assert combined[last_column].iloc[-50:].isna().all()  # not asked, not invented
    removed = store.remove_dataset(dossier.id, three.datasets[1].id, who="bob")
    assert len(removed.datasets) == 2
    last = store.history(dossier.id)[-1]
    assert last.new is None and last.old["name"] == "demo-googleforms.csv" and "answers" not in last.old


def test_a_linked_workshop_is_read_live(store: DossierStore, dossier):
    workshop = store.db.create_workshop("Dag van de communicatie", "nl")
    store.db.submit(workshop.code, "s1", {"importance.privacy": 5})
    linked = store.link_workshop(dossier.id, workshop.code, who="bob")
    assert linked.datasets[-1].live and linked.datasets[-1].respondents == 1
    store.db.submit(workshop.code, "s2", {"importance.privacy": 3})
    assert store.get(dossier.id).datasets[-1].respondents == 2
    assert len(store.answer_frames(dossier.id)[-1][1]) == 2


def test_a_generated_plan_is_recorded_with_settings_time_and_content_hash(store: DossierStore, dossier):
    content = b"# Invoeringsplan Nextcloud Talk\n"
    plan = store.record_plan(
        dossier.id, {"platform": "nextcloud_talk", "format": "md", "start": "2027-01-04"}, content, who="bob"
    )
    assert plan.content_sha256 == hashlib.sha256(content).hexdigest()
    (stored,) = store.get(dossier.id).plans
    assert stored == plan and stored.settings["start"] == "2027-01-04"
    assert store.history(dossier.id)[-1].field == f"plans.{plan.id}"


def test_a_dossier_is_found_by_id_as_typed_or_by_its_exact_name(store: DossierStore, dossier):
    typed = f" {dossier.id[:4].lower()}-{dossier.id[4:]} "
    assert store.resolve(typed) == dossier.id
    assert store.resolve("Platformkeuze 2027") == dossier.id
    store.create("Platformkeuze 2027", who="bob")
    with pytest.raises(AmbiguousDossier):
        store.resolve("Platformkeuze 2027")
    with pytest.raises(UnknownDossier):
        store.resolve("Bestaat niet")
