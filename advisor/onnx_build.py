"""Export the packaged all-MiniLM-L6-v2 to ONNX, once, and prove it is the same model.

This is the only module that imports torch and sentence-transformers, and only
when a build is needed (first run, a new model, a damaged file). The export puts
the whole sentence-transformers pipeline in one graph (transformer, mean pooling
over real tokens, L2 normalisation) so serving is a single onnxruntime call.

A build is accepted only if, on a fixed sample of texts (short, long, truncated,
punctuation, non-English), every ONNX vector has cosine >= 0.99999 with the
vector sentence-transformers gives; otherwise nothing is written and the error
says so.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import warnings
from pathlib import Path

from .embedder import BUILD_FILE, MODEL_FILE, ONNX_FORMAT, PROBE_COSINE, EmbeddingProblem, OnnxEmbedder

SAMPLE = [
    "How much do data engineers earn?",
    "ai",
    "What does the licensing exam cost, and how long is it valid?",
    "A systems engineer designs the infrastructure, data pipelines and governance that let "
    "machine learning models run reliably in production. " * 12,  # longer than 256 tokens
    "Zertifizierung für Cloud-Ingenieure – Kosten? 💸 (2026)",
    "ISO®, AWS ML-Specialty (MLS-C01) & Azure AI-900/AI-901",
    "",
]
PROBE = SAMPLE[:3]  # re-checked at every load: catches a damaged file cheaply


def build(model_dir: Path, target: Path, build_id: str) -> Path:
    """Export, verify and store the ONNX model in ``target``; return ``target``.

    Writes into a temporary folder beside ``target`` and renames it at the end,
    so a crash or a concurrent build never leaves a half-written model behind.
    """
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise EmbeddingProblem(
            f"the ONNX embedding model must be built first, which needs sentence-transformers and "
            f"torch ({exc}); install the project's dependencies and run `python -m advisor ingest`"
        ) from None

    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    pipeline = [type(m).__name__ for m in model]
    pooling = getattr(model[1], "pooling_mode", None) if len(model) > 1 else None
    if pipeline[:2] != ["Transformer", "Pooling"] or pooling not in ("mean", ("mean",), ["mean"]):
        raise EmbeddingProblem(
            f"cannot export {model_dir}: expected Transformer + mean Pooling, got {pipeline} ({pooling})"
        )

    class SentenceEmbedding(torch.nn.Module):
        """Transformer, mean pooling over real tokens, L2 normalisation: one graph."""

        def __init__(self, transformer):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    net = SentenceEmbedding(model[0].auto_model).eval()
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    started, since = time.perf_counter(), time.time()
    dummy = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer chatter about constant shapes we do not use
            torch.onnx.export(
                net,
                (dummy, dummy, torch.zeros_like(dummy)),
                str(tmp / MODEL_FILE),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["embedding"],
                dynamic_axes={
                    "input_ids": axes,
                    "attention_mask": axes,
                    "token_type_ids": axes,
                    "embedding": {0: "batch"},
                },
                opset_version=17,
                dynamo=False,  # the TorchScript exporter needs only the onnx package
            )
        reference = model.encode(SAMPLE, normalize_embeddings=True, convert_to_numpy=True)
        (tmp / BUILD_FILE).write_text(
            json.dumps(
                {
                    "build_id": build_id,
                    "format": ONNX_FORMAT,
                    "model_dir": str(model_dir),
                    "dimension": int(reference.shape[1]),
                    "torch": torch.__version__,
                    "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
                    "probe": {"texts": PROBE, "vectors": reference[: len(PROBE)].tolist()},
                }
            ),
            "utf-8",
        )
        onnx = OnnxEmbedder(tmp, model_dir)
        cosine = (onnx.embed(SAMPLE) * reference).sum(axis=1)
        worst = float(cosine.min())
        if worst < PROBE_COSINE:
            raise EmbeddingProblem(
                f"the ONNX export of {model_dir.name} disagrees with sentence-transformers "
                f"(lowest cosine {worst:.6f} < {PROBE_COSINE}); it was not used"
            )
        info = json.loads((tmp / BUILD_FILE).read_text("utf-8"))
        info.update(min_cosine=worst, seconds=round(time.perf_counter() - started, 2))
        (tmp / BUILD_FILE).write_text(json.dumps(info), "utf-8")
        del onnx
        install(tmp, target, build_id, since)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def install(tmp: Path, target: Path, build_id: str, since: float = 0.0) -> None:
    """Move a finished build into place, unless another process installed the same build while this one
    was building (after ``since``, a time.time()).

    Two processes that find no model (``python -m evals --jobs 2`` on a fresh clone) both build it; the
    second must not delete the first one's files while that process is loading or using them. A build
    that was there before (stale, or one whose probe failed: why this one was built) is replaced."""
    done = target / BUILD_FILE
    try:
        if done.stat().st_mtime >= since and json.loads(done.read_text("utf-8")).get("build_id") == build_id:
            return
    except (OSError, ValueError, AttributeError):
        pass  # no build there, or a broken one
    shutil.rmtree(target, ignore_errors=True)
    try:
        os.replace(tmp, target)
    except OSError:  # another process installed the same build between the two steps: use theirs
        if not done.exists():
            raise
