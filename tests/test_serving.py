"""The serving path: ONNX embeddings that match sentence-transformers, no torch at
answer time, one model call per question, and a damaged model rebuilt."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from advisor import embedder as embedding
from advisor.embedder import BUILD_FILE, MODEL_FILE, EmbeddingProblem, load_embedder
from advisor.settings import ROOT
from tests.conftest import CORPUS, MODEL_CACHE


def test_answering_never_imports_torch(advisor, index_dir):
    """A fresh process answers from the built index with onnxruntime alone."""
    script = textwrap.dedent(
        f"""
        import json, sys
        from advisor import Advisor
        from advisor.settings import Settings
        adv = Advisor(Settings(corpus_dir={str(CORPUS)!r}, index_dir={str(index_dir)!r},
                               model_cache={str(MODEL_CACHE)!r}, llm=""))
        answer = adv.ask("How much do AI architects earn?")
        heavy = [m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules]
        print(json.dumps({{"grounded": answer.grounded, "text": answer.text, "heavy": heavy}}))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["grounded"] and "133,904" in result["text"]
    assert result["heavy"] == []


def test_onnx_vectors_match_sentence_transformers(advisor):
    from sentence_transformers import SentenceTransformer

    from advisor.offline import model_path

    texts = [advisor.library.unit_text[i] for i in range(0, len(advisor.library.unit_text), 40)]
    texts += ["how much do ai architects make?", "x" * 3000]
    reference = SentenceTransformer(str(model_path()), device="cpu", local_files_only=True).encode(
        texts, normalize_embeddings=True
    )
    got = advisor.library.embed_many(texts)
    assert got.dtype == np.float32 and got.shape == reference.shape
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert float((got * reference).sum(axis=1).min()) >= 0.99999
    # the stored passage vectors are the same model's too
    pid = advisor.library.order[0]
    record = advisor.library.passages[pid]
    assert record.vector.shape == (384,)


def test_each_question_is_embedded_once(advisor):
    model = advisor.library.embedder
    before = model.calls
    answer = advisor.ask("What skills does an AI architect need, in short?")
    assert answer.grounded
    assert model.calls - before == 1
    advisor.ask("What skills does an AI architect need, in short?")
    assert model.calls - before == 1, "a repeated question is answered from the cache"


def test_a_question_with_a_word_the_corpus_never_uses_costs_one_more_embedding(advisor):
    # The off-topic check embeds the question without "purely"; the question itself
    # is embedded once, for the check and the search alike.
    model = advisor.library.embedder
    texts: list[list[str]] = []
    run = model.embed
    model.embed = lambda batch: texts.append(list(batch)) or run(batch)
    try:
        assert advisor.ask("is the job purely about skills for an AI architect to learn?").grounded
    finally:
        del model.embed
    embedded = [t for batch in texts for t in batch]
    assert len(embedded) == 2 and len(set(embedded)) == 2, embedded


@pytest.fixture
def model_copy(advisor, tmp_path):
    """A private copy of the built ONNX model, forgotten by the loader's cache."""
    source = MODEL_CACHE
    target = tmp_path / "models"
    shutil.copytree(source, target)
    yield target
    for key in [k for k in embedding._loaded if str(k).startswith(str(tmp_path))]:
        del embedding._loaded[key]


def test_damaged_model_is_refused_with_advice_when_not_rebuilding(model_copy):
    (build,) = list(model_copy.iterdir())
    data = (build / MODEL_FILE).read_bytes()
    (build / MODEL_FILE).write_bytes(data[: len(data) // 3])
    with pytest.raises(EmbeddingProblem, match="cannot be loaded.*python -m advisor ingest"):
        load_embedder(model_copy, rebuild=False)


def test_tampered_model_fails_its_probe_and_is_rebuilt(model_copy, caplog):
    (build,) = list(model_copy.iterdir())
    info = json.loads((build / BUILD_FILE).read_text("utf-8"))
    info["probe"]["vectors"][0] = list(-np.asarray(info["probe"]["vectors"][0]))  # wrong reference
    (build / BUILD_FILE).write_text(json.dumps(info), "utf-8")
    with pytest.raises(EmbeddingProblem, match="does not give the vectors"):
        load_embedder(model_copy, rebuild=False)
    fresh = load_embedder(model_copy)  # rebuilds from the packaged model and verifies it
    assert "rebuilding" in caplog.text
    assert fresh.agrees_with_build()
    assert json.loads((build / BUILD_FILE).read_text("utf-8"))["min_cosine"] >= 0.99999


def test_missing_model_is_built(model_copy):
    shutil.rmtree(model_copy)
    fresh = load_embedder(model_copy)
    assert (model_copy / fresh.build_id / MODEL_FILE).exists()
    vec = fresh.embed(["AI architect"])[0]
    assert abs(float(np.linalg.norm(vec)) - 1.0) < 1e-5
