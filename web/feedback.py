"""What the server answered, and what people thought of it (the ``feedback`` part of the state).

Every answer served (API or chat) is stored under a random id that the client
receives; a rating must name that id, so feedback is always tied to the answer
actually served, and cannot be stored for one that never was. Each client may
rate an answer once (a unique index, so this holds across processes and nodes);
clients are kept as a salted hash of their address, never the address itself.

The tables live in a SQLite file by default or in the shared database named by
``ADVISOR_DATABASE_URL`` (see ``web.database``), whose migrations upgrade an
existing file in place without losing a row. Retention (``ADVISOR_RETENTION_DAYS``)
deletes answers and ratings older than the period; with
``ADVISOR_STORE_QUESTIONS=false`` no question text is written.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa

from advisor import Answer

from .database import Database, insert_missing
from .errors import AlreadyRated, UnknownAnswer
from .tables import answers, feedback, meta

Rating = Literal["up", "down"]
PURGE_EVERY = 200  # answers stored between two retention sweeps
SCHEMA_VERSION = 3  # the feedback part's newest migration (web/migrations/feedback)
# Built once: statements given their values at execution skip SQLAlchemy's per-call
# construction and caching work (most of the cost of an insert otherwise).
_INSERT_ANSWER = sa.insert(answers)
_GROUNDED = sa.select(answers.c.grounded).where(answers.c.id == sa.bindparam("answer_id"))
_INSERT_RATING = sa.insert(feedback).returning(feedback.c.id)
_SET_VECTOR = (
    sa.update(answers)
    .where(answers.c.id == sa.bindparam("answer_id"))
    .values(question_vector=sa.bindparam("vector"))
)


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
    """Answers served and their ratings; safe to share between threads.

    ``where`` is a SQLite file path or a database URL (``postgresql://...``), or an
    open :class:`Database`. Opening it upgrades its schema.
    """

    def __init__(
        self, where: str | Path | Database, *, retention_days: int = 0, store_questions: bool = True
    ):
        self.db = Database.at(where, "feedback")
        self.path = self.db.path
        self.retention_days = retention_days
        self.store_questions = store_questions
        self._stored = 0
        with self.db.write() as conn:
            salt = conn.execute(sa.select(meta.c.value).where(meta.c.key == "client_salt")).scalar()
            if salt is None:
                insert_missing(conn, meta, {"key": "client_salt", "value": secrets.token_hex(16)}, ["key"])
        with self.db.read() as conn:  # another node may have written it first
            self._salt = conn.execute(sa.select(meta.c.value).where(meta.c.key == "client_salt")).scalar_one()
        self.purge()

    @property
    def where(self) -> str:
        """The file or database (without password), for reports and messages."""
        return self.db.where

    def close(self) -> None:
        """Close pooled connections (a later call opens new ones)."""
        self.db.close()

    def migrate(self) -> int:
        """Bring the schema up to date (done on opening); return the version."""
        self.db.upgrade()
        return self.version()

    def version(self) -> int:
        current = self.db.status().current
        return int(current) if current else 0

    # --- answers ---------------------------------------------------------------

    def record_answer(
        self, answer: Answer, question: str, channel: str, question_vector: bytes | None = None
    ) -> str:
        """Keep what was answered; return the new answer's id.

        ``question_vector`` (the question's embedding, for declined questions) is kept even
        when question text is not: it lets the staff page group unanswered questions by meaning.
        """
        answer_id = secrets.token_urlsafe(12)
        row = dict(
            id=answer_id,
            created_at=_stamp(_now()),
            channel=channel,
            question=question if self.store_questions else None,
            answer=answer.text,
            citations=json.dumps([c.to_dict() for c in answer.citations], ensure_ascii=False),
            grounded=int(answer.grounded),
            backend=answer.backend,
            question_vector=question_vector,
        )
        with self.db.write() as conn:
            conn.execute(_INSERT_ANSWER, row)
        self._stored += 1
        if self._stored % PURGE_EVERY == 0:
            self.purge()
        return answer_id

    def keep_question_vectors(self, vectors: dict[str, bytes]) -> None:
        """Store the embeddings of answers' questions (answer id -> float32 bytes), in one batch.

        A declined question the advisor had not embedded is stored without its vector, so
        that no answer waits for a model run; the staff page embeds its text when it first
        groups it and keeps the vector here, so that it is embedded once.
        """
        if not vectors:
            return
        with self.db.write() as conn:
            conn.execute(_SET_VECTOR, [{"answer_id": a, "vector": v} for a, v in vectors.items()])

    def client_key(self, client: str) -> str:
        """A stable pseudonym for a client address (the address itself is never stored)."""
        return hashlib.sha256(f"{self._salt}:{client}".encode()).hexdigest()[:24]

    def rate(
        self, answer_id: str, rating: Rating, client: str, comment: str = "", channel: str = "api"
    ) -> int:
        """Store one rating of a served answer; return its row id.

        Raises UnknownAnswer for an id never served (or purged), AlreadyRated when
        this client rated it before (through any process or node sharing the database).
        """
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        try:
            with self.db.write() as conn:
                grounded = conn.execute(_GROUNDED, {"answer_id": answer_id}).first()
                if grounded is None:
                    raise UnknownAnswer()
                row = dict(
                    created_at=_stamp(_now()),
                    rating=rating,
                    question="",
                    answer="",
                    citations="[]",
                    grounded=grounded[0],
                    channel=channel,
                    answer_id=answer_id,
                    client=self.client_key(client),
                    comment=comment,
                )
                row_id = conn.execute(_INSERT_RATING, row).scalar_one()
        except sa.exc.IntegrityError:
            raise AlreadyRated() from None
        return int(row_id)

    def answer(self, answer_id: str) -> dict[str, Any] | None:
        shown = [c for c in answers.c if c.name != "question_vector"]
        with self.db.read() as conn:
            row = conn.execute(sa.select(*shown).where(answers.c.id == answer_id)).mappings().first()
        if row is None:
            return None
        return {**dict(row), "citations": json.loads(row["citations"]), "grounded": bool(row["grounded"])}

    # --- retention ---------------------------------------------------------------

    def purge(self) -> int:
        """Delete answers and ratings older than the retention period; return rows deleted."""
        if self.retention_days <= 0:
            return 0
        cutoff = _stamp(_now() - timedelta(days=self.retention_days))
        old_answers = sa.select(answers.c.id).where(answers.c.created_at < cutoff)
        with self.db.write() as conn:
            gone = conn.execute(sa.delete(feedback).where(feedback.c.created_at < cutoff)).rowcount
            gone += conn.execute(sa.delete(feedback).where(feedback.c.answer_id.in_(old_answers))).rowcount
            gone += conn.execute(sa.delete(answers).where(answers.c.created_at < cutoff)).rowcount
        return gone

    # --- reading -------------------------------------------------------------------

    def _records(self) -> sa.Select:
        f, a = feedback, answers
        return sa.select(
            f.c.id,
            f.c.created_at,
            f.c.rating,
            sa.case((f.c.answer_id.is_(None), f.c.question), else_=a.c.question),
            sa.func.coalesce(a.c.answer, f.c.answer),
            sa.func.coalesce(a.c.citations, f.c.citations),
            sa.func.coalesce(a.c.grounded, f.c.grounded),
            f.c.channel,
            f.c.answer_id,
            sa.func.coalesce(f.c.comment, ""),
        ).select_from(f.outerjoin(a, a.c.id == f.c.answer_id))

    def all(self) -> list[FeedbackRecord]:
        """Every rating with the answer it rates, oldest first (not exposed over HTTP)."""
        with self.db.read() as conn:
            rows = conn.execute(self._records().order_by(feedback.c.id)).all()
        return [_record(r) for r in rows]

    def ratings_of(self, answer_ids: Iterable[str]) -> list[FeedbackRecord]:
        """The ratings of these answers (those still kept), oldest first."""
        ids = list(dict.fromkeys(answer_ids))
        rows: list[Any] = []
        with self.db.read() as conn:
            for start in range(0, len(ids), 500):  # well under SQLite's limit on bound parameters
                chunk = ids[start : start + 500]
                rows += conn.execute(self._records().where(feedback.c.answer_id.in_(chunk))).all()
        return [_record(r) for r in sorted(rows, key=lambda r: r[0])]

    def served_between(self, start: str, end: str) -> list[ServedAnswer]:
        """Answers served from ``start`` (inclusive) to ``end`` (exclusive), ISO UTC stamps, oldest first."""
        a = answers.c
        query = (
            sa.select(a.id, a.created_at, a.channel, a.question, a.citations, a.grounded, a.question_vector)
            .where(a.created_at >= start, a.created_at < end)
            .order_by(a.created_at)
        )
        with self.db.read() as conn:
            rows = conn.execute(query).all()
        return [ServedAnswer(r[0], r[1], r[2], r[3], json.loads(r[4]), bool(r[5]), r[6]) for r in rows]

    def ratings_between(self, start: str, end: str) -> list[FeedbackRecord]:
        """Ratings given from ``start`` (inclusive) to ``end`` (exclusive), oldest first."""
        f = feedback.c
        query = self._records().where(f.created_at >= start, f.created_at < end).order_by(f.id)
        with self.db.read() as conn:
            rows = conn.execute(query).all()
        return [_record(r) for r in rows]

    def counts(self) -> dict[str, int]:
        def count(rating: str) -> Any:
            return sa.func.coalesce(sa.func.sum(sa.case((feedback.c.rating == rating, 1), else_=0)), 0)

        with self.db.read() as conn:
            n_answers = conn.execute(sa.select(sa.func.count()).select_from(answers)).scalar_one()
            ups, downs = conn.execute(sa.select(count("up"), count("down"))).one()
        return {"answers": int(n_answers), "up": int(ups), "down": int(downs)}


def _record(r: Any) -> FeedbackRecord:
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
