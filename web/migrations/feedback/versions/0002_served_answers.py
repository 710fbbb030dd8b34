"""Answers kept by the server; a rating names one, once per client.

Rows of the first release keep their own question and answer (``answer_id`` NULL);
new ratings leave those two columns empty and join the answer they name.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "answers",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("created_at", sa.Text, nullable=False),  # UTC, ISO 8601
        sa.Column("channel", sa.Text, nullable=False),  # 'api', 'web' or 'lti'
        sa.Column("question", sa.Text),  # NULL when questions are not kept
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("citations", sa.Text, nullable=False, server_default="[]"),
        sa.Column("grounded", sa.Integer, nullable=False),
        sa.Column("backend", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("answers_created", "answers", ["created_at"])
    op.add_column("feedback", sa.Column("answer_id", sa.Text))
    op.add_column("feedback", sa.Column("client", sa.Text))
    op.add_column("feedback", sa.Column("comment", sa.Text))
    where = sa.text("answer_id IS NOT NULL")
    op.create_index(
        "feedback_once",
        "feedback",
        ["answer_id", "client"],
        unique=True,
        sqlite_where=where,
        postgresql_where=where,
    )
    op.create_index("feedback_created", "feedback", ["created_at"])
    op.create_table(
        "meta",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
