"""Checks on what users send, so bad input gets a clear message and changes nothing.

Two kinds of limits live here. A question that cannot be used (empty, too long,
control characters, invalid Unicode) is refused with :class:`AdvisorInputError`.
A history that is merely too big is *trimmed*: the latest turns are kept, since
they are the ones a follow-up refers to, and a notice says what was dropped so
the client is not misled. Both run before any model or index work, so the cost
of a request is bounded by these limits whatever its size.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import AdvisorInputError

if TYPE_CHECKING:
    from .settings import Settings

ROLES = ("user", "assistant")
# C0/C1 controls (tab and newlines allowed), zero-width space and bidirectional
# embedding/override/isolate marks (which can make text read differently than it
# is). Zero-width (non-)joiners are allowed: emoji sequences and Persian need them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069]")
# Lone UTF-16 surrogates: JSON's "\ud800" decodes to one, and it cannot be encoded
# as UTF-8, so it would fail later (in the index, the database or the response).
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass
class CleanInput:
    """A question and history that passed the checks, with notes for the client."""

    question: str
    history: list[dict] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _check_unicode(text: str, what: str) -> None:
    found = _SURROGATE.search(text)
    if found:
        raise AdvisorInputError(
            f"{what} contains invalid Unicode (an unpaired surrogate, \\u{ord(found.group()):04x}); "
            "please send valid UTF-8 text."
        )


def clean_question(question: object, max_chars: int) -> str:
    """The question normalised (NFC, single spaces), or AdvisorInputError saying why not."""
    if not isinstance(question, str):
        raise AdvisorInputError("The question must be text.")
    # Length first, on the raw text: later steps must never see an unbounded string.
    if len(question) > max_chars * 4:
        raise AdvisorInputError(
            f"The question is {len(question):,} characters long; the limit is {max_chars:,}. "
            "Please ask something shorter."
        )
    _check_unicode(question, "The question")
    text = unicodedata.normalize("NFC", question).strip()
    if not text:
        raise AdvisorInputError("The question is empty: please type a question.")
    if len(text) > max_chars:
        raise AdvisorInputError(
            f"The question is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Please ask something shorter."
        )
    if _CONTROL.search(text):
        raise AdvisorInputError("The question contains control characters; please send plain text.")
    return " ".join(text.split())


def clean_history(
    history: object, max_chars: int, max_turns: int, max_total_chars: int | None = None
) -> list[dict]:
    """A list of {"role": "user"|"assistant", "content": str}; only the latest turns are kept.

    ``max_chars`` is the question limit (kept for callers of the old signature);
    ``max_total_chars`` caps the characters of all kept turns together (default:
    twenty questions' worth).
    """
    turns, _ = trim_history(
        history, max_turns, max_total_chars if max_total_chars is not None else max_chars * 20
    )
    return turns


def trim_history(history: object, max_turns: int, max_total_chars: int) -> tuple[list[dict], str]:
    """Validate every turn, keep the latest that fit both caps; return them and a notice
    (empty when nothing was dropped)."""
    if history is None:
        return [], ""
    if not isinstance(history, (list, tuple)):
        raise AdvisorInputError("The history must be a list of {role, content} messages.")
    cleaned: list[dict] = []
    for i, turn in enumerate(history, 1):
        if not isinstance(turn, dict) or set(turn) - {"role", "content", "metadata", "options"}:
            raise AdvisorInputError(f"History message {i} must be an object with 'role' and 'content' only.")
        role, content = turn.get("role"), turn.get("content")
        if role not in ROLES:
            raise AdvisorInputError(f"History message {i} has role {role!r}; use 'user' or 'assistant'.")
        if not isinstance(content, str):
            raise AdvisorInputError(f"History message {i} must have text content.")
        _check_unicode(content, f"History message {i}")
        cleaned.append({"role": role, "content": content})
    kept: list[dict] = []
    total = 0
    for turn in reversed(cleaned[-max_turns:] if max_turns > 0 else []):
        total += len(turn["content"])
        if total > max_total_chars:
            break
        kept.append(turn)
    kept.reverse()
    dropped = len(cleaned) - len(kept)
    if not dropped:
        return kept, ""
    notice = (
        f"Only the latest {len(kept)} of the {len(cleaned)} earlier messages were used "
        f"(limits: {max_turns} messages, {max_total_chars:,} characters)."
    )
    return kept, notice


def prepare(question: object, history: object, settings: Settings) -> CleanInput:
    """Apply every input limit of ``settings`` to one request, before any model work."""
    text = clean_question(question, settings.max_question_chars)
    turns, notice = trim_history(history, settings.max_history_turns, settings.max_history_chars)
    return CleanInput(text, turns, [notice] if notice else [])
