"""Tallies: acknowledgements counted per company and version, so the coverage of a large group is read,
not counted, on every visit of the compliance page.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tallies",
        sa.Column("company", sa.String(320), primary_key=True),
        sa.Column("digest", sa.String(71), primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
    )
    op.execute(
        "INSERT INTO tallies (company, digest, count) SELECT p.company, a.digest, count(*) "
        "FROM acknowledgements a JOIN people p ON p.person = a.person GROUP BY p.company, a.digest"
    )


def downgrade() -> None:
    op.drop_table("tallies")
