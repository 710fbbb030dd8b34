"""The steps from a question to a cited answer, each a class taking the record they pass (:class:`Inquiry`),
returning a new one: Repair -> Resolve -> Classify -> Screen -> Retrieve -> Gate -> Compose -> Consult LLM."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache, partial

import numpy as np

from .compose import FIGURES, HEADING_SHARE, Composer, Scored, echo, figure_kind, heading_share, score_units
from .followup import EMPTY, Subjects, is_followup, standalone
from .llm import llm_answer
from .models import Answer
from .profile import CorpusProfile
from .questions import AS_ROLE, DEFINED, OWN_ASK, QUOTED, QuestionType, asks, classify, extreme, hints, sides
from .questions import asking as asked_part
from .retrieval import Hit, Library, PassageRecord, terms_with_parts
from .scope import FILLER, Vocabulary, is_injection
from .text import NOT_COUNTED, STOPWORDS, before_sources, stem, terms, words

UNKNOWN_SHARE, FOREIGN_PULL = 0.5, 0.10  # off-topic: unknown words pull it this close (half if this share)
FAQ_NEAR, NAME_IDF = 0.6, 1.4  # an FAQ this near (cosine) asks it; a name this rare (idf) singles some out
_UNWANTED = r"if (?:i|you|we) do(?:n'?t| not) (?:want|like)|(?<=\w )(?:that|which) (?:is|are)(?:n'?t| not)"
UNWANTED = re.compile(rf"(?i)\b(?:{_UNWANTED})\b[^?.!,;]*")  # what the user sets aside is not searched
Decline = StrEnum("Decline", "INSTRUCTION OFF_TOPIC WEAK")  # why: it instructs; not the corpus's; no support


@dataclass(frozen=True)
class Inquiry:
    """Everything known about one question on its way to an answer."""

    question: str
    history: tuple[dict, ...] = ()
    repaired: str = ""  # the question with typos and shorthand mapped to corpus words
    query: str = ""  # the question made to stand alone (follow-ups resolved)
    search: str = ""  # what is searched: the query plus expanded abbreviations and hint words
    hint: str = ""  # the words guides use for what is asked ("valid renew" for "how long ... good for")
    qtype: QuestionType = QuestionType.GENERAL
    hits: tuple[Hit, ...] = ()
    scored: tuple[Scored, ...] = ()
    decline: Decline | None = None
    about: tuple[tuple[str, ...], ...] = ()  # what the question asks of, as Screen reads it ("charge nurse")
    does: bool = False  # it asks what that does ("what does a court clerk do?"): said of it as the doer
    names: frozenset[str] = frozenset()  # the names it uses, and the words of what it asks of (_named)
    answer: Answer | None = None
    about_terms = property(lambda s: {t for a in s.about for t in terms(" ".join(a))})  # its words: cma, exam


@dataclass
class Resources:
    """What the steps read: the in-memory index and what the corpus says of itself."""

    library: Library
    vocabulary: Vocabulary
    subjects: Subjects
    profile: CorpusProfile
    abbreviations: dict[str, str]  # lower-case short form -> long form
    top_k: int
    retriever: str
    min_support: float


@dataclass(eq=False)
class Step:  # a step is called with an Inquiry and returns a new one
    res: Resources


class Repair(Step):
    """Typos and chat shorthand mapped to corpus words in the user turns the answer uses: the question and a
    follow-up's earlier ones, back to the one that stood alone (so a long history costs no repair work)."""

    def __call__(self, inq: Inquiry) -> Inquiry:
        question, history = (fix := self.res.vocabulary.repair)(inq.question), list(inq.history)
        for i in reversed([i for i, t in enumerate(history) if t["role"] == "user"] * is_followup(question)):
            history[i] = dict(history[i], content=fix(history[i]["content"]))
            if not is_followup(history[i]["content"]):
                break
        return replace(inq, repaired=question, history=tuple(history))


def _asked(inq: Inquiry) -> tuple[str, ...]:
    """The user's question and, for a follow-up, the one it resolves against: read in that order."""
    earlier = [t["content"] for t in inq.history if t["role"] == "user"][-1:]
    return (inq.repaired, *earlier) if inq.query != inq.repaired else (inq.repaired,)


def _form(inq: Inquiry) -> str:
    """The form (type, hint words) asked: a follow-up with none ("what about cooks?") asks the one before's,
    as does one comparing that figure ("how does that compare to X?"), but not one naming what it asks for
    ("what degree do they need?"); no yes or no is asked by one asking in its own words ("what must I do?"). A
    word both sides name is their kind ("fee only vs fee based")."""
    own, *before = _asked(inq)
    back = before and any(map(is_followup, sides(own) or ())) and classify(before[0]) is QuestionType.QUANTITY
    kinds = (QuestionType.GENERAL, QuestionType.COMPARISON)[: 1 + bool(back)]
    wh = before and classify(before[0]) is QuestionType.YES_NO and OWN_ASK.search(own) or _WHAT_X.search(own)
    form = own if not before or wh or hints(own) or classify(own) not in kinds else before[0]
    both = classify(form) == "comparison" and set.intersection(*(set(words(s)) for s in sides(form)))
    return re.sub(rf"(?i)\b({'|'.join(map(re.escape, both))})\b", "x", form) if both else form


class Resolve(Step):
    """A follow-up made to stand alone; abbreviations spelled out for the search."""

    def __call__(self, inq: Inquiry) -> Inquiry:
        query = standalone(inq.repaired, list(inq.history), self.res.subjects)
        # Searched too: the long form of a short form never written ("k8s"), the subject's name for its alias
        v, ab, said = self.res.vocabulary, self.res.abbreviations, set(terms(query))
        # a short form also an everyday word ("ME", "IT", "OR") is used only in capitals: "tell me" is no ME
        at = lambda s: re.findall(rf"(?<![\w-]){re.escape(s)}(?![\w-])", query, re.I)  # noqa: E731
        used = [s for s in ab if not v.known(s) and any(not (s in v.english and w.islower()) for w in at(s))]
        expansions = [ab[s] for s in used if not re.search(re.escape(ab[s]), query, re.I)]
        expansions += [n for k, n in self.res.library.aliases.items() if k <= said and set(terms(n)) - said]
        again = re.findall(r"(?i)\b(\w{3,})(?=(?: \w+){0,2} again\b)", query)  # "take it again" is the
        expansions += [f"re{w}" for w in again if f"re{w}" in v.words]  # guides' "retake": its re- form
        hint, kept = hints(_form(replace(inq, query=query))), UNWANTED.sub("", query).strip() or query
        return replace(inq, query=query, hint=hint, search=" ".join([kept, *expansions, hint]).strip())


class Classify(Step):
    """The kind of answer the question wants (read from the user's own words)."""

    def __call__(self, inq: Inquiry) -> Inquiry:
        return replace(inq, qtype=classify(_form(inq)))


_CAPS = re.compile(r"\b(?i:in|at|for|from|with|by|to|is) (?:the )?([A-Z]{2,}|[a-z]{2})\b")  # "UK", "the uk"
_IN = r"|\bin (?:the (?=\w+ \w))?([a-z]{3,})"  # a place named: "at Kaiser", "in texas", "in the denver area"
_WHERE = "in a city", "in a thing", "in college", "in a language", "in a season"  # not "in the fall"
_PLACE = re.compile(r"\b(?i:in|at|for|from|with|by|to|is) (?:the )?((?:[A-Z][a-z]{2,} ?)+)" + _IN)
_WHAT_X = re.compile(  # what is asked for, not its form ("what topics"): "what score", "when's the deadline"
    r"(?i)\bwhat (\w+) (?:do|does|did|is|are|was|were|should|would|can|could|will)\b|\bwhen(?:'?s| is) the "
    r"(\w+)\b(?! of)|\bhow (?:long|much|many|often|soon) (?:\w+ ){0,3}?(?:have|has|need) to (\w+)"
)
_DET, _ENDS = r"(?:(?:a|an|the|my|your|their|our)\s+)?", "without before within despite unless".split()
_FIGURE_FOR = re.compile(rf"\b(\w+)\s+(?:(for)|of)\s+{_DET}([^?!]+)", re.I)  # (to the end of its question)
_FIGURE_OF = re.compile(rf"\b(?:do|does|did|is|are|can|could|should|would|will)\s+{_DET}(.+)", re.I)
_SUBJECT = re.compile(  # "becoming X", "what about X", "what would I be doing as X, ...", "costs to take X"
    rf"(?i)\bbecom(?:e|ing)\s+{_DET}(.+)|^\W*(?:and\s+)?what about\s+{_DET}(.+)|{AS_ROLE}([^,;?]+)"
    rf"|\bcosts?\s+(?:\w+\s+)?to\s+\w+\s+{_DET}(.+)"
)
_HOW_TO = re.compile(  # "how do I <verb> X", "what do I need to <verb> X", "(can you) help me <verb> X": X is
    rf"(?i)^\W*(?:how\s+(?:do|can|could|should|would)\s+(?:i|you|we)|(?:\w+\s+you\s+)?help\s+(?:me|us)|what\s+\w+"
    rf"\s+(?:i|you|we|one|someone)\s+need\s+to(?:\s+do\s+to)?)\s+(?:\w+ly\s+)?(\S+)\s+{_DET}(.+)"
)  # asked of, as its verb says: a task for the advisor ("write a cover letter") no guide names, declines
_OBTAIN = re.compile(r"(?i)\b(?:get|earn|obtain|reach|become|qualify for)\s+((?:an?|the|my|your)\s[^?.!,;]*)")
_GOAL = re.compile(r"(?i)\bfrom\s[^?.!,;]*?\b(?:to|until)\s+([^?.!,;]*[a-z])\s*(?:[?.!,;]|$)")  # from A to: B
_DID = re.compile(r"(?i)\bi (?:(?:'ve|have|already|just) )*\w+[^e\W]ed\b")  # "i finished", "i applied"
Asked = tuple[list[str], re.Pattern | None, set[str] | None, bool, bool]  # a thing asked of (Screen)


class Screen(Step):
    """Refuse instructions and questions about things the corpus never speaks of."""

    def __call__(self, inq: Inquiry) -> Inquiry:
        if is_injection(inq.question):
            return replace(inq, decline=Decline.INSTRUCTION)
        text = inq.query  # a follow-up is judged with what it refers back to
        own = cache(lambda w: self._own_form(w) or hints(w) or extreme(w) or classify(w) != "general")  # once
        vocab, asking = self.res.vocabulary, re.split(r"(?<=[.!])\s+(?=\w)", text)[-1]  # (not a remark)
        share, unknown = vocab.unknown_share(text, own)  # its form's words ("advice", "the biggest") too
        asked = sorted({m[m.lastindex].lower() for m in _WHAT_X.finditer(text)} & {*unknown})  # "what meds"
        two = [s for s in sides(text) or () if not {*vocab.topic_words(s)} - {*unknown}]  # a side no word of
        two = [w for s in two for w in words(s)] if inq.qtype == "comparison" else []  # the guides names
        if meant := self.res.library.meaning(sorted({*asked, *two} & {*unknown}), text):  # is known in the
            share, unknown = vocab.unknown_share(text, lambda w: w in meant or own(w))  # guides' word: "meds"
        question = re.sub(r"(?<=\?)[^?]*$", "", text)  # a remark after it says where one is ("i live in X")
        at = [(m, {*filter(vocab.foreign, words(m[m.lastindex]))}) for m in _PLACE.finditer(question)]
        meant |= {w: n for _, ws in at for w in ws if (n := self.res.library.spelt(w))}  # "nyc": New York
        at = [m for m, ws in at if ws - {*meant}][:3]  # a name's initials: no place unnamed, searched by it
        for k, w in [(k, w) for k in ("repaired", "query", "search") for w in meant]:  # "meds medications"
            inq = replace(inq, **{k: re.sub(rf"(?i)\b{w}\b", rf"\g<0> {meant[w]}", getattr(inq, k))})
        things = self._asked_of(inq, half := min(share, vocab.unknown_share(asking, own)[0]) >= UNKNOWN_SHARE)
        # no corpus word; what it asks of is not theirs ("my car"); a place or organisation it never names,
        # which barely moves embeddings (lower case: nearest the first of _WHERE's cues); unknown words pull
        off = share >= 1.0 or any(self._unnamed(*asked[:3]) for asked in things)
        near = [self.res.library.embed_many([m[0], *_WHERE]) for m in at if m.lastindex > 1]
        off = off or len(near) < len(at) or any(e[0] @ e[1] > max(e[2:] @ e[0]) for e in near)
        caps = {m[1].lower() for m in _CAPS.finditer(question)} - STOPWORDS  # "UK" no guide writes, not "DC"
        caps = [c for c in caps if not {c[:k] for k in range(2, 9)} & self.res.library.initials.keys()]
        bases = [stem(w)[:-1] for w in {*asked} - {*meant} if classify(w) == "general"]  # "score", "recertif"
        off = off or any(len(b) < 4 or vocab.foreign(b) for b in bases) or any(map(vocab.foreign, caps))
        if off or unknown and self._pulled(question, unknown, half, inq.repaired):
            return replace(inq, decline=Decline.OFF_TOPIC)
        about, does = tuple(tuple(t) for t, *_, b, _ in things if b), any(b and d for *_, b, d in things)
        before = [replace(inq, repaired=q, query=q, qtype=classify(q)) for q in _asked(inq)[1:]]  # naming
        if not about and before and all(w in EMPTY or hints(w) for w in words(inq.repaired)):  # nothing, it
            about = tuple(tuple(t) for t, *_, b, _ in self._asked_of(before[0]) if b)  # was asked before
        return replace(inq, about=about, does=does, names=_named(inq.query, about, self.res))

    def _asked_of(self, inq: Inquiry, half: bool = False) -> list[Asked]:
        """What the question asks of, as written, with the figure or words asked: a figure's subject, ended
        by a verb of what is asked ("how much do RNs make?"), or what "how do I <verb>" is for ("my car");
        whether only stop words precede it (the subject later steps keep to); whether it asks what it does."""

        def run(rest: str) -> tuple[list[str], str]:
            # adverbs ("usually"), "step by step", "good", "top" say how, not what of ("the midwife one");
            # "one" after a quality no guide writes ("a decent one") or a filler's ("everyone") names nothing
            rest = re.sub(r"\b(\w+) (?:by|after|to) \1\b|[?!].*", "", rest)  # (its sentence)
            rest = re.sub(r"\b(\w+) ones?\b", lambda m: m[1] if v.known(m[1]) else "one", rest)
            found = [re.sub(r"['’]s$", "", w) for w in words(rest) if not w.endswith("ly")] + [""]
            found = found[next(i for i, w in enumerate(found) if w not in FILLER and not extreme(w)) :]
            # a clause, a preposition stop words lack or an -ing word no guide writes with the next ends it
            has, topic = self.res.library.writes, v.topic_words  # ("a job guiding planes")
            ing = [0] + [w[-3:] == "ing" and not has(terms(f"{w} {n}")) for w, n in zip(found[1:], found[2:])]
            ing = [x or not topic(re.sub(r"\B(?:one|body)$", "thing", w)) for x, w in zip(ing, found)]
            end = next(i for i, w in enumerate(found) if not topic(w) or hints(w) or w in _ENDS or ing[i])
            return found[:end], found[end]

        how, ab, v = _HOW_TO.search(inq.repaired), self.res.abbreviations, self.res.vocabulary  # "as" too
        parts = re.findall(rf"(?i)(?:^|(^(?:\w+ed )?as|\bthrough) {_DET})(?=(.+))", how[2]) if how else []
        things = [(run(p)[0], None, set(() if a else terms(how[1])), a[-2:] == "as", False) for a, p in parts]
        figure, hint = FIGURES[figure_kind(*_asked(inq), inq.query)], set(terms(inq.hint))
        figure_asked = (figure, hint) if inq.qtype is QuestionType.QUANTITY else (None, None)
        back = inq.qtype is QuestionType.QUANTITY and classify(inq.repaired) is QuestionType.COMPARISON
        for s in (sides(inq.repaired) if inq.qtype is QuestionType.COMPARISON or back else None) or ():
            if not is_followup(s):  # not "that" (a side compared with a figure asked before is its subject)
                things.append((words(f"{s} {ab.get(s.lower(), '')}"), *figure_asked, back, False))
        # a figure's own noun says whose it is after "for" or "of" ("the average salary for a pilot"), and any
        # word naming a figure does after "for" ("the pass rate for the NBDHE"; "hours of class" are counted)
        ff = [m for m in _FIGURE_FOR.finditer(inq.repaired) if m[2] or hints(m[1])] if figure_asked[0] else []
        fors = {m[1].lower(): run(m[3])[0] for m in ff if hints(m[1]) or figure_kind(m[1], default="")}
        for m in _FIGURE_OF.finditer(inq.repaired):  # of any other question, none of its words may be named
            before = re.sub(r"(?i)\bhow \w+", "", inq.repaired[: m.start()])  # "how long do *X* last"
            (subject, verb), bare = run(m.group(1)), not set(words(before)) - STOPWORDS
            be = words(m[0])[0] in ("is", "are")  # no verb: "is *the fafsa deadline*" (half unknown)
            n = next((subject.index(w) for w in subject[1:] * be if figure_kind(w, default="") == "money"), 0)
            if (hints(verb) or n or verb in {*FILLER, "do", figure_asked[0] and "get"}) and verb not in fors:
                things.append((subject[: n or None], *figure_asked, bare, verb == "do"))  # "is X tuition"
            elif be and half or len(subject) > 1 and not be:  # after "do" or a modal a verb ends it
                things.append((subject[: len(subject) - (not be)], None, None, False, False))  # "does *ohio*"
        things += [(s, *figure_asked, True, False) for s in fors.values()]  # what it asks of
        for m in _SUBJECT.finditer(inq.repaired):  # "what about dishwashers?" after a pay question: their pay
            subject, end = run(m.group(m.lastindex))
            alone = m.lastindex == 4 or m.lastindex == 2 and not re.search(r"[,;]", m[2])  # (a figure's)
            things.append((subject, *(figure_asked if alone else (None, None)), not end, False))
        return [t for t in things if t[0] and not (self._own_form(t[0][-1]) or self.res.library.alias(t[0]))]

    def _own_form(self, word: str) -> bool:
        """A word no guide writes that is theirs: "truckers", "hivekeepers", "prep" (not English "ranger")."""
        stems, domain = set(terms(word)), tuple(d for d in self.res.subjects.domain - STOPWORDS if len(d) > 3)
        v = self.res.vocabulary  # clipped to three letters only when no English word: "env", not "car"
        clipped = len(word) > 3 - (word not in v.english) and not (v.known(word) or v.foreign(word))
        ends = [t[len(d) :] for t in stems for d in domain if t.startswith(d)]  # after theirs: no word, or
        own = any(r not in v.english or any(w.endswith(r) for w in domain) for r in ends)  # one ending theirs
        return clipped or not (self.res.library.naming(stems) or {word, word.rstrip("s")} & v.english) and own

    def _unnamed(self, thing: list[str], figure: re.Pattern | None, asked: set[str] | None) -> bool:
        """No guide names what is asked of in the role asked: its last word with the word before it ("my car",
        "bus drivers", a compound the guides write; a short form before a word of its kind, "the CPA cert",
        alone) has no heading, nor a line naming it that states the figure or says what is asked ("register",
        "earn", in any form: "drivers"), itself or by its heading. A figure's subject the guides never write
        whole is its last word ("first-year cooks"): not the corpus's own, a line naming it states it."""
        lib, head, name = self.res.library, set(terms(thing[-1])), terms(self.res.profile.subject)
        short = figure is None and len(thing) > 1 and thing[-2] in self.res.abbreviations  # "the CPA cert"
        pair = terms(thing[-2] if short else " ".join(thing[-2:]))
        if asked is None:  # "do boilermakers need a licence?", "what about boilermakers?"
            return not any(lib.naming({t}) for t in terms(" ".join(thing)))

        def in_role(p: PassageRecord, text: str) -> bool:
            section, t = set(terms(p.meta.get("section", ""))), set(terms_with_parts(text))  # "NCLEX-RN"
            done = any(w.startswith(a) for a in asked or () for w in section | t)  # "drive": "drivers"
            said = (figure and figure.search(text)) or done or not (figure or asked)
            heads = section | set(terms(p.meta.get("title", "")))  # a figure's, only with the figure said
            return {*pair} <= heads and not figure or {*pair} <= t | (figure and heads or t) and bool(said)

        lines = [(p, lib.unit_text[u]) for p in lib.naming(set(pair)) for u in p.units]
        unsaid = (not figure or len(pair) > 1 and lib.writes(pair)) and not any(in_role(*x) for x in lines)
        own = {t for t in {*head, *pair} for n in name if len(t) > 2 and n.startswith(t)}  # its name, clipped
        domain = figure is None or head - own <= self.res.subjects.domain  # too ("phlebs"; "biomed techs":
        unsaid = unsaid and not (pair[1:] and {*pair} <= own)  # every word of the pair clips one of its name)
        return unsaid or not domain and not any(figure.search(p.text) for p in lib.naming(head))

    def _pulled(self, question: str, unknown: list[str], half: bool, own: str) -> bool:
        """Its unknown words are its subject: dropped, they bring the question (to its last "?") closer to the
        corpus ("lawyer" in "pay for a lawyer"): all if half are (half the pull), else a run ``own`` has."""
        lib, alt = self.res.library, rf"\b(?:{'|'.join(map(re.escape, unknown))})\b"
        found = re.finditer(rf"{alt}(?:\W+{alt})*", own, flags=re.I)  # carried words were judged when asked
        runs = [alt] if half else [rf"\b{re.escape(m[0])}\b" for m in found]
        texts = [question, *(re.sub(run, " ", question, flags=re.I) for run in runs)]
        best = (lib.unit_vecs @ np.asarray(lib.embed_many(texts), dtype=np.float32).T).max(axis=0)
        return bool(best[1:].max(initial=best[0]) - best[0] >= FOREIGN_PULL / (1 + half))


class Retrieve(Step):
    """Hybrid search, then what the question points at however it ranked: a guide's own question it
    asks, a list's section, the list meaning what it asks in other words, a figure beside what it names."""

    def __call__(self, inq: Inquiry) -> Inquiry:
        if inq.decline:
            return inq
        lib, k = self.res.library, self.res.top_k
        # what "what does a PT do?" asks of is what the guides say of "physical therapists" (embedded once)
        longs = [self.res.abbreviations.get(w, "") for thing in inq.about for w in thing if inq.does]
        hits = list(lib.search(searched := " ".join([inq.search, *longs]), k, self.res.retriever, whole=True))
        listing = inq.qtype in (QuestionType.LIST, QuestionType.RECOMMENDATION, QuestionType.GENERAL)
        read, sources = {h.passage.id: h for h in hits}, {h.passage.meta["source"] for h in hits[:3]}
        asked, want = set(terms(inq.query)), _obtained(inq, lib)
        alike = lib.asked_section(searched, FAQ_NEAR) if asks(inq.query) == [inq.repaired] else set()
        for rec in [lib.passages[pid] for pid in lib.order if pid not in read] if hits else []:
            # A guide's own question asked whole (each word of it, it most of the question's) or, asked alone,
            # in other words (nearest in meaning) is read wherever it ranked; for a list, a retrieved guide's
            # section headed by what was asked ("Requirements"; titled by its names, the guides' words too).
            titled = inq.names and inq.names <= terms_with_parts(rec.meta["title"])
            share = heading_share(f"{inq.query} {inq.hint}" if titled else inq.query, rec.meta)
            heading = (section := rec.meta.get("section", "")).rpartition(" › ")[2]
            faq = share == 1.0 and heading.endswith("?") and len(asked & set(terms(heading))) > len(asked) / 2
            faq |= bool(want & set(terms(section))) or echo(inq.query, heading)  # to get, or in its words
            if faq or rec.id in alike or listing and rec.meta["source"] in sources and share >= HEADING_SHARE:
                read.setdefault(rec.id, replace(hits[0], passage=rec, rank=len(read)))
        own = re.split(r"[.,;!?]+\s+(?=(?:what|how|which|where|when|why|who)\b)", inq.repaired)[1:][-1:]
        for h in [h for q in own for h in lib.search(q, 2, "dense")] if hits else []:  # asked after a remark
            read.setdefault(h.passage.id, replace(hits[0], passage=h.passage, rank=len(read)))
        # the first guide's list whose lines, summed, mean nearest the user's own words ("extra quals") is in
        doc = lib.document(hits[0].passage.meta["source"]) if hits and inq.qtype == "general" else []
        near = lambda r: (s := lib.item_sums[r.id])[0] @ lib.embed(inq.repaired) / s[1]  # noqa: E731
        if best := max((r for r in doc if r.id in lib.item_sums), key=near, default=None):
            read.setdefault(best.id, replace(hits[0], passage=best, rank=len(read)))
        # a line naming what the question names (else what it asks of) is read, however its passage ranked:
        # with the figure asked ("Lawyers | $145,760"), as an entry defining it, or headed by a list's kind
        named, ask = set(inq.names) or inq.about_terms, set(terms(inq.hint)[:1]) if listing else set()
        q = inq.query if inq.qtype is QuestionType.DEFINITION else ""  # a definition's: what it asks of heads
        named = set(terms(" ".join((QUOTED.findall(q) or DEFINED.findall(q))[:1]))) or named  # "SBT (...) —"
        figure = FIGURES[figure_kind(*_asked(inq), inq.query)]
        for rec in [r for r in lib.naming(named) if r.id not in read] if named and hits else []:
            lines = [x for x in (lib.unit_text[u] for u in rec.units) if named <= terms_with_parts(x)]
            head = set(terms(rec.meta.get("section", "").rpartition(" › ")[2]))
            stated = inq.qtype is QuestionType.QUANTITY and any(map(figure.search, lines))
            entry = [(terms_with_parts((p := re.split(r": | [–—] ", x))[0][:30]), len(p) > 1) for x in lines]
            entry += [(terms_with_parts(q), 1) for x in lines for q in re.findall(r'["“](.{2,40}?)["”]', x)]
            defines = inq.qtype is QuestionType.DEFINITION and any(named <= t and e for t, e in entry)
            if stated or defines or any(ask & (head | t) for t, _ in entry):
                read.setdefault(rec.id, replace(hits[0], passage=rec, rank=len(read)))
        # a figure of a rare name only a table row's first cell writes (no corpus name: "in alabama") reads it
        rare = {t for t in asked if lib.idf(t) >= NAME_IDF and inq.qtype is QuestionType.QUANTITY and hits}
        for pid in (lib.unit_meta[u]["passage"] for u, n in lib.row_names() if rare & n and n <= asked):
            read.setdefault(pid, replace(hits[0], passage=lib.passages[pid], rank=len(read)))
        return replace(inq, hits=tuple(read.values()))


class Gate(Step):
    """Score the sentences; decline when even the best one is weak support."""

    def __call__(self, inq: Inquiry) -> Inquiry:
        if inq.decline:
            return inq
        want, hits = _obtained(inq, self.res.library), list(inq.hits)  # how to get: lines headings it names
        headed = any(want & set(terms(h.passage.meta.get("section", ""))) for h in hits)
        scored = tuple(score_units(self.res.library, inq.search, hits, want if headed else inq.names, headed))
        weak = not scored or scored[0].score < self.res.min_support  # even the best sentence is weak support
        return replace(inq, scored=scored, decline=Decline.WEAK if weak else None)


def _obtained(inq: Inquiry, lib: Library) -> set[str]:
    """The names of what a list or general question asks how to get ("earn *the VTS* credential"); after
    what the user says they did ("i finished school, ... get the license") any word of it: the step left;
    going "from A to B", B's last word if it names a few ("from mechanic to *inspector*")."""
    q = inq.repaired if inq.qtype in (QuestionType.LIST, QuestionType.GENERAL) else ""
    got, to = (terms(m[1]) if m else [] for m in (_OBTAIN.search(q), _GOAL.search(q)))
    return {t for t in to[-1:] if lib.idf(t) >= NAME_IDF} | {*got} & {*(got if _DID.search(q) else inq.names)}


def _named(query: str, asked_of: tuple[tuple[str, ...], ...], res: Resources) -> frozenset[str]:
    """The corpus names a question uses, and the words of what it asks of, that single out a few passages
    (not the corpus's own subject): "what does a charge nurse do?" is not answered by what nurses do."""
    low = re.findall(r"\b[a-z]+\b", query)  # typed so, "rn" is "right now" ("RN" a nurse), and "branch out"
    chat = FILLER.intersection(low) | res.subjects.common.intersection(map(stem, low))  # no Health Branch
    lib, named = res.library, set(terms(query)) & res.subjects.names - chat
    # what it asks of, or quotes asking what it means ("'swell'"), found in titles, headings, word parts too
    asked = [*map(" ".join, asked_of), *QUOTED.findall(query)]
    rare = {t for x in asked for t in terms(x) if 0 < len(lib.naming({t})) < lib.size / 4}
    return frozenset({t for t in named if lib.idf(t) >= NAME_IDF} | rare)


class Compose(Step):
    """The offline answer, or the decline text of the corpus."""

    def __call__(self, inq: Inquiry) -> Inquiry:
        profile, write = self.res.profile, Composer(self.res.library, self.res.subjects.names).compose
        if inq.decline:
            text = profile.instruction_text if inq.decline is Decline.INSTRUCTION else profile.decline_text
            return replace(inq, answer=Answer(text, grounded=False, query=inq.query or inq.question))
        make = partial(write, inq.search, qtype=inq.qtype, hint=inq.hint, asked=_asked(inq), names=inq.names)
        make = partial(make, goal=_obtained(inq, self.res.library))  # what it asks how to get, or get to
        if _of_another_subject(inq, answer := make(list(inq.scored)), self.res) and inq.does:
            # what a role does, said of another: the lines naming what it asks of (its rare words) answer
            lib, names, text = self.res.library, inq.about_terms & inq.names, self.res.library.unit_text
            hits = [replace(inq.hits[0], passage=p, rank=i) for i, p in enumerate(lib.naming(names))]
            own = [s for s in score_units(lib, inq.search, hits) if names <= terms_with_parts(text[s.row])]
            answer = make(own) if own and own[0].score >= self.res.min_support else answer
        if _of_another_subject(inq, answer, self.res):
            return self(replace(inq, decline=Decline.WEAK))  # declined as any weak support is
        return replace(inq, answer=replace(answer, query=inq.query))


_WHICH_X = re.compile(  # "which of them" asks no X; "which X should <whom> get"
    rf"(?i)\W*which (?:(?:kind|type|sort)s? of )?(\w+)(?: (?:\w+ould|can|do(?:es)?|will|must) {_DET}(.+))?"
)
_SCHOOL = r"(?i:school|college|universit(?:y|ie)|programm?e?|academ(?:y|ie))s?\b"
_BEST_SCHOOL = re.compile(  # "the best school", "which program is the top one"; not "the best way", "for me"
    rf"(?i)^(?=.*\bthe (?:best|top)\b(?![^?]*\b(?:for (?!the\b)|if|when|or)\b)).*\b(?:the best|the top|which)"
    rf"\s+(?:(?!(?:to|for|of|on|an?|the|is|are)\b)[\w'’-]+\s+){{0,4}}{_SCHOOL}"
)
_REQ = re.compile(r"(?i)\b(?:requir|must|eligib|need|qualif)")  # a line saying what is required
_NONE = re.compile(r"(?i)\b(?:no|none|not|never|var(?:y|ies)|depends|(?:half|twice)\b.*(?:rate|wage|pay))\b")
_IS = r"(?i)\b{0}\w*(?:\s+\w+){{0,2}}?\s*(?:[(:–—]|\b(?:is|are|means|refers)\b)|\({0}\w*\)"  # "X is", "(X)",
_IS += r"|\b(?:called|known as|written)\W+{0}|[\"“][^\"“”]*\b{0}\w*\W?[\"”]"  # "written X", 'say "X"'
_COUNT = re.compile(FIGURES["count"].pattern + NOT_COUNTED)  # a count, no time, share or sum
_STAGE = re.compile(r"(?i)\b(?:entry|mid|senior)[\s-]+level\b|\bfirst[\s-]+job\b")  # "mid level" X: X's rung
_BE = r"|\b(?:becom\w*|to be) an? ([\w -]+?)(?= (?:in|at|for|and|or|to|so|if|by|as|from|with)\b|[^\w -]|$)"
_DOER = re.compile(r"(?i)\bdo\s+(?!(?:you|u|i|we|they)\b)([^?]*?)\s+(?:\([^)]*\)\s+)?(?:make|earn)\b" + _BE)
_GUESS = re.compile(r"(?i)\blike \$?\d[\d,.]*k?(?:/\d|\s(?:per|an?|each) (\w+))")  # "like 70/30", "9 a day"
_RANKS = re.compile(rf"(?i)^(?=.*\b(?:best|top|rank\w*|leading)\b).*\b{_SCHOOL}")  # a line that ranks schools
_PAY = re.compile(r"(?i)\b(?:salar\w*|wages?|earn\w*|income)\b")  # or its headings, naming no pay
_FEE = r"(?i)\b(?:cost|fee|price|tuition|dues|charg|spen[dt]|budget|afford|expens|cheap|free\b|out of pocket)"
_FEE = re.compile(_FEE + r"|\bpa(y|id) (?:for|about|around|up to|\$)|\bruns? (?:about |around |roughly )?\$")
_NOUN = r"(?i)(?:^|[.?!] )(?:how much (?:is|are|does(?=[^?]* cost\b))|is there (?:an?|any))"  # asks of X
_NOUN, _BESIDE = re.compile(_NOUN + r" (?:the |an? |your )?(.+)"), r"(?i)\b(?:depend\w*|whether)\b[^\[]*"


def _of_another_subject(inq: Inquiry, answer: Answer, res: Resources) -> bool:
    """Whether the answer never names what the question asks of ("charge nurse" is not answered by a nurse's
    duties, "the AZ-305 exam" by another exam's fee), or for a figure asked, never in one line that states it
    (with what it cites: "periodontists" is not answered by hygienists' pay); or, asked "which X" of no
    figure, never says an X nor cites a heading that does; or, asked for the best school, never ranks one."""
    one = inq.qtype is QuestionType.QUANTITY and len(asks(inq.repaired)) == 1  # (of two, each on its own)
    figure = {**FIGURES, "count": _COUNT}[figure_kind(*_asked(inq), inq.query)] if one else None  # (_COUNT)
    lines = before_sources(answer.text).splitlines() if inq.does or figure else answer.text.splitlines()
    cited = {t for c in answer.citations for t in terms(f"{c.title} {c.section}")}  # the headings it cites
    hd = {str(c.n): f"{c.title} {c.section}" for c in answer.citations}  # a line's words: its headings, all
    expand = lambda x: re.sub(r"\[(\d+)\]", lambda m: " " + hd.get(m[1], ""), x)  # noqa: E731
    cite = lambda x: set(terms(expand(x)))  # noqa: E731
    fee = "cost" in (h := hints(inq.repaired)) and "salary" not in h  # a cost, not pay: in a line naming one,
    ok = [x for x in lines if not fee or _FEE.search(x) or _FEE.search(y := expand(x)) and not _PAY.search(y)]
    if figure:  # each line stating the figure or none, with the headings it cites (not a blank: "$__ a day")
        groups, nones = ([cite(x) for x in ok if rx.search(x) and "__" not in x] for rx in (figure, _NONE))
    else:  # what a role does is said of it as its doer: "Queen breeders raise", not "File ... with clerks"
        groups = [{t for x in lines for t in terms(" ".join(words(x)[:3]) if inq.does else x)} | cited]
    codes = {t for t in inq.about_terms if re.search(r"\d(?!\d*k$)", t)}  # "AZ-305", not a sum ("30k")
    last = {*terms(" ".join(x[-1] for x in inq.about)), *codes}  # wanted: names asked of; its last word and
    wanted = inq.about_terms & inq.names | {t for t in last if not res.library.naming({t})}  # codes, unused
    aside = set(terms(" ".join([*_STAGE.findall(inq.query), res.profile.subject])))  # a stage; the career
    # words in half the guides name nothing, nor do those aside, clipped or not ("phlebs"), but a
    wanted = {w for w in wanted - res.subjects.domain if not any(a.startswith(w) for a in aside)}
    kinds = {stem(w) for x in inq.about if figure for w in x[:-1]} & res.subjects.domain - aside  # kind does
    # a place: "In X", "in texas" (a table row's name); in no remark before it, nor after a definition's "?"
    asking = asked_part(re.sub(r"(?<=\?)[^?]*$", "", inq.query) if inq.qtype == "definition" else inq.query)
    rows = [n for _, n in res.library.row_names()]  # their first cells' words ("Texas")
    at = [(t, m[1] or {t} in rows) for m in _PLACE.finditer(asking) for t in terms(m[m.lastindex])]
    at += [(t, True) for t in inq.names if figure and {t} in rows]  # a row's name anywhere: "the ohio fee"
    wanted |= {t for t, c in at if t in inq.names or figure and c and res.library.idf(t) >= NAME_IDF}
    # a figure its own words ask is stated, or that there is none, it varies or is a part of another's pay
    # ("no minimum hours", "Fees vary", "half a journeyman's rate"), by a line naming any code it writes and
    written = {t for w in inq.query.split() if re.search(r"[A-Z]{2}|\d", w) for t in terms(w)} & inq.names
    # or any name the figure's subject ("how much is X") types in lower case, no English word ("*trados*")
    of = re.search(r"(?i)^\W*how \w+(?: \w+)? (?:is|are) ([^?.!,;]+)", inq.repaired)
    written |= set(terms(" ".join(set(words(of[1] if of else "")) - res.vocabulary.english))) & inq.names
    # what a share asked is of ("what percent *commission*": not the "5 percent" of job growth)
    share = re.search(r"(?i)\bwhat percent\w*(?: of)?(?: the| an?)? (\w+)", inq.repaired) if figure else None
    written |= set(terms(" ".join(res.vocabulary.topic_words(share[1])))) if share else set()
    written |= {t for s, lf, _ in res.library.long_forms if lf in inq.repaired.lower() for t in terms(s)}

    def says(said: set[str], of: set[str] = wanted) -> bool:  # "PT" is said where "physical therapist" is,
        for s, _, long in res.library.long_forms:  # and back
            said |= {s} if long <= said else long if s in said else set()
        whole = lambda t, w: w not in res.subjects.names or not t[len(w) :][:1].isalnum()  # noqa: E731
        return all(any(t.startswith(w) and whole(t, w) for t in said) for w in of)  # "NALA" is no "NALS"

    # requirements asked of a credential it writes or spells out ("the certified executive pastry chef cert")
    # are said of it: by a heading cited or a line naming it before what it requires (not "CMC requires CEPC")
    need = not figure and ("requirements" in hints(inq.repaired) or "requirement" in inq.repaired.lower())
    heads = [cited | set(terms(x[: m.start()])) for x in lines if (m := _REQ.search(x))] + [cited]
    which = terms(m[1]) if (m := _WHICH_X.match(inq.repaired)) else []  # "which X" asks for an X, or for
    pair = terms(" ".join(words(m.string[m.start(1) :])[:2])) if which else []  # either word of a pair the
    which = pair if res.library.writes(pair) else which  # guides write ("which government agencies hire")
    unsaid = bool(which) and not figure and not any(t.startswith(tuple(which)) for g in groups for t in g)
    # "which cert should *a court reporter* get?": an X said in a line (or what it cites) of whom, if rare
    rest = [*words(m[2] if m and m[2] else ""), ""]
    run = rest[: next(i for i, w in enumerate(rest) if not res.vocabulary.topic_words(w))]  # whom, to a verb
    at = len(run) - (rest[len(run)] not in {*FILLER, "do", "get"})  # its verb; whom: the word before, as
    # Screen's, unless the verb's object is the asker ("will *the examiner* make me fly": an X of mine)
    whom = set() if {*rest[at + 1 : at + 2]} & {"me", "us"} else _named("", (run[at - 1 : at],), res)
    whom -= set(terms(res.profile.subject))
    unsaid |= bool(which and whom) and not figure and not any(says(cite(x), {which[0], *whom}) for x in lines)
    unsaid |= not figure and bool(_BEST_SCHOOL.search(inq.repaired)) and not any(map(_RANKS.search, lines))
    own = written or classify(inq.repaired) is QuestionType.QUANTITY  # (not a follow-up's inherited form)
    unsaid |= bool(figure and own) and not any(says(g | res.library.scope, written) for g in groups + nones)
    unsaid |= need and bool(c := written - res.subjects.domain) and not any(says(h, c) for h in heads)
    # a name one passage uses, in no heading, needs a line saying what it is ("X is", "(X)", "called X")
    one = {t: p[0].meta for t in inq.names & {*terms(asking)} if len(p := res.library.naming({t})) == 1}
    lone = [t for t, m in one.items() if t not in terms(f"{m['title']} {m.get('section', '')}")]
    undefined = [t for t in lone if not any(re.search(_IS.format(re.escape(t)), x) for x in lines)]
    unsaid |= inq.qtype is QuestionType.DEFINITION and bool(undefined)
    # a figure the user guesses is asked in its form: a split as one ("60/40"), a rate per what it is per
    form = (rf"\b{g[1]}" if g[1] else r"\b\d\d?\s?/\s?\d\d?\b") if (g := _GUESS.search(inq.repaired)) else ""
    unsaid |= bool(form) and not re.search(form, before_sources(answer.text), re.I)
    # a share of people asked is of them doing it ("40% of takers pass"), not a test's "90% minimum" or growth
    v = figure is FIGURES["percent"] and re.search(r"(?i)\bof people (?:who )?(?:\w+ly )?(\w+)", inq.repaired)
    did = rf"(?i)^(?=.*\b{v[1]}).*(?:\d\s?(?:%|percent) of\b|\b{v[1]}\w* rates?\b)" if v else ""
    unsaid |= bool(v) and not any(figure.search(x) and re.search(did, x) for x in lines)
    # what "how much is X / does X cost"/"is there X" asks of, X's last word asking no figure nor requirement
    # ("*dues*"), is named as what a line stating it (the answer's or retrieved) is of, or by a rare word
    ws = [*words(m[1] if (m := _NOUN.search(inq.repaired)) else ""), "per"]  # (to a stop word, "per", "-ed")
    ws = ws[: [w in {*STOPWORDS, *FILLER, "per", "every", "plus"} or w[-2:] == "ed" for w in ws].index(True)]
    plain = {w for p, w in zip(["", *ws], ws) if figure_kind(f"{p} {w}", default="") or _REQ.match(w)}
    *by, noun = [w for w in ws if w not in plain and w[-2:] != "ly"] or [""]
    marks = {k for x in lines if figure and figure.search(x) for k in re.findall(r"\[\d+\]", x)}
    rare = {t for x in lines if marks & {*re.findall(r"\[\d+\]", x)} for t in terms_with_parts(expand(x))}
    rare &= {t for t in terms(" ".join(by)) if res.library.idf(t) >= NAME_IDF}
    texts = lines + [res.library.unit_text[s.row] for s in inq.scored]  # before it ("*NBCOT* test") unless
    said = [x for x in texts if not figure or figure.search(x) or _NONE.search(x)]  # a line names X only
    as_of, aside = ([says(cite(re.sub(rx, "", x)), {*terms(noun)}) for x in said] for rx in (_BESIDE, "(?!)"))
    unsaid |= bool(noun and (figure or plain)) and not any(as_of) and not (rare and not any(aside))  # _BESIDE
    unsaid |= bool(kinds) and not any(says(s, kinds) for s in groups + nones)  # "cemetery" managers' pay
    # a doer's figure ("do Xs make", "to be an X"; not ours, a short form, a pay word) is in a line naming X:
    ws = [w for d in _DOER.findall(inq.query)[:1] for w in words(" ".join(d)) if w[-2:] != "ly"] or [""]
    h, skip = ws[-1].removesuffix("s"), {*FILLER, *STOPWORDS, *res.abbreviations}  # ("first-year": user's)
    known = lambda w: res.vocabulary.known(w) and not figure_kind(w, default="")  # noqa: E731 ("paid" names none)
    name = [w.removesuffix("s") for w in ws[-2:] if w not in skip and known(w)]  # its last two words
    own = any(w.startswith(h) or h.startswith(w) for w in words(res.profile.subject))
    own = own or not figure or h in skip or hints(h) or not res.vocabulary.known(h) or res.library.alias(ws)
    text = [x for x in map(expand, lines) if figure and (figure.search(x) or _NONE.search(x))]
    unsaid |= not own and not any(all(re.search(rf"(?i)\b{re.escape(w)}", x) for w in name) for x in text)
    return unsaid or (bool(wanted) or figure is FIGURES["percent"]) and not any(says(said) for said in groups)


@dataclass(eq=False)
class ConsultLLM(Step):
    """An LLM's answer when one is configured and its citations check out."""

    model_getter: Callable[[], object]  # the chat model, or None for the offline answer

    def __call__(self, inq: Inquiry) -> Inquiry:
        model = None if inq.decline else self.model_getter()  # declines: decided without one
        reply = model and llm_answer(model, inq.question, inq.query, list(inq.hits), self.res.profile.subject)
        return replace(inq, answer=reply) if reply else inq
