"""``Advisor``: the one entry point of the package.

It is a LangChain runnable chain of three steps, each a plain method:

    standalone query (follow-ups resolved) -> hybrid retrieval -> cited answer

The answer step is the offline composer unless an LLM is configured; an LLM's
reply is accepted only if its citations check out, otherwise the offline answer
is given.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import numpy as np

from . import offline  # noqa: F401  (sets the offline environment first)
from .compose import Composer, declined, score_units, support
from .index import Index, IndexProblem, SyncReport
from .models import Answer
from .settings import Settings
from .validate import clean_history, clean_question

log = logging.getLogger(__name__)

UNKNOWN_SHARE = 0.5  # a question with more than this share of unknown words is off-topic
FOREIGN_PULL = 0.10  # ... or whose unknown words pull it this far from the corpus (tuned on dev)


class Advisor:
    """Answers questions about becoming an AI architect, citing its corpus.

    >>> adv = Advisor()
    >>> ans = adv.ask("What does an AI architect earn?")
    >>> ans.grounded, ans.citations[0].title
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        corpus_dir: str | Path | None = None,
        index_dir: str | Path | None = None,
        llm=None,
    ):
        overrides = {}
        if corpus_dir is not None:
            overrides["corpus_dir"] = Path(corpus_dir)
        if index_dir is not None:
            overrides["index_dir"] = Path(index_dir)
        base = settings or Settings.from_env()
        for key, value in overrides.items():
            setattr(base, key, value)
        self.settings = base
        self._llm_spec = llm if llm is not None else base.llm
        self._llm = None
        self._library = None
        self._vocabulary = None
        self._entities: set[str] = set()
        self._chain = None
        self._lock = threading.Lock()
        self.last_sync: SyncReport | None = None

    # --- loading -------------------------------------------------------------

    def load(self, progress: bool = False) -> SyncReport | None:
        """Open the index, building or refreshing it from the corpus if needed.

        Called by the first ``ask``; call it yourself to pay the start-up cost early.
        """
        with self._lock:
            if self._library is not None:
                return self.last_sync
            from . import offline
            from .retrieval import Library
            from .scope import Vocabulary, english_words

            index = Index(self.settings)
            report = index.sync(progress=progress)
            if report.rebuilt or report.skipped:
                log.warning(report.summary())
            manifest = index.check()
            self._library = Library(index, manifest)
            texts = [p.text for p in self._library.passages.values()]
            self._vocabulary = Vocabulary(texts, english_words(offline.model_path()))
            names = []
            for doc in self._library.documents.values():
                meta = doc.get("meta", {})
                if meta.get("kind") == "certification":
                    names += [meta.get("issuer", ""), meta.get("code", ""), *meta.get("aliases", [])]
            self._entities = self._vocabulary.entities(names) - {"certifi", "certif", "ai", "architect"}
            self.last_sync = report
            return report

    @property
    def library(self):
        self.load()
        return self._library

    def stats(self) -> dict:
        lib = self.library
        return {"documents": len(lib.documents), "passages": lib.size, "sentences": len(lib.unit_ids)}

    # --- asking --------------------------------------------------------------

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """Answer one question; ``history`` holds the earlier turns of the conversation.

        Raises ``AdvisorInputError`` (with a message for the user) on bad input.
        """
        s = self.settings
        text = clean_question(question, s.max_question_chars)
        turns = clean_history(history, s.max_question_chars, s.max_history_turns)
        return self.chain().invoke({"question": text, "history": turns})

    def chain(self):
        """The LangChain runnable behind ``ask`` (input: question and history)."""
        if self._chain is None:
            from langchain_core.runnables import RunnableLambda

            self.load()
            self._chain = (
                RunnableLambda(self._standalone, name="standalone_query")
                | RunnableLambda(self._retrieve, name="hybrid_retrieval")
                | RunnableLambda(self._answer, name="cited_answer")
            )
        return self._chain

    def retriever(self, k: int | None = None):
        """The hybrid retriever as a LangChain ``BaseRetriever``, to use in other chains."""
        from .retrieval import HybridRetriever

        return HybridRetriever(library=self.library, k=k or self.settings.top_k, mode=self.settings.retriever)

    def _standalone(self, inputs: dict) -> dict:
        from .followup import standalone
        from .scope import FILLER, intent_terms
        from .text import terms

        vocab = self._vocabulary

        def is_specific(term: str) -> bool:
            return term in self._entities

        question = vocab.repair(inputs["question"])
        history = [dict(t, content=vocab.repair(t["content"])) for t in inputs["history"]]
        query = standalone(question, history, is_specific)
        hint = intent_terms(query)
        own = [t for t in terms(question) if t not in FILLER]
        if not hint and query != question and own and all(is_specific(t) for t in own):
            # "what about the Google one?" swaps the subject and asks what the last
            # question asked ("how much"); "and what skills?" asks something new.
            asked = [t["content"] for t in history if t["role"] == "user"]
            hint = intent_terms(asked[-1]) if asked else ""
        return {**inputs, "repaired": question, "query": query, "search": f"{query} {hint}".strip()}

    def _retrieve(self, state: dict) -> dict:
        from .scope import is_injection

        if is_injection(state["question"]):
            return {**state, "decline": "instruction"}
        share, unknown = self._vocabulary.unknown_share(state["repaired"])
        if share > UNKNOWN_SHARE or (
            unknown and self._foreign_pull(state["repaired"], unknown) >= FOREIGN_PULL
        ):
            return {**state, "decline": "unknown"}
        hits = self._library.search(state["search"], self.settings.top_k, self.settings.retriever)
        scored = score_units(self._library, state["search"], hits)
        if support(scored) < self.settings.min_support:
            return {**state, "decline": "weak", "hits": hits}
        return {**state, "hits": hits, "scored": scored}

    def _foreign_pull(self, question: str, unknown: list[str]) -> float:
        """How much closer the question gets to the corpus without its unknown words.

        "Average salary for a lawyer" matches the salary passage only once
        "lawyer" is dropped: the unknown word is the real subject, so we decline.
        An incidental unknown word ("purely technical") barely moves the match.
        """
        lib = self._library
        rx = re.compile(r"\b(" + "|".join(map(re.escape, unknown)) + r")\b", re.I)
        without = rx.sub(" ", question)
        best = lambda text: float(np.max(lib.unit_vecs @ lib.embed(text)))  # noqa: E731
        return best(without) - best(question)

    def _answer(self, state: dict) -> Answer:
        if state.get("decline"):
            return declined(state["search"], instructed=state["decline"] == "instruction")
        offline_answer = Composer(self._library).compose(state["search"], state["hits"], state["scored"])
        model = self.llm()
        if model is None:
            return offline_answer
        from .llm import llm_answer

        reply = llm_answer(model, state["question"], state["search"], state["hits"])
        return reply or offline_answer

    def llm(self):
        """The configured LangChain chat model, or None for the offline answerer."""
        if self._llm is None and self._llm_spec:
            from .llm import chat_model

            self._llm = chat_model(self._llm_spec, self.settings.llm_timeout)
        return self._llm


__all__ = ["Advisor", "IndexProblem"]
