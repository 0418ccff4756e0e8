"""The roster, the append-only acknowledgements and the chain head.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY = "acknowledgements are append-only: a record is never edited or deleted"


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("person", sa.String(320), primary_key=True),
        sa.Column("name", sa.String(320), nullable=False),
        sa.Column("company", sa.String(320), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("joined", sa.Date),
    )
    op.create_index("ix_people_company", "people", ["company"])
    op.create_table(
        "acknowledgements",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("person", sa.String(320), nullable=False),
        sa.Column("company", sa.String(320), nullable=False),
        sa.Column("regulation", sa.String(1000), nullable=False),
        sa.Column("digest", sa.String(71), nullable=False),
        sa.Column("effective", sa.Date, nullable=False),
        sa.Column("language", sa.String(35), nullable=False),
        sa.Column("read_digest", sa.String(71), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("previous", sa.String(71), nullable=False),
        sa.Column("hash", sa.String(71), nullable=False, unique=True),
        sa.UniqueConstraint("person", "digest", name="one_acknowledgement_per_person_and_version"),
    )
    op.create_index("ix_acknowledgements_digest", "acknowledgements", ["digest"])
    op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(71), nullable=False),
    )
    op.execute(f"INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, 'sha256:{'0' * 64}')")
    # The database refuses an edit or a deletion too: the service's own code cannot do it by mistake,
    # and whoever drops the trigger to do it is still caught by the hash chain.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION acknowledgements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER acknowledgements_append_only BEFORE UPDATE OR DELETE ON acknowledgements "
            "FOR EACH ROW EXECUTE FUNCTION acknowledgements_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER acknowledgements_no_{event.lower()} BEFORE {event} ON acknowledgements "
                f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
            )


def downgrade() -> None:
    op.drop_table("chain_head")
    op.drop_table("acknowledgements")
    op.drop_table("people")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS acknowledgements_append_only()")
