"""Turning a follow-up ("and what do they earn?") into a question that stands alone, as a reader does: a new
subject wins ("what about the Google one?" keeps the rest asked, its cost); the corpus names its subjects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

from .questions import COMPARISON, QuestionType, classify, hints, sides
from .scope import FILLER
from .text import NUMBER_WORDS, STOPWORDS, before_sources, numbers, stem, strip_source_refs, terms, words

_CONTINUATION = re.compile(  # opens like a continuation: "and ...", "but ...", "what about ...", "for ..."
    r"^\s*(?:ok(?:ay)?,?\s+|so,?\s+)?(?:and|but|also|then|(what|how)\s+about|(same|what)?\s*for)\b", re.I
)
_POINTER = re.compile(  # "both parts" points back; "both X and Y" names its pair
    r"(?i)\b(they|them|theirs?|its?|that|this|those|these|he|she|his|her|him|ones?|former|latter|next|"
    r"same|else|instead|(?<!is )(?<!are )there)\b|\b(both|each|either|neither)\b(?![^?]*\b(and|or|nor)\b)"
    r"|\btho(?:ugh)?\W*$"
)
# "what about X, <a question of its own>" (group 1): X is what its pointers mean
_SUBSTITUTE = re.compile(r"\b(?:(?:what|how)\s+about|(?:same|what|and)\s+for)\s+[^,?]+,(.+)", re.I)
_ROLE = re.compile(r"(?i)\b(?:becom\w*|as(?= an? | the ))(?: an?| the)? (.+)")  # "become X", "as an X"
EMPTY = STOPWORDS | frozenset(  # words that make a question without naming anything ("how long?")
    """take takes took need needs cost costs last lasts mean means work works get gets make makes
    long much many often exactly specifically else more again instead still anyway yet""".split()
)
_EMPTY_STEMS = frozenset(map(stem, EMPTY | FILLER))  # nor does chat filler ("sorry"); stemmed once


@dataclass(frozen=True)
class Subjects:
    """Which word stems name a subject (a thing asked about) in this corpus: its names, words it writes
    capitalised mid-sentence (Kubernetes, Medicaid), acronyms and codes (NCLEX, AI-102), its configuration's
    short forms. Words in half the guides or more (the career) are the domain, and switch no topic."""

    names: frozenset[str] = frozenset()
    domain: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()  # names the guides also write as a common word ("another branch")


def is_followup(question: str) -> bool:
    """Whether a question leans on what came before: "and ...", "what about ...", "they", "how much?"."""
    return bool(_CONTINUATION.search(question) or _POINTER.search(question)) or set(words(question)) <= EMPTY


def standalone(question: str, history: list[dict], subjects: Subjects) -> str:
    """The question with what it refers back to made explicit. Only the user's turns carry topics, each
    resolved against the one before it, so a subject the user has left is never brought back. One naming only
    what that one or its reply's lead said, or half the guides say, leans on it ("how long is the exam?")."""
    topic = said = ""
    for role, text in [(t["role"], t["content"]) for t in history] + [("user", question)]:
        topic, said = _merge(text, topic, subjects, said) if role == "user" else topic, text
    return topic


def _merge(question: str, topic: str, subjects: Subjects, answer: str = "") -> str:
    said = {*terms(topic), *terms(answer.strip().partition("\n")[0]), *_EMPTY_STEMS}  # and the reply's lead
    said |= {str(n) for w, n in NUMBER_WORDS.items() if w in said}  # "5 yrs" after "about five years"
    if not (topic and (is_followup(question) or set(terms(question)) <= said | subjects.domain)):
        return question
    if (m := _SUBSTITUTE.search(question)) and (hints(m[1]) or classify(m[1]) is not QuestionType.GENERAL):
        return question  # it names its subject and asks its own question of it
    role = _ROLE.search(re.split(r"[,;:.!?\n]", answer.strip())[0])  # the reply's first clause
    if role and re.match(r"(?i)\W*wh(at|ich)\b", topic) and re.search(r"(?i)\bth(at|is)\b", question):
        role = " ".join(takewhile(lambda w: w not in STOPWORDS, words(role[1])))  # X: what "that" points at
        topic = role if set(terms(role)) - set(terms(topic)) else topic  # unless the question named it
    # a comparison's sides are what a follow-up comparing nothing leans on, not its word for it ("compare")
    vs = {t for m in COMPARISON.finditer(topic) if m[1] and not sides(question) for t in terms(m[1])}
    back = re.search(r"(?i)\b(th[oe]se|there|(that|which) one)\b", question)  # "those", "there" point back
    named = back and re.match(r"(?i)\W*(which|what kinds?|where|(?:is|are) there)\b", topic)  # point at what
    told = re.split(r"(?<=[.!?])\s+|\n", strip_source_refs(before_sources(answer)))  # it named; a line
    topic += "".join(f" {x}" for x in told if named or numbers(question) & numbers(x))  # of a figure quoted
    fresh = subjects.names - (subjects.common if _POINTER.search(question) else set())  # ("that exam's code":
    new = fresh & (own := set(terms(question))) and not (back and not _CONTINUATION.search(question))  # none)
    said = own | vs | (subjects.names if new else set())  # a new subject, unless "that one" points past it
    carried = [w for w in dict.fromkeys(words(topic)) if w not in STOPWORDS and stem(w) not in said]  # once
    phrase = " ".join(carried)  # a comparison's side pointing back ("that or X") is what it points at,
    side = next((s for s in sides(question) or () if not terms(s)), "") if phrase in topic.lower() else ""
    sub = re.sub(rf"\b{re.escape(side)}\b", phrase, question, count=1) if side else f"{question} ({phrase})"
    return sub if carried else question  # when that is one phrase of it ("industrial engineer")
