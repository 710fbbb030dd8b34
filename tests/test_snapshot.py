"""The serving snapshot: a local index is served without chromadb or LangChain when the
snapshot still mirrors the corpus, and from Chroma (rewriting the snapshot) otherwise;
a stale or damaged snapshot never changes an answer and never raises."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from advisor import Advisor
from advisor.index import Index
from advisor.settings import ROOT
from advisor.snapshot import SnapshotInvalid, read
from tests.conftest import settings_for

QUESTION = "How long is the CKA certification valid?"


@pytest.fixture
def built(small_corpus, small_index):
    """The small corpus indexed into a local store, and the snapshot that sync wrote: a private
    copy of the session's first build of it (``small_index``), which each test may change."""
    return settings_for(small_corpus, small_index)


def _answer(settings):
    adv = Advisor(settings)
    return adv, adv.ask(QUESTION)


def test_sync_writes_a_snapshot_that_mirrors_chroma(built):
    index = Index(built)
    header, data = read(index.snapshot_path)
    record = index.check()
    from_chroma = index.read_data(record)
    assert header["index_settings"] == record["settings"]
    assert data.passage_ids == from_chroma.passage_ids and data.unit_texts == from_chroma.unit_texts
    assert np.array_equal(data.passage_vecs, from_chroma.passage_vecs)
    assert np.array_equal(data.unit_vecs, from_chroma.unit_vecs)
    assert data.documents == record["documents"]


def test_answers_from_the_snapshot_equal_answers_from_chroma(built):
    index = Index(built)
    assert index.load_snapshot() is not None
    _, from_snapshot = _answer(built)
    index.snapshot_path.unlink()
    adv, from_chroma = _answer(built)  # no snapshot: read from Chroma, and written again
    assert from_snapshot.grounded and from_snapshot.text == from_chroma.text
    assert from_snapshot.citations == from_chroma.citations
    assert index.snapshot_path.exists()


def test_serving_from_the_snapshot_imports_neither_chromadb_nor_langchain(built):
    script = textwrap.dedent(
        f"""
        import json, sys
        from advisor import Advisor
        from advisor.settings import Settings
        adv = Advisor(Settings(corpus_dir={str(built.corpus_dir)!r}, index_dir={str(built.index_dir)!r},
                               model_cache={str(built.model_cache)!r}, llm=""))
        answer = adv.ask({QUESTION!r})
        heavy = [m for m in ("chromadb", "langchain_core", "torch") if m in sys.modules]
        print(json.dumps({{"grounded": answer.grounded, "heavy": heavy}}))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"grounded": True, "heavy": []}


def test_a_changed_corpus_makes_the_snapshot_stale(built, small_corpus):
    index = Index(built)
    doc = small_corpus / "certifications" / "certified-kubernetes-administrator.md"
    doc.write_text(doc.read_text("utf-8").replace("CKA", "CKA (Kubernetes)", 1), "utf-8")
    assert index.load_snapshot() is None
    adv, answer = _answer(built)
    assert answer.grounded
    assert [n.rsplit("/", 1)[-1] for n in adv.last_sync.updated] == ["certified-kubernetes-administrator.md"]
    assert index.load_snapshot() is not None  # the sync wrote a new one


def test_other_settings_make_the_snapshot_stale(built):
    from dataclasses import replace

    assert Index(replace(built, chunk_size=500)).load_snapshot() is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),  # truncated
        lambda p: p.write_bytes(b"not a snapshot at all"),
        lambda p: p.write_bytes(p.read_bytes().replace(b"Kubernetes", b"Kubernetos", 1)),  # bit rot
    ],
    ids=["truncated", "garbage", "altered"],
)
def test_a_damaged_snapshot_is_ignored_and_rewritten(built, damage):
    index = Index(built)
    _, expected = _answer(built)
    damage(index.snapshot_path)
    with pytest.raises(SnapshotInvalid):
        read(index.snapshot_path)
    assert index.load_snapshot() is None
    _, answer = _answer(built)  # served from Chroma, never a traceback
    assert answer.text == expected.text and answer.citations == expected.citations
    assert index.load_snapshot() is not None


def test_a_missing_chroma_store_is_not_served_from_its_snapshot(built):
    index = Index(built)
    index.close()  # as in a new process: this one's client would remember the store
    shutil.rmtree(index.chroma_dir)
    assert index.load_snapshot() is None
    adv, answer = _answer(built)  # rebuilt from the corpus
    assert answer.grounded and len(adv.last_sync.added) == 3


def test_a_sync_removes_the_snapshot_before_writing_to_chroma(built, small_corpus, monkeypatch):
    index = Index(built)
    (small_corpus / "extra.md").write_text("# Extra\n\nThe CKA exam lasts two hours.\n", "utf-8")

    def stop(*args, **kwargs):
        raise KeyboardInterrupt  # as if the build were stopped half-way

    monkeypatch.setattr(Index, "_add", stop)
    with pytest.raises(KeyboardInterrupt):
        index.sync(progress=False)
    assert not index.snapshot_path.exists()


def test_the_snapshot_reports_skipped_files_again(built, small_corpus, caplog):
    (small_corpus / "broken.md").write_bytes(b"\xff\xfe not utf-8 \x00")
    Index(built).sync(progress=False)
    adv = Advisor(built)
    adv.load()
    assert Index(built).load_snapshot() is not None and adv.last_sync.skipped
    assert "broken.md" in caplog.text
