"""The meaning of a declined question (its embedding, float32 bytes), kept so that the
staff page can group unanswered questions even when no question text is kept.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.add_column("answers", sa.Column("question_vector", sa.LargeBinary))
