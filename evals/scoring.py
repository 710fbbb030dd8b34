"""Scorers for one answer against one golden case. Plain functions, no model calls.

Citation support is checked the way a careful reader would without an NLI model:
a sentence is supported by a quote when every number in the sentence appears in
the quote and most of its content words do too. ALCE's citation recall and
precision are computed with that check standing in for entailment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.text import numbers, terms

MARKER = re.compile(r"\[(\d+)\]")
TERM_SUPPORT = 0.6  # share of a claim's content words that the quote must contain


def body(text: str) -> str:
    """The answer without its Sources list (titles there must not count as facts)."""
    return text.split("**Sources**")[0]


def _normalised(text: str) -> str:
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)


def fact_hits(text: str, patterns: list[str], whole: bool = False) -> list[bool]:
    """Which expected facts (case-insensitive regexes) the answer states.

    Thousands separators are ignored on both sides: '133,904' matches '$133904'.
    ``whole`` searches all of ``text`` (passages), not only an answer's body.
    """
    content = text if whole else body(text)
    flat = _normalised(content)
    return [bool(re.search(p, content, re.I) or re.search(_normalised(p), flat, re.I)) for p in patterns]


def claims(text: str) -> list[tuple[str, list[int]]]:
    """Each marked sentence or list line of the answer with the numbers it cites."""
    found = []
    for line in body(text).splitlines():
        line = line.strip()
        # a bold label (a verdict "**Yes.**", a guide's heading) is shown before the claim, not part of it
        line = re.sub(r"^\*\*.+?\*\*\s*", "", line.lstrip("- ")).lstrip("-*").strip()
        for sentence in re.split(r"(?<=\]|[.!?:])\s+(?=[A-Z])", line):
            marks = [int(n) for n in MARKER.findall(sentence)]
            if marks:
                found.append((MARKER.sub("", sentence).strip(" :."), marks))
    return found


def unmarked_claims(text: str) -> list[str]:
    """Sentences in the answer body that carry no marker (a grounded answer has none)."""
    out = []
    for line in body(text).splitlines():
        line = line.strip()
        if line.startswith("**"):
            continue
        line = line.lstrip("-*").strip()
        if line and not MARKER.search(line):
            out.append(line)
    return out


def supports(quote: str, claim: str) -> bool:
    """Does the quote hold the claim: all its numbers and most of its words?"""
    if not numbers(claim) <= numbers(quote):
        return False
    words = set(terms(claim))
    if not words:
        return True
    return len(words & set(terms(quote))) / len(words) >= TERM_SUPPORT


@dataclass
class CitationScore:
    markers: int = 0
    valid: int = 0  # markers that resolve to a citation
    sentences: int = 0
    supported: int = 0  # ALCE recall numerator
    citations: int = 0
    precise: int = 0  # ALCE precision numerator
    unsupported: list[str] = field(default_factory=list)


def score_citations(text: str, citations: list[dict]) -> CitationScore:
    quotes = {c["n"]: c["quote"] for c in citations}
    score = CitationScore()
    for claim, marks in claims(text):
        score.sentences += 1
        score.markers += len(marks)
        score.valid += sum(1 for m in marks if m in quotes)
        cited = [quotes[m] for m in marks if m in quotes]
        joint = supports(" ".join(cited), claim) if cited else False
        score.supported += joint
        if not joint:
            score.unsupported.append(claim)
        for i, quote in enumerate(cited):
            score.citations += 1
            alone = supports(quote, claim)
            others = cited[:i] + cited[i + 1 :]
            needed = joint and not (others and supports(" ".join(others), claim))
            score.precise += alone or needed
    return score


def retrieval_ranks(sources: list[str], expected: list[str]) -> int | None:
    """1-based rank of the first retrieved passage from an expected document."""
    for rank, source in enumerate(sources, 1):
        name = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]  # any suffix: .md, .markdown, .txt
        if any(name == stem or source == stem for stem in expected):
            return rank
    return None


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
