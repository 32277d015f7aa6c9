"""Table definitions (SQLAlchemy Core). The only source of truth for queries; Alembic
migrations under `migrations/versions` create the same tables (a test checks they agree).

Times are epoch milliseconds (BIGINT): the wire format of the Orkes API, and identical on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Text = sa.String  # unbounded VARCHAR on both databases

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("password_hash", Text, nullable=True),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Column("created_by", Text, nullable=True),
    sa.Column("updated_by", Text, nullable=True),
)

groups = sa.Table(
    "groups",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column("description", Text, nullable=False),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
)

group_members = sa.Table(
    "group_members",
    metadata,
    sa.Column("group_id", Text, sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", Text, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Index(None, "user_id"),
)

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column("name", Text, nullable=False),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Column("created_by", Text, nullable=True),
    sa.Column("updated_by", Text, nullable=True),
)

access_keys = sa.Table(
    "access_keys",
    metadata,
    sa.Column("id", Text, primary_key=True),
    sa.Column(
        "application_id",
        Text,
        sa.ForeignKey("applications.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("secret_hash", Text, nullable=False),
    sa.Column("status", Text, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
)

permissions = sa.Table(
    "permissions",
    metadata,
    sa.Column("subject_type", Text, primary_key=True),
    sa.Column("subject_id", Text, primary_key=True),
    sa.Column("target_type", Text, primary_key=True),
    sa.Column("target_id", Text, primary_key=True),
    sa.Column("access", Text, primary_key=True),
    sa.Index(None, "target_type", "target_id"),
)

server_secrets = sa.Table(
    "server_secrets",
    metadata,
    sa.Column("name", Text, primary_key=True),
    sa.Column("value", Text, nullable=False),
)
