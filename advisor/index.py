"""The persistent index: passages and their sentences embedded into Chroma.

``sync`` makes the index mirror a set of corpus files. It is incremental: each
passage's metadata in Chroma records its document's content hash, so an
unchanged document is never re-embedded, a changed one is replaced and a removed
one is deleted. The collection's metadata records the embedding build and the
chunking settings; when those change every document is embedded again. Chroma
is the only record of what is indexed, so every process (and machine) sharing a
Chroma server sees the same index.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import shutil
import sqlite3
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import offline  # noqa: F401  (the offline environment before chromadb loads)
from .corpus import (
    CorpusError,
    Passage,
    embedding_text,
    file_sha256,
    find_files,
    read_document,
    source_name,
    split_document,
    unit_embedding_text,
)
from .embedder import OnnxEmbedder, load_embedder, usable_cores
from .errors import IndexProblem
from .locking import exclusive
from .readers import Limits
from .settings import ROOT, Settings, chroma_address
from .snapshot import IndexData, SnapshotInvalid, corpus_fingerprint

__all__ = ["ChromaUnreachable", "Index", "IndexData", "IndexProblem", "SyncReport"]

log = logging.getLogger(__name__)

ADD_BATCH = 64  # passages embedded and stored together during an ingest
FORMAT = 27  # bump when what is stored or embedded changes: forces a rebuild
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
PASSAGES = "passages"
UNITS = "units"
MODELS = "models"  # folder of the index that holds the ONNX embedding model
SNAPSHOT_FILE = "serving-snapshot.npz"  # derived from the Chroma store, see advisor.snapshot


def ChromaEmbedding(embedder: OnnxEmbedder):  # noqa: N802  (a class made on first use)
    """Our ONNX embedder as a Chroma embedding function (see :func:`_chroma_embedding_class`)."""
    return _chroma_embedding_class()(embedder)


@functools.cache
def _chroma_embedding_class() -> type:
    """Chroma's ``EmbeddingFunction`` around :class:`OnnxEmbedder`.

    Declared "legacy" on purpose: Chroma then never tries to rebuild it from a
    stored config (another machine would have the model elsewhere); every client
    of ours passes it explicitly, so Chroma never embeds with anything else.
    Defined lazily so that importing this module does not import chromadb.
    """
    from chromadb.api.types import Documents, EmbeddingFunction

    class AdvisorEmbedding(EmbeddingFunction[Documents]):
        def __init__(self, embedder: OnnxEmbedder):
            self.embedder = embedder

        def __call__(self, input: Documents) -> list[np.ndarray]:
            return list(self.embedder.embed(list(input)))

        @staticmethod
        def name() -> str:
            return "career-advisor-minilm-onnx"

        def is_legacy(self) -> bool:
            return True

        def default_space(self) -> str:
            return "cosine"

    return AdvisorEmbedding


_clients: dict[str, object] = {}  # Chroma client per store, see Index.client
_clients_lock = threading.Lock()


class ChromaUnreachable(IndexProblem):
    """The Chroma server named by ADVISOR_CHROMA_URL does not answer."""


@dataclass
class DocumentRow:
    """One line of ingest's final table: a document, what happened to it, its passages."""

    name: str
    status: str  # "added", "updated", "unchanged" or "skipped"
    passages: int = 0
    reason: str = ""  # why a document was skipped


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # broken files, with reasons
    rebuilt: str = ""  # why everything was embedded again, if it was
    passages: int = 0
    seconds: float = 0.0
    documents: list[DocumentRow] = field(default_factory=list)  # one row a document read

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.removed)} removed",
            f"{len(self.unchanged)} unchanged",
        ]
        text = f"Index: {', '.join(parts)}; {self.passages} passages ({self.seconds:.1f} s)."
        if self.rebuilt:
            text = f"Rebuilt the index: {self.rebuilt}.\n" + text
        for reason in self.skipped:
            text += f"\nSkipped {reason} (its previous version, if any, is kept)."
        return text

    def table(self) -> str:
        """The documents read, one a line: what happened to each and the passages it gave."""
        if not self.documents:
            return ""
        width = min(max(len(r.name) for r in self.documents), 70)
        lines = [f"{'document':<{width}}  {'status':<9}  {'passages':>8}  reason", "-" * (width + 32)]
        for r in self.documents:
            name = r.name if len(r.name) <= width else "…" + r.name[-(width - 1) :]
            passages = str(r.passages) if r.status != "skipped" else "-"
            lines.append(f"{name:<{width}}  {r.status:<9}  {passages:>8}  {r.reason}".rstrip())
        counts = {s: sum(r.status == s for r in self.documents) for s in ("added", "updated", "unchanged")}
        lines.append(
            f"{len(self.documents)} read: {counts['added'] + counts['updated']} changed "
            f"({counts['added']} new), {counts['unchanged']} unchanged, {len(self.skipped)} skipped"
        )
        return "\n".join(lines)


SETTING_KEYS = ("format", "model", "embedding_build", "chunk_size", "chunk_overlap")


def chunk_settings(settings: Settings, embedding_build: str) -> dict:
    return {
        "format": FORMAT,
        "model": MODEL_NAME,
        "embedding_build": embedding_build,
        "chunk_size": settings.chunk_size,
        "chunk_overlap": settings.chunk_overlap,
    }


class Index:
    """The Chroma store under ``settings.index_dir``."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.dir = Path(settings.index_dir)
        self.chroma_dir = self.dir / "chroma"
        self.snapshot_path = self.dir / SNAPSHOT_FILE
        self.models_dir = Path(settings.model_cache) if settings.model_cache else self.dir / MODELS

    # --- opening -------------------------------------------------------------

    @property
    def remote(self) -> bool:
        """True when the index lives in a Chroma server rather than a local folder."""
        return bool(self.settings.chroma_url)

    @property
    def where(self) -> str:
        return f"the Chroma server at {self.settings.chroma_url}" if self.remote else str(self.chroma_dir)

    def client(self):
        """The Chroma client of this store: one per store and process, shared by every
        ``Index`` on it, so that closing it (before the store is moved aside) really
        releases the files. With ``chroma_url``, an HTTP client of that server."""
        key = self.settings.chroma_url or str(self.chroma_dir)
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                import chromadb
                from chromadb.config import Settings as ChromaSettings

                chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
                if self.remote:
                    host, port, ssl = chroma_address(self.settings.chroma_url)
                    try:
                        client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
                    except Exception as exc:  # connection refused, DNS, TLS, not a Chroma server
                        raise ChromaUnreachable(f"{self.where} cannot be reached ({_reason(exc)})") from None
                else:
                    self.chroma_dir.mkdir(parents=True, exist_ok=True)
                    client = chromadb.PersistentClient(path=key, settings=chroma_settings)
                _clients[key] = client
            return client

    def ping(self) -> None:
        """Raise :class:`ChromaUnreachable` unless the store answers (for health checks).

        A local store is checked on disk (without importing chromadb, which a process
        serving from the snapshot never needs); a server must answer a heartbeat.
        """
        if not self.remote:
            problem = _not_a_chroma_store(self.chroma_dir) or (
                "" if (self.chroma_dir / "chroma.sqlite3").exists() else "is missing"
            )
            if problem:
                raise IndexProblem(f"the Chroma store {self.chroma_dir} {problem}")
            return
        try:
            self.client().heartbeat()
        except IndexProblem:
            raise
        except Exception as exc:
            raise ChromaUnreachable(f"{self.where} cannot be reached ({_reason(exc)})") from None

    def embedder(self) -> OnnxEmbedder:
        """The ONNX embedding model, built next to the index on first use."""
        return load_embedder(self.models_dir, threads=max(1, usable_cores() // self.settings.workers))

    def collection(self, name: str):
        """One of our Chroma collections, created if missing.

        Our own embedding function is always passed, so Chroma never falls back to
        its default one (which would download a model); we also always pass the
        vectors ourselves.
        """
        return self.client().get_or_create_collection(
            name,
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=ChromaEmbedding(self.embedder()),
        )

    def close(self) -> None:
        """Close the store's client, so the store can be moved, copied or opened afresh."""
        with _clients_lock:
            client = _clients.pop(str(self.chroma_dir), None)
        if client is not None:
            try:
                client.close()
            except Exception:  # a damaged store may fail to close cleanly; it is moved away next
                pass

    def read_record(self) -> dict | None:
        """What the index holds, read from Chroma itself (there is no other record).

        The passages collection's metadata holds the settings it was built with
        and its roots; each passage's metadata names its document, the document's
        hash and passage count; a document's first passage also holds its title
        and front matter. None when the store is empty; IndexProblem when it was
        not written by this version.
        """
        col = self.collection(PASSAGES)
        info = dict(col.metadata or {})
        got = col.get(include=["metadatas"])
        if not info.get("format"):
            if got["ids"]:
                raise IndexProblem("it was written by another version of the advisor")
            return None
        documents: dict[str, dict] = {}
        for pid, meta in zip(got["ids"], got["metadatas"]):
            doc = documents.setdefault(meta["source"], {"passages": [], "title": "", "meta": {}})
            doc["passages"].append(pid)
            doc["sha256"] = meta.get("doc_sha256", "")
            doc["expected"] = meta.get("doc_passages", 0)
            if meta.get("doc"):
                doc.update(json.loads(meta["doc"]))
        for doc in documents.values():
            if doc.pop("expected") != len(doc["passages"]):
                doc["sha256"] = ""  # a build stopped half-way: embed this document again
        return {
            "settings": {k: info.get(k) for k in SETTING_KEYS},
            "roots": json.loads(info.get("roots", "[]")),
            "built": info.get("built", ""),
            "documents": documents,
        }

    def check(self) -> dict | None:
        """Open the index and read its record; raise IndexProblem if it is unusable."""
        problem = "" if self.remote else _not_a_chroma_store(self.chroma_dir)
        if problem:
            raise IndexProblem(f"the Chroma store {problem}")
        try:
            return self.read_record()
        except (IndexProblem, NameError, ImportError):
            raise  # a broken installation or a bug is not a damaged store: never set it aside
        except Exception as exc:  # chromadb raises many kinds on a damaged store
            if self.remote:
                raise ChromaUnreachable(f"{self.where} cannot be read ({_reason(exc)})") from None
            raise IndexProblem(f"the Chroma store cannot be opened ({type(exc).__name__})") from None

    def read_data(self, record: dict) -> IndexData:
        """Every passage and sentence with its text, metadata and vector, read from Chroma."""
        got = self.collection(PASSAGES).get(include=["documents", "metadatas", "embeddings"])
        units = self.collection(UNITS).get(include=["documents", "metadatas", "embeddings"])
        dim = self.embedder().dimension
        return IndexData(
            documents=record["documents"],
            passage_ids=list(got["ids"]),
            passage_texts=list(got["documents"]),
            passage_metas=[dict(m) for m in got["metadatas"]],
            passage_vecs=np.asarray(got["embeddings"], dtype=np.float32).reshape(len(got["ids"]), dim),
            unit_ids=list(units["ids"]),
            unit_texts=list(units["documents"]),
            unit_metas=[dict(m) for m in units["metadatas"]],
            unit_vecs=np.asarray(units["embeddings"], dtype=np.float32).reshape(len(units["ids"]), dim),
        )

    # --- the serving snapshot (advisor.snapshot) --------------------------------

    def load_snapshot(self) -> tuple[IndexData, dict] | None:
        """(data, header) of the serving snapshot if it still mirrors the store and the
        corpus, else None (then sync, which writes a new one). Never raises: a missing,
        stale or damaged snapshot only means reading Chroma instead."""
        if self.remote:
            return None
        from . import snapshot

        try:
            header, data = snapshot.read(self.snapshot_path)
            self._check_snapshot(header)
        except SnapshotInvalid as exc:
            if self.snapshot_path.exists():
                log.info("Not serving from the index snapshot %s: %s.", self.snapshot_path, exc)
            return None
        except Exception as exc:  # anything unforeseen: Chroma stays the way to the index
            log.warning("Not serving from the index snapshot %s (%s).", self.snapshot_path, _reason(exc))
            return None
        return data, header

    def _check_snapshot(self, header: dict) -> None:
        if header.get("index_settings") != chunk_settings(self.settings, self.embedder().build_id):
            raise SnapshotInvalid("the embedding model or the index settings changed")
        if not (self.chroma_dir / "chroma.sqlite3").exists():
            raise SnapshotInvalid("the Chroma store it was made from is gone")
        try:
            files = find_files([_resolve(r) for r in header["roots"]])
        except CorpusError as exc:
            raise SnapshotInvalid(f"the corpus cannot be read ({exc})") from None
        if corpus_fingerprint(files, source_name) != header.get("fingerprint"):
            raise SnapshotInvalid("the corpus changed")

    def _drop_snapshot(self) -> None:
        """Delete the snapshot before Chroma is written to: a stopped sync leaves none."""
        try:
            self.snapshot_path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("Cannot delete the index snapshot %s (%s).", self.snapshot_path, _reason(exc))

    def _write_snapshot(self, roots: list[str], fingerprint: str, skipped: list[str]) -> None:
        """Derive the snapshot from what Chroma now holds (a failure only costs speed)."""
        from . import snapshot

        try:
            record = self.read_record()
            if record is None:
                return
            header = {
                "index_settings": record["settings"],
                "roots": roots,
                "fingerprint": fingerprint,
                "skipped": skipped,
                "built": record["built"],
            }
            snapshot.write(self.snapshot_path, self.read_data(record), header)
        except OSError as exc:
            log.warning("Cannot write the index snapshot %s (%s).", self.snapshot_path, _reason(exc))

    def set_aside(self, reason: str) -> Path | None:
        """Move a damaged or foreign index out of the way (kept, never deleted)."""
        self.close()
        if not self.dir.exists() or not any(self.dir.iterdir()):
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.dir.parent / f"{self.dir.name}.broken-{stamp}"
        shutil.move(str(self.dir), str(target))
        if (target / MODELS).is_dir() and not self.settings.model_cache:  # verified on load: keep it
            self.dir.mkdir(parents=True, exist_ok=True)
            shutil.move(str(target / MODELS), str(self.models_dir))
        (target / "WHY.txt").write_text(f"Set aside on {stamp}: {reason}\n", "utf-8")
        return target

    # --- building ------------------------------------------------------------

    @exclusive  # one writer at a time, across processes
    def sync(self, paths: list[Path] | None = None, progress: bool = True) -> SyncReport:
        """Make the index mirror the documents under ``paths`` (default: the roots the
        index recorded, or the corpus folder)."""
        started = time.perf_counter()
        report = SyncReport()
        if not self.remote:
            self._drop_snapshot()  # rewritten at the end; a sync stopped half-way leaves none
        try:
            manifest = self.check()
        except ChromaUnreachable:
            raise  # nothing to rebuild: the server must come back
        except IndexProblem as exc:
            report.rebuilt = f"the existing index was unusable ({exc})"
            if self.remote:
                self._drop_collections()  # a server's store cannot be moved aside
            else:
                moved = self.set_aside(str(exc))
                if moved:
                    report.rebuilt += f"; it was moved to {moved}"
            manifest = None
        settings = chunk_settings(self.settings, self.embedder().build_id)
        if manifest is not None and manifest.get("settings") != settings:
            report.rebuilt = "the embedding model or chunking settings changed"
            self._drop_collections()
            manifest = None
        if paths:
            roots = [source_name(p) for p in paths]
        elif manifest and manifest.get("roots"):
            roots = manifest["roots"]
        else:
            roots = [source_name(self.settings.corpus_dir)]
        old_docs: dict = manifest["documents"] if manifest else {}

        try:
            files = find_files([_resolve(r) for r in roots])
            # before the files are read: a file changed meanwhile then makes the snapshot stale
            fingerprint = "" if self.remote else corpus_fingerprint(files, source_name)
        except CorpusError as exc:
            raise IndexProblem(f"cannot read the corpus: {exc}") from None
        except OSError as exc:
            raise IndexProblem(f"cannot read the corpus: {exc}") from None
        current: dict[str, dict] = {}
        to_embed: list[Passage] = []
        limits = Limits.of(self.settings)
        for path in _files_bar(files, progress):
            name = source_name(path)
            try:
                sha = file_sha256(path)
                previous = old_docs.get(name)
                if previous and previous.get("sha256") == sha:
                    current[name] = previous  # unchanged: not even parsed again
                    report.unchanged.append(name)
                    report.documents.append(DocumentRow(name, "unchanged", len(previous["passages"])))
                    continue
                doc = read_document(path, limits)
            except CorpusError as exc:
                reason = str(exc)
                report.skipped.append(reason)
                prefix = f"{path}: "
                report.documents.append(
                    DocumentRow(
                        name, "skipped", reason=reason[len(prefix) :] if reason.startswith(prefix) else reason
                    )
                )
                if name in old_docs:
                    current[name] = old_docs[name]
                continue
            passages = split_document(doc, self.settings.chunk_size, self.settings.chunk_overlap)
            current[name] = {
                "sha256": doc.sha256,
                "title": doc.title,
                "meta": _plain(doc.meta),
                "passages": [p.id for p in passages],
            }
            for n, passage in enumerate(passages):
                passage.meta.update(doc_sha256=doc.sha256, doc_passages=len(passages))
                if n == 0:
                    passage.meta["doc"] = json.dumps({"title": doc.title, "meta": _plain(doc.meta)})
            to_embed.extend(passages)
            (report.updated if previous else report.added).append(name)
            report.documents.append(DocumentRow(name, "updated" if previous else "added", len(passages)))
        report.removed = [name for name in old_docs if name not in current]
        if not current:
            raise IndexProblem(
                "no readable documents were found under "
                + ", ".join(roots)
                + (" (" + "; ".join(report.skipped) + ")" if report.skipped else "")
            )

        def stamp() -> None:
            when = time.strftime("%Y-%m-%dT%H:%M:%S")
            self.collection(PASSAGES).modify(metadata={**settings, "roots": json.dumps(roots), "built": when})

        if manifest is None or manifest.get("roots") != roots:
            stamp()  # first: a build stopped half-way then resumes instead of starting over
        self._delete(report.updated + report.removed, [old_docs[n] for n in report.updated + report.removed])
        self._add(to_embed, progress)
        if report.changed:
            stamp()
        report.passages = sum(len(d["passages"]) for d in current.values())
        if not self.remote:
            self._write_snapshot(roots, fingerprint, report.skipped)
        report.seconds = time.perf_counter() - started
        return report

    def _drop_collections(self) -> None:
        client = self.client()
        for name in (PASSAGES, UNITS):
            try:
                client.delete_collection(name)
            except Exception:  # not there: nothing to drop
                pass

    def _delete(self, names: list[str], docs: list[dict]) -> None:
        """Remove these documents' passages and sentences."""
        passage_ids = [pid for d in docs for pid in d.get("passages", [])]
        if passage_ids:
            self.collection(PASSAGES).delete(ids=passage_ids)
        if names:
            self.collection(UNITS).delete(where={"source": {"$in": names}})

    def _add(self, passages: list[Passage], progress: bool) -> None:
        """Embed and store passages and their sentences, a batch at a time."""
        if not passages:
            return
        from tqdm import tqdm

        emb = self.embedder()
        bar = tqdm(
            total=len(passages),
            desc="Embedding passages",
            unit="passage",
            disable=not progress,
            file=sys.stderr,
        )
        try:
            for i in range(0, len(passages), ADD_BATCH):
                group = passages[i : i + ADD_BATCH]
                self._add_batch(group, emb.embed(batch_texts(group)))
                bar.update(len(group))
        finally:
            bar.close()
            emb.release_bulk()  # a serving process keeps no ingest-sized model session

    def _add_batch(self, group: list[Passage], vectors: np.ndarray) -> None:
        """Store passages with their vectors, then their sentences' (first, so a
        stored passage always has its sentences)."""
        units = [(p, u, n) for p in group for n, u in enumerate(p.units)]
        if units:
            self.collection(UNITS).upsert(
                ids=[u.id for _, u, _ in units],
                documents=[u.text for _, u, _ in units],
                metadatas=[
                    {
                        "passage": p.id,
                        "source": p.meta["source"],
                        "kind": u.kind,
                        "list": u.list_id,
                        "order": n,
                    }
                    for p, u, n in units
                ],
                embeddings=vectors[len(group) :],
            )
        self.collection(PASSAGES).upsert(
            ids=[p.id for p in group],
            documents=[p.text for p in group],
            metadatas=[p.meta for p in group],
            embeddings=vectors[: len(group)],
        )


def _files_bar(files: list[Path], progress: bool):
    """The files, with a progress bar while they are read (PDFs take a while)."""
    from tqdm import tqdm

    return tqdm(files, desc="Reading documents", unit="file", disable=not progress, file=sys.stderr)


def batch_texts(group: list[Passage]) -> list[str]:
    """What is embedded for a batch: each passage, then each of its sentences."""
    return [embedding_text(p) for p in group] + [unit_embedding_text(p, u) for p in group for u in p.units]


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def _not_a_chroma_store(folder: Path) -> str:
    """Why ``folder`` is not a Chroma store we can open, or "" if it looks like one.

    Checked with sqlite3 before chromadb sees it: chromadb keeps a store that
    failed to open in a per-process cache, so the rebuilt store in the same
    folder could not be opened afterwards in this process.
    """
    db = folder / "chroma.sqlite3"
    if not db.exists():
        return ""  # a new, empty store
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='collections'")
            if found.fetchone() is None:
                return "has no collections table"
    except sqlite3.Error as exc:
        return f"is not a readable database ({exc})"
    return ""


def _resolve(root: str) -> Path:
    path = Path(root)
    return path if path.is_absolute() else ROOT / path


def _plain(meta: dict) -> dict:
    """Front matter made JSON-safe (dates become strings)."""
    return json.loads(json.dumps(meta, default=str))
