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
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from advisor import locking
from advisor.errors import IndexUnavailable
from advisor.index import Index
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
    reports = sorted(out for out, _ in outputs)
    # One built the index; the other waited for the lock, then found every document done.
    assert "0 added, 0 updated, 0 removed, 3 unchanged" in reports[0], reports
    assert "3 added" in reports[1], reports
    manifest = Index(settings_for(small_corpus, index)).check()  # store and manifest agree
    assert manifest is not None and len(manifest["documents"]) == 3
    assert not list(tmp_path.glob("index.broken-*")), "nothing was mistaken for damage"


def test_a_killed_ingest_leaves_an_index_the_next_run_repairs(small_corpus: Path, small_index: Path) -> None:
    index = small_index  # a built index of the corpus
    # A chunking change re-embeds everything: kill it once embedding is under way.
    victim = ingest(small_corpus, index, ADVISOR_CHUNK_SIZE="400")
    seen: list[str] = []
    assert victim.stderr is not None
    reader = threading.Thread(
        target=lambda: seen.extend(iter(lambda: victim.stderr.read(1), "")), daemon=True
    )
    reader.start()
    deadline = time.monotonic() + 300
    # tqdm's bar: kill once at least one batch of 16 passages has been embedded and stored.
    while not re.search(r"Embedding passages:.*\b(1[6-9]|[2-9]\d|\d{3})/\d+", "".join(seen)):
        assert victim.poll() is None, f"the ingest ended before it could be killed: {''.join(seen)}"
        assert time.monotonic() < deadline, "".join(seen)
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    assert victim.wait(timeout=30) == -signal.SIGKILL  # it died mid-way through the rebuild

    # The next process answers (repairing the index as it opens it)...
    asked = subprocess.run(
        [sys.executable, "-m", "advisor", "ask", "How much do AI architects earn?", "--json"],
        cwd=ROOT,
        env=environment(small_corpus, index),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["grounded"] is True and "133,904" in answer["text"]
    # ... and afterwards the index is whole: Chroma's record matches the store, a new run has nothing to do.
    assert Index(settings_for(small_corpus, index)).check() is not None
    again = ingest(small_corpus, index, "--quiet")
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert "0 added, 0 updated, 0 removed, 3 unchanged" in out and "Rebuilt" not in out


def test_a_lock_held_too_long_is_reported(small_corpus: Path, tmp_path: Path, monkeypatch) -> None:
    index = tmp_path / "index"
    monkeypatch.setattr(locking, "TIMEOUT", 0.3)
    with FileLock(str(locking.lock_path(index))):  # another process's lock, as far as sync can tell
        with pytest.raises(IndexUnavailable, match="held the lock"):
            Index(settings_for(small_corpus, index)).sync(progress=False)
    assert not index.exists(), "nothing was written without the lock"
