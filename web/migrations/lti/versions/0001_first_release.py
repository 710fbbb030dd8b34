"""The LTI store of the first release with LTI: platforms, logins, launches, answers' courses.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "platforms",
        sa.Column("issuer", sa.Text, primary_key=True),
        sa.Column("client_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, server_default=""),
        sa.Column("auth_login_url", sa.Text, nullable=False),
        sa.Column("auth_token_url", sa.Text, nullable=False, server_default=""),
        sa.Column("key_set_url", sa.Text, nullable=False),
        sa.Column("deployment_ids", sa.Text, nullable=False, server_default="[]"),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "logins",
        sa.Column("state", sa.Text, primary_key=True),
        sa.Column("nonce", sa.Text, nullable=False),
        sa.Column("issuer", sa.Text, nullable=False),
        sa.Column("client_id", sa.Text, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    op.create_table(
        "launches",
        sa.Column("token", sa.Text, primary_key=True),
        sa.Column("issuer", sa.Text, nullable=False),
        sa.Column("client_id", sa.Text, nullable=False),
        sa.Column("deployment", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("course_id", sa.Text, nullable=False, server_default=""),
        sa.Column("course", sa.Text, nullable=False, server_default=""),
        sa.Column("instructor", sa.Integer, nullable=False, server_default="0"),
        sa.Column("data", sa.Text, nullable=False, server_default="{}"),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    op.create_table(
        "answer_courses",
        sa.Column("answer_id", sa.Text, primary_key=True),
        sa.Column("issuer", sa.Text, nullable=False),
        sa.Column("course_id", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_index("answer_courses_course", "answer_courses", ["issuer", "course_id"])
    op.create_index("answer_courses_created", "answer_courses", ["created_at"])
