"""The index on the acknowledged version names the person too: (digest, person), not (digest).

An append looks its batch up by (person, digest) pairs, one probe of an index per pair. Until the
statistics know how common a version just come into force is (an automatic analysis comes after a
tenth of the table has changed), the planner rates the index on the digest alone as good as the unique
(person, digest) one and, taking it, walked every acknowledgement of that version on each append: a
cost growing through the day everyone acknowledges. Whichever index it takes now, both columns probe.
The coverage's counts per version read the new index as they read the old.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_acknowledgements_digest_person", "acknowledgements", ["digest", "person"])
    op.drop_index("ix_acknowledgements_digest", "acknowledgements")


def downgrade() -> None:
    op.create_index("ix_acknowledgements_digest", "acknowledgements", ["digest"])
    op.drop_index("ix_acknowledgements_digest_person", "acknowledgements")
