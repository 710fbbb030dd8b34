"""LangChain's interfaces around the advisor's retriever and embedding model.

The offline serving path is plain Python and numpy: importing LangChain costs
about a second (its tracers pull in LangSmith), which every cold start would pay
for nothing. This module is imported only by callers who ask for LangChain
objects (``Advisor.retriever()``, ``Advisor.embeddings()``, ``Advisor.chain()``)
and by the LLM path, so LangChain stays the way to plug the advisor into other
chains and vector stores without weighing on the answer of one question.
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .embedder import OnnxEmbedder
from .retrieval import Library


class HybridRetriever(BaseRetriever):
    """LangChain retriever over a :class:`~advisor.retrieval.Library`, so it composes with runnables."""

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


class OnnxEmbeddings(Embeddings):
    """LangChain's ``Embeddings`` over the advisor's ONNX model (same vectors as the index's)."""

    def __init__(self, embedder: OnnxEmbedder):
        self.embedder = embedder

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(texts)
