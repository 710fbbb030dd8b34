"""Plain data that leaves the advisor: an answer and its citations, and the list that shows them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from typing_extensions import TypedDict  # pydantic reads it on Python 3.11 (typing's it cannot)


class Turn(TypedDict):
    """One earlier message of a conversation, as ``Advisor.ask(history=...)`` takes it."""

    role: Literal["user", "assistant"]
    content: str


@dataclass
class Citation:
    """A passage an answer rests on; ``n`` is the number of its ``[n]`` marker."""

    n: int
    title: str
    url: str | None
    source: str  # corpus path of the document
    quote: str  # the passage text the claims marked [n] rest on
    publisher: str = ""
    section: str = ""
    page: int | None = None  # the page the passage starts on, for a document with pages (PDF)
    document_id: str = ""  # names the original file: GET /api/documents/<document_id> serves it

    def to_dict(self) -> dict:
        return asdict(self)


def sources_block(citations: list[Citation]) -> list[str]:
    """The numbered Sources list that closes every grounded answer, offline or LLM."""
    lines = ["", "**Sources**", ""]
    for c in citations:
        at = [d for d in (c.publisher, c.section != c.title and c.section, c.page and f"p. {c.page}") if d]
        lines.append(f"{c.n}. {c.title}" + f" ({', '.join(at)})" * bool(at) + f" — <{c.url}>" * bool(c.url))
    return lines


@dataclass
class Answer:
    """An answer: Markdown text whose claims end with ``[n]``, and the passages they cite.

    ``grounded`` is False when the advisor declines. ``query`` is what was searched
    (follow-ups resolved). ``answer_id`` is set by a server that keeps what it
    answered, so feedback can name the answer; ``notices`` tell the client about
    limits applied to its request (e.g. history trimmed to the latest turns).
    """

    text: str
    citations: list[Citation] = field(default_factory=list)
    grounded: bool = True
    query: str = ""
    backend: str = "offline"
    answer_id: str = ""
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)
