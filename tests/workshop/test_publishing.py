"""Published steps (what Live and the participants' result page show): two snapshots around one new
answer reveal nothing, a group shown in two steps never grows by fewer than k, every step passes
the anonymity engine's plan, all steps together pass its audit, and two instances publish one step."""

from __future__ import annotations

import random
import threading
from collections import Counter

import numpy as np
import pytest

from advisor.analysis import anonymity
from advisor.workshop import answers as wa
from advisor.workshop import publishing as pub
from advisor.workshop import submissions as sub
from advisor.workshop.store import Store

K = 5


@pytest.fixture
def room(store: Store):
    departments = wa.parse_options("department", "IT\nHR\nVerkoop | Sales\nRedactie | Newsroom")
    return store.create_workshop("Kick-off", "nl", {"department": departments}, K)


def response(q, department: str | None, rng: random.Random, ages: bool = True) -> dict:
    ages_asked = ["25-34", "35-44", "45-54", None] if ages else [None]
    answers = {"department": department, "age_band": rng.choice(ages_asked)}
    answers |= {c: rng.randint(1, 5) for c in q.importance_ids}
    answers |= {f"use.{c}": rng.choice(["daily", "weekly", "never"]) for c in ("email", "whatsapp")}
    answers["convincers"] = rng.sample(list(q["convincers"].values), 2)
    return wa.clean(answers, q)


def fill(store: Store, workshop, departments: list[str], rng: random.Random, prefix: str) -> None:
    q = wa.questionnaire_for(workshop)
    for i, department in enumerate(departments):
        store.submit(workshop.code, f"{prefix}{i}", response(q, department, rng))


def test_two_snapshots_around_one_new_answer_are_the_same(store, room):
    rng = random.Random(1)
    fill(store, room, ["it"] * 6 + ["hr"] * 6, rng, "a")
    first = pub.current(store, room, advance=True)
    assert first.snapshot is not None and first.snapshot.responses == 12
    fill(store, room, ["it"], rng, "late")
    second = pub.current(store, room, advance=True)
    pub.wait_for_steps()
    again = pub.current(store, room, advance=True)
    for shown in (second, again):
        assert shown.snapshot == first.snapshot and shown.live_count == 13 and shown.waiting == 1
    # whatever is drawn from a snapshot is the same for both refreshes, for every breakdown
    for segment in ("department", "age_band"):
        a = pub.summary_of(first.snapshot, room, segment, "nl")
        b = pub.summary_of(again.snapshot, room, segment, "nl")
        assert a.to_dict() == b.to_dict()


def test_a_group_shown_in_two_steps_waits_until_it_has_grown_by_k(room):
    rng = random.Random(2)
    q = wa.questionnaire_for(room)

    def answers(*departments: str) -> list[str]:
        return [sub.payload_of(response(q, d, rng, ages=False)) for d in departments]

    first = answers(*["it"] * 6, *["hr"] * 6)
    # five new answers, one of them in IT: IT's figures in both steps would give that one person
    one_in_it = answers("it", *["verkoop"] * 4)
    assert pub.isolating_figure([first, first + one_in_it], wa.organisation_yaml(room), K) is not None
    assert pub.next_step([first], first + one_in_it, room) is None  # four others: fewer than k
    more_sales = answers(*["verkoop"] * 3)
    step = pub.next_step([first], first + one_in_it + more_sales, room)
    assert step is not None  # the seven in Sales go ahead, the one in IT waits
    assert Counter(step) == Counter(first + one_in_it[1:] + more_sales)
    later = answers(*["it"] * 4)
    final = pub.next_step([first, step], first + one_in_it + more_sales + later, room)
    assert final is not None and Counter(final) == Counter(first + one_in_it + more_sales + later)


def test_a_changed_answer_alone_never_makes_a_step(room):
    rng = random.Random(3)
    q = wa.questionnaire_for(room)
    first = [sub.payload_of(response(q, d, rng)) for d in ["it"] * 6 + ["hr"] * 6]
    changed = [*first[1:], sub.payload_of(response(q, "it", rng))]
    assert pub.next_step([first], changed, room) is None


def _groups_grew_by_zero_or_k(steps: list[list[str]], room) -> None:
    """An oracle of its own: for every pair of steps and every group shown in both (for who is
    counted and for the weights), the answers added in between are 0 or at least k."""
    q = wa.questionnaire_for(room)
    organisation = wa.organisation_yaml(room)
    for j, later in enumerate(steps):
        for earlier in steps[:j]:
            added = list((Counter(later) - Counter(earlier)).elements())
            assert len(added) >= K
            frame = wa.answer_frame(pub.responses_of(added), q)
            plans = [
                pub.summary(tuple(sorted(s)), organisation, K, "department", "nl") for s in (earlier, later)
            ]
            for figure in (anonymity.RESPONDENTS, anonymity.WEIGHTS):
                for breakdown in ("department", "age_band"):
                    values = anonymity.segment_values(frame, breakdown)
                    for group, n in values.value_counts().items():
                        if all(p.publication.shows(figure, breakdown, group) for p in plans):
                            assert n >= K, (figure, breakdown, group, n)


def test_a_room_answering_in_random_order_publishes_only_steps_that_isolate_nobody(room):
    rng = random.Random(2026)
    q = wa.questionnaire_for(room)
    arrivals = [
        sub.payload_of(response(q, rng.choice(["it", "hr", "verkoop", "redactie", None]), rng))
        for _ in range(90)
    ]
    steps: list[list[str]] = []
    for n in range(1, len(arrivals) + 1):
        step = pub.next_step(steps, arrivals[:n], room)
        if step is not None:
            steps.append(step)
    assert len(steps) >= 3, "the figures must move on in a room of 90"
    organisation = wa.organisation_yaml(room)
    for i in range(1, len(steps) + 1):
        assert pub.audit(steps[:i], organisation, K).safe  # the engine's exhaustive audit
        plan = pub.summary(tuple(sorted(steps[i - 1])), organisation, K, "department", "nl").publication
        assert plan.shows_organisation(anonymity.RESPONDENTS)
    _groups_grew_by_zero_or_k(steps, room)


def test_the_audit_finds_one_new_person_in_a_group_shown_twice(room):
    rng = random.Random(4)
    q = wa.questionnaire_for(room)
    organisation = wa.organisation_yaml(room)
    first = [sub.payload_of(response(q, d, rng)) for d in ["it"] * 6 + ["hr"] * 6]
    one = [sub.payload_of(response(q, "it", rng))]
    checked = pub.audit([first, first + one], organisation, K)
    assert not checked.safe
    lone = np.flatnonzero(checked.member[:, 1] & ~checked.member[:, 0])
    assert all(isolated[lone].all() for isolated in checked.isolated.values())


def test_two_instances_publish_one_step(database_url, room):
    first, second = Store(database_url), Store(database_url)
    rng = random.Random(5)
    fill(first, room, ["it"] * 6 + ["hr"] * 6, rng, "a")
    results: list[int] = []
    barrier = threading.Barrier(2)

    def publish(store: Store) -> None:
        barrier.wait()
        results.append(pub._step(store, room, 0))

    threads = [threading.Thread(target=publish, args=(s,)) for s in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [1, 1] and first.latest_snapshot_seq(room.code) == (1, 12)
    first.close()
    second.close()


def test_deleting_a_workshop_erases_its_published_steps(store, room):
    fill(store, room, ["it"] * 6, random.Random(6), "a")
    assert pub.current(store, room, advance=True).snapshot is not None
    store.delete(room.code)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM workshop_snapshots").scalar() == 0
