"""identity generations: tokens die with the user, password or key secret they came from

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows get '' (what tokens issued before this revision carry): they keep working
    # until the password or secret changes, or the row is deleted and created again.
    for table in ("users", "access_keys"):
        op.add_column(
            table, sa.Column("generation", sa.String(), nullable=False, server_default="")
        )


def downgrade() -> None:
    for table in ("users", "access_keys"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("generation")
