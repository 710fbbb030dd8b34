"""Small text helpers shared by retrieval and answering: tokens, stems, numbers."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

# A snowball stemmer keeps the word it works on in the object itself, so threads that shared
# one would stem each other's words (wrong stems, or IndexError under load): one per thread.
_local = threading.local()
_WORD = re.compile(r"[a-z0-9]+(?:[.'’-][a-z0-9]+)*", re.I)

# Words that carry no topic. Kept short on purpose: domain words (the words of
# the career a corpus is about) are not stop words, they matter to BM25.
STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been
    being below between both but by can could did do does doing done down during each
    few for from further had has have having he her here hers him his how i if in into
    is it its itself just me more most my myself no nor not now of off on once only or
    other our ours out over own same she should so some such than that the their theirs
    them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours
    yourself yourselves please tell know want wanna gonna like get got really thing
    things one ones much many lot lots also anyway ok okay hi hello hey thanks thank
    im i'm i’m id i'd ive i've dont don't don’t whats what's what’s s
    cant can't can’t wont won't won’t""".split()
) | {  # "isn't", typed "isnt" too: no typo of a corpus word ("arent" is not "agent")
    f"{verb}{end}"
    for verb in "is are was were does did could would should has have had".split()
    for end in ("nt", "n't", "n’t")
}


# Numbers as English writes them in words ("three steps", "about five years"), and their values
NUMBER_WORDS = {w: i for i, w in enumerate("two three four five six seven eight nine ten".split(), start=2)}
# What follows a number that counts no things: a unit of time or a share, or a sum's sign before it
NOT_COUNTED = r"(?![\w,.]*[\s–-]*(?:%|(?:percent|second|minute|hour|day|week|month|year)s?\b))(?<![$€£]\d)"
# "how much" of a thing it names ("how much *sea time*", "how much longer"), not of pay ("how much do")
MUCH_OF = rf"\bhow much (?!(?:{'|'.join(map(re.escape, sorted(STOPWORDS)))})\b)[a-z]"


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("english")
    return _local.stemmer.stemWord(word)


_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")


def words(text: str) -> list[str]:
    """Lower-case words without accents ("résumé" is "resume"); an acronym's plural is the
    acronym ("RNs" -> "rn", like "nurses" -> "nurse")."""
    return list(_words(text))


@lru_cache(maxsize=20_000)
def _words(text: str) -> tuple[str, ...]:
    # Cached: headings and lines are read again for every question (a heading in its words, say).
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return tuple(w.lower() for w in _WORD.findall(_ACRONYM_PLURAL.sub(r"\1", bare)))


def terms(text: str) -> list[str]:
    """Stemmed content words: what BM25 and the overlap checks compare."""
    return list(_terms(text))


@lru_cache(maxsize=20_000)
def _terms(text: str) -> tuple[str, ...]:
    # Cached: every answer compares the same passages' sentences again.
    return tuple(stem(w) for w in words(text) if w not in STOPWORDS)


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers(text: str) -> set[str]:
    """Numbers in a text with thousands separators removed ('133,904' -> '133904')."""
    return {m.group(0).replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


_OWN_REFS = re.compile(r"\s*\[\d+(?:\s*[,–-]\s*\d+)*\]")


def before_sources(answer: str) -> str:
    """What an answer says, without the list of sources it ends with (what it cites)."""
    return answer.split("**Sources**")[0]


def strip_source_refs(text: str) -> str:
    """Drop an article's own reference marks ('[4, 5]') so they never clash with ours."""
    return _OWN_REFS.sub("", text).strip()


def fold(text: str) -> str:
    """Lower case with every dash a hyphen and every run of spaces one space: how names are compared."""
    return re.sub(r"\s+", " ", re.sub(r"[‐-―−-]", "-", str(text).lower()))


_ABBREVIATIONS = ("vs.", "e.g.", "i.e.", "etc.", "U.S.", "Dr.", "Mr.", "Ms.", "No.", "approx.", "St.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(\[]?[A-Z0-9$])")


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; cautious about abbreviations such as 'vs.'."""
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        candidate = paragraph[start : m.start() + 1].strip()
        if candidate.endswith(_ABBREVIATIONS):
            continue
        parts.append(paragraph[start : m.end()].strip())
        start = m.end()
    parts.append(paragraph[start:].strip())
    return [p for p in parts if p]
