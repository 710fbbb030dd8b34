"""The tables of the server's state, as the stores query them (SQLAlchemy Core).

They describe the newest schema; the migrations in ``web/migrations`` build it,
one revision at a time, and are what creates or changes a table.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Float, Integer, LargeBinary, MetaData, Table, Text

feedback_metadata = MetaData()
lti_metadata = MetaData()

# --- feedback: answers served and their ratings -----------------------------------------

answers = Table(
    "answers",
    feedback_metadata,
    Column("id", Text, primary_key=True),
    Column("created_at", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("question", Text),
    Column("answer", Text, nullable=False),
    Column("citations", Text, nullable=False),
    Column("grounded", Integer, nullable=False),
    Column("backend", Text, nullable=False),
    Column("question_vector", LargeBinary),  # a declined question's embedding (float32 bytes)
)

feedback = Table(
    "feedback",
    feedback_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("rating", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("citations", Text, nullable=False),
    Column("grounded", Integer),
    Column("channel", Text, nullable=False),
    Column("answer_id", Text),
    Column("client", Text),
    Column("comment", Text),
)

meta = Table(
    "meta",
    feedback_metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

# --- lti: registrations, logins, launches, answers' courses, signing keys -------------

platforms = Table(
    "platforms",
    lti_metadata,
    Column("issuer", Text, primary_key=True),
    Column("client_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("auth_login_url", Text, nullable=False),
    Column("auth_token_url", Text, nullable=False),
    Column("key_set_url", Text, nullable=False),
    Column("deployment_ids", Text, nullable=False),
    Column("created_at", Float, nullable=False),
)

logins = Table(
    "logins",
    lti_metadata,
    Column("state", Text, primary_key=True),
    Column("nonce", Text, nullable=False),
    Column("issuer", Text, nullable=False),
    Column("client_id", Text, nullable=False),
    Column("expires_at", Float, nullable=False),
)

launches = Table(
    "launches",
    lti_metadata,
    Column("token", Text, primary_key=True),
    Column("issuer", Text, nullable=False),
    Column("client_id", Text, nullable=False),
    Column("deployment", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("course_id", Text, nullable=False),
    Column("course", Text, nullable=False),
    Column("instructor", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("expires_at", Float, nullable=False),
)

answer_courses = Table(
    "answer_courses",
    lti_metadata,
    Column("answer_id", Text, primary_key=True),
    Column("issuer", Text, nullable=False),
    Column("course_id", Text, nullable=False),
    Column("created_at", Float, nullable=False),
)

signing_keys = Table(
    "signing_keys",
    lti_metadata,
    Column("kid", Text, primary_key=True),
    Column("created", BigInteger, nullable=False),
    Column("public_jwk", Text, nullable=False),
    Column("private_key", Text, nullable=False),
)
