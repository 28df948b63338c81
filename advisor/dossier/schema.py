"""The dossier tables, created by migration 3 of the workshop store (same engine, same schema version).

``dossiers``          id (random, 10 characters), name, status ('active' / 'erased'), version (the
                      number of changes so far), created_at/by, updated_at/by, erased_on (a date;
                      tombstones only), settings (JSON, see :class:`advisor.dossier.model.Settings`)
``dossier_datasets``  (dossier_id, id), position, kind ('upload' / 'workshop'), name (file name or
                      workshop title), workshop_code, format, respondents, added_at/by, data (the
                      answer frame as Parquet; NULL for a live workshop link), data_sha256, report
                      (JSON: the import report)
``dossier_history``   (dossier_id, version) unique, changed_at (UTC, to the second), who, field,
                      old_value and new_value (JSON; NULL for "none")
``dossier_plans``     (dossier_id, id), created_at/by, settings (JSON), content_sha256

Times are naive UTC ``DATETIME`` / ``TIMESTAMP`` values without fractions of a second, so both
databases store and return them alike. Plain ``TEXT`` holds JSON (written sorted, so equal
content is equal text) instead of a JSON column type that SQLite and PostgreSQL treat differently.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

ID_LENGTH = 10


def _tables(metadata: sa.MetaData) -> tuple[sa.Table, sa.Table, sa.Table, sa.Table]:
    """The four tables as of schema version 3.

    Migration 3 creates exactly these. A later change to a table is a new migration step in
    ``advisor.workshop.store.MIGRATIONS``; this function then stays as it is (a frozen copy for
    step 3) and the live definitions below get their own.
    """

    def dossier_fk() -> sa.ForeignKey:
        return sa.ForeignKey("dossiers.id", ondelete="CASCADE")

    dossiers = sa.Table(
        "dossiers",
        metadata,
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=True),
        sa.Column("created_by", sa.String(200), nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=True),
        sa.Column("updated_by", sa.String(200), nullable=True),
        sa.Column("erased_on", sa.Date, nullable=True),
        sa.Column("settings", sa.Text, nullable=False),
    )
    datasets = sa.Table(
        "dossier_datasets",
        metadata,
        sa.Column("dossier_id", sa.String(16), dossier_fk(), nullable=False),
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("workshop_code", sa.String(16), nullable=True),
        sa.Column("format", sa.String(32), nullable=True),
        sa.Column("respondents", sa.Integer, nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=True),
        sa.Column("data_sha256", sa.String(64), nullable=True),
        sa.Column("report", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("dossier_id", "id", name="pk_dossier_datasets"),
    )
    history = sa.Table(
        "dossier_history",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dossier_id", sa.String(16), dossier_fk(), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
        sa.Column("who", sa.String(200), nullable=True),
        sa.Column("field", sa.String(200), nullable=False),
        sa.Column("old_value", sa.Text, nullable=True),
        sa.Column("new_value", sa.Text, nullable=True),
        sa.UniqueConstraint("dossier_id", "version", name="uq_dossier_history_version"),
        sa.Index("ix_dossier_history_field", "dossier_id", "field"),
    )
    plans = sa.Table(
        "dossier_plans",
        metadata,
        sa.Column("dossier_id", sa.String(16), dossier_fk(), nullable=False),
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("settings", sa.Text, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("dossier_id", "id", name="pk_dossier_plans"),
    )
    return dossiers, datasets, history, plans


metadata = sa.MetaData()
dossiers, datasets, history, plans = _tables(metadata)
TABLE_NAMES = ("dossier_plans", "dossier_history", "dossier_datasets", "dossiers")  # drop order


def v3_dossiers(conn: Connection) -> None:
    """Migration 3: the dossier tables."""
    _tables(sa.MetaData())[0].metadata.create_all(conn)
