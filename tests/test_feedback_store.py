"""Answers kept under server-issued ids, ratings tied to them, schema migration, retention,
and the ``career-advisor feedback`` report. Real SQLite files; the CLI in a real process."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from advisor import Answer, Citation
from advisor.errors import SettingsError
from advisor.settings import ROOT
from web.cli import main as cli_main
from web.errors import AlreadyRated, UnknownAnswer
from web.feedback import SCHEMA_VERSION, FeedbackStore

SALARY = Answer(
    text="AI architects earn $133,904 a year on average [1].\n\n**Sources**\n[1] What Is an AI Architect?",
    citations=[
        Citation(
            1,
            "What Is an AI Architect?",
            "https://www.coursera.org/articles/ai-architect",
            "a.md",
            "...$133,904...",
        )
    ],
)
DECLINE = Answer(text="I can't answer that from my sources.", grounded=False)

# The table exactly as the first release created it, with two of its rows.
V1_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT    NOT NULL,
    rating     TEXT    NOT NULL,
    question   TEXT    NOT NULL,
    answer     TEXT    NOT NULL,
    citations  TEXT    NOT NULL DEFAULT '[]',
    grounded   INTEGER,
    channel    TEXT    NOT NULL DEFAULT 'web'
)
"""
V1_ROWS = [
    (
        "2026-11-01T10:00:00+00:00",
        "up",
        "What does an AI architect do?",
        "They design [1].",
        '[{"n": 1}]',
        1,
        "web",
    ),
    ("2026-11-02T11:00:00+00:00", "down", "Pizza?", "I can't answer that.", "[]", 0, "api"),
]


def v1_database(path: Path) -> None:
    db = sqlite3.connect(path)
    with db:
        db.execute(V1_SCHEMA)
        db.executemany(
            "INSERT INTO feedback (created_at, rating, question, answer, citations, grounded, channel)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            V1_ROWS,
        )
    db.close()


def test_a_first_release_database_is_migrated_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    v1_database(path)
    store = FeedbackStore(path)
    assert store.version() == SCHEMA_VERSION == 3
    old = store.all()
    assert [(r.created_at, r.rating, r.question, r.answer, r.channel) for r in old] == [
        (row[0], row[1], row[2], row[3], row[6]) for row in V1_ROWS
    ]
    assert old[0].citations == [{"n": 1}] and old[0].grounded is True and old[0].answer_id is None

    # New answers and ratings go in next to the old rows; reopening changes nothing.
    answer_id = store.record_answer(SALARY, "How much do AI architects earn?", "api")
    store.rate(answer_id, "down", client="198.51.100.1", comment="too short")
    again = FeedbackStore(path)
    assert again.version() == 3 and len(again.all()) == 3
    assert again.all()[:2] == old


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    FeedbackStore(path).close()
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE alembic_version_feedback SET version_num = '9999'")
    db.close()
    before = path.read_bytes()
    with pytest.raises(
        SettingsError, match=r"newer version of the advisor \(schema 9999; this one knows up to 0003"
    ):
        FeedbackStore(path)
    assert path.read_bytes() == before

    # a file from before the migrations, with a version number past the last one they wrote
    legacy = tmp_path / "legacy.sqlite3"
    v1_database(legacy)
    db = sqlite3.connect(legacy)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(SettingsError, match="newer version"):
        FeedbackStore(legacy)


def test_ratings_name_a_served_answer_once_per_client(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    answer_id = store.record_answer(SALARY, "How much do AI architects earn?", "web")
    assert store.answer(answer_id)["answer"] == SALARY.text
    store.rate(answer_id, "up", client="203.0.113.5")
    with pytest.raises(AlreadyRated):
        store.rate(answer_id, "down", client="203.0.113.5")
    store.rate(answer_id, "down", client="203.0.113.6")  # another client may
    with pytest.raises(UnknownAnswer):
        store.rate("never-served", "up", client="203.0.113.5")
    assert [r.rating for r in store.all()] == ["up", "down"]
    # Clients are pseudonyms, never the address itself.
    raw = sqlite3.connect(store.path).execute("SELECT client FROM feedback").fetchall()
    assert all("203.0.113" not in c for (c,) in raw)


def test_many_threads_and_two_processes_log_answers_at_once_without_losing_one(tmp_path: Path) -> None:
    # As a server under load does: every answer served is logged, none fails on a busy database.
    path = tmp_path / "fb.sqlite3"
    stores = [FeedbackStore(path), FeedbackStore(path)]  # two workers sharing one file
    with ThreadPoolExecutor(max_workers=16) as pool:
        ids = list(
            pool.map(lambda i: stores[i % 2].record_answer(SALARY, f"question {i}", "api"), range(400))
        )
    assert len(set(ids)) == 400
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 400


def test_a_failed_write_rolls_back_and_the_next_one_still_lands(tmp_path: Path) -> None:
    # The store keeps one write connection open; an error inside a write must not
    # leave it in a half-done transaction that swallows or blocks later writes.
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    first = store.record_answer(SALARY, "first", "api")
    store.rate(first, "up", client="203.0.113.5")
    with pytest.raises(AlreadyRated):
        store.rate(first, "up", client="203.0.113.5")  # fails inside the transaction
    second = store.record_answer(SALARY, "second", "api")
    store.close()
    third = store.record_answer(SALARY, "third", "api")  # a write after close() reopens
    other = FeedbackStore(store.path)  # what another process would read from the file
    assert [other.answer(i)["question"] for i in (first, second, third)] == ["first", "second", "third"]
    assert len(other.all()) == 1


def test_retention_deletes_old_answers_and_their_ratings(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(path, retention_days=30)
    old_id = store.record_answer(SALARY, "old question", "api")
    new_id = store.record_answer(SALARY, "new question", "api")
    store.rate(old_id, "up", client="c")
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE answers SET created_at = '2020-01-01T00:00:00+00:00' WHERE id = ?", (old_id,))
        db.execute("UPDATE feedback SET created_at = '2020-01-01T00:00:00+00:00'")
    db.close()
    assert store.purge() == 2
    assert store.answer(old_id) is None and store.answer(new_id) is not None
    assert store.all() == []
    with pytest.raises(UnknownAnswer):
        store.rate(old_id, "down", client="c")


def test_no_question_text_is_kept_when_switched_off(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3", store_questions=False)
    answer_id = store.record_answer(SALARY, "my private question about my career", "web")
    store.rate(answer_id, "up", client="c")
    assert store.answer(answer_id)["question"] is None
    assert store.all()[0].question is None and store.all()[0].answer == SALARY.text
    dump = "\n".join(sqlite3.connect(store.path).iterdump())
    assert "private question" not in dump


def test_feedback_report_and_csv_export(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    v1_database(path)
    store = FeedbackStore(path)
    bad = store.record_answer(SALARY, "How much do AI architects earn?", "api")
    for client in ("a", "b"):
        store.rate(bad, "down", client=client, comment="figure is from 2024" if client == "a" else "")
    good = store.record_answer(DECLINE, "What is the best pizza?", "web")
    store.rate(good, "up", client="a")

    out = tmp_path / "ratings.csv"
    env = dict(os.environ, ADVISOR_FEEDBACK_DB=str(path))
    result = subprocess.run(
        [sys.executable, "-m", "web.cli", "feedback", "--csv", str(out), "--worst", "3"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "answers kept: 2" in report and "ratings: 5  up: 2  down: 3" in report
    worst = report.split("Worst-rated answers")[1]
    assert worst.index("How much do AI architects earn?") < worst.index("Pizza?")  # 2 downs before 1
    assert "source [1] What Is an AI Architect?" in worst and "comment: figure is from 2024" in worst
    with open(out, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 5 and f"Wrote 5 ratings to {out}" in report
    assert {r["question"] for r in rows} >= {"Pizza?", "How much do AI architects earn?"}
    assert json.loads(json.dumps(rows[-1]))["answer_id"] == good


def test_feedback_report_without_a_database_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    # The same command in this process: the one above already runs it as a program.
    monkeypatch.setenv("ADVISOR_FEEDBACK_DB", str(tmp_path / "none.sqlite3"))
    assert cli_main(["feedback"]) == 1
    assert "no feedback database" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()
