"""Hybrid retrieval: Chroma (dense) and BM25 (lexical), fused by reciprocal rank.

The corpus is small (hundreds of passages), so the whole index is also held in
memory as a :class:`Library`: BM25 needs every passage's terms anyway, and the
offline answerer scores the sentences of the retrieved passages against the
query with their stored embeddings, with no model call beyond the query itself.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np

from .corpus import document_id
from .doctree import is_rule, row_cells
from .index import PASSAGES, ChromaUnreachable, Index, IndexData, IndexProblem
from .keyword import KeywordIndex
from .models import Citation
from .text import STOPWORDS, fold, terms, words

RRF_K = 60  # the constant of Cormack et al.; larger flattens the fusion
DUPLICATE_COSINE = 0.92  # passages closer than this say the same thing
QUERY_CACHE = 768  # texts whose embeddings are kept (questions, their variants)
SAME_MEANING, MEANING_LINES = 0.7, 10  # a word this near (cosine) another means it; of this many passages


@dataclass
class PassageRecord:
    id: str
    text: str
    meta: dict
    vector: np.ndarray
    units: list[int] = field(default_factory=list)  # rows in Library.unit_*


def passage_terms(record: PassageRecord) -> frozenset[str]:
    """What a passage speaks of: the terms of its title, section and text."""
    meta = record.meta
    return terms_with_parts(f"{meta.get('title', '')} {meta.get('section', '')} {record.text}")


def one_line(heading: str) -> str:
    """A heading as a citation shows it. A plain-text banner's title keeps its rules and line breaks in the
    index ("=====", "CAREER HANDOUT", "Welder vs. ..." on lines of their own), where its words count and
    changing them moves retrieval; a reader sees "CAREER HANDOUT — Welder vs. ..."."""
    lines = [line.strip() for line in str(heading).splitlines()]
    return " — ".join(line for line in lines if line and not is_rule(line))


def citation_for(n: int, record: PassageRecord) -> Citation:
    """Citation number ``n`` quoting a passage."""
    meta, src = record.meta, record.meta.get("source", "")
    kw = {k: one_line(meta.get(k, "")) for k in ("title", "publisher", "section")} | {
        "url": meta.get("url") or None
    }
    page = int(meta["page"]) if meta.get("page") else None
    return Citation(n=n, source=src, quote=record.text, page=page, document_id=document_id(src), **kw)


@lru_cache(maxsize=4096)
def terms_with_parts(text: str) -> frozenset[str]:
    """A text's terms, a hyphenated one also by its parts ("nclex-rn" speaks of the NCLEX too)."""
    return frozenset(terms(text)) | frozenset(terms(text.replace("-", " ")))


@dataclass
class Hit:
    """One retrieved passage with the evidence for its rank."""

    passage: PassageRecord
    score: float  # fused (RRF) score
    dense: float  # cosine similarity to the query
    lexical: float  # BM25 score
    rank: int = 0


def _section(record: PassageRecord) -> tuple[str, str]:
    """The section a passage is part of: its document and heading path."""
    return record.meta["source"], record.meta.get("section", "")


class Library:
    """Everything in the index, in memory, ready to search.

    Dense search runs here too, exactly (one matrix-vector product over the
    passages' unit vectors), for a local index: the vectors are in memory anyway,
    and a brute-force cosine over thousands of passages takes well under a
    millisecond, less than a call into Chroma. With a Chroma server the search
    goes to the server, so that a server that went away is noticed at once and no
    answer is ever built from half the evidence.
    """

    def __init__(self, index: Index, record: dict | None = None, data: IndexData | None = None):
        """Load everything from ``index``.

        ``data`` is what the index holds, already read (from its serving snapshot);
        without it, it is read from Chroma, with ``record`` (:meth:`Index.check`,
        read if not given) naming the documents.
        """
        self.index = index
        if data is None:
            record = record if record is not None else index.check()
            if record is None:
                raise IndexProblem("the index is empty: run `python -m advisor ingest`")
            data = index.read_data(record)
        self.documents: dict[str, dict] = data.documents
        self.short_forms: dict[str, str] = {}  # the corpus's abbreviations (lower case), set by Advisor
        self.long_forms: list[tuple[str, str, set[str]]] = []  # each's long form, in lower case, its words
        self.aliases: dict[frozenset[str], str] = {}  # the subject's other names' words -> its name
        self.other_names: dict[frozenset[str], str] = {}  # those and its configuration's ("lineman"): Advisor
        self.initials: dict[str, str] = {}  # short forms, initials of its names ("dc"), to them: Advisor
        self.scope: set[str] = set()  # the words of the places its description names ("canada"): Advisor
        self.embedder = index.embedder()
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # recent texts' embeddings
        self._vectors_lock = threading.Lock()
        self.passages: dict[str, PassageRecord] = {}
        for pid, text, meta, vec in zip(
            data.passage_ids, data.passage_texts, data.passage_metas, data.passage_vecs
        ):
            meta = {k: v for k, v in meta.items() if k != "doc"}  # the document's record, kept in documents
            self.passages[pid] = PassageRecord(pid, text, meta, vec)
        self.order = sorted(
            self.passages, key=lambda p: (self.passages[p].meta["source"], self.passages[p].meta["position"])
        )
        self._position = {pid: i for i, pid in enumerate(self.order)}
        self._sections: dict[tuple[str, str], list[str]] = {}  # (source, heading path) -> passages in order
        for pid in self.order:
            self._sections.setdefault(_section(self.passages[pid]), []).append(pid)
        rows = sorted(
            range(len(data.unit_ids)),
            key=lambda r: (data.unit_metas[r]["passage"], data.unit_metas[r]["order"]),
        )
        self.unit_ids = [data.unit_ids[r] for r in rows]
        self.unit_text = [data.unit_texts[r] for r in rows]
        self.unit_meta = [data.unit_metas[r] for r in rows]
        self.unit_vecs = np.ascontiguousarray(data.unit_vecs[rows], dtype=np.float32).reshape(len(rows), -1)
        for row, meta in enumerate(self.unit_meta):
            record = self.passages.get(meta["passage"])
            if record is not None:
                record.units.append(row)
        tokens = [
            terms(f"{self.passages[p].meta.get('section', '')} {self.passages[p].text}") for p in self.order
        ]
        self.keywords = KeywordIndex(tokens)
        # term -> the passages using it, made when first asked (Library.naming)
        self._naming: dict[str, set[str]] | None = None
        self._questions: tuple[list[set[str]], np.ndarray] | None = None  # (asked_section)
        self._rows: list[tuple[int, set[str]]] | None = None  # (row_names)
        self._lower: list[str] | None = None  # (nearest: each line in lower case, made when first asked)
        self._collection = None  # the Chroma collection searched when the index is on a server
        self._dense_ids = list(self.passages)
        self._dense_vecs = np.asarray([r.vector for r in self.passages.values()], dtype=np.float32).reshape(
            len(self.passages), -1
        )

    @property
    def size(self) -> int:
        return len(self.passages)

    def alias(self, ws: list[str]) -> str:
        """The subject's name, if words end in one of its other names: each of that name's words said, whole,
        clipped ("ultrasound techs": technologist) or as a -men plural ("linemen": lineman), its last last."""

        def says(t: str, word: str) -> bool:
            word = re.sub(r"men$", "man", word)
            return word.startswith(t) and (len(t) > 3 or t == word)

        said = [re.sub(r"men$", "man", t) for t in terms(" ".join(ws))]
        keys = [k for k in self.other_names if any(says(t, a) for t in said[-1:] for a in k)]
        return next((self.other_names[k] for k in keys if all(any(says(t, a) for t in said) for a in k)), "")

    def spelt(self, word: str) -> str:
        """The name a word typed is the initials of, or, a last word left out, all but its last letter are
        ("nyc": "New York" [City]); else ""."""
        return self.initials.get(word) or self.initials.get(word[:-1], "")

    def naming(self, words: set[str]) -> list[PassageRecord]:
        """The passages whose title, section or text use every one of these (stemmed) terms, in
        corpus order (a set's order is its hashes', new in every process: answers would vary).

        An inverted index, made on the first call: a question's check costs a few set
        intersections, however many passages the corpus has.
        """
        if self._naming is None:
            naming: dict[str, set[str]] = {}
            for pid, record in self.passages.items():
                for term in passage_terms(record):
                    naming.setdefault(term, set()).add(pid)
            self._naming = naming  # made twice at worst, by two first callers at once: the same
        found = set.intersection(*(self._naming.get(t, set()) for t in words)) if words else set()
        return [self.passages[pid] for pid in sorted(found, key=self._position.__getitem__)]

    def asked_section(self, text: str, floor: float) -> set[str]:
        """The passages (ids) of the section headed by the guides' own question nearest ``text`` in meaning,
        if its cosine is ``floor`` or more; the headings are embedded once, when first asked."""
        if self._questions is None:  # (made twice at worst, by two first callers at once: the same)
            found: dict[tuple[str, str], set[str]] = {}
            for pid in self.order:
                if (key := _section(self.passages[pid]))[1].rpartition(" › ")[2].endswith("?"):
                    found.setdefault(key, set()).add(pid)
            heads = [k[1].rpartition(" › ")[2] for k in found]
            vecs = self.embedder.embed(heads) if heads else np.zeros((0, 1))
            self._questions = list(found.values()), np.asarray(vecs, dtype=np.float32)
        sections, vecs = self._questions
        cos = vecs @ self.embed(text) if sections else np.zeros(1)
        return sections[int(np.argmax(cos))] if cos.max() >= floor else set()

    def row_names(self) -> list[tuple[int, set[str]]]:
        """Each table row's unit and the (stemmed) terms of its name, its first cell ("Alabama"), in corpus
        order: read once, when first asked, not by every question that looks for a row by its name."""
        if self._rows is None:  # (made twice at worst, by two first callers at once: the same)
            self._rows = [(u, set(terms(c[""]))) for u, t in enumerate(self.unit_text) if (c := row_cells(t))]
        return self._rows

    @cached_property
    def title_terms(self) -> list[set[str]]:
        """Each guide's title's (stemmed) terms before a subtitle ("X: A Guide"): read once, when asked."""
        return [set(terms(re.split(r"[?:|]", d.get("title", ""))[0])) for d in self.documents.values()]

    @cached_property
    def heading_names(self) -> list[tuple[tuple[str, str], list[set[str]]]]:
        """Each section (source, heading path) with the (stemmed) terms of each name its own heading gives
        ("Level 1 — X / Y": three): read once, not by every list question asking what X does."""
        heads = {key: re.split(" [—/] ", key[1].split(" › ")[-1]) for key in self._sections}
        return [(key, [set(terms(name)) for name in names]) for key, names in heads.items()]

    @cached_property
    def item_sums(self) -> dict[str, tuple[np.ndarray, np.floating]]:
        """Each passage with two list items or more: the sum of its items' vectors and that sum's norm (what
        its list means as a whole): read once, not by every general question looking for a list it means."""
        kind = [m["kind"] for m in self.unit_meta]
        found = {p: [u for u in r.units if kind[u] == "item"] for p, r in self.passages.items()}
        sums = {p: self.unit_vecs[rows].sum(0) for p, rows in found.items() if len(rows) > 1}
        return {p: (s, np.linalg.norm(s)) for p, s in sums.items()}

    @cached_property
    def changed_documents(self) -> list[tuple[str, list[str], list[tuple[int, PassageRecord]]]]:
        """The documents changed or no longer active, each with its aliases longer than three letters,
        folded, and its status rows (:meth:`_status_rows`): read once, not by every answer looking for the
        updates of what it cites."""
        metas = ((s, doc.get("meta", {})) for s, doc in self.documents.items())
        return [
            (s, [fold(a) for a in m.get("aliases", []) if len(str(a)) > 3], self._status_rows(s, m))
            for s, m in metas
            if str(m.get("status", "active")).lower() not in ("active", "current", "") or m.get("changed")
        ]

    def _status_rows(self, source: str, meta: dict) -> list[tuple[int, PassageRecord]]:
        """The status statement of a document and the sentence naming its successor."""
        later = tuple(f"/{successor}.md" for successor in meta.get("successors", []))
        metas = [doc["meta"] for s, doc in self.documents.items() if s.endswith(later)]
        codes = [code for meta in metas if (code := fold(str(meta.get("code", ""))))]
        records = [r for r in self.document(source) if r.meta.get("section", "").startswith("Status")]
        status = [(r, record) for record in records for r in record.units]
        return status[:1] + [c for c in status[1:] if any(n in fold(self.unit_text[c[0]]) for n in codes)][:1]

    def nearest(
        self,
        pattern: re.Pattern,
        query: str,
        n: int,
        drop: Callable[[str], bool],
        holding: Iterable[str],
    ) -> list[int]:
        """The ``n`` lines of any guide matching ``pattern`` (not ``drop``), nearest ``query`` first: lines
        saying something in a given shape ("skills such as A, B and C"), wherever search ranked them. Only
        lines holding one of the (lower-case) strings ``holding`` are matched: a sieve ten times cheaper than
        the pattern, so that a corpus of many thousand lines costs milliseconds."""
        if self._lower is None:
            self._lower = [t.lower() for t in self.unit_text]
        sieve = [r for r, t in enumerate(self._lower) if any(h in t for h in holding)]
        rows = [r for r in sieve if pattern.search(self.unit_text[r]) and not drop(self.unit_text[r])]
        near = self.unit_vecs[rows] @ self.embed(query) if rows else []
        return [rows[i] for i in sorted(range(len(rows)), key=lambda i: -float(near[i]))[:n]]

    def meaning(self, asked: list[str], text: str) -> dict[str, str]:
        """The guides' word for each word ``asked`` that they write in another: the word nearest in meaning,
        if that near, of the passages nearest ``text`` ("what meds ...": "medications")."""
        hits = self.search(text, MEANING_LINES, "dense") if asked else []
        near = sorted({w for h in hits for w in words(h.passage.text) if w.isalpha() and w not in STOPWORDS})
        if not near:
            return {}
        sims = (vecs := self.embed_many([*near, *asked]))[len(near) :] @ vecs[: len(near)].T
        best = [(w, near[int(s.argmax())], s.max()) for w, s in zip(asked, sims)]  # its root is another
        return {w: n for w, n, s in best if s >= SAME_MEANING and not w.startswith(n)}  # thing: "roofer"

    def writes(self, stems: list[str]) -> bool:
        """Whether a line of the guides writes these (stemmed) terms in a row ("government agencies")."""
        run = f" {' '.join(stems)} "
        return any(
            run in f" {' '.join(terms(self.unit_text[u]))} " for p in self.naming(set(stems)) for u in p.units
        )

    def idf(self, term: str) -> float:
        """How rare a (stemmed) term is in the passages; 0.0 if they never use it."""
        return self.keywords.idf(term)

    def embed(self, text: str) -> np.ndarray:
        """The L2-normalised embedding of one text (a bounded cache of recent ones)."""
        return self.embed_many([text])[0]

    def embed_many(self, texts: list[str]) -> np.ndarray:
        """Embeddings of several texts, rows in order.

        One bounded cache serves every caller, text by text: the off-topic check's
        question and the search's query are often the same text, and a model run
        costs the same per text whether texts come alone or together.
        """
        with self._vectors_lock:
            found = {t: self._vectors[t] for t in texts if t in self._vectors}
            for t in found:
                self._vectors.move_to_end(t)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing)):
                vector.flags.writeable = False  # shared by every caller of the cache
                found[text] = vector
            with self._vectors_lock:
                for text in missing:
                    self._vectors[text] = found[text]
                while len(self._vectors) > QUERY_CACHE:
                    self._vectors.popitem(last=False)
        return np.stack([found[t] for t in texts])

    def cached_embedding(self, text: str) -> np.ndarray | None:
        """The embedding of ``text`` if the cache holds it, else None; never runs the model.

        For callers that want a vector only when it costs nothing (the answer log keeps
        a declined question's meaning when the advisor already embedded it). A peek: the
        text keeps its place in the cache's order, so asking does not keep it cached longer.
        """
        with self._vectors_lock:
            return self._vectors.get(text)

    def forget_embeddings(self) -> None:
        """Empty the query-embedding cache (so benchmarks time real model calls)."""
        with self._vectors_lock:
            self._vectors.clear()

    def document(self, source: str) -> list[PassageRecord]:
        """The passages of one document, in order."""
        return [self.passages[pid] for pid in self.order if self.passages[pid].meta["source"] == source]

    def neighbour(self, record: PassageRecord, step: int) -> PassageRecord | None:
        """The passage just before (-1) or after (+1) this one in its document."""
        i = self._position[record.id] + step
        if 0 <= i < len(self.order):
            other = self.passages[self.order[i]]
            if other.meta["source"] == record.meta["source"]:
                return other
        return None

    def search(self, query: str, k: int, mode: str = "hybrid", whole: bool = False) -> list[Hit]:
        """Top-k passages for a query: 'dense', 'bm25' or 'hybrid' (RRF of both); ``whole``: then the rest
        of each section they hold half of (:meth:`_merged`)."""
        qvec = self.embed(query)
        depth = max(k * 3, 15)
        dense: dict[str, float] = {}
        if mode in ("dense", "hybrid"):
            dense = self._dense(qvec, min(depth, self.size))
        qterms = terms(query)
        scores = self.keywords.scores(qterms)
        lexical = {self.order[i]: float(scores[i]) for i in np.argsort(-scores)[:depth] if scores[i] > 0}
        fused: dict[str, float] = {}
        if mode in ("dense", "hybrid"):
            for rank, pid in enumerate(sorted(dense, key=dense.get, reverse=True)):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
        if mode in ("bm25", "hybrid"):
            for rank, pid in enumerate(sorted(lexical, key=lexical.get, reverse=True)):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
        hits: list[Hit] = []
        for pid in sorted(fused, key=fused.get, reverse=True):
            record = self.passages.get(pid)
            if record is None:
                continue
            if any(float(record.vector @ h.passage.vector) > DUPLICATE_COSINE for h in hits):
                continue  # a near-copy of a better-ranked passage
            cos = dense[pid] if pid in dense else float(record.vector @ qvec)
            hits.append(Hit(record, fused[pid], cos, lexical.get(pid, 0.0), len(hits)))
            if len(hits) == k:
                break
        if hits and (first := self._agreed(hits, qvec, dense)):  # in place of the last fused (k at most)
            at, pid = min(len(hits), k - 1), first.id
            hits[at:] = [Hit(first, fused.get(pid, 0.0), dense[pid], lexical.get(pid, 0.0), at)]
        return self._merged(hits, qvec, fused, dense, lexical) if whole else hits

    def _agreed(self, hits: list[Hit], qvec: np.ndarray, dense: dict[str, float]) -> PassageRecord | None:
        """The passage nearest the query by its vector, when fusion left it out (no word of the question
        ranks it in BM25: "hvac techs" for "HVACR technicians", "too late at 34" for "Am I too old ...?")
        and it also holds the line nearest the query of all the corpus's lines: read whole and line by
        line, its meaning agrees it is the best."""
        first = self.passages.get(max(dense, key=dense.get)) if dense else None
        if first is None or any(first.vector @ h.passage.vector > DUPLICATE_COSINE for h in hits):
            return None  # retrieved already, or a near-copy of a passage retrieved (itself counts: cos 1)
        return first if first.units and int(np.argmax(self.unit_vecs @ qvec)) in first.units else None

    def _merged(self, hits: list[Hit], qvec: np.ndarray, *scores: dict[str, float]) -> list[Hit]:
        """The hits, then the rest of each section of which they hold half the passages or more
        (auto-merging): a section is one answer split only by the passage length. "The experience
        requirement" in two passages, the second saying what work counts, is read whole when its
        first is retrieved; two passages of a list of steps cut in five do not pull the other three. A part
        of the section is no copy of another: a table of medians and the paragraph after it on a newer one
        read alike (cosine over 0.92), yet each states its own figures."""
        fused, dense, lexical = scores
        held = Counter(_section(h.passage) for h in hits)
        got = {h.passage.id for h in hits}
        for key, n in held.items():
            mates = self._sections[key]
            for pid in mates if 2 * n >= len(mates) else ():
                record = self.passages[pid]
                others = (h for h in hits if h.passage.meta["source"] != key[0])  # a guide repeats nothing
                if pid in got or any(record.vector @ h.passage.vector > DUPLICATE_COSINE for h in others):
                    continue  # retrieved, or a near-copy of another guide's passage retrieved
                cos = dense[pid] if pid in dense else float(record.vector @ qvec)
                hits.append(Hit(record, fused.get(pid, 0.0), cos, lexical.get(pid, 0.0), len(hits)))
        return hits

    def _dense(self, qvec: np.ndarray, n: int) -> dict[str, float]:
        """The ``n`` passages nearest to the query vector: {id: cosine}, best first."""
        if not self.index.remote:
            cosines = self._dense_vecs @ qvec
            best = np.argsort(-cosines, kind="stable")[:n]
            return {self._dense_ids[i]: float(cosines[i]) for i in best}
        try:
            if self._collection is None:
                self._collection = self.index.collection(PASSAGES)
            found = self._collection.query(query_embeddings=[qvec], n_results=n, include=["distances"])
        except Exception as exc:  # never answer from half the evidence: say the store is gone
            raise ChromaUnreachable(f"{self.index.where} did not answer a search ({exc})") from None
        # cosine space: distance = 1 - cos
        return {pid: 1.0 - distance for pid, distance in zip(found["ids"][0], found["distances"][0])}


def __getattr__(name: str):
    if name == "HybridRetriever":  # moved: LangChain is imported only by those who ask for it
        from .adapters import HybridRetriever

        return HybridRetriever
    raise AttributeError(name)
