"""What the server answered, and what people thought of it, in one SQLite file.

Every answer served (API or chat) is stored under a random id that the client
receives; a rating must name that id, so feedback is always tied to the answer
actually served, and cannot be stored for one that never was. Each client may
rate an answer once; clients are kept as a salted hash of their address, never
the address itself.

The schema is versioned (``PRAGMA user_version``) and migrated forward in order,
each step in one transaction, so an existing database (including the first
version's lone ``feedback`` table) is upgraded in place without losing a row.
Retention (``ADVISOR_RETENTION_DAYS``) deletes answers and ratings older than
the period; with ``ADVISOR_STORE_QUESTIONS=false`` no question text is written.
WAL mode lets the server's threads read and write at once.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from advisor import Answer
from advisor.errors import SettingsError

from .errors import AlreadyRated, UnknownAnswer

Rating = Literal["up", "down"]
PURGE_EVERY = 200  # answers stored between two retention sweeps

# Version 1 is the table the first release created (it may already exist as is).
_V1 = [
    """CREATE TABLE IF NOT EXISTS feedback (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT    NOT NULL,
        rating     TEXT    NOT NULL,
        question   TEXT    NOT NULL,
        answer     TEXT    NOT NULL,
        citations  TEXT    NOT NULL DEFAULT '[]',
        grounded   INTEGER,
        channel    TEXT    NOT NULL DEFAULT 'web'
    )""",
]
# Version 2: answers kept by the server; ratings name one. Version-1 rows keep their
# own question and answer (answer_id NULL); new rows leave those two columns empty.
_V2 = [
    """CREATE TABLE answers (
        id         TEXT    PRIMARY KEY,
        created_at TEXT    NOT NULL,          -- UTC, ISO 8601
        channel    TEXT    NOT NULL,          -- 'api', 'web' or 'lti'
        question   TEXT,                      -- NULL when questions are not kept
        answer     TEXT    NOT NULL,
        citations  TEXT    NOT NULL DEFAULT '[]',
        grounded   INTEGER NOT NULL,
        backend    TEXT    NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX answers_created ON answers (created_at)",
    "ALTER TABLE feedback ADD COLUMN answer_id TEXT",
    "ALTER TABLE feedback ADD COLUMN client TEXT",
    "ALTER TABLE feedback ADD COLUMN comment TEXT",
    "CREATE UNIQUE INDEX feedback_once ON feedback (answer_id, client) WHERE answer_id IS NOT NULL",
    "CREATE INDEX feedback_created ON feedback (created_at)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]
# Version 3: the meaning of a declined question (its embedding, float32 bytes), so that
# unanswered questions can be grouped for the staff page even when no text is kept.
_V3 = ["ALTER TABLE answers ADD COLUMN question_vector BLOB"]
MIGRATIONS = [_V1, _V2, _V3]
SCHEMA_VERSION = len(MIGRATIONS)


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


@dataclass(frozen=True)
class FeedbackRecord:
    """One stored rating with the answer it rates (for reports and tests)."""

    id: int
    created_at: str
    rating: str
    question: str | None
    answer: str
    citations: list[dict[str, Any]]
    grounded: bool | None
    channel: str
    answer_id: str | None = None
    comment: str = ""


@dataclass(frozen=True)
class ServedAnswer:
    """One answer served, as the staff page reads it (``question`` None when not kept)."""

    id: str
    created_at: str
    channel: str
    question: str | None
    citations: list[dict[str, Any]]
    grounded: bool
    question_vector: bytes | None = None


class FeedbackStore:
    """Answers served and their ratings in ``path``; safe to share between threads.

    Reads open a connection per call, so they are thread-safe and run in
    parallel. Writes from this process go one at a time through a lock, on one
    connection kept open for the store's life: opening and closing a connection
    per answer cost more than the insert (the last close of a WAL database also
    checkpoints it), and under load threads queueing on SQLite's own busy
    handler (which sleeps and retries) starved each other past the timeout,
    while a lock hands the database over at once. Other processes (workers)
    still share the file through SQLite's locking, in WAL mode with
    ``synchronous=NORMAL``: an application crash loses nothing, a power cut at most
    the last answers logged, and no commit waits for a disk flush.
    """

    def __init__(self, path: str | Path, *, retention_days: int = 0, store_questions: bool = True):
        self.path = Path(path)
        self.retention_days = retention_days
        self.store_questions = store_questions
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._stored = 0
        self._writing = threading.Lock()
        self._writer: sqlite3.Connection | None = None
        self.migrate()
        with self._connect(write=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'client_salt'").fetchone()
            if row is None:
                db.execute("INSERT OR IGNORE INTO meta VALUES ('client_salt', ?)", (secrets.token_hex(16),))
                row = db.execute("SELECT value FROM meta WHERE key = 'client_salt'").fetchone()
        self._salt = row[0]
        self.purge()

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection in a transaction: commits on success, rolls back on error."""
        if write:
            with self._writing:
                if self._writer is None:
                    self._writer = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
                    self._writer.execute("PRAGMA synchronous=NORMAL")
                    weakref.finalize(self, self._writer.close)
                with self._writer as db:
                    yield db
            return
        db = sqlite3.connect(self.path, timeout=30)
        try:
            with db:
                yield db
        finally:
            db.close()

    def close(self) -> None:
        """Close the write connection (a later write opens a new one)."""
        with self._writing:
            if self._writer is not None:
                self._writer.close()
                self._writer = None

    def migrate(self) -> int:
        """Bring the schema to :data:`SCHEMA_VERSION`, one transaction per step; return it."""
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            while True:
                db.execute("BEGIN IMMEDIATE")  # one migrating process at a time
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    db.execute("ROLLBACK")
                    raise SettingsError(
                        f"{self.path} was written by a newer version of the advisor "
                        f"(schema {version}; this one knows up to {SCHEMA_VERSION})"
                    )
                if version == SCHEMA_VERSION:
                    db.execute("COMMIT")
                    return version
                try:
                    for statement in MIGRATIONS[version]:
                        db.execute(statement)
                    db.execute(f"PRAGMA user_version = {version + 1}")
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
        finally:
            db.close()

    def version(self) -> int:
        with self._connect() as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])

    # --- answers ---------------------------------------------------------------

    def record_answer(
        self, answer: Answer, question: str, channel: str, question_vector: bytes | None = None
    ) -> str:
        """Keep what was answered; return the new answer's id.

        ``question_vector`` (the question's embedding, for declined questions) is kept even
        when question text is not: it lets the staff page group unanswered questions by meaning.
        """
        answer_id = secrets.token_urlsafe(12)
        row = (
            answer_id,
            _stamp(_now()),
            channel,
            question if self.store_questions else None,
            answer.text,
            json.dumps([c.to_dict() for c in answer.citations], ensure_ascii=False),
            int(answer.grounded),
            answer.backend,
            question_vector,
        )
        with self._connect(write=True) as db:
            db.execute("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        self._stored += 1
        if self._stored % PURGE_EVERY == 0:
            self.purge()
        return answer_id

    def client_key(self, client: str) -> str:
        """A stable pseudonym for a client address (the address itself is never stored)."""
        return hashlib.sha256(f"{self._salt}:{client}".encode()).hexdigest()[:24]

    def rate(
        self, answer_id: str, rating: Rating, client: str, comment: str = "", channel: str = "api"
    ) -> int:
        """Store one rating of a served answer; return its row id.

        Raises UnknownAnswer for an id never served (or purged), AlreadyRated when
        this client rated it before.
        """
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        with self._connect(write=True) as db:
            row = db.execute("SELECT grounded FROM answers WHERE id = ?", (answer_id,)).fetchone()
            if row is None:
                raise UnknownAnswer()
            try:
                cursor = db.execute(
                    "INSERT INTO feedback (created_at, rating, question, answer, citations, grounded,"
                    " channel, answer_id, client, comment) VALUES (?, ?, '', '', '[]', ?, ?, ?, ?, ?)",
                    (_stamp(_now()), rating, row[0], channel, answer_id, self.client_key(client), comment),
                )
            except sqlite3.IntegrityError:
                raise AlreadyRated() from None
            return int(cursor.lastrowid or 0)

    def answer(self, answer_id: str) -> dict[str, Any] | None:
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            row = db.execute("SELECT * FROM answers WHERE id = ?", (answer_id,)).fetchone()
        if row is None:
            return None
        found = {k: row[k] for k in row.keys() if k != "question_vector"}
        return {**found, "citations": json.loads(row["citations"]), "grounded": bool(row["grounded"])}

    # --- retention ---------------------------------------------------------------

    def purge(self) -> int:
        """Delete answers and ratings older than the retention period; return rows deleted."""
        if self.retention_days <= 0:
            return 0
        cutoff = _stamp(_now() - timedelta(days=self.retention_days))
        with self._connect(write=True) as db:
            gone = db.execute("DELETE FROM feedback WHERE created_at < ?", (cutoff,)).rowcount
            gone += db.execute(
                "DELETE FROM feedback WHERE answer_id IN (SELECT id FROM answers WHERE created_at < ?)",
                (cutoff,),
            ).rowcount
            gone += db.execute("DELETE FROM answers WHERE created_at < ?", (cutoff,)).rowcount
        return gone

    # --- reading -------------------------------------------------------------------

    _RECORDS = """SELECT f.id, f.created_at, f.rating,
                          CASE WHEN f.answer_id IS NULL THEN f.question ELSE a.question END,
                          COALESCE(a.answer, f.answer), COALESCE(a.citations, f.citations),
                          COALESCE(a.grounded, f.grounded), f.channel, f.answer_id, COALESCE(f.comment, '')
                   FROM feedback f LEFT JOIN answers a ON a.id = f.answer_id"""

    def all(self) -> list[FeedbackRecord]:
        """Every rating with the answer it rates, oldest first (not exposed over HTTP)."""
        with self._connect() as db:
            rows = db.execute(f"{self._RECORDS} ORDER BY f.id").fetchall()
        return [_record(r) for r in rows]

    def ratings_of(self, answer_ids: Iterable[str]) -> list[FeedbackRecord]:
        """The ratings of these answers (those still kept), oldest first."""
        ids = list(dict.fromkeys(answer_ids))
        rows: list[tuple] = []
        with self._connect() as db:
            for start in range(0, len(ids), 500):  # well under SQLite's limit on bound parameters
                chunk = ids[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                rows += db.execute(f"{self._RECORDS} WHERE f.answer_id IN ({marks})", chunk).fetchall()
        return [_record(r) for r in sorted(rows, key=lambda r: r[0])]

    def served_between(self, start: str, end: str) -> list[ServedAnswer]:
        """Answers served from ``start`` (inclusive) to ``end`` (exclusive), ISO UTC stamps, oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, created_at, channel, question, citations, grounded, question_vector"
                " FROM answers WHERE created_at >= ? AND created_at < ? ORDER BY created_at",
                (start, end),
            ).fetchall()
        return [ServedAnswer(r[0], r[1], r[2], r[3], json.loads(r[4]), bool(r[5]), r[6]) for r in rows]

    def ratings_between(self, start: str, end: str) -> list[FeedbackRecord]:
        """Ratings given from ``start`` (inclusive) to ``end`` (exclusive), oldest first."""
        with self._connect() as db:
            rows = db.execute(
                f"{self._RECORDS} WHERE f.created_at >= ? AND f.created_at < ? ORDER BY f.id", (start, end)
            ).fetchall()
        return [_record(r) for r in rows]

    def counts(self) -> dict[str, int]:
        with self._connect() as db:
            answers = db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            ups, downs = db.execute(
                "SELECT COALESCE(SUM(rating = 'up'), 0), COALESCE(SUM(rating = 'down'), 0) FROM feedback"
            ).fetchone()
        return {"answers": answers, "up": ups, "down": downs}


def _record(r: tuple) -> FeedbackRecord:
    return FeedbackRecord(
        id=r[0],
        created_at=r[1],
        rating=r[2],
        question=r[3],
        answer=r[4],
        citations=json.loads(r[5]),
        grounded=None if r[6] is None else bool(r[6]),
        channel=r[7],
        answer_id=r[8],
        comment=r[9],
    )
