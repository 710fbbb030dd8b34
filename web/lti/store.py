"""What LTI needs to remember (the ``lti`` part of the state: ``web.database``).

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
- ``signing_keys``: the tool's own keys (``web.lti.keys``).

A SQLite file by default (``ADVISOR_LTI_DB``); with ``ADVISOR_DATABASE_URL`` every
node shares them, so a login started on one node can finish on another.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from ..database import Database, upsert
from ..tables import answer_courses, launches, logins, platforms

if TYPE_CHECKING:
    from advisor.settings import Settings

LOGIN_TTL = 600  # seconds between login initiation and launch
TABLES = {t.name: t for t in (platforms, logins, launches, answer_courses)}


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
    """Thread-safe; ``where`` is a SQLite file path, a database URL or an open :class:`Database`."""

    def __init__(self, where: str | Path | Database):
        self.db = Database.at(where, "lti")
        self.path = self.db.path

    @classmethod
    def for_settings(cls, settings: Settings) -> LtiStore:
        """The LTI store of these settings: its SQLite file, or the shared database."""
        from ..database import open_part

        return cls(open_part(settings, "lti"))

    # --- platforms -------------------------------------------------------------

    def add_platform(self, platform: Platform) -> None:
        """Register a platform, or update it (deployment ids are merged, never dropped)."""
        existing = self.platform(platform.issuer, platform.client_id)
        earlier = existing.deployment_ids if existing else []
        deployments = list(dict.fromkeys([*earlier, *platform.deployment_ids]))
        with self.db.write() as conn:
            upsert(
                conn,
                platforms,
                dict(
                    issuer=platform.issuer,
                    client_id=platform.client_id,
                    name=platform.name,
                    auth_login_url=platform.auth_login_url,
                    auth_token_url=platform.auth_token_url,
                    key_set_url=platform.key_set_url,
                    deployment_ids=json.dumps(deployments),
                    created_at=time.time(),
                ),
                ["issuer", "client_id"],
            )

    def platform(self, issuer: str, client_id: str | None) -> Platform | None:
        """The registration for ``issuer`` and ``client_id``; without a client id, the issuer's only one."""
        query = sa.select(platforms).where(platforms.c.issuer == issuer)
        if client_id:
            query = query.where(platforms.c.client_id == client_id)
        with self.db.read() as conn:
            rows = conn.execute(query).mappings().all()
        if len(rows) != 1:
            return None
        return _platform(rows[0])

    def remove_platform(self, issuer: str, client_id: str) -> bool:
        """Forget a registration (its launches stop working at once); True if there was one."""
        with self.db.write() as conn:
            gone = conn.execute(
                sa.delete(platforms).where(platforms.c.issuer == issuer, platforms.c.client_id == client_id)
            ).rowcount
            conn.execute(
                sa.delete(launches).where(launches.c.issuer == issuer, launches.c.client_id == client_id)
            )
        return gone == 1

    def platforms(self) -> list[Platform]:
        with self.db.read() as conn:
            rows = conn.execute(sa.select(platforms).order_by(platforms.c.created_at)).mappings().all()
        return [_platform(r) for r in rows]

    # --- logins ----------------------------------------------------------------

    def start_login(self, state: str, nonce: str, issuer: str, client_id: str) -> None:
        now = time.time()
        with self.db.write() as conn:
            conn.execute(sa.delete(logins).where(logins.c.expires_at < now))
            conn.execute(
                sa.insert(logins).values(
                    state=state, nonce=nonce, issuer=issuer, client_id=client_id, expires_at=now + LOGIN_TTL
                )
            )

    def login_pending(self, state: str) -> bool:
        with self.db.read() as conn:
            row = conn.execute(
                sa.select(logins.c.state).where(logins.c.state == state, logins.c.expires_at >= time.time())
            ).first()
        return row is not None

    def finish_login(self, state: str, nonce: str) -> bool:
        """Consume the login: True once for the (state, nonce) pair this tool issued, then never again."""
        with self.db.write() as conn:
            gone = conn.execute(
                sa.delete(logins).where(
                    logins.c.state == state, logins.c.nonce == nonce, logins.c.expires_at >= time.time()
                )
            ).rowcount
        return gone == 1

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
        with self.db.write() as conn:
            conn.execute(sa.delete(launches).where(launches.c.expires_at < now))
            conn.execute(
                sa.insert(launches).values(
                    token=token,
                    issuer=issuer,
                    client_id=client_id,
                    deployment=deployment,
                    kind=kind,
                    course_id=course_id,
                    course=course,
                    instructor=int(instructor),
                    data=json.dumps(data),
                    expires_at=launch.expires_at,
                )
            )
        return launch

    def launch(self, token: str) -> Launch | None:
        """The live launch with this token, or None (unknown or expired)."""
        if not token:
            return None
        with self.db.read() as conn:
            row = (
                conn.execute(
                    sa.select(launches).where(launches.c.token == token, launches.c.expires_at >= time.time())
                )
                .mappings()
                .first()
            )
        if row is None:
            return None
        return Launch(
            row["token"],
            row["issuer"],
            row["client_id"],
            row["deployment"],
            row["kind"],
            row["course_id"],
            row["course"],
            bool(row["instructor"]),
            json.loads(row["data"]),
            row["expires_at"],
        )

    def end_launch(self, token: str) -> None:
        with self.db.write() as conn:
            conn.execute(sa.delete(launches).where(launches.c.token == token))

    def count(self, table: str) -> int:
        """Rows in one of this store's tables (for health checks and tests)."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        with self.db.read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(TABLES[table])).scalar_one())

    # --- answers by course -------------------------------------------------------

    def tag_answer(self, answer_id: str, issuer: str, course_id: str, retention_days: int = 0) -> None:
        """Note that ``answer_id`` was served in this course; forget tags past the retention period."""
        now = time.time()
        with self.db.write() as conn:
            if retention_days > 0:
                conn.execute(
                    sa.delete(answer_courses).where(
                        answer_courses.c.created_at < now - retention_days * 86400
                    )
                )
            upsert(
                conn,
                answer_courses,
                dict(answer_id=answer_id, issuer=issuer, course_id=course_id, created_at=now),
                ["answer_id"],
            )

    def answer_course(self, answer_id: str) -> tuple[str, str] | None:
        """(issuer, course id) of the course an answer was served in, or None."""
        with self.db.read() as conn:
            row = conn.execute(
                sa.select(answer_courses.c.issuer, answer_courses.c.course_id).where(
                    answer_courses.c.answer_id == answer_id
                )
            ).first()
        return (row[0], row[1]) if row else None

    def course_answer_ids(self, issuer: str, course_id: str) -> list[str]:
        with self.db.read() as conn:
            rows = conn.execute(
                sa.select(answer_courses.c.answer_id).where(
                    answer_courses.c.issuer == issuer, answer_courses.c.course_id == course_id
                )
            ).all()
        return [r[0] for r in rows]

    def courses_of_answers(self) -> dict[str, tuple[str, str]]:
        """Every tagged answer's (issuer, course id), by answer id (tags follow answer retention)."""
        a = answer_courses.c
        with self.db.read() as conn:
            rows = conn.execute(sa.select(a.answer_id, a.issuer, a.course_id)).all()
        return {r[0]: (r[1], r[2]) for r in rows}

    def course_titles(self) -> dict[tuple[str, str], str]:
        """Titles of the courses with a live launch, by (issuer, course id); no person is named."""
        la = launches.c
        query = sa.select(la.issuer, la.course_id, la.course).where(la.course != "").order_by(la.expires_at)
        with self.db.read() as conn:
            rows = conn.execute(query).all()
        return {(r[0], r[1]): r[2] for r in rows}


def _platform(row: Any) -> Platform:
    return Platform(
        row["issuer"],
        row["client_id"],
        row["auth_login_url"],
        row["key_set_url"],
        row["auth_token_url"],
        json.loads(row["deployment_ids"]),
        row["name"],
    )


def lti_paths(settings: Settings) -> tuple[Path, Path]:
    """(SQLite file, key folder): the configured ones, else beside the feedback database.

    The key folder holds the secret the signing keys are encrypted with when
    ``ADVISOR_LTI_KEY_SECRET`` is not set, and the key files of earlier releases.

    Keeping them beside ``ADVISOR_FEEDBACK_DB`` by default puts all the server's data in one
    place, and a test that points feedback at a temporary folder gets its LTI files there too.
    """
    here = Path(settings.feedback_db).parent
    return settings.lti_db or here / "lti.sqlite3", settings.lti_key_dir or here / "lti-keys"
