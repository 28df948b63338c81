"""The workshop tables as they are now, and the migration steps that built them (frozen copies).

``workshops``          id, code (unique join code), title, language, segment_options (JSON:
                       question id -> [{value, nl, en}]), min_group, status ('open'/'closed'),
                       results_released, tokens_required (v2), created_on (a date),
                       one_per_device (v4: a device answers once and may change its answer)
``workshop_responses`` response_id (random, primary key), workshop_id, submission_id (random or
                       derived from a random key held by the participant's browser; unique per
                       workshop, so a retried submit is stored once), submitted_on (a DATE: no time
                       of day), language, answers (JSON: question id -> canonical value)
``workshop_tokens``    (v2) workshop_id, token_hash (sha256 of a single-use token), used,
                       claim_hash (v4: sha256 of a key the browser that spent the token holds, so
                       that browser may send its answer again; unrelated to anything in a response)
``login_throttle``     (v4) key (sha256 of 'account:', 'client:' or 'device:' and a value), failures,
                       next_at, window_start, window_checks, trusted_until, updated_at (seconds since
                       the epoch): the facilitator login throttle, shared by every app instance
``dossier*``           (v3) the decision dossiers: see :mod:`advisor.dossier.schema`
``workshop_snapshots`` (v5) workshop_id, seq, responses, answers (JSON list, shuffled): what the
                       Live page and the participants' result page have published, one row per
                       step (see :mod:`advisor.workshop.publishing`); ``workshops.results_revealed``
                       (v5) says whether the projector shows the result
``advisor_settings``   (v5) name, value: the installation's random salt (the throttle's keys) and
                       the facilitator password hash set in the browser on first run

Nothing orders the responses: on every write the workshop's responses are rewritten in a random
order in one transaction (see :mod:`advisor.workshop.submissions`), so neither SQLite's rowid nor
PostgreSQL's ``xmin``/``ctid`` tells who answered before whom.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.engine import Connection

metadata = sa.MetaData()
schema_table = sa.Table("advisor_schema", metadata, sa.Column("version", sa.Integer, nullable=False))
workshops = sa.Table(
    "workshops",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(16), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("segment_options", sa.Text, nullable=False),
    sa.Column("min_group", sa.Integer, nullable=False),
    sa.Column("status", sa.String(8), nullable=False),
    sa.Column("results_released", sa.Boolean, nullable=False),
    sa.Column("created_on", sa.Date, nullable=False),
    sa.Column("tokens_required", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("one_per_device", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("results_revealed", sa.Boolean, nullable=False, server_default=sa.false()),
)
responses = sa.Table(
    "workshop_responses",
    metadata,
    sa.Column("response_id", sa.String(32), primary_key=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("submission_id", sa.String(64), nullable=False),
    sa.Column("submitted_on", sa.Date, nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("answers", sa.Text, nullable=False),
    sa.UniqueConstraint("workshop_id", "submission_id", name="uq_response_submission"),
)
tokens = sa.Table(
    "workshop_tokens",
    metadata,
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column("used", sa.Boolean, nullable=False),
    sa.Column("claim_hash", sa.String(64), nullable=True),
    sa.PrimaryKeyConstraint("workshop_id", "token_hash", name="pk_workshop_tokens"),
)
login_throttle = sa.Table(
    "login_throttle",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("next_at", sa.Float, nullable=False),
    sa.Column("window_start", sa.Float, nullable=False),
    sa.Column("window_checks", sa.Integer, nullable=False),
    sa.Column("trusted_until", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
)

snapshots = sa.Table(
    "workshop_snapshots",
    metadata,
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("responses", sa.Integer, nullable=False),
    sa.Column("answers", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("workshop_id", "seq", name="pk_workshop_snapshots"),
)
installation = sa.Table(
    "advisor_settings",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
SALT = "installation_salt"
PASSWORD_HASH = "facilitator_password_hash"

# What counts as a response on every page (Workshop, Live, the dashboard opened from a workshop, a
# dossier's live link): one with at least one answer. Empty ones are refused since v4; older
# databases may still hold some, and the importer skips such a row as empty too.
COUNTED = responses.c.answers != "{}"


# ---------------------------------------------------------------- migrations (frozen)
def v1_workshops_and_responses(conn: Connection) -> None:
    v1 = sa.MetaData()
    sa.Table(
        "workshops",
        v1,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("segment_options", sa.Text, nullable=False),
        sa.Column("min_group", sa.Integer, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("results_released", sa.Boolean, nullable=False),
        sa.Column("created_on", sa.Date, nullable=False),
    )
    sa.Table(
        "workshop_responses",
        v1,
        sa.Column("response_id", sa.String(32), primary_key=True),
        sa.Column(
            "workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("submission_id", sa.String(64), nullable=False),
        sa.Column("submitted_on", sa.Date, nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.UniqueConstraint("workshop_id", "submission_id", name="uq_response_submission"),
        sa.Index("ix_workshop_responses_workshop", "workshop_id"),
    )
    v1.create_all(conn)


def v2_single_use_tokens(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE workshops ADD COLUMN tokens_required BOOLEAN NOT NULL DEFAULT false")
    v2 = sa.MetaData()
    sa.Table("workshops", v2, sa.Column("id", sa.Integer, primary_key=True))  # for the foreign key
    sa.Table(
        "workshop_tokens",
        v2,
        sa.Column(
            "workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("used", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("workshop_id", "token_hash", name="pk_workshop_tokens"),
    ).create(conn)


def v4_unlinkable_and_throttled(conn: Connection) -> None:
    """One response per device, token claims, the shared login throttle; and no order left behind.

    Databases written before v4 spent the token and stored the response in one transaction
    (PostgreSQL's ``xmin`` joins them) and kept responses in submission order (SQLite's rowid).
    Rewriting every workshop's responses in a random order and every workshop's tokens at once
    leaves one ``xmin`` per table and workshop, and rowids that follow no order.
    """
    conn.exec_driver_sql("ALTER TABLE workshops ADD COLUMN one_per_device BOOLEAN NOT NULL DEFAULT true")
    conn.exec_driver_sql("ALTER TABLE workshop_tokens ADD COLUMN claim_hash VARCHAR(64)")
    v4 = sa.MetaData()
    sa.Table(
        "login_throttle",
        v4,
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("next_at", sa.Float, nullable=False),
        sa.Column("window_start", sa.Float, nullable=False),
        sa.Column("window_checks", sa.Integer, nullable=False),
        sa.Column("trusted_until", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    ).create(conn)
    columns = "response_id, workshop_id, submission_id, submitted_on, language, answers"
    for (workshop_id,) in conn.exec_driver_sql("SELECT id FROM workshops").all():
        rows = conn.execute(
            sa.text(f"SELECT {columns} FROM workshop_responses WHERE workshop_id = :w"), {"w": workshop_id}
        ).all()
        if rows:
            conn.execute(sa.text("DELETE FROM workshop_responses WHERE workshop_id = :w"), {"w": workshop_id})
            shuffled = list(rows)
            secrets.SystemRandom().shuffle(shuffled)
            conn.execute(
                sa.text(
                    f"INSERT INTO workshop_responses ({columns}) VALUES (:response_id, :workshop_id,"
                    " :submission_id, :submitted_on, :language, :answers)"
                ),
                [dict(row._mapping) for row in shuffled],
            )
        conn.execute(
            sa.text("UPDATE workshop_tokens SET used = used WHERE workshop_id = :w"), {"w": workshop_id}
        )


def v5_published_and_salted(conn: Connection) -> None:
    """The projector's reveal, the published snapshots, the installation's settings and salt.

    The throttle's rows were keyed by a plain sha256 of an IP address (reversible by trying the
    2^32 IPv4 addresses); from v5 on they are keyed with the installation's salt, so the old rows
    are deleted (a trusted browser logs in once more)."""
    conn.exec_driver_sql("ALTER TABLE workshops ADD COLUMN results_revealed BOOLEAN NOT NULL DEFAULT false")
    v5 = sa.MetaData()
    sa.Table("workshops", v5, sa.Column("id", sa.Integer, primary_key=True))  # for the foreign key
    sa.Table(
        "workshop_snapshots",
        v5,
        sa.Column(
            "workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("responses", sa.Integer, nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("workshop_id", "seq", name="pk_workshop_snapshots"),
    ).create(conn)
    settings_table = sa.Table(
        "advisor_settings",
        v5,
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    settings_table.create(conn)
    conn.execute(settings_table.insert().values(name="installation_salt", value=secrets.token_hex(32)))
    conn.exec_driver_sql("DELETE FROM login_throttle")
