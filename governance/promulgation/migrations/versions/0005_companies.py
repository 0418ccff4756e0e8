"""A company's default language (`roster import --companies`): the language of its people whose roster line
gives none. Empty at first: every company speaks as before, through the commands' options.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("company", sa.String(320), primary_key=True),
        sa.Column("language", sa.String(35), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("companies")
