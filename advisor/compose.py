"""The offline answerer: a cited reply built from the sentences of retrieved passages.

No LLM is involved, so nothing can be invented: every claim is a sentence or list
item of a passage, marked with the number of that passage. The composer

1. scores each sentence of the retrieved passages against the question (cosine
   of stored sentence embeddings, plus word overlap and the passage's rank);
2. declines when even the best sentence is weak support;
3. picks a lead sentence and a few supporting points; when the best evidence is
   a list ("skills", "duties"), the whole list is given;
4. adds an update wherever a certification the articles recommend has since
   changed (retired, replaced), citing the certification document;
5. numbers the cited passages 1..k in order of first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Answer, Citation
from .retrieval import Hit, Library, PassageRecord
from .text import strip_source_refs, terms

LEAD_SHARE = 0.80  # a point must score at least this share of the best sentence
OTHER_DOC_SHARE = 0.90  # ... and this share when it comes from another document
COVERAGE = 0.05  # bonus per question word a point answers that earlier claims did not
LIST_SHARE = 0.85  # a list is given whole when one of its lines scores this well
LIST_QUESTION_SHARE = 0.70  # ... or this well, when the question asks for several things
MAX_LISTS = 2
MAX_POINTS = 4
THIN_WORDS = 4  # a sentence with fewer new content words than this is thin
THIN_PENALTY = 0.10
MAX_ITEMS = 8
SAME_CLAIM = 0.90  # two sentences closer than this say the same thing

DECLINE_TEXT = (
    "I can't answer that from my sources. I can help with becoming an AI architect: "
    "what the role involves, its duties and skills, education and experience, salary "
    "and job outlook, and certifications (what they cost and cover, and which have "
    "been retired or replaced)."
)
INSTRUCTION_TEXT = (
    "I can't follow instructions given in a question, and I only report what my "
    "sources say. " + DECLINE_TEXT.removeprefix("I can't answer that from my sources. ")
)

_LIST_QUESTION = re.compile(
    r"\b(skills|duties|responsibilit\w*|certifications|steps|areas|domains|topics|"
    r"list|examples|options|kinds|types|what are|which are)\b"
    r"|\b(what|which)\s+(?:[\w-]+\s+){0,2}?[a-z-]{3,}[^s\W]s\b",
    re.I,
)
_CONNECTIVE = re.compile(
    r"^(additionally|in addition|however|in fact|also|meanwhile|instead|as a result|"
    r"for example|ultimately|or|and|but|so)\s*,?\s+",
    re.I,
)


@dataclass
class Scored:
    row: int  # unit row in the library
    score: float
    hit: Hit


def score_units(library: Library, query: str, hits: list[Hit]) -> list[Scored]:
    qvec = library.embed(query)
    qterms = set(terms(query))
    weight = {t: max(library.idf(t), 0.1) for t in qterms}
    total = sum(weight.values()) or 1.0
    rows = [(row, h) for h in hits for row in h.passage.units]
    if not rows:
        return []
    cos = library.unit_vecs[[r for r, _ in rows]] @ qvec
    scored = []
    for (row, hit), c in zip(rows, cos):
        meta = hit.passage.meta
        title = meta["title"] if meta.get("kind") == "certification" else ""
        own = terms(library.unit_text[row])
        context = set(terms(f"{title} {meta.get('section', '')}")) | set(own)
        overlap = sum(weight[t] for t in qterms & context) / total
        prior = 0.04 * (len(hits) - hit.rank) / len(hits)
        # A sentence that only restates the question ("This is where the role of an
        # AI architect comes into play") informs nobody.
        novel = len(set(own) - qterms)
        empty = THIN_PENALTY if novel < THIN_WORDS else 0.0
        scored.append(Scored(row, float(c) + 0.15 * overlap + prior - empty, hit))
    scored.sort(key=lambda s: s.score, reverse=True)
    return scored


def support(scored: list[Scored]) -> float:
    """How well the best sentence answers the question (0 when nothing was found)."""
    return scored[0].score if scored else 0.0


class Composer:
    def __init__(self, library: Library):
        self.library = library

    def compose(self, query: str, hits: list[Hit], scored: list[Scored]) -> Answer:
        lib = self.library
        best = scored[0].score
        picked: list[tuple[int, PassageRecord]] = []

        def take(row: int, record: PassageRecord, unique: bool = True) -> None:
            # Overlapping passages repeat sentences: never say the same words twice.
            if any(r == row or lib.unit_text[r] == lib.unit_text[row] for r, _ in picked):
                return
            if unique and any(float(lib.unit_vecs[row] @ lib.unit_vecs[r]) > SAME_CLAIM for r, _ in picked):
                return
            picked.append((row, record))

        wants_list = bool(_LIST_QUESTION.search(query))
        lists = self._lists(scored, (LIST_QUESTION_SHARE if wants_list else LIST_SHARE) * best)
        sentences = [s for s in scored if lib.unit_meta[s.row]["kind"] == "sentence"]
        lead = sentences[0] if sentences and sentences[0].score >= LEAD_SHARE * best else None
        if lead and wants_list:
            # The lead's own passage often goes on to list what it announces.
            own = self._lists([s for s in scored if s.hit.passage.id == lead.hit.passage.id], 0.0)
            lists += [rows for rows in own[:1] if rows not in lists]
        if lead:
            take(lead.row, lead.hit.passage)
        points = 1 if lists else MAX_POINTS
        home = lead.hit.passage.meta["source"] if lead else None
        # Points stay with the lead's document unless another one is nearly as good.
        pool = [
            s
            for s in sentences[1:]
            if s.score >= LEAD_SHARE * best
            and (s.hit.passage.meta["source"] == home or s.score >= OTHER_DOC_SHARE * best)
        ]
        qterms = set(terms(query))
        covered = set(terms(lib.unit_text[lead.row])) if lead else set()
        while pool and len(picked) < points + (lead is not None):
            # Greedy: prefer a point that answers a part of the question not yet answered.
            s = max(
                pool,
                key=lambda s: s.score + COVERAGE * len((qterms - covered) & set(terms(lib.unit_text[s.row]))),
            )
            pool.remove(s)
            take(s.row, s.hit.passage)
            covered |= set(terms(lib.unit_text[s.row]))
        for rows in lists:
            for row in rows:
                take(row, lib.passages[lib.unit_meta[row]["passage"]], unique=False)
        updates = self._updates(query, picked)
        return self._render(query, picked, updates)

    # --- lists ---------------------------------------------------------------

    def _lists(self, scored: list[Scored], floor: float) -> list[list[int]]:
        """Rows (intro, then items) of the lists whose best line scores above ``floor``."""
        lib = self.library
        found: list[list[int]] = []
        seen: set[int] = set()
        for s in scored:
            if s.score < floor or len(found) == MAX_LISTS:
                break
            meta = lib.unit_meta[s.row]
            if meta["kind"] not in ("item", "intro") or s.row in seen:
                continue
            rows = self._whole_list(s.hit.passage, meta["list"])
            seen.update(rows)
            items = [r for r in rows if lib.unit_meta[r]["kind"] == "item"]
            if len(items) >= 2:
                intro = [r for r in rows if lib.unit_meta[r]["kind"] == "intro"]
                found.append(intro + items[:MAX_ITEMS])
        return found

    def _whole_list(self, record: PassageRecord, list_id: str) -> list[int]:
        """A list's rows, joined across the passage boundaries the splitter cut it at."""
        lib = self.library
        rows = [r for r in record.units if lib.unit_meta[r]["list"] == list_id]
        section = record.meta.get("section")
        prev = lib.neighbour(record, -1)
        if prev and prev.meta.get("section") == section and rows and rows[0] == record.units[0]:
            tail = []
            for r in reversed(prev.units):
                if lib.unit_meta[r]["kind"] not in ("item", "intro"):
                    break
                tail.insert(0, r)
            rows = tail + rows
        nxt = lib.neighbour(record, +1)
        if nxt and nxt.meta.get("section") == section and rows and rows[-1] == record.units[-1]:
            for r in nxt.units:
                if lib.unit_meta[r]["kind"] != "item":
                    break
                rows.append(r)
        return rows

    # --- what changed since the articles -----------------------------------

    def _updates(
        self, query: str, picked: list[tuple[int, PassageRecord]]
    ) -> list[tuple[int, PassageRecord]]:
        """Status sentences of changed certifications the answer or question touches.

        A certification document marks itself changed with ``status: retired`` or
        ``changed: true``; it is touched when its passage is cited or one of its
        ``aliases`` appears in the question or in a cited sentence.
        """
        lib = self.library
        text = _fold(" ".join([query] + [lib.unit_text[r] for r, _ in picked]))
        touched = {rec.meta["source"] for _, rec in picked}
        notes: list[tuple[int, PassageRecord]] = []
        for source, doc in lib.documents.items():
            meta = doc.get("meta", {})
            if meta.get("kind") != "certification":
                continue
            if meta.get("status", "active") == "active" and not meta.get("changed"):
                continue
            names = [_fold(a) for a in meta.get("aliases", []) if len(a) > 3]
            if source not in touched and not any(n in text for n in names):
                continue
            for row, record in self._status_rows(source, meta):
                if all(row != r for r, _ in picked + notes):
                    notes.append((row, record))
        return notes

    def _status_rows(self, source: str, meta: dict) -> list[tuple[int, PassageRecord]]:
        """The status statement of a document and the sentence naming its successor."""
        lib = self.library
        successor_names = [
            _fold(lib.documents[s]["meta"].get("code", ""))
            for s in lib.documents
            if any(s.endswith(f"/{stem}.md") for stem in meta.get("successors", []))
        ]
        successor_names = [n for n in successor_names if n]
        rows: list[tuple[int, PassageRecord]] = []
        for pid in lib.order:
            record = lib.passages[pid]
            if record.meta["source"] != source or not record.meta.get("section", "").startswith("Status"):
                continue
            for r in record.units:
                if not rows or (
                    len(rows) == 1 and any(n in _fold(lib.unit_text[r]) for n in successor_names)
                ):
                    rows.append((r, record))
        return rows

    # --- rendering -----------------------------------------------------------

    def _render(
        self,
        query: str,
        picked: list[tuple[int, PassageRecord]],
        updates: list[tuple[int, PassageRecord]],
    ) -> Answer:
        lib = self.library
        numbers: dict[str, int] = {}
        citations: list[Citation] = []

        def mark(record: PassageRecord) -> str:
            if record.id not in numbers:
                numbers[record.id] = len(numbers) + 1
                citations.append(citation_for(numbers[record.id], record))
            return f"[{numbers[record.id]}]"

        lines: list[str] = []
        for i, (row, record) in enumerate(picked):
            claim = strip_source_refs(lib.unit_text[row])
            kind = lib.unit_meta[row]["kind"]
            claim = _tidy(claim)
            if kind == "intro" or claim.endswith(":"):
                lines.append("")
                lines.append(f"{claim.rstrip(':')} {mark(record)}:")
            elif kind == "item" or i > 0:
                lines.append(f"- {_end(claim)} {mark(record)}")
            else:
                lines.append(f"{_end(claim)} {mark(record)}")
                lines.append("")
        if updates:
            lines += ["", "**What has changed since the articles:**", ""]
            for row, record in updates:
                lines.append(f"- {_end(strip_source_refs(lib.unit_text[row]))} {mark(record)}")
        lines += sources_block(citations)
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        return Answer(text=text, citations=citations, grounded=True, query=query)


def sources_block(citations: list[Citation]) -> list[str]:
    """The numbered Sources list that closes every grounded answer, offline or LLM."""
    lines = ["", "**Sources**", ""]
    for c in citations:
        section = f", {c.section}" if c.section and c.section != c.title else ""
        lines.append(f"{c.n}. {c.title} ({c.publisher}{section})" + (f" — <{c.url}>" if c.url else ""))
    return lines


def citation_for(n: int, record: PassageRecord) -> Citation:
    """Citation number ``n`` quoting a passage."""
    meta = record.meta
    return Citation(
        n=n,
        title=meta.get("title", ""),
        url=meta.get("url") or None,
        source=meta.get("source", ""),
        quote=record.text,
        publisher=meta.get("publisher", ""),
        section=meta.get("section", ""),
    )


def _tidy(sentence: str) -> str:
    trimmed = _CONNECTIVE.sub("", sentence)
    return trimmed[:1].upper() + trimmed[1:] if trimmed else sentence


def _end(sentence: str) -> str:
    return sentence if sentence[-1:] in ".!?)" else sentence + "."


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[‐-―−-]", "-", text.lower()))


def declined(query: str, instructed: bool = False) -> Answer:
    return Answer(
        text=INSTRUCTION_TEXT if instructed else DECLINE_TEXT,
        citations=[],
        grounded=False,
        query=query,
    )
