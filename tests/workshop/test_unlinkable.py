"""A used single-use token cannot be linked to the response it allowed, and no stored order says who
answered before whom: attacks with what the database itself keeps (PostgreSQL's xmin and ctid,
SQLite's rowid, the order rows come back in), on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
import sqlalchemy as sa

from advisor.workshop import submissions as sub
from advisor.workshop.store import SCHEMA_VERSION, Outcome, Store, token_hash

PEOPLE = 10


def _physical_order(store: Store, table: str, columns: str, workshop_id: int) -> list[tuple]:
    """The rows of ``table`` in the order the database keeps them: (xmin, ctid) on PostgreSQL,
    rowid on SQLite; each row as (its columns..., its xmin or None)."""
    if store.is_sqlite:
        sql = f"SELECT {columns}, NULL FROM {table} WHERE workshop_id = :w ORDER BY rowid"
    else:
        sql = (
            f"SELECT {columns}, xmin::text FROM {table} WHERE workshop_id = :w"
            " ORDER BY xmin::text::bigint, ctid"
        )
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(sa.text(sql), {"w": workshop_id})]


def _unordered(store: Store, table: str, column: str, workshop_id: int) -> list:
    """The rows as a plain SELECT without ORDER BY returns them."""
    with store.engine.connect() as conn:
        return list(
            conn.execute(sa.text(f"SELECT {column} FROM {table} WHERE workshop_id = :w"), {"w": workshop_id})
            .scalars()
            .all()
        )


@pytest.fixture
def tokenised(store: Store, workshop):
    """Ten invited people answer with their own link, in an order unlike the order of the links."""
    links = store.add_tokens(workshop.code, PEOPLE)
    order = list(range(PEOPLE))
    random.Random(16).shuffle(order)
    assert order != sorted(order)
    for person in order:
        answers = {"department": "it", "comment": f"persoon {person}"}
        assert store.submit(workshop.code, f"sub-{person}", answers, token=links[person]) is Outcome.STORED
    return {
        "links": links,
        "used_in_order": [token_hash(links[p]) for p in order],
        "answered_in_order": [f"persoon {p}" for p in order],
        "truth": {token_hash(links[p]): f"persoon {p}" for p in range(PEOPLE)},
    }


def test_a_spent_token_and_its_response_share_no_transaction(store: Store, workshop, tokenised):
    tokens = _physical_order(store, "workshop_tokens", "token_hash", workshop.id)
    answers = _physical_order(store, "workshop_responses", "answers", workshop.id)
    if store.is_sqlite:
        pytest.skip("SQLite keeps no transaction id with a row (its rowid is tested below)")
    token_xmins = {row[-1] for row in tokens}
    response_xmins = {row[-1] for row in answers}
    assert not token_xmins & response_xmins  # the join that named every tokenised answer (5/5)
    # and no order within either table: every row of each carries the same transaction id
    assert len(token_xmins) == 1 and len(response_xmins) == 1


def test_used_tokens_do_not_keep_the_order_they_were_used_in(store: Store, workshop, tokenised):
    kept = [row[0] for row in _physical_order(store, "workshop_tokens", "token_hash", workshop.id)]
    assert kept != tokenised["used_in_order"]
    assert _unordered(store, "workshop_tokens", "token_hash", workshop.id) != tokenised["used_in_order"]


def test_responses_do_not_keep_the_order_they_came_in(store: Store, workshop, tokenised):
    comments = [
        json.loads(row[0])["comment"]
        for row in _physical_order(store, "workshop_responses", "answers", workshop.id)
    ]
    assert sorted(comments) == sorted(tokenised["answered_in_order"])
    assert comments != tokenised["answered_in_order"]  # rowid / ctid order is not arrival order
    unordered = [
        json.loads(a)["comment"] for a in _unordered(store, "workshop_responses", "answers", workshop.id)
    ]
    assert unordered != tokenised["answered_in_order"]
    listed = [r.answers["comment"] for r in store.responses(workshop.code)]
    assert listed != tokenised["answered_in_order"]


def test_lining_up_tokens_and_responses_by_stored_order_does_not_name_the_answers(
    store: Store, workshop, tokenised
):
    tokens = [row[0] for row in _physical_order(store, "workshop_tokens", "token_hash", workshop.id)]
    comments = [
        json.loads(row[0])["comment"]
        for row in _physical_order(store, "workshop_responses", "answers", workshop.id)
    ]
    named = sum(tokenised["truth"][t] == c for t, c in zip(tokens, comments, strict=True))
    assert named < PEOPLE  # before: every one of them


def test_nothing_in_a_response_row_points_at_its_token(store: Store, workshop, tokenised):
    with store.engine.connect() as conn:
        response_rows = " ".join(
            str(tuple(r)) for r in conn.execute(sa.text("SELECT * FROM workshop_responses"))
        )
        token_rows = " ".join(str(tuple(r)) for r in conn.execute(sa.text("SELECT * FROM workshop_tokens")))
        day = conn.execute(sa.text("SELECT submitted_on FROM workshop_responses")).scalars().first()
    for link in tokenised["links"]:
        assert link not in response_rows and token_hash(link) not in response_rows
    for person in range(PEOPLE):
        assert f"sub-{person}" not in token_rows
    assert str(day) == dt.datetime.now(dt.UTC).date().isoformat()  # the day, no time of day


def test_a_browser_whose_response_did_not_arrive_can_send_it_again_once(store: Store, workshop):
    (link,) = store.add_tokens(workshop.code, 1)
    # the token is spent (step 2) and then the connection drops before the response is stored
    assert store._submission_step(sub.spend_token(workshop.code, link, "claim-of-this-browser")) is None
    assert store.response_count(workshop.code) == 0
    current = store.get(workshop.code)
    assert store.check_token(current, link, "claim-of-this-browser") is None
    assert store.check_token(current, link, "another-browser") is Outcome.TOKEN_USED
    retry = {"department": "it", "willingness": 4}
    assert (
        store.submit(workshop.code, "s", retry, token=link, claim="claim-of-this-browser") is Outcome.STORED
    )
    assert store.submit(workshop.code, "t", retry, token=link, claim="another-browser") is Outcome.TOKEN_USED
    assert (
        store.submit(workshop.code, "s", retry, token=link, claim="claim-of-this-browser")
        is Outcome.DUPLICATE
    )
    assert store.response_count(workshop.code) == 1
    with store.engine.connect() as conn:
        claim = conn.execute(sa.text("SELECT claim_hash FROM workshop_tokens")).scalar()
    assert claim == token_hash("claim-of-this-browser") and "claim-of-this-browser" not in str(claim)


def test_migration_4_scrubs_the_links_an_older_version_left(database_url: str):
    old = Store(database_url, migrate=False)
    assert old.migrate(target=3) == 3
    with old.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO workshops (code, title, language, segment_options, min_group, status,"
                " results_released, created_on, tokens_required) VALUES ('OLDTOK', 'Oud', 'nl', '{}', 3,"
                " 'open', false, :day, true)"
            ),
            {"day": dt.date(2026, 11, 1)},
        )
        workshop_id = conn.execute(sa.text("SELECT id FROM workshops WHERE code = 'OLDTOK'")).scalar()
        conn.execute(
            sa.text("INSERT INTO workshop_tokens (workshop_id, token_hash, used) VALUES (:w, :h, false)"),
            [{"w": workshop_id, "h": f"{i:064x}"} for i in range(PEOPLE)],
        )
    for i in range(PEOPLE):  # as version 3 wrote them: the spend and the response in one transaction
        with old.engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE workshop_tokens SET used = true WHERE token_hash = :h"), {"h": f"{i:064x}"}
            )
            conn.execute(
                sa.text(
                    "INSERT INTO workshop_responses (response_id, workshop_id, submission_id, submitted_on,"
                    " language, answers) VALUES (:r, :w, :s, :day, 'nl', :a)"
                ),
                {
                    "r": f"r{i:02d}",
                    "w": workshop_id,
                    "s": f"s{i}",
                    "day": dt.date(2026, 11, 1),
                    "a": json.dumps({"comment": f"persoon {i}"}),
                },
            )
    old.close()
    upgraded = Store(database_url)
    assert upgraded.schema_version() == SCHEMA_VERSION
    arrived = [f"persoon {i}" for i in range(PEOPLE)]
    answers = _physical_order(upgraded, "workshop_responses", "answers", workshop_id)
    assert [json.loads(row[0])["comment"] for row in answers] != arrived
    assert sorted(r.answers["comment"] for r in upgraded.responses("OLDTOK")) == sorted(arrived)
    if not upgraded.is_sqlite:
        tokens = _physical_order(upgraded, "workshop_tokens", "token_hash", workshop_id)
        # one transaction id for every token and every response (the migration's own): it was
        # one per person before, shared by their token and their answer
        assert len({row[-1] for row in tokens}) == 1 and len({row[-1] for row in answers}) == 1
    upgraded.close()
