"""Building the index: incremental, idempotent, and robust to broken input.

Tests about what happens *after* a first build start from a copy of the small
corpus's index (``small_index``, built once per session); tests about building
from nothing still build.
"""

from __future__ import annotations

import pytest

from advisor import Advisor
from advisor.index import PASSAGES, SNAPSHOT_FILE, Index
from tests.conftest import settings_for

# The small corpus's one article and two certification documents.
THREE = [
    "aws-machine-learning-specialty.md",
    "certified-kubernetes-administrator.md",
    "coursera-what-is-an-ai-architect.md",
]


def passages(index: Index) -> dict:
    got = index.client().get_collection(PASSAGES).get(include=["metadatas"])
    return dict(zip(got["ids"], got["metadatas"]))


def test_first_ingest_stores_passages_with_their_metadata(small_corpus, small_index_build, small_index):
    report = small_index_build[1]  # the first ingest of the small corpus, into an empty folder
    assert sorted(n.rsplit("/", 1)[-1] for n in report.added) == THREE
    assert not report.updated and not report.removed and not report.rebuilt
    index = Index(settings_for(small_corpus, small_index))
    stored = passages(index)
    assert len(stored) == report.passages > 10
    salary = [m for m in stored.values() if m["section"] == "AI architect salary and job outlook"]
    assert salary, "the section title is kept in the metadata"
    assert salary[0]["title"] == "What Is an AI Architect? Meaning, Duties + How to Become One"
    assert salary[0]["publisher"] == "Coursera"
    assert salary[0]["url"] == "https://www.coursera.org/articles/ai-architect"


def test_reingest_is_incremental(small_corpus, small_index):
    index = Index(settings_for(small_corpus, small_index))
    before = passages(index)

    again = index.sync(progress=False)
    assert not again.changed and len(again.unchanged) == 3
    assert passages(index) == before

    cka = small_corpus / "certifications" / "certified-kubernetes-administrator.md"
    cka.write_text(cka.read_text("utf-8") + "\nThe CKA exam has a new practice lab.\n", "utf-8")
    changed = index.sync(progress=False)
    assert [n.rsplit("/", 1)[-1] for n in changed.updated] == ["certified-kubernetes-administrator.md"]
    assert len(changed.unchanged) == 2
    texts = index.client().get_collection(PASSAGES).get()["documents"]
    assert any("new practice lab" in t for t in texts)

    (small_corpus / "certifications" / "aws-machine-learning-specialty.md").unlink()
    removed = index.sync(progress=False)
    assert [n.rsplit("/", 1)[-1] for n in removed.removed] == ["aws-machine-learning-specialty.md"]
    assert not any("aws-machine-learning-specialty" in pid for pid in passages(index))


def test_chunking_change_rebuilds(small_corpus, small_index):
    report = Index(settings_for(small_corpus, small_index, chunk_size=400)).sync(progress=False)
    assert "settings changed" in report.rebuilt
    assert len(report.added) == 3


def test_broken_file_is_skipped_and_its_last_good_version_kept(small_corpus, small_index):
    index = Index(settings_for(small_corpus, small_index))
    before = passages(index)
    cka = small_corpus / "certifications" / "certified-kubernetes-administrator.md"
    cka.write_text('---\ntitle: "unclosed\n---\nBody\n', "utf-8")
    (small_corpus / "binary.md").write_bytes(b"\x00\x01\x02")
    report = index.sync(progress=False)
    assert len(report.skipped) == 2
    assert any("front matter is not valid YAML" in s for s in report.skipped)
    assert any("binary" in s for s in report.skipped)
    assert "previous version" in report.summary()
    assert passages(index) == before


def test_index_of_another_version_is_set_aside_and_rebuilt(small_corpus, tmp_path):
    index = Index(settings_for(small_corpus, tmp_path / "idx"))
    old = index.client().get_or_create_collection(PASSAGES, embedding_function=None)
    old.add(ids=["x#0"], documents=["old"], metadatas=[{"source": "x.md"}], embeddings=[[0.1] * 384])
    report = Index(settings_for(small_corpus, tmp_path / "idx")).sync(progress=False)
    assert "another version" in report.rebuilt
    kept = list(tmp_path.glob("idx.broken-*"))
    assert kept and (kept[0] / "WHY.txt").exists(), "the old index is kept, not deleted"
    assert len(report.added) == 3 and "x#0" not in passages(
        Index(settings_for(small_corpus, tmp_path / "idx"))
    )


def test_chroma_is_the_only_record(small_corpus, small_index):
    # besides the store, only the serving snapshot derived from it (advisor.snapshot)
    assert sorted(p.name for p in small_index.iterdir()) == ["chroma", SNAPSHOT_FILE]
    (small_index / SNAPSHOT_FILE).unlink()
    record = Index(settings_for(small_corpus, small_index)).check()
    assert record["settings"]["embedding_build"] and record["settings"]["chunk_size"] == 700
    cka = next(d for name, d in record["documents"].items() if name.endswith("kubernetes-administrator.md"))
    assert cka["title"] and cka["meta"]["code"] == "CKA" and len(cka["sha256"]) == 64


def test_embedding_build_change_rebuilds(small_corpus, small_index):
    index = Index(settings_for(small_corpus, small_index))
    col = index.collection(PASSAGES)
    col.modify(metadata={**col.metadata, "embedding_build": "an-older-model"})
    report = Index(settings_for(small_corpus, small_index)).sync(progress=False)
    assert "embedding model" in report.rebuilt and len(report.added) == 3
    assert index.check()["settings"]["embedding_build"] == index.embedder().build_id


def test_document_left_half_embedded_is_embedded_again(small_corpus, small_index):
    index = Index(settings_for(small_corpus, small_index))
    cka = [pid for pid in passages(index) if "kubernetes-administrator" in pid]
    index.collection(PASSAGES).delete(ids=cka[-1:])  # as if a build had stopped half-way
    report = index.sync(progress=False)
    assert [n.rsplit("/", 1)[-1] for n in report.updated] == ["certified-kubernetes-administrator.md"]
    assert sorted(p for p in passages(index) if "kubernetes-administrator" in p) == sorted(cka)


def test_foreign_chroma_store_is_set_aside(small_corpus, tmp_path):
    idx = tmp_path / "idx"
    (idx / "chroma").mkdir(parents=True)
    (idx / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    report = Index(settings_for(small_corpus, idx)).sync(progress=False)
    assert report.rebuilt and len(report.added) == 3


def test_a_broken_installation_is_not_mistaken_for_a_damaged_index(small_corpus, small_index, monkeypatch):
    # A store is set aside (and rebuilt) only when the store is at fault.
    def missing_module(self):
        raise ImportError("No module named 'chromadb.api.segment'")

    monkeypatch.setattr(Index, "read_record", missing_module)
    with pytest.raises(ImportError):
        Index(settings_for(small_corpus, small_index)).sync(progress=False)
    assert not list(small_index.parent.glob(f"{small_index.name}.broken-*"))
    assert (small_index / "chroma").is_dir()


def test_first_question_builds_a_missing_index(small_corpus, tmp_path):
    adv = Advisor(settings_for(small_corpus, tmp_path / "fresh"))
    answer = adv.ask("How long is the CKA certification valid?")
    assert answer.grounded
    assert Index(settings_for(small_corpus, tmp_path / "fresh")).check()["documents"]
    assert adv.last_sync and len(adv.last_sync.added) == 3


def test_an_ingest_leaves_no_all_cores_model_session_behind(small_corpus, tmp_path, monkeypatch):
    # Where questions get fewer threads than the machine has cores (several workers),
    # an ingest runs the model in a second, all-cores session: a copy of the model that a
    # worker which ingested at start would otherwise carry for its whole life.
    from advisor import embedder

    monkeypatch.setattr(embedder, "usable_cores", lambda: 4)  # more cores than a question uses
    made = []
    real = embedder.OnnxEmbedder._session
    monkeypatch.setattr(
        embedder.OnnxEmbedder, "_session", lambda self, *a, **k: made.append(a) or real(self, *a, **k)
    )
    index = Index(settings_for(small_corpus, tmp_path / "idx"))
    assert len(index.sync(progress=False).added) == 3
    assert made and made[-1][0] == 4, "the ingest ran on an all-cores session"
    assert index.embedder()._bulk_session is None
