"""Plain data that leaves the advisor: an answer and its citations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


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

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    text: str  # Markdown; every claim ends with a [n] marker
    citations: list[Citation] = field(default_factory=list)
    grounded: bool = True  # False when the advisor declines
    query: str = ""  # the standalone query that was searched (follow-ups resolved)
    backend: str = "offline"

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "grounded": self.grounded,
            "query": self.query,
            "backend": self.backend,
        }
