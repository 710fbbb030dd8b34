"""Where the server keeps what it remembers: SQLite files by default, or one PostgreSQL database.

The state comes in two parts, each with its own tables and its own Alembic history
(``web/migrations/<part>``): ``feedback`` (answers served, ratings) and ``lti``
(platforms, logins in progress, launches, answers' courses, signing keys). By
default each part is a SQLite file (``ADVISOR_FEEDBACK_DB``, ``ADVISOR_LTI_DB``),
so a single machine needs nothing set up. ``ADVISOR_DATABASE_URL`` puts both parts
in one database that every node of a load-balanced service shares, e.g.
``postgresql://advisor@db/advisor`` (driver: psycopg 3); each part then keeps its
version in its own table (``alembic_version_<part>``), so the two never clash.

Opening a part upgrades it to the newest schema this code knows, under a lock (a
PostgreSQL advisory lock, or a lock file beside a SQLite file) so that nodes or
workers starting together migrate once. Files written before the database layer
used Alembic are recognised (``PRAGMA user_version`` or their tables) and adopted
at the revision they match. A database written by a newer release is refused,
untouched, with a message that says so.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock
from sqlalchemy.engine import Connection, Engine, make_url

from advisor.errors import SettingsError

if TYPE_CHECKING:
    from advisor.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PARTS = ("feedback", "lti")
log = logging.getLogger(__name__)
_LOCK_KEY = 0x43415245  # the advisory lock every node takes while migrating ("CARE")
# A feedback file's PRAGMA user_version once Alembic keeps its version: releases that
# read user_version themselves see a newer schema and refuse it, instead of misusing it.
_ALEMBIC_USER_VERSION = 100


def database_url(url: str) -> str:
    """``ADVISOR_DATABASE_URL`` checked, with psycopg 3 as PostgreSQL's driver.

    Raises SettingsError for anything that is not a PostgreSQL or SQLite URL.
    """
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise SettingsError(
            f"ADVISOR_DATABASE_URL must look like postgresql://user@host/database, not {url!r}"
        ) from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        if not parsed.database:
            raise SettingsError("ADVISOR_DATABASE_URL names no database (postgresql://user@host/database)")
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite" and parsed.database:
        return url
    raise SettingsError(
        f"ADVISOR_DATABASE_URL must be a postgresql:// (or sqlite:///path) URL, not {parsed.drivername}://..."
    )


def part_url(settings: Settings, part: str) -> str:
    """The database URL of one part of the state under these settings."""
    if settings.database_url:
        return database_url(settings.database_url)
    if part == "feedback":
        return f"sqlite:///{settings.feedback_db}"
    if part == "lti":
        return f"sqlite:///{settings.lti_db or Path(settings.feedback_db).parent / 'lti.sqlite3'}"
    raise ValueError(f"unknown part {part!r}")


def shown(url: str) -> str:
    """A URL fit for a log line or a message: no password."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers and a writer work at once; NORMAL: an application crash loses
    # nothing, a power cut at most the last commits, and no commit waits for a flush.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@dataclass(frozen=True)
class Status:
    """Where one part's schema stands against the code."""

    part: str
    url: str
    current: str | None  # revision in the database (None: empty)
    head: str  # the newest revision this code knows
    legacy: str | None = None  # revision a file from before Alembic matches

    @property
    def newer(self) -> bool:
        return self.current is not None and self.current not in _revisions(self.part)

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _script(part: str) -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS / part))
    return ScriptDirectory.from_config(config)


def _revisions(part: str) -> set[str]:
    return {rev.revision for rev in _script(part).walk_revisions()}


def _version_table(part: str) -> str:
    return f"alembic_version_{part}"


class Database:
    """One part of the state: its engine, its migrations, and connections for the stores.

    ``read()`` gives a connection; ``write()`` a transaction, committed on success and
    rolled back on error. With SQLite, this process's writes go one at a time through a
    lock, on pooled connections: threads queueing on SQLite's own busy handler (which
    sleeps and retries) starved each other under load, while a lock hands the file over
    at once. Other processes still share the file through SQLite's locking.
    """

    @classmethod
    def at(cls, where: str | Path | Database, part: str) -> Database:
        """``where`` as a database: one already open, a URL, or a SQLite file's path."""
        if isinstance(where, Database):
            return where
        text = str(where)
        return cls(text if "://" in text else f"sqlite:///{text}", part)

    def __init__(self, url: str, part: str, *, migrate: bool = True):
        if part not in PARTS:
            raise ValueError(f"unknown part {part!r}")
        self.url = url
        self.part = part
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            self.path: Path | None = Path(make_url(url).database or "")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = sa.create_engine(
                url, connect_args={"timeout": 30, "check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.path = None
            self.engine = sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
        weakref.finalize(self, self.engine.dispose)
        self._writing = threading.Lock() if self.sqlite else None
        if migrate:
            self.upgrade()

    @property
    def where(self) -> str:
        return str(self.path) if self.path else shown(self.url)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._reachable(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        if self._writing is None:
            with self._reachable(), self.engine.begin() as conn:
                yield conn
            return
        with self._writing, self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        try:
            yield
        except sa.exc.OperationalError as exc:
            if "connection" in str(exc).lower() or not self.sqlite:
                raise DatabaseUnavailable(self.where, exc) from exc
            raise

    # --- schema --------------------------------------------------------------------

    @contextmanager
    def _migrating(self) -> Iterator[Connection]:
        """A transaction holding the migration lock of this database."""
        if self.sqlite:
            assert self.path is not None
            with FileLock(f"{self.path}.lock", timeout=60), self.engine.begin() as conn:
                yield conn
            return
        with self._reachable(), self.engine.begin() as conn:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            yield conn

    def status(self) -> Status:
        """Where the schema stands (reads only)."""
        with self.read() as conn:
            return self._status(conn)

    def _status(self, conn: Connection) -> Status:
        context = MigrationContext.configure(conn, opts={"version_table": _version_table(self.part)})
        current = context.get_current_revision()
        head = _script(self.part).get_current_head()
        assert head is not None
        legacy = None if current is not None else _legacy_revision(conn, self.part)
        return Status(self.part, shown(self.url), current, head, legacy)

    def upgrade(self) -> Status:
        """Bring the schema to the newest revision; return where it stood before.

        Raises SettingsError, changing nothing, for a database a newer release wrote.
        """
        with self._migrating() as conn:
            before = self._status(conn)
            self._refuse_newer(before)
            if before.up_to_date:
                return before
            script = _script(self.part)
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS / self.part))
            with EnvironmentContext(
                config,
                script,
                fn=lambda rev, _context: script._upgrade_revs("head", rev),
                destination_rev="head",
            ) as env:
                env.configure(connection=conn, version_table=_version_table(self.part))
                if before.current is None and before.legacy:
                    env.get_context().stamp(script, before.legacy)
                env.run_migrations()
            if self.sqlite and self.part == "feedback":
                conn.exec_driver_sql(f"PRAGMA user_version = {_ALEMBIC_USER_VERSION}")
        was = before.current or (f"{before.legacy} (before migrations)" if before.legacy else "empty")
        log.info("%s database at %s: schema %s upgraded to %s", self.part, self.where, was, before.head)
        return before

    def _refuse_newer(self, status: Status) -> None:
        if status.newer or status.legacy == "newer":
            raise SettingsError(
                f"the {self.part} database at {self.where} was written by a newer version of the advisor "
                f"(schema {status.current or 'unknown'}; this one knows up to {status.head}): "
                "run that version, or restore a backup made before upgrading"
            )


class DatabaseUnavailable(SettingsError):
    """The database cannot be reached (a server down, a wrong address or password)."""

    def __init__(self, where: str, exc: Exception):
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
        super().__init__(f"the database at {where} cannot be reached: {reason}")


def _legacy_revision(conn: Connection, part: str) -> str | None:
    """The revision a database from before Alembic matches (None: an empty database).

    Returns "newer" for a feedback file whose own version number is past the last one
    the SQLite-only releases wrote.
    """
    tables = set(sa.inspect(conn).get_table_names())
    if part == "feedback":
        version = conn.exec_driver_sql("PRAGMA user_version").scalar() if conn.dialect.name == "sqlite" else 0
        if version in (1, 2):
            return f"{version:04d}"
        if version:
            return "newer"
        return "0001" if "feedback" in tables else None
    return "0001" if "platforms" in tables else None


def open_part(settings: Settings, part: str, *, migrate: bool = True) -> Database:
    """The database of one part of the state under these settings, upgraded unless told not to."""
    return Database(part_url(settings, part), part, migrate=migrate)


def _insert(conn: Connection, table: sa.Table, values: dict[str, Any]) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table).values(**values)


def insert_missing(conn: Connection, table: sa.Table, values: dict[str, Any], keys: list[str]) -> None:
    """Insert a row unless one with the same ``keys`` exists (another node may race us to it)."""
    conn.execute(_insert(conn, table, values).on_conflict_do_nothing(index_elements=keys))


def upsert(conn: Connection, table: sa.Table, values: dict[str, Any], keys: list[str]) -> None:
    """Insert a row, or update the one with the same ``keys`` (SQLite and PostgreSQL alike)."""
    statement = _insert(conn, table, values)
    changes = {name: statement.excluded[name] for name in values if name not in keys}
    conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=changes))
