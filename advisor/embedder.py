"""The embedding model at serving time: all-MiniLM-L6-v2 run by onnxruntime.

Answering a question costs one embedding of the question, so loading and running
the model is most of a cold start and a good share of each answer. Importing
sentence-transformers (torch, transformers, scikit-learn) takes seconds and
hundreds of MB; onnxruntime and tokenizers (both already chromadb dependencies)
load the same network in a fraction of a second and give the same vectors.

The ONNX file is built once from the packaged sentence-transformers model and
checked against it (``advisor.onnx_build``); this module only loads and runs it.

Why not chromadb's ``ONNXMiniLM_L6_V2``: it pads every text to 256 tokens (a
10-word question then costs as much as a full passage) and downloads its model
whenever a file is missing from its folder; this project must never download.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

ONNX_FORMAT = 1  # bump when the exported graph changes (inputs, outputs, pooling)
MODEL_FILE = "model.onnx"
BUILD_FILE = "build.json"
BATCH = 32  # at most this many texts per model call when embedding many
BATCH_TOKENS = 2048  # ... and at most this many tokens (padding included) per call
BULK = 8  # from this many texts on, a call uses every core (an ingest, not a question)
PROBE_COSINE = 0.99999  # the ONNX model must agree with sentence-transformers this closely
PAD_WASTE = 1.25  # a shared run pads its texts to at most this many times their own tokens


class EmbeddingProblem(RuntimeError):
    """The embedding model cannot be built or loaded; the message says what to do."""


def model_files(model_dir: Path) -> list[Path]:
    """The files that define the model (weights, configs, tokenizer), in a stable order."""
    return sorted(p for p in model_dir.rglob("*") if p.is_file() and p.suffix != ".md")


_build_ids: dict[tuple, str] = {}  # (folder, each file's name, size, inode and mtime) -> build id


def build_id(model_dir: Path) -> str:
    """Content hash of the packaged model's files plus our export format.

    It names the cached ONNX build and is recorded in the index, so a different
    model (or export) can never be mixed with vectors made by another.

    Hashing the model's 90 MB takes about 0.1 s, and every opening of an index asks
    for it: a process hashes the files once and then only checks that none of them was
    replaced or rewritten since (same names, sizes, inodes and modification times).
    """
    files = model_files(model_dir)
    stats = [path.stat() for path in files]
    key = (
        str(model_dir),
        tuple((str(p), s.st_size, s.st_ino, s.st_mtime_ns) for p, s in zip(files, stats)),
    )
    known = _build_ids.get(key)
    if known is not None:
        return known
    digest = hashlib.sha256(f"onnx-format-{ONNX_FORMAT}".encode())
    for path in files:
        digest.update(str(path.relative_to(model_dir)).encode())
        with path.open("rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())
    _build_ids[key] = digest.hexdigest()[:20]
    return _build_ids[key]


def max_tokens(model_dir: Path) -> int:
    """The sequence length sentence-transformers truncates to (256 for this model)."""
    try:
        config = json.loads((model_dir / "sentence_bert_config.json").read_text("utf-8"))
        return int(config.get("max_seq_length", 256))
    except (OSError, ValueError):
        return 256


def english_words(model_dir: Path) -> frozenset[str]:
    """Whole words of the embedding model's vocabulary (no '##' pieces, no symbols)."""
    try:
        lines = (model_dir / "vocab.txt").read_text("utf-8").split()
    except (OSError, UnicodeDecodeError):  # missing, unreadable or not text: no English words, as if absent
        lines = []
    return frozenset(w for w in lines if w.isalpha() and w.islower())


class OnnxEmbedder:
    """L2-normalised sentence embeddings from an exported ONNX model.

    :meth:`embed` returns numpy arrays, which is what the retriever and the ingest
    use. It has LangChain's ``embed_query``/``embed_documents`` too, but does not
    subclass LangChain's ``Embeddings``: importing LangChain costs about a second,
    which every cold start would pay. ``advisor.adapters.OnnxEmbeddings`` is the
    real ``Embeddings`` around it, for LangChain vector stores.
    """

    def __init__(self, onnx_dir: Path, model_dir: Path, threads: int = 1):
        from tokenizers import Tokenizer

        self.onnx_dir = Path(onnx_dir)
        self.build = json.loads((self.onnx_dir / BUILD_FILE).read_text("utf-8"))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens(model_dir))
        self.tokenizer.no_padding()  # padded per batch below, to the longest text of the batch
        self._pad = self.tokenizer.token_to_id("[PAD]") or 0
        self._threads = threads
        self.session = self._session(threads)
        self._bulk_session = None  # every core, made on the first bulk call (ingest)
        self.calls = 0  # model runs, for tests and benchmarks
        self.texts = 0  # texts those runs embedded (with their calls: the batch sizes)
        self._lock = threading.Lock()
        self._shared = _SharedRuns(self, slots=threads)

    def _session(self, threads: int, spin: bool = False):
        import onnxruntime as ort

        options = ort.SessionOptions()
        # A question's embedding uses the cores this process has to itself (all of
        # them, or its share when several workers run): on 2 idle cores two threads
        # embed a question in 8 ms instead of 13, and 8 concurrent callers get the
        # same throughput either way. Bulk embedding (an ingest) uses every core (_bulk).
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle model threads spin for a while by default, waiting for more work. In
        # a server that time is stolen from the threads handling other requests
        # (3 ms of CPU per answer measured, for 0.3 ms of latency); a bulk ingest,
        # which feeds the model back to back, keeps the spinning.
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
        options.log_severity_level = 3
        return ort.InferenceSession(
            str(self.onnx_dir / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )

    def _bulk(self):
        """The session for batches: as many threads as this process may use cores."""
        cores = usable_cores()
        if cores <= self._threads:
            return self.session
        with self._lock:
            if self._bulk_session is None:
                self._bulk_session = self._session(cores, spin=True)
            return self._bulk_session

    def release_bulk(self) -> None:
        """Drop the all-cores session an ingest used: it holds its own copy of the
        model's weights and buffers (tens of MB) that a serving process would keep
        for nothing; the next ingest makes it again (a fraction of a second)."""
        with self._lock:
            self._bulk_session = None

    @property
    def build_id(self) -> str:
        return self.build["build_id"]

    def _run(self, texts: list[str], session=None) -> np.ndarray:
        return self._run_encoded(self.tokenizer.encode_batch(texts), session)

    def _run_encoded(self, encoded: list, session=None) -> np.ndarray:
        """One model call on tokenized texts, padded to the longest of them."""
        width = max(len(e.ids) for e in encoded)
        ids = np.full((len(encoded), width), self._pad, dtype=np.int64)
        mask = np.zeros((len(encoded), width), dtype=np.int64)
        for row, e in enumerate(encoded):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        with self._lock:
            self.calls += 1
            self.texts += len(encoded)
        (vectors,) = (session or self.session).run(
            ["embedding"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        return vectors.astype(np.float32, copy=False)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embeddings of many texts, one row each, in the order given.

        A text given twice is embedded once. Texts are sorted by their number of
        tokens and batched so that a batch holds at most ``BATCH`` texts and
        ``BATCH_TOKENS`` tokens: short sentences are not padded to a long passage,
        and long passages go in small batches (the model's cost grows faster than
        linearly with the batch's size). A large call uses every core.

        A small call (a question, or a question and its variant) shares a model
        run with the small calls of other threads waiting at the same moment
        (:class:`_SharedRuns`).
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        encoded = self.tokenizer.encode_batch(unique)
        if len(unique) < BULK:
            vectors = self._shared.embed(encoded)
            if len(unique) == len(texts):
                return vectors
            row = {text: i for i, text in enumerate(unique)}
            return vectors[[row[t] for t in texts]]
        order = sorted(range(len(unique)), key=lambda i: len(encoded[i].ids))
        session = self._bulk() if len(unique) >= BULK else None
        vectors = np.empty((len(unique), self.dimension), dtype=np.float32)
        start = 0
        while start < len(order):
            end = start + 1
            while (
                end < len(order)
                and end - start < BATCH
                and (end - start + 1) * len(encoded[order[end]].ids) <= BATCH_TOKENS
            ):
                end += 1
            rows = order[start:end]
            vectors[rows] = self._run_encoded([encoded[i] for i in rows], session)
            start = end
        if len(unique) == len(texts):
            return vectors
        row = {text: i for i, text in enumerate(unique)}
        return vectors[[row[t] for t in texts]]

    @property
    def dimension(self) -> int:
        return int(self.build.get("dimension", 384))

    # --- LangChain's Embeddings -------------------------------------------------

    def embed_query(self, text: str) -> list[float]:
        return self._run([text])[0].tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(list(texts)).tolist()

    # --- self-check -----------------------------------------------------------------

    def agrees_with_build(self) -> bool:
        """Embed the probe texts recorded at build time and compare with the reference
        vectors sentence-transformers gave then: a damaged file fails here."""
        probe = self.build.get("probe") or {}
        texts, expected = probe.get("texts"), probe.get("vectors")
        if not texts or not expected:
            return False
        got = self.embed(texts)
        cosine = np.sum(got * np.asarray(expected, dtype=np.float32), axis=1)
        return bool(np.all(cosine >= PROBE_COSINE))


class _Job:
    """Some texts waiting for their vectors."""

    __slots__ = ("encoded", "vectors", "error")

    def __init__(self, encoded: list):
        self.encoded = encoded
        self.vectors: np.ndarray | None = None
        self.error: BaseException | None = None


class _SharedRuns:
    """Questions asked at the same moment, embedded together in one model run.

    A question is a few tokens, and a model run on a few tokens costs mostly the
    reading of the model's 40 MB of weights: on this project's 2-core machine a
    question in a run of eight cost a third less CPU than one run alone while
    seven others ran (6.1 against 9.1 ms, measured interleaved). Nothing
    waits on purpose: a caller that finds a free slot (as many as the cores this
    process has to itself: runs overlap as separate questions' runs did before)
    runs at once, taking every text queued by then; callers arriving meanwhile
    queue, and the next free slot takes them all.
    An idle server thus embeds a question alone, as before, and a busy one in
    batches that grow with the load. Texts are sorted by length and split where
    padding would cost more than ``PAD_WASTE``. A padded batch gives each text the
    vector it gets alone, up to float rounding (about 1e-7).
    """

    def __init__(self, embedder: OnnxEmbedder, slots: int):
        self._embedder = embedder
        self._free = slots
        self._queue: list[_Job] = []
        self._cond = threading.Condition()

    def embed(self, encoded: list) -> np.ndarray:
        job = _Job(encoded)
        with self._cond:
            self._queue.append(job)
            while job.vectors is None and job.error is None:
                if self._free and self._queue:
                    jobs, self._queue = self._take(self._queue)
                    self._free -= 1
                    self._cond.release()
                    try:
                        self._run(jobs)
                    finally:
                        self._cond.acquire()
                        self._free += 1
                        self._cond.notify_all()
                else:
                    self._cond.wait()
        if job.error is not None:
            raise job.error
        return job.vectors

    @staticmethod
    def _take(queue: list[_Job]) -> tuple[list[_Job], list[_Job]]:
        """The first jobs of the queue holding at most ``BATCH`` texts (always one job), and the rest."""
        count, end = 0, 0
        while end < len(queue) and (end == 0 or count + len(queue[end].encoded) <= BATCH):
            count += len(queue[end].encoded)
            end += 1
        return queue[:end], queue[end:]

    def _run(self, jobs: list[_Job]) -> None:
        try:
            encoded = [e for job in jobs for e in job.encoded]
            vectors = np.empty((len(encoded), self._embedder.dimension), dtype=np.float32)
            order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
            start = 0
            while start < len(order):
                end, tokens = start + 1, len(encoded[order[start]].ids)
                while end < len(order):
                    width = len(encoded[order[end]].ids)
                    if (end - start + 1) * width > PAD_WASTE * (tokens + width):
                        break
                    tokens += width
                    end += 1
                rows = order[start:end]
                vectors[rows] = self._embedder._run_encoded([encoded[i] for i in rows])
                start = end
            row = 0
            for job in jobs:
                job.vectors = vectors[row : row + len(job.encoded)]
                row += len(job.encoded)
        except BaseException as exc:  # every waiting caller hears of it, not only this one
            for job in jobs:
                job.error = exc


_loaded: dict[Path, OnnxEmbedder] = {}
_loading = threading.Lock()


def usable_cores() -> int:
    """The CPU cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def load_embedder(models_root: Path, rebuild: bool = True, threads: int = 1) -> OnnxEmbedder:
    """The ONNX embedder for the packaged model, built on first use and cached.

    The build lives in ``models_root/<build id>/``. A missing, unreadable or
    damaged build (its probe vectors no longer match) is rebuilt when
    ``rebuild`` is true; otherwise, or if the rebuild fails, an
    :class:`EmbeddingProblem` says what to do. Loaded once per process, with
    ``threads`` threads for each question's embedding.
    """
    from . import offline

    model_dir = offline.model_path()
    target = Path(models_root) / build_id(model_dir)
    with _loading:
        if target in _loaded:
            return _loaded[target]
        embedder, why = _try_load(target, model_dir, threads)
        if embedder is None:
            if not rebuild:
                raise EmbeddingProblem(
                    f"the ONNX embedding model in {target} {why}; "
                    "run `python -m advisor ingest` to rebuild it"
                )
            if why != "is missing":
                log.warning("The ONNX embedding model in %s %s; rebuilding it.", target, why)
            from .onnx_build import build

            try:
                build(model_dir, target, target.name)
            except OSError as exc:
                raise EmbeddingProblem(f"cannot write the ONNX embedding model to {target}: {exc}") from None
            embedder, why = _try_load(target, model_dir, threads)
            if embedder is None:
                raise EmbeddingProblem(f"the freshly built ONNX embedding model in {target} {why}")
        _loaded[target] = embedder
        return embedder


def _try_load(target: Path, model_dir: Path, threads: int = 1) -> tuple[OnnxEmbedder | None, str]:
    """(embedder, "") if the build in ``target`` loads and matches its probe, else (None, why)."""
    if not (target / MODEL_FILE).exists() or not (target / BUILD_FILE).exists():
        return None, "is missing"
    try:
        embedder = OnnxEmbedder(target, model_dir, threads)
    except Exception as exc:  # onnxruntime raises its own kinds on a damaged file
        return None, f"cannot be loaded ({type(exc).__name__})"
    if embedder.build.get("build_id") != target.name or not embedder.agrees_with_build():
        return None, "does not give the vectors it was verified with"
    return embedder, ""
