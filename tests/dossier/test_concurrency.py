"""Several people in one dossier: no change is lost without a message (SQLite and PostgreSQL).

Each "session" is its own DossierStore (its own engine and connections), as two app instances or
two browser sessions would be.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from advisor.dossier.model import DossierConflict, message
from advisor.dossier.store import DossierStore

REASON = "Beoordeeld door de privacy officer op basis van de verwerkersovereenkomst."


@pytest.fixture
def sessions(database_url: str, dossier) -> Iterator[list[DossierStore]]:
    opened = [DossierStore.open(database_url) for _ in range(8)]
    yield opened
    for session in opened:
        session.close()


def test_a_stale_change_to_the_same_field_is_refused_naming_who_changed_it_when(sessions, dossier):
    anna, bob = sessions[:2]
    seen_by_anna = anna.get(dossier.id)
    bob.change(dossier.id, "method", "topsis", base_version=bob.get(dossier.id).version, who="bob")

    with pytest.raises(DossierConflict) as conflict:
        anna.change(dossier.id, "method", "wsm", base_version=seen_by_anna.version, who="anna")
    assert (conflict.value.field, conflict.value.who, conflict.value.version) == ("method", "bob", 3)
    assert conflict.value.at == anna.history(dossier.id)[-1].at
    text = message(conflict.value, "en")
    assert "'method' was changed by bob at" in text and "Nothing was saved" in text
    assert "door bob" in message(conflict.value, "nl")
    after = anna.get(dossier.id)
    assert after.settings.method == "topsis" and after.version == 3
    assert [h.who for h in anna.history(dossier.id)][-1] == "bob"


def test_changes_to_different_fields_from_the_same_state_are_all_kept(sessions, dossier):
    anna, bob, carol = sessions[:3]
    base = dossier.version
    anna.change(dossier.id, "method", "topsis", base_version=base, who="anna")
    bob.change(dossier.id, "must_haves", ["eu_residency"], base_version=base, who="bob")
    carol.set_override(dossier.id, "teams", "privacy", 6.5, REASON, base_version=base, who="carol")
    final = anna.get(dossier.id)
    assert final.settings.method == "topsis" and final.settings.must_haves == ("eu_residency",)
    assert final.settings.overrides["teams"]["privacy"].by == "carol"
    assert final.version == base + 3


def _race(sessions: list[DossierStore], act) -> tuple[list[int], list[DossierConflict]]:
    barrier = threading.Barrier(len(sessions))
    won: list[int] = []
    refused: list[DossierConflict] = []
    lock = threading.Lock()

    def run(index: int, session: DossierStore) -> None:
        barrier.wait()
        try:
            act(index, session)
        except DossierConflict as error:
            with lock:
                refused.append(error)
        else:
            with lock:
                won.append(index)

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return won, refused


def test_racing_writers_on_one_field_one_wins_and_every_other_is_told(sessions, dossier):
    base = dossier.version

    def write_note(index: int, session: DossierStore) -> None:
        session.change(
            dossier.id, "decision_note", f"note of session {index}", base_version=base, who=f"s{index}"
        )

    won, refused = _race(sessions, write_note)
    assert len(won) == 1 and len(refused) == len(sessions) - 1
    assert {e.who for e in refused} == {f"s{won[0]}"}
    final = sessions[0].get(dossier.id)
    assert final.settings.decision_note == f"note of session {won[0]}" and final.version == base + 1
    notes = [h for h in sessions[0].history(dossier.id) if h.field == "decision_note"]
    assert len(notes) == 1


def test_racing_writers_on_different_overrides_all_land(sessions, dossier):
    base = dossier.version
    criteria = ["privacy", "security", "costs", "usability", "integration", "mobile", "support", "lock_in"]

    def write_override(index: int, session: DossierStore) -> None:
        session.set_override(
            dossier.id, "teams", criteria[index], index + 0.5, REASON, base_version=base, who=f"s{index}"
        )

    won, refused = _race(sessions, write_override)
    assert refused == [] and sorted(won) == list(range(len(sessions)))
    final = sessions[0].get(dossier.id)
    assert {c: e.score for c, e in final.settings.overrides["teams"].items()} == {
        c: i + 0.5 for i, c in enumerate(criteria)
    }
    history = sessions[0].history(dossier.id)
    assert final.version == base + len(sessions) == len(history)
    assert [h.version for h in history] == list(range(1, final.version + 1))
