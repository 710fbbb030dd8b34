"""Checks on what users send, so bad input gets a clear message and changes nothing."""

from __future__ import annotations

import re
import unicodedata

ROLES = ("user", "assistant")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


class AdvisorInputError(ValueError):
    """The question or history cannot be used; the message says why, for a person."""


def clean_question(question: object, max_chars: int) -> str:
    if not isinstance(question, str):
        raise AdvisorInputError("The question must be text.")
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


def clean_history(history: object, max_chars: int, max_turns: int) -> list[dict]:
    """A list of {"role": "user"|"assistant", "content": str}; the last turns are kept."""
    if history is None:
        return []
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
        if len(content) > max_chars * 20:
            raise AdvisorInputError(f"History message {i} is too long.")
        cleaned.append({"role": role, "content": content})
    return cleaned[-max_turns:]
