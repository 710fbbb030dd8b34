"""Hybrid retrieval: Chroma (dense) and BM25 (lexical), fused by reciprocal rank.

The corpus is small (hundreds of passages), so the whole index is also held in
memory as a :class:`Library`: BM25 needs every passage's terms anyway, and the
offline answerer scores the sentences of the retrieved passages against the
query with their stored embeddings, with no model call beyond the query itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .index import PASSAGES, UNITS, ChromaUnreachable, Index, IndexProblem
from .keyword import KeywordIndex
from .text import terms

RRF_K = 60  # the constant of Cormack et al.; larger flattens the fusion
DUPLICATE_COSINE = 0.92  # passages closer than this say the same thing


@dataclass
class PassageRecord:
    id: str
    text: str
    meta: dict
    vector: np.ndarray
    units: list[int] = field(default_factory=list)  # rows in Library.unit_*


@dataclass
class Hit:
    """One retrieved passage with the evidence for its rank."""

    passage: PassageRecord
    score: float  # fused (RRF) score
    dense: float  # cosine similarity to the query
    lexical: float  # BM25 score
    rank: int = 0


class Library:
    """Everything in the index, in memory, ready to search."""

    def __init__(self, index: Index, record: dict | None = None):
        """Load everything from ``index``; ``record`` is its :meth:`Index.check` (read if not given)."""
        self.index = index
        record = record if record is not None else index.check()
        if record is None:
            raise IndexProblem("the index is empty: run `python -m advisor ingest`")
        self.documents: dict[str, dict] = record["documents"]
        self.embedder = index.embedder()
        self._embed_cached = lru_cache(maxsize=512)(self._embed_uncached)
        pcol = index.collection(PASSAGES)
        got = pcol.get(include=["documents", "metadatas", "embeddings"])
        self.passages: dict[str, PassageRecord] = {}
        for pid, text, meta, vec in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"]):
            meta = {k: v for k, v in meta.items() if k != "doc"}  # the document's record, kept in documents
            self.passages[pid] = PassageRecord(pid, text, meta, np.asarray(vec, dtype=np.float32))
        self.order = sorted(
            self.passages, key=lambda p: (self.passages[p].meta["source"], self.passages[p].meta["position"])
        )
        ucol = index.collection(UNITS)
        got = ucol.get(include=["documents", "metadatas", "embeddings"])
        rows = sorted(
            zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"]),
            key=lambda r: (r[2]["passage"], r[2]["order"]),
        )
        self.unit_ids = [r[0] for r in rows]
        self.unit_text = [r[1] for r in rows]
        self.unit_meta = [r[2] for r in rows]
        self.unit_vecs = np.asarray([r[3] for r in rows], dtype=np.float32).reshape(len(rows), -1)
        for row, meta in enumerate(self.unit_meta):
            record = self.passages.get(meta["passage"])
            if record is not None:
                record.units.append(row)
        tokens = [
            terms(f"{self.passages[p].meta.get('section', '')} {self.passages[p].text}") for p in self.order
        ]
        self.keywords = KeywordIndex(tokens)
        self.collection = pcol

    @property
    def size(self) -> int:
        return len(self.passages)

    def idf(self, term: str) -> float:
        """How rare a (stemmed) term is in the passages; 0.0 if they never use it."""
        return self.keywords.idf(term)

    def embed(self, text: str) -> np.ndarray:
        """The L2-normalised embedding of one text (a bounded cache of recent ones)."""
        return self._embed_cached(text)

    def _embed_uncached(self, text: str) -> np.ndarray:
        return self.embedder.embed([text])[0]

    def embed_many(self, texts: list[str]) -> np.ndarray:
        """Embeddings of several texts in one model call (rows in order)."""
        return self.embedder.embed(texts)

    def forget_embeddings(self) -> None:
        """Empty the query-embedding cache (so benchmarks time real model calls)."""
        self._embed_cached.cache_clear()

    def neighbour(self, record: PassageRecord, step: int) -> PassageRecord | None:
        """The passage just before (-1) or after (+1) this one in its document."""
        i = self.order.index(record.id) + step
        if 0 <= i < len(self.order):
            other = self.passages[self.order[i]]
            if other.meta["source"] == record.meta["source"]:
                return other
        return None

    def search(self, query: str, k: int, mode: str = "hybrid") -> list[Hit]:
        """Top-k passages for a query: 'dense', 'bm25' or 'hybrid' (RRF of both)."""
        qvec = self.embed(query)
        depth = max(k * 3, 15)
        dense: dict[str, float] = {}
        if mode in ("dense", "hybrid"):
            try:
                found = self.collection.query(
                    query_embeddings=[qvec], n_results=min(depth, self.size), include=["distances"]
                )
            except Exception as exc:  # never answer from half the evidence: say the store is gone
                raise ChromaUnreachable(f"{self.index.where} did not answer a search ({exc})") from None
            for pid, distance in zip(found["ids"][0], found["distances"][0]):
                dense[pid] = 1.0 - distance  # cosine space: distance = 1 - cos
        qterms = terms(query)
        scores = self.keywords.scores(qterms)
        lexical = {self.order[i]: float(scores[i]) for i in np.argsort(-scores)[:depth] if scores[i] > 0}
        fused: dict[str, float] = {}
        if mode in ("dense", "hybrid"):
            for rank, pid in enumerate(sorted(dense, key=dense.get, reverse=True)):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
        if mode in ("bm25", "hybrid"):
            for rank, pid in enumerate(sorted(lexical, key=lexical.get, reverse=True)):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
        hits: list[Hit] = []
        for pid in sorted(fused, key=fused.get, reverse=True):
            record = self.passages.get(pid)
            if record is None:
                continue
            if any(float(record.vector @ h.passage.vector) > DUPLICATE_COSINE for h in hits):
                continue  # a near-copy of a better-ranked passage
            cos = dense[pid] if pid in dense else float(record.vector @ qvec)
            hits.append(Hit(record, fused[pid], cos, lexical.get(pid, 0.0), len(hits)))
            if len(hits) == k:
                break
        return hits


class HybridRetriever(BaseRetriever):
    """LangChain retriever over a :class:`Library`, so it composes with runnables."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    library: Library
    k: int = 5
    mode: str = "hybrid"

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(
                id=h.passage.id,
                page_content=h.passage.text,
                metadata={**h.passage.meta, "score": h.score, "dense": h.dense, "bm25": h.lexical},
            )
            for h in self.library.search(query, self.k, self.mode)
        ]
