"""The server state in its database: SQLite files upgraded in place, or one real PostgreSQL.

``tests/data/release-0.1`` holds what release 0.1 wrote (its feedback file, with a
first-release rating still in it, its LTI file and its signing-key files), produced by
that release's own stores (the script that wrote them is in the commit that added
them, 2ca7aa0, and ran against that release's code); opening it with today's code must keep every row of every
table. PostgreSQL is the machine's, started for this module in a temporary folder.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from servers import PostgresServer, free_port

from advisor.errors import SettingsError
from advisor.models import Answer, Citation
from advisor.settings import Settings
from web.cli import main as cli_main
from web.database import Database, open_part
from web.errors import AlreadyRated, UnknownAnswer
from web.feedback import FeedbackStore
from web.lti.keys import KeyStore
from web.lti.store import LtiStore
from web.tables import signing_keys

RELEASE = Path(__file__).parent / "data" / "release-0.1"
TABLES = {
    "feedback.sqlite3": ["answers", "feedback", "meta"],
    "lti.sqlite3": ["platforms", "logins", "launches", "answer_courses"],
}
ANSWER = Answer(
    text="They earn about 133,904 a year [1].",
    citations=[Citation(n=1, title="Pay", url=None, source="pay.md", quote="133,904")],
    backend="extractive",
)


def rows(path: Path, table: str, columns: dict[str, list[str]] | None = None) -> list[tuple]:
    """A table's rows, sorted; with ``columns``, only the columns named there for it."""
    db = sqlite3.connect(path)
    try:
        names = ", ".join(columns[table]) if columns else "*"
        return sorted(db.execute(f"SELECT {names} FROM {table}").fetchall(), key=repr)
    finally:
        db.close()


def columns(path: Path, table: str) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
    finally:
        db.close()


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer()
    yield server
    server.stop()


def test_release_files_are_upgraded_in_place_keeping_every_row(tmp_path: Path) -> None:
    shutil.copytree(RELEASE, tmp_path, dirs_exist_ok=True)
    before = {(f, t): rows(tmp_path / f, t) for f, tables in TABLES.items() for t in tables}
    released = {t: columns(tmp_path / f, t) for f, tables in TABLES.items() for t in tables}
    assert all(before.values()), "the release's files have rows in every table"
    pem_files = sorted((tmp_path / "lti-keys").glob("*.pem"))

    # (a grace period long enough that the release's older key is still published on any day
    # this test runs; with the default week it would be pruned, as rotated keys are)
    settings = Settings(feedback_db=tmp_path / "feedback.sqlite3", lti_key_grace_days=100_000)
    feedback = FeedbackStore(open_part(settings, "feedback"))
    lti = LtiStore.for_settings(settings)
    keys = KeyStore.for_settings(settings, lti.db)
    current = keys.ensure()

    # (later schemas may add columns: the release's columns keep every value)
    after = {(f, t): rows(tmp_path / f, t, released) for f, tables in TABLES.items() for t in tables}
    assert after == before, "every row of every table is kept, unchanged"
    assert feedback.version() == 3 and lti.db.status().up_to_date

    # The stores read the old rows as their own: the first release's rating, the answers,
    # the client salt (the same client still cannot rate twice), platforms, launches, keys.
    records = feedback.all()
    assert [r.question for r in records][0] == "Old question?" and records[0].answer_id is None
    rated = records[1].answer_id
    assert feedback.answer(rated)["answer"] == "They earn about 133,904 a year [1]."
    with pytest.raises(AlreadyRated):
        feedback.rate(rated, "up", client="203.0.113.5")
    assert feedback.rate(rated, "up", client="192.0.2.99") > records[-1].id
    assert [p.deployment_ids for p in lti.platforms()] == [["dep-1", "dep-x"], ["dep-2", "dep-x"]]
    token = before[("lti.sqlite3", "launches")][0][0]
    assert lti.launch(token).course == "Welding 101"
    assert lti.course_answer_ids("https://lms1.school.example", "course-7") == [records[-1].answer_id]
    newest = pem_files[-1]
    assert current.kid == newest.stem.split("-", 1)[1]
    assert current.private_pem == newest.read_text()
    assert [k["kid"] for k in keys.jwks()["keys"]] == [p.stem.split("-", 1)[1] for p in pem_files]

    # Reopening changes nothing; the release's own code would now see a newer schema and stop.
    FeedbackStore(tmp_path / "feedback.sqlite3")
    assert rows(tmp_path / "feedback.sqlite3", "feedback")[:4] == before[("feedback.sqlite3", "feedback")]
    assert sqlite3.connect(tmp_path / "feedback.sqlite3").execute("PRAGMA user_version").fetchone()[0] > 2


def test_two_nodes_share_answers_ratings_logins_and_keys_in_postgresql(postgres: PostgresServer) -> None:
    url = postgres.create("shared")
    node_a, node_b = FeedbackStore(url), FeedbackStore(url)  # two servers, one database
    answer_id = node_a.record_answer(ANSWER, "How much do AI architects earn?", "api")
    assert node_b.answer(answer_id)["citations"][0]["quote"] == "133,904"
    node_b.rate(answer_id, "up", client="198.51.100.4", comment="clear")
    with pytest.raises(AlreadyRated):
        node_a.rate(answer_id, "down", client="198.51.100.4")
    with pytest.raises(UnknownAnswer):
        node_a.rate("never-served", "up", client="198.51.100.4")
    assert node_a.counts() == {"answers": 1, "up": 1, "down": 0}
    assert [r.comment for r in node_a.ratings_of([answer_id])] == ["clear"]
    # A declined question kept without its embedding gets it later (the staff page's batch).
    declined = node_a.record_answer(Answer(text="No.", grounded=False), "Pizza in Naples?", "api")
    vector = bytes(range(256)) * 6  # 384 float32s' worth of bytes, every byte value among them
    node_b.keep_question_vectors({declined: vector})
    kept = {a.id: a.question_vector for a in node_a.served_between("", "9")}
    assert kept == {answer_id: None, declined: vector}

    lti_a, lti_b = LtiStore(url), LtiStore(url)
    lti_a.start_login("state-9", "nonce-9", "https://lms.example", "c1")
    assert lti_b.finish_login("state-9", "nonce-9") and not lti_a.finish_login("state-9", "nonce-9")
    launch = lti_a.save_launch(
        issuer="https://lms.example",
        client_id="c1",
        deployment="d",
        kind="resource",
        course_id="7",
        course="Course",
        instructor=False,
        data={},
        lifetime=60,
    )
    assert lti_b.launch(launch.token) == launch
    lti_a.tag_answer(answer_id, "https://lms.example", "7")
    lti_b.tag_answer(answer_id, "https://lms.example", "7")  # the same tag twice is one row
    assert lti_b.count("answer_courses") == 1

    keys_a = KeyStore(lti_a.db, "a-shared-secret-of-every-node")
    keys_b = KeyStore(lti_b.db, "a-shared-secret-of-every-node")
    first = keys_a.ensure()
    assert keys_b.ensure() == first
    second = keys_b.rotate()
    assert keys_a.current() == second
    assert [k["kid"] for k in keys_a.jwks()["keys"]] == [first.kid, second.kid]
    with lti_a.db.read() as conn:
        stored = conn.execute(sa.select(signing_keys.c.private_key)).scalars().all()
    assert stored and not any("PRIVATE KEY" in s for s in stored)

    with lti_a.db.read() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    assert {
        "alembic_version_feedback",
        "alembic_version_lti",
        "answers",
        "launches",
        "signing_keys",
    } <= tables


def test_a_newer_postgresql_schema_is_refused_untouched(postgres: PostgresServer) -> None:
    url = postgres.create("newer")
    FeedbackStore(url).close()
    engine = sa.create_engine(Database(url, "feedback", migrate=False).url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version_feedback SET version_num = '0099'"))
    with pytest.raises(
        SettingsError, match=r"newer version of the advisor \(schema 0099; this one knows up to 0003"
    ):
        FeedbackStore(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version_feedback")).scalar() == "0099"
    engine.dispose()


def test_db_upgrade_and_check_for_operators(postgres: PostgresServer, monkeypatch, capsys) -> None:
    url = postgres.create("operators")
    monkeypatch.setenv("ADVISOR_DATABASE_URL", url)
    monkeypatch.setenv("ADVISOR_LTI_KEY_SECRET", "a-shared-secret-of-every-node")
    assert cli_main(["db", "check"]) == 1
    # the feedback part is at schema 0003 (declined questions' meaning), the LTI part at 0002
    out = capsys.readouterr().out
    assert "empty: `career-advisor db upgrade` creates schema 0003" in out
    assert "empty: `career-advisor db upgrade` creates schema 0002" in out
    assert cli_main(["db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert "upgraded to schema 0003" in out and "upgraded to schema 0002" in out
    assert cli_main(["db", "check"]) == 0
    out = capsys.readouterr().out
    assert "up to date (schema 0003)" in out and "up to date (schema 0002)" in out
    assert "advisor@127.0.0.1" in out


def test_bad_database_settings_are_explained(tmp_path: Path, monkeypatch, capsys) -> None:
    with pytest.raises(SettingsError, match="must look like postgresql://user@host/database"):
        Settings.from_env(database_url="mysql://me@db/advisor")
    down = f"postgresql://advisor@127.0.0.1:{free_port()}/advisor"
    with pytest.raises(
        SettingsError, match="the database at postgresql://advisor@127.0.0.1:.* cannot be reached"
    ):
        FeedbackStore(down)
    monkeypatch.setenv("ADVISOR_DATABASE_URL", down)
    assert cli_main(["db", "check"]) == 1
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "Traceback" not in err
    with pytest.raises(SettingsError, match="ADVISOR_DATABASE_URL needs ADVISOR_LTI_KEY_SECRET"):
        KeyStore.for_settings(Settings(database_url=f"sqlite:///{tmp_path}/all.sqlite3"))
    with pytest.raises(SettingsError, match="at least 16 characters"):
        Settings.from_env(lti_key_secret="short")


def test_one_machines_files_are_copied_into_postgresql(
    postgres: PostgresServer, tmp_path: Path, monkeypatch, capsys
):
    """Moving from one machine to several: every row and the signing keys, once, into an empty database."""
    shutil.copytree(RELEASE, tmp_path, dirs_exist_ok=True)
    local = Settings(feedback_db=tmp_path / "feedback.sqlite3", lti_key_grace_days=100_000)
    with_secret = KeyStore.for_settings(local)  # as the single machine ran: its secret file, keys imported
    kids = [k["kid"] for k in with_secret.jwks()["keys"]]
    before = {(f, t): rows(tmp_path / f, t) for f, tables in TABLES.items() for t in tables}
    released = {t: columns(tmp_path / f, t) for f, tables in TABLES.items() for t in tables}

    url = postgres.create("moved")
    monkeypatch.setenv("ADVISOR_FEEDBACK_DB", str(tmp_path / "feedback.sqlite3"))
    monkeypatch.setenv("ADVISOR_DATABASE_URL", url)
    monkeypatch.setenv("ADVISOR_LTI_KEY_SECRET", "the-new-shared-secret-of-the-nodes")
    monkeypatch.setenv("ADVISOR_LTI_KEY_GRACE_DAYS", "100000")
    assert cli_main(["db", "copy-from-sqlite"]) == 0
    assert "feedback: feedback: 4 row(s) copied" in capsys.readouterr().out

    shared = Settings.from_env()
    engine = sa.create_engine(Database(url, "feedback", migrate=False).url)
    with engine.connect() as conn:
        for (_, table), old in before.items():
            names = ", ".join(released[table])  # the release's columns; later schemas may add some
            assert sorted(conn.execute(sa.text(f"SELECT {names} FROM {table}")).all(), key=repr) == old, table
    engine.dispose()
    store = FeedbackStore(open_part(shared, "feedback"))
    rated = store.all()[1].answer_id
    with pytest.raises(AlreadyRated):  # the client salt came along: the same client is recognised
        store.rate(rated, "down", client="203.0.113.5")
    copied = max(r.id for r in store.all())
    assert store.rate(rated, "down", client="192.0.2.1") > copied  # new ids go on after the copied ones
    keys = KeyStore.for_settings(shared)
    assert [k["kid"] for k in keys.jwks()["keys"]] == kids
    assert keys.current().private_pem == with_secret.current().private_pem

    assert cli_main(["db", "copy-from-sqlite"]) == 2  # never into a database that holds rows
    assert "already holds rows" in capsys.readouterr().err
