"""Turning a follow-up ("and what do they earn?") into a question that stands alone.

Without an LLM we resolve follow-ups the way a reader does: a short question, or
one that points back ("they", "that one", "what about ..."), inherits the topic
of the previous user question. If the new question names a specific thing of its
own ("what about the Google one?"), it keeps the earlier *intent* (cost, salary)
but drops the earlier specific names (CKA), so the two do not compete in retrieval.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .text import STOPWORDS, terms, words

_REFERRING = re.compile(
    r"^(and|but|so|also|or|then|what about|how about|same for|and for|ok and|okay and)\b"
    r"|\b(they|them|their|theirs|it|its|that|this|those|these|there|he|she|his|her|one|ones|"
    r"former|latter|above|same|else|instead|still)\b",
    re.I,
)
SHORT = 5  # content words; a question this short rarely stands alone


def is_followup(question: str) -> bool:
    content = [w for w in words(question) if w not in STOPWORDS]
    return len(content) <= SHORT or bool(_REFERRING.search(question))


def standalone(
    question: str,
    history: list[dict],
    is_specific: Callable[[str], bool],
) -> str:
    """The question with the topic of earlier user turns added where it refers back."""
    topic = ""
    for turn in history:
        if turn["role"] == "user":
            topic = _merge(turn["content"], topic, is_specific) if topic else turn["content"]
    if not topic:
        return question
    return _merge(question, topic, is_specific)


def _merge(question: str, topic: str, is_specific: Callable[[str], bool]) -> str:
    if not is_followup(question):
        return question
    own = set(terms(question))
    has_own_subject = any(is_specific(t) for t in own)
    carried: list[str] = []
    for word in words(topic):
        if word in STOPWORDS:
            continue
        stemmed = terms(word)
        if not stemmed or stemmed[0] in own or word in carried:
            continue
        if has_own_subject and is_specific(stemmed[0]):
            continue
        carried.append(word)
    return f"{question} ({' '.join(carried)})" if carried else question
