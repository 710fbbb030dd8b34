"""Ingest under concurrency and crashes, with real processes.

Two ``python -m advisor ingest`` runs at once take turns (an inter-process file
lock); an ingest killed with SIGKILL in the middle of embedding leaves an index
that the next run repairs, and that answers from the corpus afterwards.

The processes share the session's built ONNX model (``ADVISOR_MODEL_CACHE``), as
every run after the first does on a user's machine: what is timed and killed
here is the index, not the one-off export of the model.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from advisor import locking
from advisor.errors import IndexUnavailable
from advisor.index import Index, SyncReport
from advisor.settings import ROOT
from tests.conftest import MODEL_CACHE, settings_for


def environment(corpus: Path, index: Path, **env: str) -> dict[str, str]:
    """The environment of an advisor process on this corpus and index."""
    return dict(
        os.environ,
        ADVISOR_CORPUS_DIR=str(corpus),
        ADVISOR_INDEX_DIR=str(index),
        ADVISOR_MODEL_CACHE=str(MODEL_CACHE),
        ADVISOR_LLM="",
        **env,
    )


def ingest(corpus: Path, index: Path, *extra: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "advisor", "ingest", *extra],
        cwd=ROOT,
        env=environment(corpus, index, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_concurrent_ingests_take_turns(small_corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    first, second = ingest(small_corpus, index, "--quiet"), ingest(small_corpus, index, "--quiet")
    outputs = [p.communicate(timeout=600) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    # (sorted by the summary line that closes each report; a table of documents comes first)
    reports = sorted((out for out, _ in outputs), key=lambda out: out.strip().splitlines()[-1])
    # One built the index; the other waited for the lock, then found every document done.
    assert "0 added, 0 updated, 0 removed, 3 unchanged" in reports[0], reports
    assert "3 added" in reports[1], reports
    manifest = Index(settings_for(small_corpus, index)).check()  # store and manifest agree
    assert manifest is not None and len(manifest["documents"]) == 3
    assert not list(tmp_path.glob("index.broken-*")), "nothing was mistaken for damage"


# An ingest process that stops, for good, right after it has stored one whole document while
# others are still to come, and says so in a file: the test then kills it with SIGKILL at
# that known point, whatever the machine's speed (no progress bar to wait for). Batches of
# four passages, so that point falls between two batches of even a small corpus.
PAUSING_INGEST = """
import json, os, sys, time
from pathlib import Path
import advisor.index as ix
from advisor.cli import main

ix.ADD_BATCH = 4
marker = Path(os.environ["PAUSE_MARKER"])
real_add, real_batch = ix.Index._add, ix.Index._add_batch
todo, stored, expected = [0], {}, {}

def add(self, passages, progress):
    todo[0] = len(passages)
    return real_add(self, passages, progress)

def add_batch(self, group, vectors):
    real_batch(self, group, vectors)
    todo[0] -= len(group)
    for p in group:
        stored[p.meta["source"]] = stored.get(p.meta["source"], 0) + 1
        expected[p.meta["source"]] = p.meta["doc_passages"]
    whole = sorted(s for s in stored if stored[s] == expected[s])
    if todo[0] > 0 and whole:
        marker.write_text(json.dumps(whole))
        time.sleep(3600)

ix.Index._add, ix.Index._add_batch = add, add_batch
sys.exit(main(["ingest"]))
"""


def kill_mid_ingest(corpus: Path, index: Path, marker: Path, **env: str) -> list[str]:
    """Run an ingest until it has stored a whole document and others remain, then SIGKILL it;
    returns the documents it had stored whole."""
    victim = subprocess.Popen(
        [sys.executable, "-c", PAUSING_INGEST],
        cwd=ROOT,
        env=environment(corpus, index, PAUSE_MARKER=str(marker), **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 600
    while not (marker.exists() and marker.read_text()):
        assert victim.poll() is None, f"the ingest ended before the pause: {victim.stderr.read()}"
        assert time.monotonic() < deadline, "the ingest never stored a whole document"
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    assert victim.wait(timeout=30) == -signal.SIGKILL  # it died mid-way through the ingest
    return json.loads(marker.read_text())


def test_an_ingest_killed_half_way_resumes_where_it_stopped(
    small_corpus: Path, small_index_build: tuple[Path, SyncReport], tmp_path: Path
) -> None:
    index = tmp_path / "index"  # a first build, at the default settings, killed half-way
    whole = kill_mid_ingest(small_corpus, index, tmp_path / "paused")
    assert whole and len(whole) < 3
    again = ingest(small_corpus, index)  # the same settings
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    # The documents stored whole are kept; only the others are embedded again.
    assert f"{len(whole)} unchanged" in out and "Rebuilt" not in out + err, out + err
    assert not list(tmp_path.glob("index.broken-*")), "a half-built index is not damage"
    resumed = Index(settings_for(small_corpus, index)).check()
    clean = shutil.copytree(small_index_build[0], tmp_path / "clean")  # the session's clean build
    built = Index(settings_for(small_corpus, clean)).check()
    assert resumed is not None and built is not None
    assert {d: sorted(v["passages"]) for d, v in resumed["documents"].items()} == {
        d: sorted(v["passages"]) for d, v in built["documents"].items()
    }, "the resumed index holds exactly what a clean build does"
    answer = ask_process(small_corpus, index)
    assert answer["grounded"] is True and "133,904" in answer["text"]


def test_a_killed_ingest_at_new_settings_leaves_an_index_the_next_run_repairs(
    small_corpus: Path, small_index: Path, tmp_path: Path
) -> None:
    index = small_index  # a built index of the corpus
    # A chunking change re-embeds everything: kill it once it has stored a document.
    kill_mid_ingest(small_corpus, index, tmp_path / "paused", ADVISOR_CHUNK_SIZE="400")
    # The next process, at the old settings, answers (rebuilding the index as it opens it)...
    answer = ask_process(small_corpus, index)
    assert answer["grounded"] is True and "133,904" in answer["text"]
    # ... and afterwards the index is whole: Chroma's record matches the store, a new run has nothing to do.
    assert Index(settings_for(small_corpus, index)).check() is not None
    again = ingest(small_corpus, index, "--quiet")
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert "0 added, 0 updated, 0 removed, 3 unchanged" in out and "Rebuilt" not in out


def ask_process(corpus: Path, index: Path) -> dict:
    asked = subprocess.run(
        [sys.executable, "-m", "advisor", "ask", "How much do AI architects earn?", "--json"],
        cwd=ROOT,
        env=environment(corpus, index),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert asked.returncode == 0, asked.stderr
    return json.loads(asked.stdout)


def test_a_lock_held_too_long_is_reported(small_corpus: Path, tmp_path: Path, monkeypatch) -> None:
    index = tmp_path / "index"
    monkeypatch.setattr(locking, "TIMEOUT", 0.3)
    with FileLock(str(locking.lock_path(index))):  # another process's lock, as far as sync can tell
        with pytest.raises(IndexUnavailable, match="held the lock"):
            Index(settings_for(small_corpus, index)).sync(progress=False)
    assert not index.exists(), "nothing was written without the lock"
