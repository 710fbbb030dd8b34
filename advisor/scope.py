"""Deciding what the advisor should not answer, and cleaning up what it should: instructions are refused; a
question mostly in words the corpus lacks ("lasagna recipe") is out of scope however near a passage is, once
typos map to the nearest corpus word ("salery" -> "salary")."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Set
from functools import lru_cache

from rapidfuzz import fuzz, process

from .text import STOPWORDS, stem, words

_INJECTION = re.compile(
    r"(?i)\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instruction|instructions|rules|prompt|"
    r"guidelines|sources?|that|everything|above|previous|context)\b|\bsystem (prompt|override|message)\b"
    r"|\bjailbreak|\bdeveloper mode\b|\bdo anything now\b|\b(say|state|claim|confirm|answer|tell (me|them|"
    r"us|everyone)|write|reply)\b.{0,30}\b(that|it'?s|it is|is|are|earn|make)\b.{0,40}[$€£]\s?\d",
)
FILLER = frozenset(  # chat filler that carries no topic; it must not count as an "unknown" word
    """stuff rn pls plz btw tbh kinda sorta lol yeah yep nope guys guy someone something
    anything everything somebody anybody people actually basically exactly specifically generally
    right now today maybe probably need needs needed want wants wanted make makes made
    good best better worth still ever even first second last next new old take took taking go
    going went say said ask asked way ways tho though sure mean means else sorry fr""".split()
)
# Chat shorthand of any subject, expanded first; a corpus's own (exams, jargon) come from its configuration
_SHORT = """q's=questions tech=technical u=you r=are ur=your wats=what yr=year ppl=people n=and hs=high_school
    admin=administrator avg=average uni=university info=information whats=what wat=what wat's=what's yrs=years
    cert=certification certs=certifications qs=questions pro=professional exp=experience diff=difference
    wfh=remote asst=assistant"""
SHORTHAND = {k: v.replace("_", " ") for k, v in (pair.split("=") for pair in _SHORT.split())}
MAX_CORRECTIONS = 20_000  # the spelling cache is bounded: a flood of made-up words cannot grow it
_SPELLINGS = [  # British and American spellings of one word, each way round ("licence", "colour", "program")
    (re.compile(pair.partition(">")[0]), pair.partition(">")[2])
    for pair in """ence$>ense ense$>ence is(?=e|ing|ation)>iz iz(?=e|ing|ation)>is yse>yze yze>yse
    our>or or>our re$>er er$>re amme$>am am$>amme ogue$>og og$>ogue
    ll(?=ed|ing|or|ment)>l (?<!l)l(?=ed|ing|or|ment)>ll""".split()
]
_SHARE_OF = re.compile(r"\b(?:the )?(?:(top|highest)|bottom|lowest) (\d\d?) ?(?:%|percent|per cent)", re.I)
_ROLE_PLAY = re.compile(  # addressed to the advisor in a message; plain English in a guide ("act as ...")
    r"\byou are (now|no longer)\b|\bfrom now on\b|\bpretend (to be|you)\b|\bact as\b|\broleplay\b", re.I
)


def is_injection(text: str, planted: bool = False) -> bool:
    """True when a message (or, ``planted``, a guide's sentence) tries to instruct the advisor."""
    return bool(_INJECTION.search(text) or not planted and _ROLE_PLAY.search(text))


class Vocabulary:
    """The corpus's words, for spelling repair and the unknown-word check."""

    def __init__(self, texts: list[str], english: Set[str] = frozenset(), short_forms: Iterable[str] = ()):
        # ``english``: never "corrected" ("called", not "scaled"); ``short_forms``: never filler ("RN")
        self.english, self.short_forms = english, frozenset(short_forms)
        self.words, self.stems = (ws := {w for t in texts for w in words(t)}), {stem(w) for w in ws}
        self.correct = lru_cache(maxsize=MAX_CORRECTIONS)(self._nearest)  # the nearest corpus word, cached
        self._sorted, self._by_length = sorted(self.words), {}  # (a clipped word: a prefix); by letter+length
        for w in (w for w in self._sorted if w.isalpha() and len(w) >= 3):  # (in order: ties alike each run)
            self._by_length.setdefault((w[0], len(w)), []).append(w)

    def known(self, word: str) -> bool:  # a compound of corpus words ("first-year") is theirs too
        whole = word in self.words or stem(word) in self.stems
        return whole or "-" in word.strip("-") and all(map(self.known, word.split("-")))

    def foreign(self, word: str) -> bool:
        """A word the corpus never uses, not even clipped ("psych" for "psychiatric")."""
        i = bisect.bisect_left(self._sorted, word)
        return not self.known(word) and not (i < len(self._sorted) and self._sorted[i].startswith(word))

    def _nearest(self, word: str) -> str:  # the nearest corpus word for a misspelt one, or the word unchanged
        if len(word) < 5 or not word.isalpha() or word in self.words:
            return word
        spelt = (rx.sub(other, word, count=1) for rx, other in _SPELLINGS)
        if (other := next((w for w in spelt if w != word and self.known(w)), None)) is not None:
            return other  # the corpus writes it the other side of the Atlantic
        if {word, word.rstrip("sd"), *(re.sub("(ing|ed)$", e, word) for e in ("", "e"))} & self.english:
            return word  # an English word or its inflection is no typo: "bakers", "lapsing" ("lapse")
        # a typo keeps its first letter ("plumbers": no "numbers"); four letters, too few ("peds": no "ends")
        pool = [w for n in range(len(word) - 1, len(word) + 2) for w in self._by_length.get((word[0], n), [])]
        return c[0] if (c := process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=80)) else word

    def repair(self, text: str) -> str:
        """The text with misspelt words replaced by corpus words (no stop word: "arent" is no "agent")."""

        def fix(match: re.Match) -> str:
            word, lower = match.group(0), match.group(0).lower()
            if word == lower and word.endswith("s") and not self.known(word) and self.known(word[:-1]):
                return word[:-1]  # a short form's plural typed in lower case ("cpas")
            short = SHORTHAND.get(lower, "")  # a content word's only where guides never write it ("vet tech")
            fixed = (short if short in STOPWORDS or not self.known(lower) else "") or self.correct(lower)
            return word if fixed == lower or lower in STOPWORDS and fixed not in STOPWORDS else fixed

        code = lambda m: f"{m[1]}-{m[2]}" if f"{m[1]}-{m[2]}".lower() in self.words else m[0]  # noqa: E731
        text = re.sub(r"\b([A-Za-z]{1,4}) ?(\d{1,4})\b", code, text)  # "gs 9", "az900": as written, "GS-9"
        return _SHARE_OF.sub(self._percentile, re.sub(r"(?<![\w-])[A-Za-z][A-Za-z']*(?![\w-])", fix, text))

    def _percentile(self, m: re.Match) -> str:
        """The top 10 percent as the 90th percentile where the corpus writes percentiles or ranks ("90th")."""
        rank = 100 - int(m[2]) if m[1] else int(m[2])
        rank = f"{rank}{'th' if 10 < rank < 14 else {1: 'st', 2: 'nd', 3: 'rd'}.get(rank % 10, 'th')}"
        return f"the {rank} percentile" if self.known("percentile") or self.known(rank) else m[0]

    def topic_words(self, text: str) -> list[str]:  # the words carrying its topic: no stop word nor filler
        return [w for w in words(text) if w not in STOPWORDS and (w not in FILLER or w in self.short_forms)]

    def unknown_share(self, text: str, theirs: Callable | None = None) -> tuple[float, list[str]]:
        """Share of the topic words of ``text`` that the corpus never uses (nor ``theirs``: "truckers")."""
        topic = [w for w in self.topic_words(text) if not w.endswith("ly")]  # how, not what: "roughly"
        unknown = [w for w in topic if not (self.known(w) or w in self.short_forms or theirs and theirs(w))]
        return (len(unknown) / len(topic), unknown) if topic else (1.0, [])
