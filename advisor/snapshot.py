"""The serving snapshot: a derived, disposable copy of a local index for fast starts.

Chroma is the record of what is indexed. Answering, though, holds the whole
index in memory (BM25 needs every passage's text, the answer scores every
sentence's stored vector), and importing chromadb and opening its store costs
about two seconds of every cold start, more than answering the first question.
So after each sync of a local store, the index is also written to one file next
to the Chroma folder: ids, texts, metadata and vectors of the passages and
sentences, the document records, and what they were made from.

A start serves from that file only when all of these still hold, otherwise it
syncs from Chroma (which rewrites the file):

- its format and the index's settings (index format, model, embedding build,
  chunking) are those of this code and these settings;
- the corpus files under its roots are byte for byte those it was made from
  (a SHA-256 of every file's path and content);
- its checksum matches its content (a damaged or truncated file is ignored);
- the Chroma store it was derived from is still there.

Every sync deletes the file before it writes to Chroma and writes it again once
done, so a sync that stops half-way leaves no snapshot. The file is never the
only copy of anything: deleting it costs one read of Chroma at the next start.
With a Chroma server (``ADVISOR_CHROMA_URL``) there is no snapshot: every worker
reads the server, the one index they share.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

SNAPSHOT_FORMAT = 1  # bump when what the file holds changes


@dataclass
class IndexData:
    """Everything an index holds, read into memory: what a Library is built from."""

    documents: dict[str, dict]
    passage_ids: list[str]
    passage_texts: list[str]
    passage_metas: list[dict]
    passage_vecs: np.ndarray  # (passages, dimension) float32, L2-normalised
    unit_ids: list[str]
    unit_texts: list[str]
    unit_metas: list[dict]
    unit_vecs: np.ndarray  # (units, dimension) float32


class SnapshotInvalid(Exception):
    """The snapshot cannot be used (missing, stale or damaged); the message says why."""


def corpus_fingerprint(files: list[Path], name) -> str:
    """SHA-256 over every corpus file's name and content, in order.

    ``name`` maps a path to the name the index knows it by. Content, not
    modification times: a checkout or a copy changes times, and an edit within
    the same second can keep them.
    """
    digest = hashlib.sha256()
    for path in files:
        digest.update(name(path).encode("utf-8", "surrogateescape") + b"\0")
        with path.open("rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())
    return digest.hexdigest()


def write(path: Path, data: IndexData, header: dict) -> None:
    """Write the snapshot atomically (a temporary file renamed into place)."""
    record = json.dumps(
        {
            "header": {**header, "snapshot_format": SNAPSHOT_FORMAT},
            "documents": data.documents,
            "passages": [data.passage_ids, data.passage_texts, data.passage_metas],
            "units": [data.unit_ids, data.unit_texts, data.unit_metas],
        },
        ensure_ascii=False,
    ).encode("utf-8")
    passage_vecs = np.ascontiguousarray(data.passage_vecs, dtype=np.float32)
    unit_vecs = np.ascontiguousarray(data.unit_vecs, dtype=np.float32)
    checksum = _checksum(record, passage_vecs, unit_vecs)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") as fh:
            np.savez(
                fh,
                record=np.frombuffer(record, dtype=np.uint8),
                passage_vecs=passage_vecs,
                unit_vecs=unit_vecs,
                checksum=np.frombuffer(checksum.encode(), dtype=np.uint8),
            )
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read(path: Path) -> tuple[dict, IndexData]:
    """(header, data) of the snapshot at ``path``; SnapshotInvalid if it is absent or damaged."""
    if not path.exists():
        raise SnapshotInvalid("there is none")
    try:
        with np.load(path, allow_pickle=False) as npz:
            record = npz["record"].tobytes()
            passage_vecs = npz["passage_vecs"]
            unit_vecs = npz["unit_vecs"]
            checksum = npz["checksum"].tobytes().decode("ascii")
        if checksum != _checksum(record, passage_vecs, unit_vecs):
            raise SnapshotInvalid("its checksum does not match its content")
        content = json.loads(record)
        header = content["header"]
        if header.get("snapshot_format") != SNAPSHOT_FORMAT:
            raise SnapshotInvalid("it was written by another version")
        (pids, ptexts, pmetas), (uids, utexts, umetas) = content["passages"], content["units"]
        if not (
            len(pids) == len(ptexts) == len(pmetas) == passage_vecs.shape[0]
            and len(uids) == len(utexts) == len(umetas) == unit_vecs.shape[0]
            and passage_vecs.ndim == unit_vecs.ndim == 2
            and passage_vecs.dtype == unit_vecs.dtype == np.float32
        ):
            raise SnapshotInvalid("its parts do not fit together")
        data = IndexData(
            content["documents"], pids, ptexts, pmetas, passage_vecs, uids, utexts, umetas, unit_vecs
        )
    except SnapshotInvalid:
        raise
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        EOFError,
        zipfile.BadZipFile,
        UnicodeDecodeError,
    ) as exc:
        raise SnapshotInvalid(f"it cannot be read ({type(exc).__name__})") from None
    return header, data


def _checksum(record: bytes, *arrays: np.ndarray) -> str:
    digest = hashlib.sha256(record)
    for array in arrays:
        digest.update(str(array.shape).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()
