"""Serving one answer or one rating, the same way for the HTTP API, the chat page and LTI.

Every front end goes through :class:`Service`, so the limits, the stored answer
and its id, and the rate limit are applied once, identically, whoever asks.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Literal, TypeVar

import anyio
from pydantic import BaseModel, ConfigDict, Field

from advisor import Answer
from advisor.embedder import usable_cores
from advisor.errors import AdvisorInputError
from advisor.settings import Settings
from advisor.validate import prepare

from .feedback import FeedbackStore, Rating
from .ratelimit import ClientAddress, RateLimiter

if TYPE_CHECKING:
    from advisor import Advisor

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_COMMENT_CHARS = 500
_BAD_COMMENT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class FeedbackRequest(BaseModel):
    """A rating of a served answer: the body of ``POST /api/feedback`` (and of the LTI chat's)."""

    model_config = ConfigDict(extra="forbid")
    answer_id: str = Field(
        min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="The answer's answer_id."
    )
    rating: Literal["up", "down"]
    comment: str = Field("", max_length=MAX_COMMENT_CHARS, description="Optional, a sentence or two.")


def answer_turns(settings: Settings) -> int:
    """How many answers one process works on at once; the rest wait in order of arrival.

    A busy server answers fastest when a few answers run at a time: enough that the
    questions of several share one model run, few enough that Python's threads do not
    take turns on every answer at once (which makes each answer wait for all the others
    and spreads latency). Measured with 50 users on 2 cores: 40 at once (the default
    thread pool) gave p95 505-539 ms; 12 gave 416-417 ms at the same throughput.
    """
    cores = max(1, usable_cores() // settings.workers)
    return settings.concurrent_answers or 6 * cores


class Service:
    """The advisor, the answer/feedback store and the rate limiter, used together."""

    def __init__(self, advisor: Advisor, settings: Settings, store: FeedbackStore):
        self.advisor = advisor
        self.settings = settings
        self.store = store
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_limit_storage)
        self.client_address = ClientAddress(settings.trusted_proxies)
        self.turns = anyio.CapacityLimiter(answer_turns(settings))

    def client(self, peer: str | None, headers: Mapping[str, str]) -> str:
        return self.client_address(peer, headers)

    def check_rate(self, scope: str, client: str) -> None:
        """Raise RateLimited when ``client`` is over its ``scope`` budget ("ask" or "feedback")."""
        self.limiter.check(scope, client)

    def answer(self, question: object, history: object, channel: str) -> Answer:
        """Check and trim the input, answer, keep the answer; return it with its id and notices."""
        clean = prepare(question, history, self.settings)  # before any model or index work
        # The core applies its own settings' limits again (Advisor.inquire); on input already
        # trimmed to these limits that adds no second notice, only one of its own limits if
        # they are tighter.
        answer = self.advisor.ask(clean.question, history=clean.history)
        answer = dataclasses.replace(answer, notices=[*answer.notices, *clean.notices])
        answer.answer_id = self.store.record_answer(
            answer, clean.question, channel, self._meaning(clean.question) if not answer.grounded else None
        )
        return answer

    async def answer_in_turn(self, question: object, history: object, channel: str) -> Answer:
        """:meth:`answer` in a worker thread, when its turn comes (see :func:`answer_turns`)."""
        return await self.in_turn(self.answer, question, history, channel)

    async def in_turn(self, work: Callable[..., T], *args: object) -> T:
        """Run ``work(*args)`` in a worker thread once one of the answering turns is free."""
        return await anyio.to_thread.run_sync(work, *args, limiter=self.turns)

    def _meaning(self, question: str) -> bytes | None:
        """A declined question's embedding (float32 bytes), for grouping unanswered questions.

        Usually free: the advisor embedded the same text to decide it could not answer.
        When it did not (an instruction, a place the guides never name, a follow-up read
        with what it refers to) and the question's text is kept, no model runs while the
        user waits: the staff page embeds the kept text when it groups it. Without the
        text, the embedding is the only trace of the question, so it is computed now.
        """
        library = self.advisor.library
        vector = library.cached_embedding(question)
        if vector is None and self.store.store_questions:
            return None
        try:
            vector = library.embed(question) if vector is None else vector
        except Exception:  # grouping is a report's nicety: never fail the answer for it
            log.exception("could not embed a declined question for the staff page")
            return None
        return vector.astype("<f4").tobytes()

    def rate(
        self, answer_id: str, rating: Rating, client: str, comment: str = "", channel: str = "api"
    ) -> int:
        comment = (comment or "").strip()
        if len(comment) > MAX_COMMENT_CHARS:
            raise AdvisorInputError(f"The comment is longer than {MAX_COMMENT_CHARS} characters.")
        if _BAD_COMMENT.search(comment):
            raise AdvisorInputError("The comment contains control characters or invalid Unicode.")
        return self.store.rate(answer_id, rating, client, comment=comment, channel=channel)
