"""A person's language (the roster's optional `language` column): the language their reminders are written
in. Empty for everyone already on the roster; their reminders follow the company's default.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("people", sa.Column("language", sa.String(35)))


def downgrade() -> None:
    with op.batch_alter_table("people") as table:
        table.drop_column("language")
