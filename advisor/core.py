"""``Advisor``: the one entry point of the package.

It runs a list of small steps (``advisor.pipeline``) that pass one typed record,
an :class:`~advisor.pipeline.Inquiry`, from the question to the answer:

    repair -> resolve follow-up -> classify -> screen -> retrieve -> gate -> compose -> LLM

The answer step is the offline composer; an LLM's reply, when one is configured,
is accepted only if its citations check out, otherwise the offline answer is given.
Everything the advisor says about its domain comes from the corpus and its
``advisor.yaml`` (``advisor.profile``), never from this code.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from dataclasses import replace
from pathlib import Path

from . import offline  # noqa: F401  (sets the offline environment first)
from .compose import CHANGED_SINCE
from .followup import Subjects, is_followup
from .index import Index, IndexProblem, SyncReport
from .models import Answer, sources_block
from .pipeline import (
    _PLACE,
    Classify,
    Compose,
    ConsultLLM,
    Decline,
    Gate,
    Inquiry,
    Repair,
    Resolve,
    Resources,
    Retrieve,
    Screen,
    Step,
    _form,
)
from .profile import CorpusProfile, load_profile
from .questions import OWN_ASK, QuestionType, asks, classify
from .settings import Settings
from .text import STOPWORDS, before_sources, stem, terms
from .validate import prepare

log = logging.getLogger(__name__)


class Advisor:
    """Answers questions about what its corpus covers, citing the corpus.

    >>> adv = Advisor()
    >>> ans = adv.ask("What does the role involve?")
    >>> ans.grounded, ans.citations[0].title
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        corpus_dir: str | Path | None = None,
        index_dir: str | Path | None = None,
        llm=None,
    ):
        overrides = {}
        if corpus_dir is not None:
            overrides["corpus_dir"] = Path(corpus_dir)
        if index_dir is not None:
            overrides["index_dir"] = Path(index_dir)
        # A copy: the caller's Settings object is never changed.
        self.settings = replace(settings or Settings.from_env(), **overrides)
        self._llm_spec = llm if llm is not None else self.settings.llm
        self._llm = None
        self._resources: Resources | None = None
        self._steps: list[Step] = []
        self._chain = None
        self._lock = threading.Lock()
        self.last_sync: SyncReport | None = None

    # --- loading -------------------------------------------------------------

    def load(self, progress: bool = False) -> SyncReport | None:
        """Open the index, building or refreshing it from the corpus if needed.

        Called by the first ``ask``; call it yourself to pay the start-up cost early.
        """
        with self._lock:
            if self._resources is not None:
                return self.last_sync
            from .embedder import english_words
            from .retrieval import Library
            from .scope import Vocabulary

            index = Index(self.settings)
            # A local index whose snapshot still mirrors the corpus is served without
            # opening Chroma (advisor.snapshot); otherwise sync, which writes one.
            loaded = index.load_snapshot()
            if loaded is None:
                report = index.sync(progress=progress)
                loaded = index.load_snapshot()
            else:
                report = SyncReport(
                    unchanged=sorted(loaded[0].documents),
                    skipped=list(loaded[1].get("skipped", [])),
                    passages=len(loaded[0].passage_ids),
                )
            if report.rebuilt or report.skipped:
                log.warning(report.summary())
            library = Library(index, data=loaded[0]) if loaded else Library(index, index.check())
            by_doc: dict[str, list[str]] = {}
            for record in library.passages.values():
                by_doc.setdefault(record.meta["source"], []).append(record.text)
            texts = ["\n".join(parts) for parts in by_doc.values()]
            titles = [
                str(d.get("title") or d.get("meta", {}).get("title", "")) for d in library.documents.values()
            ]
            profile = load_profile(self.settings.corpus_dir, titles)
            abbreviations = mine_abbreviations(texts)
            for doc in library.documents.values():
                meta = doc.get("meta", {})
                if meta.get("code") and meta.get("title"):
                    abbreviations.setdefault(str(meta["code"]).lower(), str(meta["title"]))
            abbreviations.update({k.lower(): v for k, v in profile.abbreviations.items()})
            for short, name in subject_initials(titles).items():  # "FA": a flight attendant
                abbreviations.setdefault(short, name)
            library.short_forms = abbreviations
            # each short form's long form with no note ("(NALS)"), in lower case and as words: read once
            bare = {s: re.sub(r"\s*\(.*?\)", "", lf) for s, lf in abbreviations.items()}
            library.long_forms = [(s, lf.lower(), set(terms(lf))) for s, lf in bare.items()]
            library.initials = {**abbreviations, **name_initials(texts)}
            # the places its description names ("... careers in Canada"): where every figure of it is
            library.scope = {t for m in _PLACE.finditer(profile.description) if m[1] for t in terms(m[1])}
            vocabulary = Vocabulary(  # headings are the corpus's words too (an FAQ's questions)
                [
                    f"{p.meta.get('title', '')}\n{p.meta.get('section', '')}\n{p.text}"
                    for p in library.passages.values()
                ],
                english_words(offline.model_path()),
                short_forms=set(abbreviations),
            )
            subjects = mine_subjects(texts, extra=list(abbreviations))
            library.aliases = mine_aliases(texts, titles)  # searched: the guides' own (their configuration's
            library.other_names = library.aliases | mine_aliases([], titles, profile)  # are the subject too)
            s = self.settings
            self._resources = Resources(
                library, vocabulary, subjects, profile, abbreviations, s.top_k, s.retriever, s.min_support
            )
            res = self._resources
            self._steps = [
                Repair(res),
                Resolve(res),
                Classify(res),
                Screen(res),
                Retrieve(res),
                Gate(res),
                Compose(res),
                ConsultLLM(res, self.llm),
            ]
            self.last_sync = report
            return report

    @property
    def library(self):
        self.load()
        return self._resources.library

    @property
    def profile(self) -> CorpusProfile:
        """What the corpus says about itself: subject, wording, example questions."""
        self.load()
        return self._resources.profile

    def original(self, doc_id: str) -> Path | None:
        """The original file of an indexed document named by its id, if it is still there.

        Only documents in the index can be named: the id is looked up among them,
        never read as a path.
        """
        from .corpus import document_id, source_path

        for source in self.library.documents:
            if document_id(source) == doc_id:
                path = source_path(source)
                return path if path.is_file() else None
        return None

    def stats(self) -> dict:
        lib = self.library
        return {"documents": len(lib.documents), "passages": lib.size, "sentences": len(lib.unit_ids)}

    # --- asking --------------------------------------------------------------

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """Answer one question; ``history`` holds the earlier turns of the conversation.

        Raises ``AdvisorInputError`` (with a message for the user) on bad input.
        """
        return self.inquire(question, history).answer

    def inquire(self, question: str, history: list[dict] | None = None) -> Inquiry:
        """The whole record of how a question was answered (type, query, passages, decline).

        Every input limit of the settings applies first (``validate.prepare``), before
        any index work; what it trimmed is reported in the answer's ``notices``. The
        caller's history is never changed (the checked turns are new dicts).
        """
        clean = prepare(question, history, self.settings)
        self.load()
        inq = self._run(clean.question, clean.history)
        # A message that asks two things ("how long is it, and what does it cost?") is answered whole, then
        # each question on its own (read after repair: "n" is "and"), the second as a follow-up of the first.
        # What each adds joins the answer. When no source supports the first question ("the pass rate for X?
        # is it hard?"), neither does the message: it declines (unless it is only the context of the second).
        # (An LLM, when one is configured, reads the two questions itself.)
        parts, turns = asks(inq.repaired or clean.question), list(clean.history)
        parts = parts[not terms(parts[0]) :]  # a chat opening asks nothing: "ok and how long?" asks one thing
        # A first part the second leans on ("... some davis bacon thing?? what does that mean") is its context
        # when it asks nothing in its own words, or asks what a thing means and the second guesses at it
        # ("what does 0.9 FTE mean? is that full time"): the part that asks, read with it, decides the reply.
        head, *rest = parts or [""]
        first, *second = map(classify, [head, *rest[:1]])
        guess = first is QuestionType.DEFINITION and second == [QuestionType.YES_NO]
        asked = OWN_ASK.search(head) or first is QuestionType.YES_NO
        context = bool(rest) and is_followup(rest[0]) and (not asked or guess)
        grounded = inq.answer.grounded or context and inq.decline is Decline.WEAK
        parts = parts if len(parts) > 1 and grounded and not self._llm_spec else []
        form = _form(inq) if inq.answer.grounded and not parts and not self._llm_spec else inq.repaired
        if form != inq.repaired and len(asks(form)) > 1:
            # a follow-up asks of its new subject each thing the message before it asked ("how long does it
            # take and what do they make?", then "what about dentists?"): once against each of those questions
            last = max(i for i, t in enumerate(turns) if t["role"] == "user")
            for part in asks(form):
                more = self._run(
                    inq.repaired, [*turns[:last], dict(turns[last], content=part), *turns[last + 1 :]]
                )
                if more.answer.grounded:
                    inq = replace(inq, hits=inq.hits + more.hits, answer=_joined(inq.answer, more.answer))
        for i, part in enumerate(parts):
            more = self._run(part, turns)
            turns += [{"role": "user", "content": part}, {"role": "assistant", "content": more.answer.text}]
            if not i and more.decline is Decline.WEAK and not context:  # none answers the first question
                inq = replace(inq, decline=more.decline, answer=more.answer)
                break
            if more.answer.grounded and (inq.answer.grounded or i):  # (a context's own answer is no answer)
                answer = _joined(inq.answer, more.answer) if inq.answer.grounded else more.answer
                inq = replace(inq, hits=inq.hits + more.hits, answer=answer, decline=None)
        if clean.notices and inq.answer is not None:
            notices = [*inq.answer.notices, *clean.notices]
            inq = replace(inq, answer=replace(inq.answer, notices=notices))
        return inq

    def _run(self, question: str, history: list[dict]) -> Inquiry:
        inq = Inquiry(question=question, history=tuple(history))
        # The steps run in a plain loop: ``chain()`` composes the same steps as LangChain
        # runnables for callers who want them, but their per-call overhead (config,
        # callbacks, signature inspection) would cost more than the offline answer itself.
        for step in self._steps:
            inq = step(inq)
        return inq

    def chain(self):
        """The steps of ``ask`` as a LangChain runnable (one runnable per step, input and
        output an Inquiry), to compose with other chains; it gives what ``inquire`` gives."""
        if self._chain is None:
            from langchain_core.runnables import RunnableLambda

            self.load()
            chain = None
            for step in self._steps:
                runnable = RunnableLambda(step, name=_snake(type(step).__name__))
                chain = runnable if chain is None else chain | runnable
            self._chain = chain
        return self._chain

    def retriever(self, k: int | None = None):
        """The hybrid retriever as a LangChain ``BaseRetriever``, to use in other chains."""
        from .adapters import HybridRetriever

        return HybridRetriever(library=self.library, k=k or self.settings.top_k, mode=self.settings.retriever)

    def embeddings(self):
        """The index's embedding model as LangChain ``Embeddings`` (for LangChain vector stores)."""
        from .adapters import OnnxEmbeddings

        return OnnxEmbeddings(self.library.embedder)

    def llm(self):
        """The configured LangChain chat model, or None for the offline answerer."""
        if self._llm is None and self._llm_spec:
            from .llm import chat_model

            self._llm = chat_model(self._llm_spec, self.settings.llm_timeout)
        return self._llm


def _joined(first: Answer, second: Answer) -> Answer:
    """The answer to a message that asked two questions: the first answer, then what the second adds (its
    lines the first already gave are dropped), every passage cited numbered once."""
    citations, number = list(first.citations), {}
    for c in second.citations:
        same = next(
            (d for d in citations if (d.source, d.section, d.quote) == (c.source, c.section, c.quote)), None
        )
        if same is None:
            citations.append(same := replace(c, n=len(citations) + 1))
        number[c.n] = same.n

    def body(answer: Answer) -> list[str]:
        return before_sources(answer.text).rstrip("\n").splitlines()

    def bare(line: str) -> str:  # a claim as said, whether it opens the answer or is a point of a list
        return re.sub(r"^(?:[-*]|\d+\.)\s+|\s*\[\d+\]:?$", "", line)  # (a list's intro ends "[n]:")

    said = {bare(line) for line in body(first)}
    added = [line for line in body(second) if not line or bare(line) not in said]
    added = [re.sub(r"\[(\d+)\]", lambda m: f"[{number[int(m[1])]}]", line) for line in added]
    lines = body(first)  # what the second adds comes before what has changed since, not after it
    cut = lines.index(CHANGED_SINCE) if CHANGED_SINCE in lines else len(lines)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join([*lines[:cut], "", *added, "", *lines[cut:]])).strip()
    order = {n: i for i, n in enumerate(dict.fromkeys(int(m) for m in re.findall(r"\[(\d+)\]", text)), 1)}
    citations = sorted((replace(c, n=order[c.n]) for c in citations if c.n in order), key=lambda c: c.n)
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{order[int(m[1])]}]", text)  # numbered in order of first use
    text = "\n".join([text, *sources_block(citations)])
    return replace(first, text=text, citations=citations, query=f"{first.query} {second.query}")


def mine_abbreviations(texts: list[str]) -> dict[str, str]:
    """Short forms a corpus defines itself: "Bachelor of Science in Nursing (BSN)".

    The long form is the shortest run of words before the parenthesis whose
    initials spell the short form (small words such as "of" may sit between).
    """
    found: dict[str, str] = {}
    for text in texts:
        for match in re.finditer(r"((?:[\w’'&-]+\s+){1,10})\(([A-Z][A-Za-z0-9]{1,9}(?:-[A-Z0-9]+)?)\)", text):
            before, short = match.group(1).split(), match.group(2)
            letters = [c for c in short.split("-")[0] if c.isalpha()]
            for start in range(len(before) - 1, -1, -1):
                words = before[start:]
                initials = [w[0].upper() for w in words if w.lower() not in _SMALL and w[0].isalpha()]
                if initials == [c.upper() for c in letters]:
                    found.setdefault(short.lower(), " ".join(words))
                    break
    return found


_SMALL = {"of", "in", "for", "and", "the", "&", "on", "to", "a", "an"}
_NAME = r"[\w-]+(?: [\w-]+){0,2}"
_ALIASED = re.compile(  # a name that opens its sentence or follows an article, then its other names
    rf"(?:^|(?<=[.!?:]\s)|\b[Aa]n? |\b[Tt]he )({_NAME})(?:,| \(\w*)? (?:also|sometimes|often) "
    rf"(?:called|known as) ({_NAME}(?:(?:, {_NAME})*,? (?:or|and) {_NAME})?)(?=[,.;)])",  # "A, B and C"
    re.M,
)
_ARTICLE = re.compile(r"(?i)^(?:an?|the) ")
# the configuration naming its subject, then its other names in brackets ("an electrical lineworker
# (lineman)", "a medical laboratory scientist (also called a ... or ...)"), or its subject "X or Y"
_BRACKETED = re.compile(
    rf"({_NAME}) \((?:also called |known as )?([^()]+)\)|^becoming (?:an? )?(\w+) or (.+)"
)
_OTHER = re.compile(rf"(?:an? )?({_NAME}?)(?= (?:with|in|at|for)\b|$)")  # its name: "X with Y ratings"


def mine_aliases(
    texts: list[str], titles: list[str], profile: CorpusProfile | None = None
) -> dict[frozenset[str], str]:
    """The corpus's own subject's other names, as its guides state them: "Radiologic technologists, also
    called radiographers or X-ray techs", where the name before is the subject (its words are in half the
    guides' titles or more); or as its configuration does, in brackets after a name ending in the subject's
    ("a diagnostic medical sonographer (ultrasound technologist)") or after "or" in its subject ("becoming
    a paralegal or legal assistant"), not short forms ("(PA)"). Each other name's words -> the subject's."""
    counts = Counter(t for title in titles for t in set(terms(title)))
    subject, found = {t for t, n in counts.items() if n >= len(titles) / 2}, {}
    pairs = [(m[1], re.split(r",? or |,? and |, ", m[2])) for text in texts for m in _ALIASED.finditer(text)]
    for m in _BRACKETED.finditer(f"{profile.subject}\n{profile.description}" if profile else ""):
        name, others = (m[1] or m[3]).split(), re.split(r",? or |, |/", m[2] or m[4])
        own = [" ".join(name[i:]) for i in range(len(name)) if set(terms(" ".join(name[i:]))) <= subject]
        others = [o[1] for o in map(_OTHER.match, others) if o and not o[1].isupper()]
        pairs += [(own[0], others)] if own else []
    for name, others in pairs:
        name, head = _ARTICLE.sub("", name), frozenset(terms(name))
        for other in others if head and head <= subject else ():
            if (key := frozenset(terms(_ARTICLE.sub("", other)))) and key != head:
                found.setdefault(key, name)
    return found


def mine_subjects(documents: list[str], extra: list[str] = (), domain_share: float = 0.5) -> Subjects:
    """The stems naming a corpus's subjects, and its domain (:class:`~advisor.followup.Subjects`), read once
    at load: stems written capitalised mid-sentence more often than not, codes, the short forms ``extra``."""
    capital, lower, doc_freq, codes = Counter(), Counter(), Counter(), set(terms(" ".join(extra)))
    for text in documents:  # word stems are counted; codes start with the configuration's short forms
        seen: set[str] = set()
        for sentence in re.split(r"(?<=[.!?:])\s+|\n+", text):
            for i, token in enumerate(re.findall(r"[A-Za-z][A-Za-z0-9'’-]*", sentence)):
                seen.add(key := stem(token.lower()))
                if i:  # a sentence's first word is capitalised, name or not
                    (capital if token[0].isupper() else lower)[key] += 1
        doc_freq.update(seen)
        # codes mix letters and digits ("AI-102", "70E"); a bare number ("38") is no name
        codes |= {stem(w.lower()) for w in re.findall(r"\b[A-Za-z]*\d[\w-]*\b", text) if not w.isdigit()}
    names = {key for key, n in capital.items() if n > lower[key] and key not in STOPWORDS} | codes
    domain = {key for key, n in doc_freq.items() if n / max(len(documents), 1) >= domain_share}
    # A name stays a name however often it appears (an exam all guides name); common words are the domain
    return Subjects(frozenset(names - STOPWORDS), frozenset(domain - names), frozenset(names & lower.keys()))


def subject_initials(titles: list[str]) -> dict[str, str]:
    """The initials of the corpus's own subject, which users type though guides may never write them ("FA"
    for "Flight Attendant"): its name is the commonest run of two or more title words each in half the titles
    or more. A name with a short form in it ("HR Specialist") has none: its initials spell no one's usage."""
    counts = Counter(t for title in titles for t in set(terms(title)))
    subject = {t for t, n in counts.items() if n >= len(titles) / 2}
    own = lambda w: bool(terms(w)) and set(terms(w)) <= subject and not w.isupper()  # noqa: E731
    marked = (" ".join(w if own(w) else "|" for w in title.split()) for title in titles)
    runs = Counter(run.lower() for text in marked for run in re.findall(r"[\w-]+(?: [\w-]+)+", text))
    name = max(runs, key=runs.get, default="")
    return {"".join(part[0] for part in re.split(r"[\s-]+", name)): name} if name else {}


_RUN = re.compile(r"\b[A-Z][a-z]+(?:(?: (?:of|and|the|for|in))? [A-Z][a-z]+)+")  # capitalised words in a row


def name_initials(texts: list[str]) -> dict[str, str]:
    """The initials of the names a corpus writes with capitals, which users type though its guides spell them
    out ("DC" for "District of Columbia"): of each run of capitalised words, and of its end ("The ..."), each
    to the name it is (of the names sharing them, the one written most)."""
    runs = Counter(run for text in texts for run in _RUN.findall(text))
    heads = [(re.sub("[^A-Z]", "", run).lower(), run) for run in sorted(runs, key=lambda r: (runs[r], r))]
    return {head[i:]: run for head, run in heads for i in range(len(head) - 1)}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


__all__ = ["Advisor", "IndexProblem", "mine_abbreviations", "mine_aliases", "mine_subjects"]
