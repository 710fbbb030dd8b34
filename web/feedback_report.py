"""``career-advisor feedback``: what people thought of the answers, from the SQLite file.

Prints counts and the worst-rated answers (with their questions and sources) so
that someone can see what to fix, and exports every rating to CSV for a
spreadsheet. Reading the database also migrates it to the current schema.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .database import open_part
from .feedback import FeedbackRecord, FeedbackStore

CSV_COLUMNS = [
    "id",
    "created_at",
    "rating",
    "channel",
    "answer_id",
    "question",
    "answer",
    "sources",
    "grounded",
    "comment",
]


@dataclass
class Rated:
    """One answer and the ratings it received."""

    question: str | None
    answer: str
    sources: list[str]
    up: int = 0
    down: int = 0
    comments: list[str] = field(default_factory=list)


def _sources(record: FeedbackRecord) -> list[str]:
    return [f"[{c.get('n')}] {c.get('title', '')}" for c in record.citations]


def by_answer(records: list[FeedbackRecord]) -> list[Rated]:
    """Ratings grouped per answer (version-1 rows, without an id, by their own text)."""
    groups: dict[tuple, Rated] = {}
    for r in records:
        key = ("id", r.answer_id) if r.answer_id else ("text", r.question, r.answer)
        rated = groups.setdefault(key, Rated(r.question, r.answer, _sources(r)))
        if r.rating == "up":
            rated.up += 1
        else:
            rated.down += 1
        if r.comment:
            rated.comments.append(r.comment)
    return list(groups.values())


def worst(records: list[FeedbackRecord], n: int) -> list[Rated]:
    """The answers with the most thumbs down net of thumbs up (only those with a down)."""
    rated = [r for r in by_answer(records) if r.down]
    return sorted(rated, key=lambda r: (r.up - r.down, -r.down))[:n]


def report(store: FeedbackStore, n: int = 5, retention_days: int = 0) -> str:
    records = store.all()
    counts = store.counts()
    total = counts["up"] + counts["down"]
    lines = [
        f"Feedback in {store.where} (schema version {store.version()})",
        f"  answers kept: {counts['answers']:,}"
        + (f" (retention: {retention_days} days)" if retention_days else " (kept until deleted)"),
        f"  ratings: {total:,}  up: {counts['up']:,}  down: {counts['down']:,}"
        + (f"  ({counts['up'] / total:.0%} up)" if total else ""),
    ]
    channels: dict[str, int] = defaultdict(int)
    for r in records:
        channels[r.channel] += 1
    if channels:
        lines.append("  by channel: " + ", ".join(f"{c} {k:,}" for c, k in sorted(channels.items())))
    bad = worst(records, n)
    if bad:
        lines += ["", f"Worst-rated answers (up to {n}):"]
    for i, r in enumerate(bad, 1):
        question = r.question if r.question is not None else "(question not kept)"
        answer = " ".join(r.answer.split("**Sources**")[0].split())
        lines += [
            f"{i}. down {r.down}, up {r.up}: {question}",
            f"   answer: {answer[:300]}{'…' if len(answer) > 300 else ''}",
        ]
        lines += [f"   source {s}" for s in r.sources] or ["   (no sources: the advisor declined)"]
        lines += [f"   comment: {c}" for c in r.comments]
    return "\n".join(lines)


def export_csv(store: FeedbackStore, path: Path) -> int:
    """Every rating, one row each, with its answer; returns the number of rows."""
    records = store.all()
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        for r in records:
            writer.writerow(
                [
                    r.id,
                    r.created_at,
                    r.rating,
                    r.channel,
                    r.answer_id or "",
                    r.question if r.question is not None else "",
                    r.answer,
                    "; ".join(_sources(r)),
                    "" if r.grounded is None else int(r.grounded),
                    r.comment,
                ]
            )
    return len(records)


def _run(args: argparse.Namespace) -> int:
    from advisor.settings import Settings

    settings = Settings.from_env()
    if args.db or not settings.database_url:
        db = args.db or settings.feedback_db
        if "://" not in str(db) and not Path(db).exists():
            print(f"error: {db}: no feedback database (nothing has been served yet)", file=sys.stderr)
            return 1
        store = FeedbackStore(db)  # reading only: retention is applied by the server
    else:
        store = FeedbackStore(open_part(settings, "feedback"))
    print(report(store, args.worst, settings.retention_days))
    if args.csv:
        rows = export_csv(store, args.csv)
        print(f"\nWrote {rows:,} ratings to {args.csv}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``feedback`` to the ``career-advisor`` command."""
    p = sub.add_parser("feedback", help="report on answer ratings; export them as CSV")
    p.add_argument("--db", type=Path, help="the SQLite file (default: ADVISOR_FEEDBACK_DB)")
    p.add_argument("--csv", type=Path, help="also write every rating to this CSV file")
    p.add_argument("--worst", type=int, default=5, help="how many worst-rated answers to list (default 5)")
    p.set_defaults(run=_run)
