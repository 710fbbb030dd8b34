"""The tool's signing keys move into the database, private keys encrypted.

Every node then signs with, and publishes, the same keys; earlier releases kept
them as files in a folder, which the store imports on its first start.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "signing_keys",
        sa.Column("kid", sa.Text, primary_key=True),  # RFC 7638 thumbprint of the public key
        sa.Column("created", sa.BigInteger, nullable=False, unique=True),  # unix time; newest signs
        sa.Column("public_jwk", sa.Text, nullable=False),
        sa.Column("private_key", sa.Text, nullable=False),  # PKCS8 PEM, Fernet-encrypted
    )
