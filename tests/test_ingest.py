"""Building the index: incremental, idempotent, and robust to broken input."""

from __future__ import annotations

import json

from advisor import Advisor
from advisor.index import PASSAGES, Index
from tests.conftest import settings_for


def passages(index: Index) -> dict:
    got = index.client().get_collection(PASSAGES).get(include=["metadatas"])
    return dict(zip(got["ids"], got["metadatas"]))


def test_first_ingest_stores_passages_with_their_metadata(small_corpus, tmp_path):
    index = Index(settings_for(small_corpus, tmp_path / "idx"))
    report = index.sync(progress=False)
    assert len(report.added) == 3 and not report.updated and not report.removed
    stored = passages(index)
    assert len(stored) == report.passages > 10
    salary = [m for m in stored.values() if m["section"] == "AI architect salary and job outlook"]
    assert salary, "the section title is kept in the metadata"
    assert salary[0]["title"] == "What Is an AI Architect? Meaning, Duties + How to Become One"
    assert salary[0]["publisher"] == "Coursera"
    assert salary[0]["url"] == "https://www.coursera.org/articles/ai-architect"


def test_reingest_is_incremental(small_corpus, tmp_path):
    index = Index(settings_for(small_corpus, tmp_path / "idx"))
    index.sync(progress=False)
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


def test_chunking_change_rebuilds(small_corpus, tmp_path):
    Index(settings_for(small_corpus, tmp_path / "idx")).sync(progress=False)
    report = Index(settings_for(small_corpus, tmp_path / "idx", chunk_size=400)).sync(progress=False)
    assert "settings changed" in report.rebuilt
    assert len(report.added) == 3


def test_broken_file_is_skipped_and_its_last_good_version_kept(small_corpus, tmp_path):
    index = Index(settings_for(small_corpus, tmp_path / "idx"))
    index.sync(progress=False)
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


def test_corrupt_manifest_is_set_aside_and_rebuilt(small_corpus, tmp_path):
    index = Index(settings_for(small_corpus, tmp_path / "idx"))
    index.sync(progress=False)
    index.manifest_path.write_text("{not json", "utf-8")
    report = Index(settings_for(small_corpus, tmp_path / "idx")).sync(progress=False)
    assert "unusable" in report.rebuilt
    kept = list(tmp_path.glob("idx.broken-*"))
    assert kept and (kept[0] / "WHY.txt").exists(), "the damaged index is kept, not deleted"
    assert json.loads(index.manifest_path.read_text("utf-8"))["documents"]


def test_foreign_chroma_store_is_set_aside(small_corpus, tmp_path):
    idx = tmp_path / "idx"
    (idx / "chroma").mkdir(parents=True)
    (idx / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    (idx / "manifest.json").write_text(json.dumps({"documents": {"x.md": {"passages": ["x#0"]}}}), "utf-8")
    report = Index(settings_for(small_corpus, idx)).sync(progress=False)
    assert report.rebuilt and len(report.added) == 3


def test_first_question_builds_a_missing_index(small_corpus, tmp_path):
    adv = Advisor(settings_for(small_corpus, tmp_path / "fresh"))
    answer = adv.ask("How long is the CKA certification valid?")
    assert answer.grounded
    assert (tmp_path / "fresh" / "manifest.json").exists()
    assert adv.last_sync and len(adv.last_sync.added) == 3
