"""Thumbs up/down on answers, kept in a small SQLite file.

Feedback is how we learn which answers help, so it must survive restarts and
upgrades: the table is created only if missing (never dropped), and every write
is its own short transaction. WAL mode lets the web server's threads read and
write at the same time without "database is locked" errors.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

Rating = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT    NOT NULL,            -- UTC, ISO 8601
    rating     TEXT    NOT NULL,            -- 'up' or 'down'
    question   TEXT    NOT NULL,
    answer     TEXT    NOT NULL,
    citations  TEXT    NOT NULL DEFAULT '[]', -- JSON list of Citation dicts
    grounded   INTEGER,                      -- 1/0, NULL when unknown
    channel    TEXT    NOT NULL DEFAULT 'web' -- 'web' (chat page) or 'api'
)
"""


@dataclass(frozen=True)
class FeedbackRecord:
    """One stored rating, as read back from the database."""

    id: int
    created_at: str
    rating: str
    question: str
    answer: str
    citations: list[dict[str, Any]]
    grounded: bool | None
    channel: str


class FeedbackStore:
    """Appends ratings to ``path``; safe to share between threads.

    A connection per call keeps it thread-safe without a lock: SQLite handles
    the concurrency, and the calls are rare and tiny.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:  # commits on success, rolls back on error
                yield db
        finally:
            db.close()

    def record(
        self,
        rating: Rating,
        question: str,
        answer: str,
        citations: list[dict[str, Any]] | None = None,
        grounded: bool | None = None,
        channel: str = "web",
    ) -> int:
        """Store one rating and return its id."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            rating,
            question,
            answer,
            json.dumps(citations or [], ensure_ascii=False),
            None if grounded is None else int(grounded),
            channel,
        )
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, rating, question, answer, citations, grounded, channel)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid or 0)

    def all(self) -> list[FeedbackRecord]:
        """Every rating, oldest first (for reports and tests; not exposed over HTTP)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, created_at, rating, question, answer, citations, grounded, channel"
                " FROM feedback ORDER BY id"
            ).fetchall()
        return [
            FeedbackRecord(
                id=r[0],
                created_at=r[1],
                rating=r[2],
                question=r[3],
                answer=r[4],
                citations=json.loads(r[5]),
                grounded=None if r[6] is None else bool(r[6]),
                channel=r[7],
            )
            for r in rows
        ]
