"""What LTI needs to remember, in one small SQLite file (``ADVISOR_LTI_DB``).

- ``platforms``: registered LMSs (issuer + client id), their endpoints and deployment ids.
- ``logins``: a login in progress: the ``state`` and ``nonce`` the tool sent to the
  platform. A row is deleted when its launch arrives, so each can be used once.
  This replaces the usual state cookie, which browsers drop inside an LMS iframe.
- ``launches``: a checked launch, under a random token the launched page carries in
  its requests. Only what the page needs is kept (course, role flags), no names.
- ``answer_courses``: which answers (by the id the web layer's answer store gave
  them) were served in which course, so an instructor's report can be drawn from
  that store without it knowing anything of courses. Tags older than the answer
  retention period are deleted with the answers they name.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.settings import Settings

LOGIN_TTL = 600  # seconds between login initiation and launch

_SCHEMA = """
CREATE TABLE IF NOT EXISTS platforms (
    issuer          TEXT NOT NULL,
    client_id       TEXT NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    auth_login_url  TEXT NOT NULL,
    auth_token_url  TEXT NOT NULL DEFAULT '',
    key_set_url     TEXT NOT NULL,
    deployment_ids  TEXT NOT NULL DEFAULT '[]',
    created_at      REAL NOT NULL,
    PRIMARY KEY (issuer, client_id)
);
CREATE TABLE IF NOT EXISTS logins (
    state      TEXT PRIMARY KEY,
    nonce      TEXT NOT NULL,
    issuer     TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS launches (
    token      TEXT PRIMARY KEY,
    issuer     TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    deployment TEXT NOT NULL,
    kind       TEXT NOT NULL,
    course_id  TEXT NOT NULL DEFAULT '',
    course     TEXT NOT NULL DEFAULT '',
    instructor INTEGER NOT NULL DEFAULT 0,
    data       TEXT NOT NULL DEFAULT '{}',
    expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS answer_courses (
    answer_id  TEXT PRIMARY KEY,
    issuer     TEXT NOT NULL,
    course_id  TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS answer_courses_course ON answer_courses (issuer, course_id);
CREATE INDEX IF NOT EXISTS answer_courses_created ON answer_courses (created_at);
"""


@dataclass(frozen=True)
class Platform:
    """One registration of the tool in an LMS."""

    issuer: str
    client_id: str
    auth_login_url: str
    key_set_url: str
    auth_token_url: str = ""
    deployment_ids: list[str] = field(default_factory=list)
    name: str = ""


@dataclass(frozen=True)
class Launch:
    """A checked launch, as the launched page and its API calls see it."""

    token: str
    issuer: str
    client_id: str
    deployment: str
    kind: str  # "resource" or "deep_link"
    course_id: str
    course: str
    instructor: bool
    data: dict[str, Any]
    expires_at: float


class LtiStore:
    """Thread-safe: one short connection per call, SQLite does the locking."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    # --- platforms -------------------------------------------------------------

    def add_platform(self, platform: Platform) -> None:
        """Register a platform, or update it (deployment ids are merged, never dropped)."""
        existing = self.platform(platform.issuer, platform.client_id)
        earlier = existing.deployment_ids if existing else []
        deployments = list(dict.fromkeys([*earlier, *platform.deployment_ids]))
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO platforms (issuer, client_id, name, auth_login_url, auth_token_url,"
                " key_set_url, deployment_ids, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    platform.issuer,
                    platform.client_id,
                    platform.name,
                    platform.auth_login_url,
                    platform.auth_token_url,
                    platform.key_set_url,
                    json.dumps(deployments),
                    time.time(),
                ),
            )

    def platform(self, issuer: str, client_id: str | None) -> Platform | None:
        """The registration for ``issuer`` and ``client_id``; without a client id, the issuer's only one."""
        with self._connect() as db:
            if client_id:
                rows = db.execute(
                    "SELECT * FROM platforms WHERE issuer = ? AND client_id = ?", (issuer, client_id)
                ).fetchall()
            else:
                rows = db.execute("SELECT * FROM platforms WHERE issuer = ?", (issuer,)).fetchall()
        if len(rows) != 1:
            return None
        return _platform(rows[0])

    def remove_platform(self, issuer: str, client_id: str) -> bool:
        """Forget a registration (its launches stop working at once); True if there was one."""
        with self._connect() as db:
            gone = db.execute("DELETE FROM platforms WHERE issuer = ? AND client_id = ?", (issuer, client_id))
            db.execute("DELETE FROM launches WHERE issuer = ? AND client_id = ?", (issuer, client_id))
        return gone.rowcount == 1

    def platforms(self) -> list[Platform]:
        with self._connect() as db:
            return [_platform(r) for r in db.execute("SELECT * FROM platforms ORDER BY created_at")]

    # --- logins ----------------------------------------------------------------

    def start_login(self, state: str, nonce: str, issuer: str, client_id: str) -> None:
        now = time.time()
        with self._connect() as db:
            db.execute("DELETE FROM logins WHERE expires_at < ?", (now,))
            db.execute(
                "INSERT INTO logins (state, nonce, issuer, client_id, expires_at) VALUES (?, ?, ?, ?, ?)",
                (state, nonce, issuer, client_id, now + LOGIN_TTL),
            )

    def login_pending(self, state: str) -> bool:
        with self._connect() as db:
            row = db.execute(
                "SELECT 1 FROM logins WHERE state = ? AND expires_at >= ?", (state, time.time())
            ).fetchone()
        return row is not None

    def finish_login(self, state: str, nonce: str) -> bool:
        """Consume the login: True once for the (state, nonce) pair this tool issued, then never again."""
        with self._connect() as db:
            cursor = db.execute(
                "DELETE FROM logins WHERE state = ? AND nonce = ? AND expires_at >= ?",
                (state, nonce, time.time()),
            )
        return cursor.rowcount == 1

    # --- launches --------------------------------------------------------------

    def save_launch(
        self,
        *,
        issuer: str,
        client_id: str,
        deployment: str,
        kind: str,
        course_id: str,
        course: str,
        instructor: bool,
        data: dict[str, Any],
        lifetime: float,
    ) -> Launch:
        token = secrets.token_urlsafe(32)
        now = time.time()
        launch = Launch(
            token, issuer, client_id, deployment, kind, course_id, course, instructor, data, now + lifetime
        )
        with self._connect() as db:
            db.execute("DELETE FROM launches WHERE expires_at < ?", (now,))
            db.execute(
                "INSERT INTO launches (token, issuer, client_id, deployment, kind, course_id, course,"
                " instructor, data, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    token,
                    issuer,
                    client_id,
                    deployment,
                    kind,
                    course_id,
                    course,
                    int(instructor),
                    json.dumps(data),
                    launch.expires_at,
                ),
            )
        return launch

    def launch(self, token: str) -> Launch | None:
        """The live launch with this token, or None (unknown or expired)."""
        if not token:
            return None
        with self._connect() as db:
            row = db.execute(
                "SELECT token, issuer, client_id, deployment, kind, course_id, course, instructor, data,"
                " expires_at FROM launches WHERE token = ? AND expires_at >= ?",
                (token, time.time()),
            ).fetchone()
        if row is None:
            return None
        return Launch(*row[:7], bool(row[7]), json.loads(row[8]), row[9])

    def end_launch(self, token: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM launches WHERE token = ?", (token,))

    def count(self, table: str) -> int:
        """Rows in one of this store's tables (for health checks and tests)."""
        if table not in ("platforms", "logins", "launches", "answer_courses"):
            raise ValueError(f"unknown table {table!r}")
        with self._connect() as db:
            return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    # --- answers by course -------------------------------------------------------

    def tag_answer(self, answer_id: str, issuer: str, course_id: str, retention_days: int = 0) -> None:
        """Note that ``answer_id`` was served in this course; forget tags past the retention period."""
        now = time.time()
        with self._connect() as db:
            if retention_days > 0:
                db.execute("DELETE FROM answer_courses WHERE created_at < ?", (now - retention_days * 86400,))
            db.execute(
                "INSERT OR REPLACE INTO answer_courses (answer_id, issuer, course_id, created_at)"
                " VALUES (?, ?, ?, ?)",
                (answer_id, issuer, course_id, now),
            )

    def answer_course(self, answer_id: str) -> tuple[str, str] | None:
        """(issuer, course id) of the course an answer was served in, or None."""
        with self._connect() as db:
            row = db.execute(
                "SELECT issuer, course_id FROM answer_courses WHERE answer_id = ?", (answer_id,)
            ).fetchone()
        return (row[0], row[1]) if row else None

    def course_answer_ids(self, issuer: str, course_id: str) -> list[str]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT answer_id FROM answer_courses WHERE issuer = ? AND course_id = ?", (issuer, course_id)
            ).fetchall()
        return [r[0] for r in rows]

    def courses_of_answers(self) -> dict[str, tuple[str, str]]:
        """Every tagged answer's (issuer, course id), by answer id (tags follow answer retention)."""
        with self._connect() as db:
            rows = db.execute("SELECT answer_id, issuer, course_id FROM answer_courses").fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def course_titles(self) -> dict[tuple[str, str], str]:
        """Titles of the courses with a live launch, by (issuer, course id); no person is named."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT issuer, course_id, course FROM launches WHERE course != '' ORDER BY expires_at"
            ).fetchall()
        return {(r[0], r[1]): r[2] for r in rows}


def _platform(row: tuple) -> Platform:
    issuer, client_id, name, login, token, keys, deployments, _ = row
    return Platform(issuer, client_id, login, keys, token, json.loads(deployments), name)


def lti_paths(settings: Settings) -> tuple[Path, Path]:
    """(database, key folder): the configured ones, else beside the feedback database.

    Keeping them beside ``ADVISOR_FEEDBACK_DB`` by default puts all the server's data in one
    place, and a test that points feedback at a temporary folder gets its LTI files there too.
    """
    here = Path(settings.feedback_db).parent
    return settings.lti_db or here / "lti.sqlite3", settings.lti_key_dir or here / "lti-keys"
