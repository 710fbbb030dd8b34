"""The serving path: ONNX embeddings that match sentence-transformers, no torch at
answer time, one model call per question, and a damaged model rebuilt."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import threading
import time

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
    advisor.ask("What does an AI architect do?")  # (the guides' FAQ questions are embedded on first use)
    model = advisor.library.embedder
    before = model.calls
    answer = advisor.ask("What skills does an AI architect need, in short?")
    assert answer.grounded
    assert model.calls - before == 1
    advisor.ask("What skills does an AI architect need, in short?")
    assert model.calls - before == 1, "a repeated question is answered from the cache"


def test_a_question_with_a_word_the_corpus_never_uses_costs_one_more_embedding(advisor):
    # The off-topic check embeds the question without "nutshell"; the question itself
    # is embedded once, for the check and the search alike. (An adverb such as "purely" says how,
    # not what of: it is no unknown topic word and costs nothing.) The guides' own FAQ questions are
    # embedded once, on first use, so another question comes first: run alone, this test counts only its own.
    advisor.ask("What does an AI architect do?")
    model = advisor.library.embedder
    texts: list[list[str]] = []
    run = model.embed
    model.embed = lambda batch: texts.append(list(batch)) or run(batch)
    try:
        assert advisor.ask("is the job, in a nutshell, about skills for an AI architect to learn?").grounded
    finally:
        del model.embed
    embedded = [t for batch in texts for t in batch]
    assert len(embedded) == 2 and len(set(embedded)) == 2, embedded


def test_a_cached_embedding_is_read_without_running_the_model(advisor):
    library, model = advisor.library, advisor.library.embedder
    text = "Which certificates help a cloud engineer, briefly?"
    vector = library.embed(text)
    library.embed("And which help a data engineer, briefly?")  # a later text: ``text`` is not last
    before, order = model.calls, list(library._vectors)
    assert np.array_equal(library.cached_embedding(text), vector)
    assert library.cached_embedding("a text never embedded by anyone, surely") is None
    assert model.calls == before, "a peek never runs the model"
    assert list(library._vectors) == order, "a peek leaves the cache's order alone"


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


def test_the_build_id_follows_the_model_files_though_a_process_hashes_them_once(tmp_path):
    from advisor.offline import model_path

    packaged = tmp_path / "model"
    shutil.copytree(model_path(), packaged)
    first = embedding.build_id(packaged)
    assert embedding.build_id(packaged) == first == embedding.build_id(model_path())
    config = packaged / "config.json"
    config.write_text(config.read_text("utf-8") + "\n", "utf-8")  # the same model file, rewritten
    changed = embedding.build_id(packaged)
    assert changed != first
    (packaged / "extra.txt").write_text("a file the model gained", "utf-8")
    assert embedding.build_id(packaged) not in (first, changed)


def test_a_build_finished_second_leaves_the_same_build_already_in_place(tmp_path):
    # two processes that found no model both build it; the one finishing second must not delete the files
    # the first installed (and may be loading); a build that was there before is still replaced
    from advisor.onnx_build import install

    def build(folder, build_id, model):
        folder.mkdir()
        (folder / BUILD_FILE).write_text(json.dumps({"build_id": build_id}), "utf-8")
        (folder / "model.onnx").write_text(model, "utf-8")

    target, started = tmp_path / "onnx", time.time() - 60
    build(target, "b1", "theirs")  # installed by another process while this one was building
    build(tmp_path / "ours", "b1", "ours")
    install(tmp_path / "ours", target, "b1", since=started)
    assert (target / "model.onnx").read_text("utf-8") == "theirs"

    build(tmp_path / "again", "b1", "again")  # the same build, but there before this one started: replaced
    install(tmp_path / "again", target, "b1", since=time.time() + 60)
    assert (target / "model.onnx").read_text("utf-8") == "again"

    build(tmp_path / "newer", "b2", "newer")  # another model or export format: replaced
    install(tmp_path / "newer", target, "b2", since=started)
    assert (target / "model.onnx").read_text("utf-8") == "newer"


def test_missing_model_is_built(model_copy):
    shutil.rmtree(model_copy)
    fresh = load_embedder(model_copy)
    assert (model_copy / fresh.build_id / MODEL_FILE).exists()
    vec = fresh.embed(["AI architect"])[0]
    assert abs(float(np.linalg.norm(vec)) - 1.0) < 1e-5


def test_questions_asked_at_the_same_moment_share_one_model_run(advisor):
    """Callers that queue while the model is busy are embedded together, each getting
    the vector it gets alone (up to float rounding), and an error reaches every one."""
    model = advisor.library.embedder
    shared = model._shared
    texts = [
        f"How much does a {job} earn in a year?" for job in ("nurse", "pilot", "welder", "baker", "judge")
    ]
    alone = np.stack([model._run([t])[0] for t in texts])
    results: dict[int, np.ndarray] = {}

    def ask(i: int) -> None:
        results[i] = model.embed([texts[i]])[0]

    with shared._cond:
        free, shared._free = shared._free, 0  # every slot busy: callers must queue
    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while len(shared._queue) < len(texts) and time.monotonic() < deadline:
        time.sleep(0.01)
    before = model.calls
    with shared._cond:
        shared._free = free
        shared._cond.notify_all()
    for thread in threads:
        thread.join(30)
    assert model.calls - before == 1, "the five queued questions are one model run"
    got = np.stack([results[i] for i in range(len(texts))])
    assert np.allclose(got, alone, atol=1e-6)


def test_a_failed_shared_run_reaches_every_caller(advisor, monkeypatch):
    model = advisor.library.embedder

    def broken(encoded, session=None):
        raise RuntimeError("the model went away")

    monkeypatch.setattr(model, "_run_encoded", broken)
    with pytest.raises(RuntimeError, match="went away"):
        model.embed(["a question nobody asked before, surely"])
    assert not model._shared._queue and model._shared._free >= 1, "the slot is given back"
