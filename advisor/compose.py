"""The offline answerer: a cited reply built from the sentences of retrieved passages. No LLM is involved,
so nothing is invented: every claim is a passage's line, numbered (how-it-answers.md)."""

from __future__ import annotations

import itertools
import re
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from math import fsum

from . import questions
from .corpus import glossary_list, ordered_list, titled
from .doctree import row_cells
from .models import Answer, Citation, sources_block
from .questions import AGE_ASKED, OTHERS, PRIORITY, QUOTED, REST, WHAT, QuestionType, classify, extreme, sides
from .retrieval import Hit, Library, PassageRecord, citation_for, passage_terms, terms_with_parts
from .scope import is_injection
from .text import MUCH_OF, NOT_COUNTED, NUMBER_WORDS, STOPWORDS, fold, stem, strip_source_refs, terms, words

LIST_SHARE, LIST_FLOOR = 0.85, 0.60  # a list is whole if a line scores this (this, if its heading asks)
RARE_IDF, FOCUS_BONUS = 1.0, 0.10  # rarer words (BM25 idf) name things; lines in the intent's words: +
LEAD_SHARE, FIGURE_SHARE, DEFINING_SHARE = 0.80, 0.70, 0.92  # of the best: point; lead (figure, definition)
MAX_POINTS, CURT_WORDS, MAX_ITEMS = 5, 8, 20  # a curt verdict brings its reason; longer lists link the source
THIN_WORDS, THIN_PENALTY, NAME_MISS = 4, 0.10, 0.10  # ranks lower: a thin line; one never naming what's asked
ONWARD = re.compile(r"\b(below|following)\b|:$")  # a sentence that points at what comes next
HEADING_SHARE = 0.5  # a question asks what a heading asks when it uses more than this share of its words
COUNT_BONUS, NAMES_BONUS, MAX_NAMES = 0.10, 0.02, 3  # a list of the count asked ("the 4 kinds"); per thing
SAME_CLAIM, SAME_CLAIM_NEW = 0.90, 3  # two sentences this close, with fewer new words, say the same thing
CHANGED_SINCE = "**What has changed since:**"  # heads the updates of changed documents, after the answer
Claim = tuple[int, PassageRecord]
Section = tuple[list[PassageRecord], dict[str, list[PassageRecord]]]  # own passages, sub-sections' by heading

_CONNECTIVE = re.compile(
    r"(?i)^(additionally|in addition|however|in fact|also|meanwhile|instead|as a result|"
    r"for example|ultimately|or|and|but|so(?! (?:do|does|did|is|are|was|were|can|will|has|have)\b))\s*,?\s+",
)
_META = re.compile(  # lines about the text, not the subject (a page one acts "through" is its): no answer
    r"(?i)\b(this|the following|below|above|next|these|(?<!through )our(?: [\w-]+){0,4}) (article|guide|"
    r"section|post|page|piece|overview|list|table|chapter|resource)s?\b|^\s*(let[’']s|let us|read on|here"
    r"[’']?s|here is|here are|below is|below are|below,)\b|\bthe source (article|guide|document|text|page)s?"
    r"\b|\b(given|shown|listed|linked) (above|below)\b|^\s*(updated|published) on\b|^\s*(written|reviewed|"
    r"edited|posted) by\b|^\s*the (?:(?:table|chart|figure|graphic)s? |\w+ (?=below|above))(below |above )?("
    r"summari[sz]es|shows|compares|lists)\b|^\s*(read more|see also|related(?: \w+)?|further reading)\s*:"
    r"|^\s*\[(featured )?(image|photo|picture|video)\b[^\]]*\]|^\s*\[[^\]]*\]\([^)\s]*\)\W*$"  # caption, link
    r"|^\s*(?:[^\[\]:]{1,40}:\s*)?\[[^\]\d]*\]?\W*$"  # a note to whoever fills it in: "Cost: [not confirmed]"
)
_VERDICT = re.compile(  # a verdict opening an FAQ answer: "Yes. ...", "Partly. ...", "It depends. ..."
    r"(?i)^(yes|no|partly|partially|sometimes|usually|often|rarely|mostly|it depends|not always|"
    r"not necessarily|not usually)\.\s+(?=[A-Z])"  # (a sentence follows)
)
_OWN_VERDICT = re.compile(r"(?i)(yes|no)\b|" + _VERDICT.pattern[4:])  # opens with its own: "No, not for"
_RANKED = re.compile(  # the rows ranked: "which *state* pays / should I", "what kinds of *companies* employ"
    r"(?i)\b(?:which|what (?P<kinds>kinds?|types?|sorts?) of) (?P<rows>(?:\w+ ){0,2}?\w+) "
    r"(?:pays?|earns?|costs?|is|are|has|have|counts?|should|would|does?|employs?|hires?)\b"
)
_MOST_OF = re.compile(r"(?i)\bthe (?:most|fewest)\s+(?:[\w-]+\s+)?[a-z]+s\b")  # "the most *jobs*": no wages
_ACT = re.compile(r"(?i)\bgo about (\w{3,}?)[ye]?ing\b")  # the act asked, by its root: "go about *appl*ying"
_TOLD = re.compile(r"(?i)\bwhat should (?:i|u|you|we) (?:be )?(\w+)")  # "what should I (be) asking": its verb
_OPENS = re.compile(r"(?:^|[.!?;:,]\s+)(\w+\b)(?<!ing)")  # a clause's first word: a verb telling one to
_FIRST = re.compile(r"(?i)\bwh(?:ich|at)\b[^?.]*\b(?:i|u|we)\b[^?.]*?\bfirst\b(?! (?!so\b|just\b)[a-z])")
_STAGE = re.compile(r"(?i)\b(?:in|during|while in) ((?:\w+ )*\w+)$")  # "Prepare in high school"
_IN_ORDER, _SUITS = re.compile(r"(?i)\bin (?:\w+ )?the order\b"), re.compile(r"(?i)^if you\b|\bstart with\b")
_WHICH = re.compile(r"\bwhich\b(?!\s+of\b)", re.I)  # "which cloud platforms", not "which of those"
_KIND = re.compile(r"(?i)\b(?:what|which)\s+(?:(?:are|is)\s+)?(?:(?:the|some)\s+)?(.*)")  # "what skills"
_SERIES = r"\w*(?:\W+\w+)?\W+(?:such as|including|like|e\.g\.)\s[^.;]*?,[^.;]*?(?:,| and | or )"  # A, B or C
_NONE, _NOT = re.compile(r"(?i)(?:no\b|without\b|non-)\s*(\w.*)"), r"(?i)(?:n'?t|\bnot|\bnever)\b[^.?!,;]*?\b"
_DENY = re.compile(r"(?i)(?:n't|\bnot|\bnever|\bno|\bcannot)\s+(?:be\s+)?(\w+)")  # "not *guarantee*"
_ENTRY = re.compile(r"^(?P<term>(?:[^:.!?]|(?<=\b[A-Z])\.){1,60}?)\s*(?::|\s[–—-]\s)\s*\S")  # "Term: it is"
_DEFINES = re.compile(  # what a thing is or does; not a clause about it ("What an LPN may do ... depends")
    r"^(?!(?:What|How|Why|When|Where|Which)\b).*?\b(is|are|refers? to|means|describes?|involves?|do|does)\b"
)
_CONTINUES = re.compile(  # about the one before: "It is valid", "So does a year", "also", "in that time",
    r"(It|Its|This|These|That|Those|They|Their|So (?:do|does|is|are|can))\b|.*\balso\b(?! (?:called|known))"
    r"|.*\b(?:in|within|during|at|by|for|after|before|from|of) (?:that|those) \w"  # "If X, it's worth a look"
    r"|(?:If|When|Once|Unless)\b[^.;]*?, (?:it|th(?:is|ey))\b(?! (?:is|was) (?:\w+ )?(?:to|that|\w+ing)\b)"
)
_DIFFER = re.compile(r"\bdiffer\w* in\b([^.]*)")  # what roles "differ in" ("whether you work with ...")
_LABEL = re.compile(r"[A-Z][\w ]{0,24}?(?: ?\.{2,}|:) ")  # a card's line: "Good if ... you", "Pay: $9"
_PICK = re.compile(r"(?i)\bwhich (?:\w+ ){1,2}(?:sh|c|w)ould (?:i|u|you|we)\b")  # "which job should I"
_PROSE = re.compile(r"[a-z][.!?] +[A-Z]")  # an item that says sentences: "Apply to sit for it. You apply ..."
_DOES = re.compile(r"(?i)\bwhat (?:does|do) (?:an? |the )?([\w -]+?)(?: \w+ly)? do\b(?! with)")  # what X does
_FIGURE = re.compile(r"(?<![\w-])\d[\d,.]*\d|(?<![\w-])\d")  # a number, not a code's ("AI-103")
_END = re.compile(r"(?i)\b(?:until|till|turn\w* into|get|earn|obtain|reach|becom\w*)\s+([^?.!,;]*)")  # to X
_COUNT_WORDS = {i: w for w, i in NUMBER_WORDS.items()}  # a count written in words ("four")
_A_COUNT = rf"(\d{{1,2}}|{'|'.join(NUMBER_WORDS)})"  # a count the question states: "the 4 kinds", "theres 3"
_BRACKETS = r"[(,] ?([^,()]+)(?=[^()]*\)$)"  # each name a term's brackets end with: "(bp, bps)"
_SPELT = re.compile(r"([A-Z0-9]+) (?:\(([^()]+)\)|[–—-] ([^()]+))")  # a short form spelt out ("RACE (…)")
_BY = re.compile(r"\b(\w+) by \1\b")  # "step by step" says how, naming no step ("Step 3: ...") asked
_WH = re.compile(r"\W*(who|what|when|where|why|how|which)\b", re.I)  # a heading opening as a question
_ASKED_COUNT = re.compile(rf"(?i)\b(?:{_A_COUNT}\s+(?:\w+\s+)?\w+s|there(?:'?s| is| are) {_A_COUNT})\b")
_PARTS = re.compile(r",\s*(?:and |or )?|\s(?:and|or)\s")  # between the things a line names
_NEGATIVE = re.compile(
    r"(?i)\b(not|no|never|cannot|can'?t|won'?t|doesn'?t|don'?t|isn'?t|aren'?t|without|no longer|"
    r"retired|discontinued|withdrawn|expired|unavailable)\b",
)
FIGURES = {
    "money": re.compile(r"[$€£¥]\s?\d|\b\d[\d,.]*\s?(?:dollars|usd|eur|euros|pounds|gbp)\b", re.I),
    "duration": re.compile(
        r"(?i)\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|"
        r"several)\s?(?:[-–]|to)?\s?\w*\s?(?:second|minute|min|hour|hr|day|week|month|year|semester|season)s?\b"
        r"|\b(?:in|within) (?:days|weeks|months|years)\b"  # "entered in months rather than years"
    ),
    "percent": re.compile(r"\d\s?(?:%|percent|per cent)", re.I),
    "count": re.compile(r"(?i)(?<!\[)\b(\d|(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"),
    "age": re.compile(
        r"(?i)\bage(?:d| of)?\s\d{1,3}\b|\b\d{1,3}\s?(?:years? (?:old|of age)|(?:or|and) older|or over)\b"
        r"|\b(?:at|by|before|after|under|until)\s(?:a(?:bout|round) )?\d{2}\b|\b\d{2}(?:st|nd|rd|th) birthday"
    ),
}
_AMOUNT = (FIGURES[k].pattern.removeprefix("(?i)") for k in ("money", "duration", "percent"))  # of any kind
FIGURES["amount"] = re.compile("|".join(f"(?:{p})" for p in _AMOUNT), re.I)
_UNPAID = re.compile(rf"(?i)^(?!.*(?:{FIGURES['money'].pattern})).*\d")  # a figure that is no money ("27%")

_FRAME = r"\b(?:next|past|last|coming) (?:\w+ )?(?:hours|days|weeks|months|years|decades?)\b"  # a time frame
_CUES = {  # the figure a question's words ask, the first that matches ("how fast", not of growth: a time)
    AGE_ASKED: "age",
    r"\b(cost|costs|price|fees?|tuition|salar\w*|earn\w*|wages?|cheap\w*|expensive|makes? more|hourly|"
    r"pay rates?|(?:day|daily|week(?:ly)?|month(?:ly)?|shift|night(?:ly)?|session|gig) rates?)\b|\$": "money",
    MUCH_OF: "amount",  # of a thing, in whatever figure the guides state it ("how much classroom time")
    r"\bhow (long|soon|often|(fast|quickly)(?!.*gr[eo]w))\b|\b(long|short)(est|er)\b"
    r"|\b(duration|length|last|take|valid|expire|(?:hour|hr|minute|day|week|month|year)s)\b": "duration",
    r"\b(percent(?!ile)\w*|rate|growth|grow|how fast|share of)\b|\bwhat %": "percent",
    r"\bhow many\b|\b(number of|questions|count)\b": "count",
    r"\bhow much\b|\b(pay\w*|paid)\b": "money",
}


def figure_kind(*forms: str, default: str = "money") -> str:
    """The figure (money, duration, percent, count, age) the first form naming one asks, else ``default``."""
    texts = [re.sub(_FRAME, "", f.lower()) for f in forms]  # ("the next ten years" says when, not how long)
    return next((cue for text in texts for rx, cue in _CUES.items() if re.search(rx, text)), default)


def new_figure(text: str, asked: set[str]) -> bool:
    """Whether ``text`` states a figure the question did not ("1,500-hour rule"): content, however short."""
    return any(f not in asked for f in _FIGURE.findall(text))


def _said(t: str, x: str) -> re.Match | None:  # a code as written, "Cross-Country" as "cross country" too
    parts = "[ -]".join(map(re.escape, re.split("[ -]", t)))
    return re.search(rf"(?<![\w-]){parts}s?(?![\w-])", x, re.I if len(t) > 3 else 0)


Scored = namedtuple("Scored", "row score hit")  # a unit row of the library, its score, and the hit it is of


def score_units(
    library: Library, query: str, hits: list[Hit], names: frozenset[str] = frozenset(), headed: bool = False
) -> list[Scored]:
    """Every sentence and list line of the hits, best first; if a passage speaks of ``names`` asked (an exam
    code; ``headed``: in its headings), lines of one that never does rank lower (the NGN, not "stress")."""
    speaks = lambda p: set(terms(p.meta.get("section", ""))) if headed else passage_terms(p)  # noqa: E731
    about = {h.passage.id: bool(names & speaks(h.passage)) for h in hits} if names else {}
    qvec, off_subject = library.embed(query), NAME_MISS if any(about.values()) else 0.0
    qterms, figures = set(terms(query)), set(_FIGURE.findall(query))
    weight = {t: max(library.idf(t), 0.1) for t in qterms}
    rows = [(row, h) for h in hits for row in h.passage.units if not never_a_claim(library.unit_text[row])]
    total, cos, scored = fsum(weight.values()) or 1.0, library.unit_vecs[[r for r, _ in rows]] @ qvec, []
    for (row, hit), c in zip(rows, cos):
        meta, own = hit.passage.meta, set(terms(text := library.unit_text[row]))
        context = set(terms(f"{meta['title'] if titled(meta) else ''} {meta.get('section', '')}")) | own
        overlap = fsum(weight[t] for t in qterms & context) / total
        prior = 0.04 * (len(hits) - hit.rank) / len(hits)
        # Only restating the question ("This is where the role of an X comes into play") informs nobody.
        empty = THIN_PENALTY if len(own - qterms) < THIN_WORDS and not new_figure(text, figures) else 0.0
        miss = off_subject if about and not about[hit.passage.id] else 0.0
        scored.append(Scored(row, float(c) + 0.15 * overlap + prior - empty - miss, hit))
    return sorted(scored, key=lambda s: s.score, reverse=True)


@lru_cache(maxsize=20_000)
def never_a_claim(text: str) -> bool:
    """About the text itself, an instruction planted in a document, or a question (cached: asked often)."""
    return bool(_META.search(text) or is_injection(text, planted=True) or text.rstrip().endswith("?"))


def heading_share(query: str, meta: dict, aside: str = "") -> float:
    """The share of a passage's own heading's words (not ``aside``'s) the question uses (0: no heading)."""
    heading = set(terms(meta.get("section", "").rpartition(" › ")[2])) - set(terms(aside))
    return len(heading & set(terms(query))) / len(heading) if heading else 0.0


def echo(query: str, heading: str) -> bool:
    """A heading, not an FAQ's, in the question's words ("Who you will work with"): its wh-word, then rest."""
    if "?" in (heading := heading.rpartition(" › ")[2]) or not (wh := _WH.match(heading)):  # (most fail here)
        return False
    tail = " ".join(itertools.dropwhile(STOPWORDS.__contains__, words(heading)[1:]))
    return bool(tail and re.search(rf"\b{wh[1].lower()}\b.*\b{re.escape(tail)}\b", " ".join(words(query))))


@dataclass
class Draft:
    """What a strategy hands to rendering: claims in order, and how to open."""

    claims: list[Claim]
    opening: str = ""  # "Yes." / "No." for a yes/no question
    verdict_leads: bool = False  # the first claim may keep the source's own "Yes." / "No."
    headings: dict[int, str] = field(default_factory=dict)  # row -> heading shown before it


class Context:
    """The scored evidence for one question, with the helpers strategies share."""

    def __init__(self, lib, query, scored, subjects, hint="", asked=(), names=frozenset(), goal=frozenset()):
        # hint: its intent in the guides' words; subjects: the corpus's names (followup.Subjects); asked: own
        # words, then the question a follow-up resolves against; names: what it names and asks of
        self.library, self.query, self.scored, self.names, self.subjects = lib, query, scored, names, subjects
        self.goal = goal  # what it asks how to get, or get to ("from mechanic to *inspector*"), as headed
        self.forms, self.asked = (*asked, query), asked[0] if asked else ""  # a figure, sides: first said
        self.best, self.focus = scored[0].score if scored else 0.0, set(terms(hint)) - {"$", "%"}
        self.sentences = [s for s in scored if lib.unit_meta[s.row]["kind"] == "sentence"]
        self.sources = list(dict.fromkeys(s.hit.passage.meta["source"] for s in scored))  # best first
        self.first = min(scored, key=lambda s: s.hit.rank).hit.passage if scored else None  # by retrieval
        self.faq = self.first if self.first and self.first.meta.get("section", "").endswith("?") else None

    # what a form finds first in the forms asked; a row's kind, text and passage; is it a glossary's entry
    read = lambda self, form: next((found for t in self.forms if t and (found := form(t))), None)  # noqa: E731
    kind = lambda self, row: self.library.unit_meta[row]["kind"]  # noqa: E731
    text = lambda self, row: self.library.unit_text[row]  # noqa: E731
    record = lambda self, row: self.library.passages[self.library.unit_meta[row]["passage"]]  # noqa: E731
    defines = lambda self, row: glossary_list(self.library.unit_meta[row]["list"])  # noqa: E731 ("**Term** — ")
    step_of = lambda c, r: ordered_list(c.library.unit_meta[r]["list"]) and not _PROSE.search(c.text(r))  # noqa: E731 (a numbered item saying no sentences: "3. Panel interview")

    def add(self, claims: list[Claim], *rows: int, unique: bool = True) -> None:
        """Add each claim unless the answer says it already or it is no claim (debris); an intro its items."""
        intros = {r: self.whole_list(r)[: MAX_ITEMS + 1] for r in rows if self.kind(r) == "intro"}
        for row, text in [(x, self.text(x)) for r in rows for x in intros.get(r, [r])]:
            said = any(self.text(r) == text or unique and self.same_claim(row, r) for r, _ in claims)
            claims += [(row, self.record(row))] * (not (said or never_a_claim(text)))

    def same_claim(self, row: int, other: int) -> bool:
        """Whether a sentence only repeats another: close in meaning, barely a new word, no new figure."""
        (a, b), vecs = (self.text(row), self.text(other)), self.library.unit_vecs  # ("90th ...: $205,000")
        new = set(terms(a)) - set(terms(b)), set(_FIGURE.findall(a)) - set(_FIGURE.findall(b))
        return float(vecs[row] @ vecs[other]) > SAME_CLAIM and len(new[0]) < SAME_CLAIM_NEW and not new[1]

    def points(self, claims: list[Claim], limit: int, entries=False, after: list = (), first=0) -> None:
        """Up to ``limit`` supporting sentences, best first, none repeating a list row given ``after``; with
        ``entries``, an entry saying a whole claim too ("Restart: 34 hours off duty restart the week")."""
        lead = claims[first:] and self.record(claims[first][0])  # under a heading asked, or an FAQ entry
        if lead and (lead is self.faq or heading_share(self.query, lead.meta) > HEADING_SHARE):  # (in order)
            own = [r for r in lead.units if self.kind(r) == "sentence"]  # (no line of it repeats another)
            self.add(claims, *own[: MAX_POINTS + 1], unique=False)  # ("You get six attempts in total.")
        goal, high = len(claims) + limit, [s.row for s in self.scored if s.score >= LEAD_SHARE * self.best]
        said = lambda row: any(r != row and self.same_claim(row, r) for r in after)  # noqa: E731 (a row after)
        for row in itertools.takewhile(lambda _: len(claims) < goal, high):  # noqa: B023 (best first, while room)
            kind, unsaid = self.kind(row), not said(row)
            entry = entries and kind == "item" and _ENTRY.match(text := self.text(row))
            if kind == "sentence" and unsaid or entry and len(text[entry.end() - 1 :].split()) >= CURT_WORDS:
                self.add(claims, row)  # the sentence after it, scoring as a point too, goes on with it,
                n, at = len(claims), self.record(row).units  # uncounted: the cut ends no paragraph halfway
                on = [r for r in at[at.index(row) + 1 : at.index(row) + 2] if r in high and not said(r)]
                self.add(claims, *[r for r in on if kind == self.kind(r) == "sentence"])  # ("... 30,100 more
                goal += len(claims) - n  # jobs over the decade." "The BLS also expected 54,800 openings ...")
        # where room is left, a step's body, which says sentences too, unless its list is given whole next
        given = set(sum(self.lists(LIST_SHARE * self.best, limit=1), [])) | set(after)
        steps = [r for r in high if r not in given and self.kind(r) == "item" and _PROSE.search(self.text(r))]
        self.add(claims, *steps[: goal - len(claims)])

    def lists(self, floor: float, limit: int = 2) -> list[list[int]]:
        """Rows (intro, items) of lists whose best line is above ``floor``, those under a heading asked first
        ("Requirements"), then best first; a sentence announcing one ("Among them:") starts its rows."""
        found, seen = [], set()
        for s in itertools.takewhile(lambda s: s.score >= floor, self.scored):
            intro = self.announced(s.row) if (said := self.kind(s.row) == "sentence") else s.row
            rows = [] if intro is None else [s.row] * said + self.whole_list(intro)
            if not any(r in seen for r in rows):
                seen.update(rows)  # a glossary's entries are separate definitions, no list of what one does
                whole = not (self.defines(s.row) and _DOES.search(self.forms[0]))
                found += [rows] * (sum(self.kind(r) == "item" for r in rows) >= 2 and whole)
        found.sort(key=lambda rows: heading_share(self.query, self.record(rows[0]).meta) <= HEADING_SHARE)
        return found[:limit]

    def announced(self, row: int) -> int | None:
        """The intro of the list a sentence announces (in two lines), or the next passage's it points to."""
        units, after = self.record(row).units, self.library.neighbour(self.record(row), +1)
        found = next((r for r in units[units.index(row) + 1 :][:2] if self.kind(r) == "intro"), None)
        nxt = after.units[0] if after and row == units[-1] and ONWARD.search(self.text(row)) else None
        return found if found is not None or nxt is None or self.kind(nxt) == "sentence" else nxt

    def framed(self, rows: list[int], bare: bool = False) -> list[int]:
        """A list given whole (``MAX_ITEMS``) with what its section says of it: its opening sentence, when the
        list follows it ("Certifications are voluntary ..."), and sentences after it scored as points are."""
        meta, rows = self.record(rows[0]).meta, rows[: MAX_ITEMS + 1]
        high = {s.row for s in self.scored if s.score >= LEAD_SHARE * self.best}
        own = [r for rec in self.node(meta["source"], meta.get("section", ""))[0] for r in rec.units]
        at, said = {r: i for i, r in enumerate(own)}, [r for r in own if self.kind(r) == "sentence"]
        said = [r for r in said if r not in rows] if meta.get("level", 0) > 1 and not bare else []
        after = [r for r in said if at[r] > at.get(rows[-1], len(own)) and r in high][:MAX_POINTS]
        return [r for r in said[:1] if at[r] < at.get(rows[0], -1)] + rows + after

    def whole_list(self, row: int) -> list[int]:
        """``row``'s list, first item to last, whichever passage of a long list cut in parts was retrieved."""
        lib, record, list_id = self.library, self.record(row), self.library.unit_meta[row]["list"]
        rows = [r for r in record.units if lib.unit_meta[r]["list"] == list_id]
        for step, edge, here in ((-1, 0, record), (+1, -1, record)):
            while rows and (rows[0] if step < 0 else rows[-1]) == here.units[edge]:
                there = lib.neighbour(here, step)
                same = there is not None and there.meta.get("section") == here.meta.get("section")
                units = (there.units[::-1] if step < 0 else there.units) if same else []
                if not (more := list(itertools.takewhile(lambda r: self.kind(r) == "item", units))):
                    break
                rows, here = (more[::-1] + rows if step < 0 else rows + more), there
        return rows

    def entries(self, thing: str = "") -> list[int]:
        """Glossary entries or table rows ("Type rating: ...") whose whole term the question names, or a name
        its brackets end with "what is X" asks of alone ("Basis point (bp, bps)"), best first; a code of three
        letters or fewer as written ("the S endorsement"). In several lists, none: "Radiation:" is a field."""
        items = [(s.row, m["term"].strip(), m) for s in self.scored if (m := _ENTRY.match(self.text(s.row)))]
        items = [(r, t, m) for r, t, m in items if self.kind(r) == "item" and any(c.isalnum() for c in t)]
        # "I don't want (to be around) X" names the entry "No X" / "Without X", not each list's "X:" field
        nots = [(r, m[1]) for r, t, _ in items if (m := _NONE.match(t))]
        rows = [r for r, x in nots if re.search(rf"{_NOT}{re.escape(x)}\b", self.query)]
        quoted = " ".join(QUOTED.findall(self.query)) or thing  # 'BLS truck': "BLS (...)"; or the thing asked
        g = {r: (re.split(r"\s*[;.:(]", m.string[m.end() - 1 :])[0], thing) for r, _, m in items}
        asked = [a for a in (self.read(questions.DEFINED.findall) or [])[:1] if len(terms(a)) == 1]  # X alone
        own = {r: [(x, a) for a in asked for x in re.findall(_BRACKETS, t)] for r, t, _ in items}  # its "(X)"
        own = {r: [(re.sub(r"\s+\(.*\)$", "", t), quoted), *own[r]] for r, t, _ in items}  # the term asked of
        ways = [(r, own[r], [(t, self.query), g[r]]) for r, t, _ in items]  # else said, or glossed
        said = ([r for r, a, b in ways if any(_said(*w) for w in a + b * k)] for k in (0, 1))
        rows = rows or next(filter(None, said), [])
        return rows if len({self.record(r).id + self.library.unit_meta[r]["list"] for r in rows}) < 2 else []

    def entry_lead(self, of: str = "") -> list[Claim]:
        """The guide's entry for a term asked ("Dental therapist: ..."): it leads if nearly the best, or at
        any score when the user quotes it ('minimum guarantee') or a definition asks of it (``of``)."""
        rows, floor = self.entries(of), DEFINING_SHARE * self.best * (not (of or QUOTED.search(self.query)))
        return [(s.row, self.record(s.row)) for s in self.scored if s.row in rows and s.score >= floor][:1]

    def add_lead(self, claims: list[Claim], row: int, unique=True, told=False, none=False, two=False) -> None:
        """Add the lead after the line its "It ..." means (``none``: or says there is none), before one going
        on ("It governs") or naming several of the kind asked ("Options include ..."; any, ``two``: a label's
        list and its block's first two sentences too); a thin instruction (``told``) between lines around."""
        units, i = self.record(row).units, self.record(row).units.index(row)
        goes = lambda it: told and self.text(row).count(" ") < THIN_WORDS or _CONTINUES.match(self.text(it))  # noqa: E731
        many = lambda r: two or len(_PARTS.split(t := self.text(r))) > 2 and self.kind_asked & set(terms(t))  # noqa: E731
        on = lambda r, x: self.kind(r) == self.kind(row) == "sentence" and (goes(x) or x != row and many(x))  # noqa: E731 (after it: many)
        first = lambda r: none and re.match(r"(?i)there (?:is|are) no\b", self.text(r))  # noqa: E731
        before = [r for r in units[i - 1 : i] if on(r, row) or first(r)]
        prose = [r for r in units if two and self.kind(row) == "item" and self.kind(r) == "sentence"][:2]
        prose = self.whole_list(row) + prose if prose else []  # (and the label's own list whole)
        self.add(claims, *before, row, *[r for r in units[i + 1 : i + 2] if on(r, r)], *prose, unique=unique)

    def by_parts(self, section: Section, of: tuple[Callable, ...] = ()) -> Draft:
        """A section from the guide's tree: its first paragraph, then each sub-section by its heading and best
        sentence (of each side ``of`` tells; its own before its parts'), in order (up to ``MAX_ITEMS``)."""
        (own, parts), claims, headings = section, [], dict[int, str]()
        sentences = [r for rec in own for r in rec.units if self.kind(r) == "sentence"]
        said = [r for r in sentences if not never_a_claim(self.text(r))]
        first = next((p for r in own for p in r.text.split("\n\n") if said and self.text(said[0]) in p), "")
        lead = [r for r in said if self.text(r) in first][:MAX_POINTS]  # a label opening a list says it too
        nxt = [r + 1 for r in lead[-1:] if r + 1 in self.record(r).units and self.kind(r + 1) == "item"]
        self.add(claims, *lead, *sum(map(self.whole_list, nxt), []))  # ("What you do" and its list)
        for name, records in list(parts.items())[:MAX_ITEMS]:
            hits = [Hit(r, 0.0, 0.0, 0.0, rank=0) for r in records]
            rows = [s.row for s in score_units(self.library, self.query, hits) if self.kind(s.row) != "intro"]
            # a part whose best line is an item of its own list is said by that list, not by one sentence
            top = [r for r in rows[:1] if self.kind(r) == "item" and self.record(r).meta == records[0].meta]
            rows.sort(key=lambda r: (self.kind(r) != "sentence", self.record(r).meta["section"].count(" › ")))
            top = [self.whole_list(r) for r in top]
            found = [r for f in of if (r := next(filter(f, rows), -1)) >= 0]
            found = found or [r for r in sum(top, []) if self.kind(r) == "item"][:MAX_POINTS] or rows[:1]
            headings.update({found[0]: name} if found else {})
            self.add(claims, *dict.fromkeys(found), unique=False)
        return Draft(claims, headings=headings)

    def step(self, row: int, end: set[str] = frozenset()) -> list[int]:  # the lines of ``row``'s section, if
        # a step's ("Step 7: ..."), or of the first after it headed by a word of the ``end`` asked ("until X")
        meta, numbered = self.record(row).meta, re.compile(r"(?:[A-Z]\w* )?\d+\b(?![,.]\d)").match
        parent, _, head = meta.get("section", "").rpartition(" › ")
        parts = self.node(meta["source"], parent)[1] if meta.get("level", 0) > 1 else {}
        later = [*parts.items()][[*parts].index(head) + 1 :] if head in parts else []
        on = [p for k, p in later if end & set(terms(k))] or [[]] * bool(end)  # (none headed by it: no lines)
        own = [r for rec in (on or self.node(meta["source"], meta.get("section", "")))[0] for r in rec.units]
        return own[:MAX_ITEMS] if numbered(head) and sum(map(bool, map(numbered, parts))) >= 2 else []

    @cached_property  # asked by the list and the section strategies alike
    def kind_asked(self) -> set[str]:
        """The kind asked: the head of the words after "what" ("the main nursing *specialties* you ...")."""
        found = words(m[1]) if (m := _KIND.search(self.query)) else []
        return set(terms(["", *itertools.takewhile(lambda w: w not in STOPWORDS, found)][-1]))

    @cached_property
    def merged(self) -> Section | None:
        """The section of retrieval's first passage, or one above it, found itself with two or more of its
        sub-sections, or that of it or of the best line, with two and most of them: it answers whole, not one
        part (auto-merging). A sub-section whose heading names what was asked counts to most ("the levels":
        "Level 1"; "step by step": none). A guide titled by the kind asked, parts numbered, is its items."""
        hits = sorted({s.hit.passage.id: s.hit for s in self.scored}.values(), key=lambda h: h.rank)
        asked = {t for t in terms(_BY.sub("", self.query)) if self.library.idf(t) >= RARE_IDF} - self.focus
        kind, head = self.kind_asked, hits[0].passage.meta.get("section", "").rpartition(" › ")[2]
        if head.endswith("?") or self.names and self.names <= set(terms(head)):  # the first-ranked section
            return None  # is an FAQ entry or headed by what was asked ("Level 3: Lead cook"), not its parent
        titled = [h.passage.meta for h in hits if kind and kind <= set(terms(h.passage.meta["title"]))][:1]
        for i, meta in enumerate([*(h.passage.meta for h in (hits[0], self.scored[0].hit)), *titled]):
            path = meta.get("section", "") if meta.get("level", 0) > 1 and i < 2 else ""
            for above in [" › ".join(path.split(" › ")[:n]) for n in range(path.count(" › ") + 1, -1, -1)]:
                own, parts = self.node(meta["source"], above)
                if not self.names <= set().union(*map(passage_terms, sum(parts.values(), own))):
                    continue  # a section that never names what was asked is about something else
                found = {n for n, recs in parts.items() if any(h.passage in recs for h in hits)}
                most = len(found | {n for n in parts if asked & set(terms(n))}) > len(parts) / 2
                most |= heading_share(self.query, {"section": above}) > HEADING_SHARE  # its heading asks it
                most |= i == 2 and _top_n(parts)
                if len(found) >= 2 and (most or not i and any(h.passage in own for h in hits)):
                    return own, parts

    def node(self, source: str, path: str) -> Section:
        """A section's own passages and its sub-sections' by heading, in order (path "": the whole guide)."""
        prefix, parts = f"{path} › " * bool(path), dict[str, list]()
        doc = [(r.meta.get("section", ""), r) for r in self.library.document(source)]
        own = [r for s, r in doc if s == path or not path and r.meta.get("level", 0) <= 1]
        for section, record in [(s, r) for s, r in doc if r not in own and s.startswith(prefix)]:
            parts.setdefault(section[len(prefix) :].split(" › ")[0], []).append(record)
        return own, parts


class Strategy:
    """Picks the claims of an answer for one kind of question: ``draft(ctx)``, None when 'not mine'."""

    types: tuple[QuestionType, ...] = ()


class ListAnswer(Strategy):
    """Steps, skills, duties, options: every item of the one best list, in order. What X does, if a section
    is headed X alone ("Actuary"; "Level 1 — X / Y"), no guide titled X, is what that section says first."""

    types = (QuestionType.LIST, QuestionType.RECOMMENDATION)

    def draft(self, ctx: Context) -> Draft | None:
        m, lib = _DOES.search(ctx.forms[0]), ctx.library
        thing, rank = set(terms(m[1])) if m else set(), {s: i for i, s in enumerate(ctx.sources)}
        heads = [h for h, names in lib.heading_names if thing and thing in names]  # (sections headed X)
        if heads and thing not in lib.title_terms:  # (no guide is titled what is asked)
            return ctx.by_parts(ctx.node(*min(heads, key=lambda h: (rank.get(h[0], len(rank)), h))))
        if not (found := ctx.lists(floor := LIST_FLOOR * ctx.best, limit=4)):
            return None
        qterms = {t for t in terms(_BY.sub("", ctx.query)) if lib.idf(t) >= RARE_IDF}
        w = next(filter(None, c.groups())).lower() if (c := _ASKED_COUNT.search(ctx.query)) else "0"
        count = int(w) if w.isdigit() else NUMBER_WORDS[w]  # how many things it says there are, or 0
        best_line = lambda rows: max(s.score for s in ctx.scored if s.row in rows)  # noqa: E731

        def named(rows: list[int]) -> int:
            """How many of the question's words (and its count: "the 4 kinds") its intro or section uses."""
            heading = set(terms(" ".join(ctx.text(r) for r in rows if ctx.kind(r) != "item")))
            meta = ctx.record(rows[0]).meta  # a guide title names a list in its opening only if it asks it
            own = meta.get("level", 0) > 1 or heading_share(ctx.query, meta) > HEADING_SHARE
            heading |= set(terms(meta.get("section", "") * own))
            return len(qterms & heading) + bool(count and heading & {str(count), _COUNT_WORDS.get(count, "")})

        def fit(rows: list[int]) -> float:
            # The list whose intro and section speak of what was asked wins, not only the best line's; "which"
            # asks for names: a list naming ones it does not ("AWS, Azure") beats tasks, as the count does
            names = {t for r in rows for t in terms(ctx.text(r))} & ctx.subjects - set(terms(ctx.query))
            bonus = NAMES_BONUS * min(len(names), MAX_NAMES) if _WHICH.search(ctx.query) else 0.0
            bonus += COUNT_BONUS * bool(count and sum(ctx.kind(r) == "item" for r in rows) == count)
            return best_line(rows) + 0.05 * named(rows) + bonus

        # "what skills ...", "which tools ...": the kind asked; lists headed by it are the candidates
        headed = [r for r in found if ctx.kind_asked & set(terms(ctx.record(r[0]).meta.get("section", "")))]
        heads = {h for s in ctx.scored for h in terms(s.hit.passage.meta.get("section", ""))}
        which = _WHICH.search(ctx.query) and ctx.kind_asked & heads and not headed  # "which": its passage
        top = ctx.record((ranked := sorted(headed or found, key=fit, reverse=True))[0][0]).meta
        said = terms_with_parts(" ".join([top["title"], top.get("section", ""), *map(ctx.text, ranked[0])]))
        own = top.get("section", "").endswith("?")  # an FAQ entry's list answers its own question only
        low = ctx.first.meta != top and (ctx.faq or own) or best_line(ranked[0]) < ctx.best
        # A list not headed by what was asked answers only with the best line, no section found whole nor
        # FAQ entry first (they answer); one never saying the question's names, never when a section does.
        unnamed = not (named(ranked[0]) and ctx.names <= said) and (ctx.merged or low)
        # a section found whole whose heading asks more, the list not in it, answers by its parts
        merged = ctx.merged and next(iter(ctx.merged[1].values()))[0].meta["section"].rpartition(" › ")[0]
        outside = merged and not top.get("section", "").startswith(merged)
        above = outside and heading_share(ctx.query, {"section": merged}) > heading_share(ctx.query, top)
        if which or unnamed or above or merged == "" and _top_n(ctx.merged[1]):  # (headed by it) answers
            return None  # (a "Top N" guide found whole answers by its items, not by one list in it)
        # Lists of sibling sections ("Skills › Technical", "› Workplace") of one guide answer together.
        parent, chosen = top.get("section", "").rpartition(" › ")[0], [ranked[0]]
        kin = lambda m: m["source"] == top["source"] and m.get("section", "").rpartition(" › ")[0] == parent  # noqa: E731
        near = lambda rows: kin(ctx.record(rows[0]).meta) and fit(rows) >= 0.95 * fit(ranked[0])  # noqa: E731
        chosen += [rows for rows in ranked[1:] if parent and near(rows)]
        # the count asked, no list found having it, comes first in a line naming that many and saying so
        # ("three dictations — literary ..., jury charge ... and testimony ..."; asides in brackets no parts)
        bare, claims, headings = lambda r: re.sub(r"\(.*?\)", "", ctx.text(r)), [], dict[int, str]()
        many = lambda r: len(_PARTS.split(bare(r))) == count and _COUNT_WORDS.get(count) in words(bare(r))  # noqa: E731
        if count and not any(sum(ctx.kind(r) == "item" for r in rows) == count for rows in found):
            ctx.add(claims, *[s.row for s in ctx.scored if s.score >= floor and many(s.row)][:1])
        for rows in chosen:
            # a list of several subjects, whose headings do not name the one asked: its entries for it
            m, intro = ctx.record(rows[0]).meta, [ctx.text(r) for r in rows if ctx.kind(r) != "item"]
            if not ctx.names & set(terms(" ".join([m["title"], m.get("section", ""), *intro]))):
                rows = [r for r in rows if ctx.names & set(terms(ctx.text(r)))] or rows
            if ctx.kind(rows[0]) == "item" and len(chosen) > 1:
                headings[rows[0]] = ctx.record(rows[0]).meta.get("section", "").rpartition(" › ")[2]
            ctx.add(claims, *ctx.framed(rows), unique=False)
        return Draft(claims, headings=headings)


class SectionAnswer(Strategy):
    """The section retrieval found whole (``Context.merged``), answered by its parts."""

    types = (QuestionType.LIST,)
    draft = lambda self, ctx: ctx.by_parts(ctx.merged) if ctx.merged else None  # noqa: E731 (a method)


_UP = re.compile(r"\bmov\w* up\b|\bpromot\w*|\bcareer (?:path|ladder)|\bcomes? (?:after|next)\b", re.I)
_RUNG = re.compile(r"(?i)\b(?:after|from|becom\w*)\s+(?:(?:you\s+)?becom\w*\s+)?(?:an?\s+|the\s+)?([\w -]+)")
_LEVELS = re.compile(r"(?i)\b(?:levels|rungs|ladder|career path|progress\w*)\b")
_LADDER = re.compile(r"\b(?:ladder|levels?|career path|progression|promotions?|ranks?)\b", re.I)
_top_n = lambda parts: sum(n[:1].isdigit() for n in parts) > len(parts) / 2  # noqa: E731 (parts "3. Teamwork")


class LadderAnswer(Strategy):
    """What comes after X: in a ladder (a heading or title says so), the rungs above the first headed X."""

    types = tuple(QuestionType)  # of the user's own words: a follow-up may resolve against "how long ...?"

    def draft(self, ctx: Context) -> Draft | None:
        found, whole = [], bool(_LEVELS.search(own := ctx.asked or ctx.query))  # "what levels": the ladder
        asks = (_UP.search(own) or whole) and classify(own) in ("list", "general", "definition")
        rungs = [r for m in _RUNG.finditer(ctx.query) if (r := set(terms(m[1])))] + [set()] * whole
        docs = [(n, s, r) for n, s in enumerate(ctx.sources) if asks for r in ctx.library.document(s)]
        parents = dict.fromkeys((n, s, r.meta.get("section", "").rpartition(" › ")[0]) for n, s, r in docs)
        for rung, (n, source, parent) in itertools.product(rungs, parents):
            ladder = _LADDER.search(parent or ctx.library.documents[source].get("title", ""))
            parts = list(ctx.node(source, parent)[1].items()) if ladder else []
            hs = [set(terms(h)) for h, _ in parts]
            i = next((i for i, h in enumerate(hs) if rung <= h), len(hs))
            # above it: the next parts that share a word with its heading and name no part before them
            stop = (k for k, h in enumerate(hs) if k > i and not (h & hs[i] and all(g - h for g in hs[:k])))
            if (k := next(stop, len(hs))) > i + 1:  # (a rung named: the parts above it; none named: all)
                depth = -bool(parent) - parent.count(" › ")  # (named, then fewest words added, shallower)
                found.append((not rung, len(hs[i] - rung), depth, n, parts[i + bool(rung) : k]))
        return ctx.by_parts(([], dict(min(found, key=lambda f: f[:4])[4][:MAX_POINTS]))) if found else None


class ExtremeAnswer(Strategy):
    """Which X pays the most: rows of retrieved tables in the section whose heading, intros and headers share
    the rarest words with the question, ranked by the column of the figure asked, else the one it names."""

    types = tuple(t for t in QuestionType if t not in (QuestionType.COMPARISON, QuestionType.YES_NO))

    def draft(self, ctx: Context) -> Draft | None:
        # a ranking the earlier question asked carries only if it ranked a figure (not "what cert is best")
        ranks = (extreme(f) for f in ctx.forms[1:-1] if figure_kind(f, default="") or _MOST_OF.search(f))
        direction, lib, qterms = extreme(ctx.forms[0]) or next(ranks, 0), ctx.library, set(terms(ctx.query))
        figure = FIGURES.get(figure_kind(*ctx.forms, default="")) or ctx.read(_MOST_OF.search) and _UNPAID
        found, said, seen = dict[tuple, list](), dict[tuple, str](), set[int]()  # said: of a section
        for record in (rec for src in ctx.sources if direction for rec in lib.document(src)):
            for row in {lib.unit_meta[r]["list"]: r for r in record.units if ctx.kind(r) == "item"}.values():
                rows = ctx.whole_list(row)  # each list's, a table cut over passages whole
                cells = {r: _cells(ctx.text(r)) for r in rows if ctx.kind(r) == "item"}
                if all(cells.values()) and not seen & set(cells):
                    seen, key = seen | set(cells), (record.meta["source"], record.meta.get("section", ""))
                    intros = [ctx.text(r) for r in rows if r not in cells]
                    heads = [h for c in cells.values() for h in c]
                    said[key] = " ".join([said.get(key, key[1].rpartition(" › ")[2]), *heads, "|", *intros])
                    found.setdefault(key, []).extend(_column(cells, figure, qterms))
        rows = set(terms(m["rows"])) if (m := ctx.read(_RANKED.search)) else set()  # "which *state* pays"
        of = [k for k in found if rows & set(terms(said[k].split("|")[0]))]  # headed by them, else saying so
        # tables saying what their rows are, or for kinds ("Industry"), the one whose row names mean nearest
        found, every = {k: found[k] for k in of or found if not rows or rows & set(terms(said[k]))}, found
        if rows and not found and m["kinds"] and (kept := [k for k in every if every[k]]):
            near = {k: lib.embed_many([_cells(ctx.text(r))[""] for _, r in every[k]]).mean(0) for k in kept}
            found = {(k := max(kept, key=lambda k: near[k] @ lib.embed(m["rows"]))): every[k]}
        named = {k: fsum(lib.idf(t) for t in qterms & set(terms(said[k]))) for k in found if found[k]}
        if not any(named.values()) or ctx.faq and heading_share(ctx.query, ctx.faq.meta) == 1.0:
            return None  # no table named or ranking it; or the guide asks it itself first: its FAQ answers
        best, claims = max(named, key=lambda k: (named[k], -ctx.sources.index(k[0]))), list[Claim]()
        firsts = [{*terms(_cells(ctx.text(r))[""])} for _, r in found[best]]  # a follow-up naming a row
        if not extreme(ctx.forms[0]) and any(n and n <= {*terms(ctx.forms[0])} for n in firsts):  # ranked
            return None  # before asks that row: "which states pay the most?", then "what about texas?"
        # a follow-up asking for "the other" ones of the ranking asked before wants those after its top
        skip = int(len(ctx.forms) > 2 and bool(re.search(r"(?i)\bothers?\b", ctx.forms[0])))
        ranked = [r for _, r in sorted(found[best], reverse=direction > 0)]
        ctx.add(claims, *ranked[skip : skip + 3], unique=False)
        return Draft(claims, headings={claims[0][0]: best[1].rpartition(" › ")[2]})


def _cells(entry: str) -> dict[str, str]:
    """A table row's cells; an entry whose value is a figure ("Troubleshooting: 30%") is a row of two."""
    term, _, value = entry.partition(": ")
    return row_cells(entry) or ({"": term, ":": value} if value and _FIGURE.match(value) else {})


def _column(cells: dict[int, dict], figure: re.Pattern | None, qterms: set[str]) -> list[tuple]:
    """(number, row) of the column asked: of the figure asked, else named, else the lone one of figures."""
    rx = figure or _FIGURE  # a column fits by its cells stating the figure, then by its header's words asked
    fits = lambda h: (sum(bool(rx.search(c.get(h, ""))) for c in cells.values()), len(qterms & set(terms(h))))  # noqa: E731
    col = max(heads := {h for c in cells.values() for h in c if h}, key=fits, default="")
    if not fits(col)[0] or not (figure or fits(col)[1] or sum(fits(h)[0] > 0 for h in heads) == 1):
        return []
    found = [(r, v) for r, c in cells.items() if rx.search(v := c.get(col, ""))]
    return [(float(n[0].replace(",", "")), r) for r, v in found if (n := _FIGURE.search(v))]


_MID = re.compile(r"(?i)\b(?:typical(?:ly)?|average|avg|median)\b")  # a figure's midpoint, not its spread
_COUNTED = re.compile(r"(?i)\bhow many\s+(?:[\w-]+\s+){0,3}?([a-z]+s)\b")  # "how many new *jobs*"
_SAID = re.compile(rf"(?i)(?<![\w-])(?:\d[\d,.]*|{'|'.join(NUMBER_WORDS)})\+?[\s-]+([a-z]+)(?:\s+([a-z]+))?")


class QuantityAnswer(Strategy):
    """How much / how long / how many: the sentence that states the figure, then its context."""

    types = (QuestionType.QUANTITY,)

    def draft(self, ctx: Context) -> Draft | None:
        figure = FIGURES[figure_kind(*ctx.forms)]  # a count of things: "seven academies", not "680 hours"
        figure = re.compile(figure.pattern + NOT_COUNTED) if figure is FIGURES["count"] else figure
        found = [s for s in ctx.scored if figure.search(ctx.text(s.row)) and ctx.kind(s.row) != "intro"]
        if not (with_figure := [s for s in found if s.score >= FIGURE_SHARE * ctx.best]):
            return None
        # A figure said in the intent's words ("valid for"; line or heading: of what kind, not whose), naming
        # what a follow-up points at ("that one"), its own ("wait"), or each rare figure given ("2033") leads
        own, fit = {*terms(ctx.asked)} if {*terms(ctx.query)} - ctx.focus - {*terms(ctx.asked)} else set(), {}
        rare, by_name = {t for t in terms(ctx.asked) if ctx.library.idf(t) >= RARE_IDF} - ctx.focus, set()
        one = ctx.forms[2:] and re.search(r"(?i)\b(?:that|this|which) one\b", ctx.asked)  # points at a thing
        at = {t for t in terms(ctx.query * bool(one)) if ctx.library.idf(t) >= RARE_IDF} - rare - ctx.focus
        given = [f for f in _FIGURE.findall(ctx.forms[0]) if min(map(ctx.library.idf, terms(f))) >= RARE_IDF]
        ask = {*given, *terms(m[1] if (m := ctx.read(_COUNTED.search)) else "")}
        for s in with_figure:
            sec = s.hit.passage.meta.get("section", "")
            line, heads = set(terms(t := ctx.text(s.row))), set(terms(sec))
            said = len(ask & (set(_FIGURE.findall(t)) | set(terms(" ".join(sum(_SAID.findall(t), ()))))))
            # a row the question names (a rare word of its name, not its headers', or initials: "DC") leads
            row, cells = (cells := row_cells(t)).pop("", ""), set(terms(" ".join(cells))) | heads
            cap = "".join(w[0] for w in row.split() if w[0].isupper())
            named = rare & set(terms(row)) - cells or cap[1:] and re.search(rf"\b{cap}\b", ctx.asked)
            by_name.update([s.row] * (named := bool(named and ctx.focus & terms_with_parts(f"{t} {sec}"))))
            of = ctx.focus & (both := line | heads) or ctx.names - {*terms(ctx.asked)} & line
            fit[s.row] = FOCUS_BONUS * (bool(of) + named + bool(own & line) + said) + bool(at & both)
        with_figure.sort(key=lambda s: -s.score - fit[s.row])
        # "the typical salary", the leading line named by no rare word of it nor heading (pay by experience,
        # "Typical annual pay"): a line saying the median of what it names or asks leads ("Median pay")
        name = lambda s: row_cells(t := ctx.text(s.row)).get("", t)  # noqa: E731 (a row's name, else the line)
        says = lambda s: set(terms(f"{name(s)} {s.hit.passage.meta.get('section', '') * (s is top)}"))  # noqa: E731
        mid = lambda s: _MID.search(name(s)) and (set(terms(ctx.query)) | ctx.focus) & says(s)  # noqa: E731
        if _MID.search(ctx.forms[0]) and not rare & says(top := with_figure[0]):
            below = [s for s in found if mid(s) and s not in with_figure][:1]  # (a quick-fact row: low score)
            with_figure = sorted(with_figure + below, key=lambda s: not mid(s))
        lead, claims, home = with_figure[0], list[Claim](), with_figure[0].hit.passage.meta["source"]
        ctx.add_lead(claims, lead.row, none=True)
        for s in with_figure[1:]:
            near = s.score >= LEAD_SHARE * ctx.best or {lead.row, s.row} <= by_name  # rows named alike follow
            ctx.add(claims, *[s.row][: len(claims) < 3 and s.hit.passage.meta["source"] == home and near])
        # figures in several entries of one list ("11-hour limit: ...") are its parts: the whole list follows
        entry = {r: ctx.kind(r) == "item" and _ENTRY.match(ctx.text(r)) for r, _ in claims}
        lists = {ctx.library.unit_meta[r]["list"] if entry[r] else None for r, _ in claims}
        if len(claims) > 1 and len(lists) == 1 and None not in lists:  # (each a claim: page debris is none)
            ctx.add(claims := claims[:1], *ctx.whole_list(claims[0][0]), unique=False)
        return ctx.points(claims, 1) or Draft(claims)


class ComparisonAnswer(Strategy):
    """X vs Y: what the guides say of each. A section headed by both ("X vs. Y") speaking of each is given
    whole, by its parts. Else a line is a side's when its entry's term, else heading, else text names that
    side only; each gets its line with a figure asked (own entry, or in the one guide giving the other; entry,
    section line, sentence), and for a later part by another figure ("grows faster"), its line nearest it."""

    types = (QuestionType.COMPARISON,)

    def draft(self, ctx: Context) -> Draft | None:
        named = lambda text: (two := sides(text)) and all(map(terms, two)) and two  # noqa: E731 (not "that")
        keys = [set(terms(side)) for side in ctx.read(named) or ()]
        if not keys or not keys[0] | keys[1] <= set(terms(ctx.query)):  # (named sides both have words)
            return None  # a follow-up naming a new subject left the earlier sides
        lib, qvec, cue = ctx.library, ctx.library.embed(ctx.query), figure_kind(*ctx.forms, default="")
        own = [k - (keys[0] & keys[1]) or k for k in keys]
        own = [{t for t in k if lib.idf(t) >= RARE_IDF} or k for k in own]  # its rarer words name a side
        sf, claims = lib.short_forms, list[Claim]()  # a side written short is named by its long form ("OTR")
        alts = [[k, *(k - {t} | set(terms(sf[t])) for t in k if t in sf)] for k in own]
        alts = [a + [set(terms(n)) for w, n in lib.aliases.items() if k <= w] for a, k in zip(alts, keys)]
        kinds = ctx.read(lambda t: named(t) and sides(t, True))  # (one named by its example with its kind)
        for a, k in zip(alts, kinds):  # one named by its example is named by its kind too ("contractors")
            kind, *like = re.split(r"(?i)\s(?:like|such as)\s", k)  # "a contractor like Otis": its last word
            a += [{t} for t in terms(kind)[-1:] if like and lib.idf(t) >= RARE_IDF]

        def names(text: str, *which: int) -> bool:  # a side (both by default); "tech" names "technician"
            said = {t[:n] for t in terms_with_parts(text) for n in range(4, len(t) + 1)}  # "forest": forestry
            said |= {t + "i" for t in terms(text)}  # "radiographer" ("radiograph") names radiography ("...i")
            said |= {a for a in keys[0] | keys[1] if any(a.startswith(w) for w in words(text) if len(w) > 5)}
            return all(any(alt <= said | terms_with_parts(text) for alt in alts[i]) for i in which or (0, 1))

        # A line speaks of the side its first clause names ("The CMA, from the IMA, ..."), or of both it names
        speaks = lambda text, i: names(re.split("[,;:]", text)[0], i) or names(text)  # noqa: E731
        says = lambda row: not cue or bool(FIGURES[cue].search(lib.unit_text[row]))  # noqa: E731 (a figure asked)
        cut = lambda t: {names(p, 0) - names(p, 1) for p in FIGURES[cue].sub("\0", t).split("\0")[:-1]}  # noqa: E731 (sides named alone before figures: a text table read as one line)
        lines = [r for src in ctx.sources for record in lib.document(src) for r in record.units]
        lines = [r for r in lines if ctx.kind(r) != "intro" and not never_a_claim(ctx.text(r))]
        # Its form picks a side's line, not its score: lines scored nearly the best that name a side follow.
        near = [s.row for s in ctx.scored if s.score >= DEFINING_SHARE * ctx.best and s.row in lines]
        near = [r for r in near if any(names(ctx.text(r), i) for i in (0, 1))][:MAX_POINTS]
        for section in dict.fromkeys(s.hit.passage.meta.get("section", "") for s in ctx.scored):
            rows = [r for r in lines if ctx.record(r).meta.get("section", "") == section]
            head = section.rpartition(" › ")[2]  # or its first line naming more: "**PHR ...** and **SPHR**"
            head = ctx.text(rows[0]) if rows and ctx.text(rows[0]).startswith(f"{head} and ") else head
            if all(names(head, i) and any(speaks(ctx.text(r), i) and says(r) for r in rows) for i in (0, 1)):
                node = ctx.node(ctx.record(rows[0]).meta["source"], section)  # by its parts, else its lines
                of = tuple(lambda r, i=i: names(ctx.text(r), i) > names(ctx.text(r), 1 - i) for i in (0, 1))
                claims = [(r, ctx.record(r)) for r in rows[:6]]  # whole, as it says it; then the near lines,
                # and the best line elsewhere naming both, scoring as a point does ("... two years, ...")
                other = [s.row for s in ctx.scored if s.score >= LEAD_SHARE * ctx.best and s.row in lines]
                other = [r for r in other if r not in rows and says(r) and names(ctx.text(r))][:1]
                return ctx.by_parts(node, of) if node[1] else Draft(ctx.add(claims, *near, *other) or claims)
        whose: dict[int, tuple[int, int, set[str]]] = {}  # row -> side, tier, term ("Their ...": as before)
        for before, row in zip(lines[:1] + lines, lines):
            term = m.group("term") if ctx.kind(row) == "item" and (m := _ENTRY.match(ctx.text(row))) else ""
            heading = ctx.record(row).meta.get("section", "").rpartition(" › ")[2]
            back = ctx.text(before) if _CONTINUES.match(ctx.text(row)) else ""
            for tier, text in ((3, term), (2, heading), (1, ctx.text(row)), (1, back)):
                if names(text, 0) != names(text, 1):  # a parenthesis gives another name, not another thing
                    whose[row] = int(names(text, 1)), tier, set(terms(re.sub(r"\(.*?\)", "", term)))
                    break
        found = [[r for r in whose if whose[r][0] == i and says(r)] for i in (0, 1)]
        said = set(terms(next((m[1] for r in lines if not cue and (m := _DIFFER.search(ctx.text(r)))), "")))

        def fit(row: int) -> tuple[float, ...]:
            """Own entry, or of the one guide giving the other; tier; term differed in; nearness, or order."""
            (side, tier, term), src = whose[row], lambda r: ctx.record(r).meta["source"]
            its = len(term & keys[side]) / max(len(term), 1)  # "Electricians", not "Helpers, electricians"
            near = float(lib.unit_vecs[row] @ qvec) if cue or tier == 1 else -lines.index(row)
            return its == 1 or {*map(src, found[1 - side])} == {src(row)}, tier, bool(term & said), its, near

        for i in (0, 1):  # a figure asked of a side no line names: a text table's, else the row nearest it in
            found[i] += [r for r, t in enumerate(lib.unit_text) if cue and not found[i] and cut(t) >= {1, -1}]
            top, side = max(found[1 - i], key=fit, default=-1), kinds[i]  # the other's table
            if not found[i] and cue and whose.get(top, (0, 0))[1] == 3 and row_cells(ctx.text(top)):
                rows = [r for r in ctx.whole_list(top) if says(r)]
                by = lib.embed_many([row_cells(ctx.text(r)).get("", "") for r in rows]) @ lib.embed(side)
                pre = lambda t: {w[:5] for w in words(t.replace("-", " ")) if w not in STOPWORDS}  # noqa: E731
                rank = {r: (-len(pre(row_cells(ctx.text(r))[""]) & pre(side)), -b) for r, b in zip(rows, by)}
                found[i] = sorted(set(rows) - {top}, key=rank.get)[:1]  # most words shared, then nearest
                whose.update({r: (i, 3, set()) for r in found[i]})
            whose.update({r: (i, 0, set()) for r in found[i] if r not in whose})  # (text tables: any guide's)
        # a line (or it and the one before: a text table read as lines) naming each side alone before a figure
        runs = [[r - 1, r][k:] for r in lines * bool(cue) for k in {1, r - 1 not in ctx.record(r).units}]
        both = [rs for rs in runs if cut(" ".join(map(ctx.text, rs))) >= {1, -1}]
        both = min(both, key=lambda rs: (len(rs), -float(lib.unit_vecs[rs[-1]] @ qvec)), default=[])  # leads
        ctx.add(claims, *both)
        for row in (leads := [max(rows, key=fit) for rows in found if rows and not both]):
            ctx.add_lead(claims, row, unique=False, two=not cue and whose[row][1] < 3)  # its block's start
        for p in re.split(r"\band\b", ctx.forms[0])[1:]:  # a later part comparing by another figure
            if re.search(r"\b(more|less|better|faster)\b", p) and figure_kind(p, default="") != cue:
                has = [[r for r in whose if whose[r][0] == i and _FIGURE.search(ctx.text(r))] for i in (0, 1)]
                ctx.add(claims, *[max(rows, key=(lib.unit_vecs @ lib.embed(p)).item) for rows in has if rows])
        # two rows of one table: their line naming each apart says how they differ ("... while family firms")
        cells = [terms_with_parts(re.sub(r"\(.*?\)", "", row_cells(ctx.text(r)).get("", ""))) for r in leads]
        apart = lambda r: all(a - b & terms_with_parts(ctx.text(r)) for a, b in (cells, cells[::-1]))  # noqa: E731
        if len(leads) == 2 and (rec := ctx.record(leads[0])) is ctx.record(leads[1]):
            said = [r for r in rec.units if ctx.kind(r) == "sentence" and not _ENTRY.match(ctx.text(r))]
            ctx.add(claims, *[r for r in said if apart(r)][:1])  # (a sentence, not a label's: "Sources: ...")
        # under a side's heading, a line opening with the other's last word compares: "Compared with a ranger"
        last = [set(terms(s)[-1:]) for s in ctx.read(sides)]
        heads = [(r, i, re.split("[,;:]", ctx.text(r))[0]) for r, (i, tier, _) in whose.items() if tier == 2]
        vs = [r for r, i, head in heads if says(r) and last[0] != last[1] and last[1 - i] <= set(terms(head))]
        return Draft(ctx.add(claims, *near, *vs[:2]) or claims) if all(found) or both else None


class YesNoAnswer(Strategy):
    """A yes/no question: the source's verdict ("It helps a lot."), the deciding line, what qualifies it."""

    types = (QuestionType.YES_NO,)

    def draft(self, ctx: Context) -> Draft | None:
        if not ctx.scored or ctx.kind(ctx.scored[0].row) != "sentence":
            return None  # the evidence is a list: the general answer gives it whole
        # the deciding line: a near-best one in the form's words under a thing named ("AOTA", not "outlook")
        ok = [s for s in ctx.sentences[:4] if {*terms(s.hit.passage.meta["section"])} & ctx.names - ctx.focus]
        top = next((s for s in ok if ctx.focus & set(terms(ctx.text(s.row)))), ctx.scored[0])
        # a near line denying what is asked decides ("am I guaranteed a spot?": "It does not guarantee a job")
        asked = {*terms(ctx.query)} - ctx.subjects  # (not the corpus's names: "not a translator")
        denies = [s for s in ctx.sentences if asked & {*terms(" ".join(_DENY.findall(ctx.text(s.row))))}]
        top = next((s for s in denies if s.score >= FIGURE_SHARE * ctx.best), top)
        claims, units = list[Claim](), top.hit.passage.units
        # the source's own verdict opens: just before the deciding line, or an asked FAQ's curt first line
        i, first = units.index(top.row), next(r for r in units if ctx.kind(r) == "sentence")
        faq = heading_share(ctx.query, ctx.record(first).meta) > HEADING_SHARE
        curt = faq and len(ctx.text(first).split()) < CURT_WORDS
        ctx.add(claims, *[r for r in units[i - 1 : i] if _OWN_VERDICT.match(ctx.text(r))] or [first] * curt)
        ctx.add_lead(claims, units[i]) or ctx.points(claims, MAX_POINTS - len(claims), entries=True)
        # "Yes."/"No." only if the deciding line has most of the question's words, lacking none but names;
        # none for a negated question or one with alternatives, nor over the line's own ("No, not ...")
        qterms, said = set(terms(ctx.query)), set(terms(lead := ctx.text(claims[0][0])))
        plain = len(qterms & said) >= 0.75 * len(qterms) > 0 and qterms - said <= ctx.subjects
        plain &= not (re.search(r"n't\b|\bnot\b|\bor\b", ctx.query, re.I) or _OWN_VERDICT.match(lead))
        return Draft(claims, plain * ("No." if _NEGATIVE.search(lead) else "Yes."), verdict_leads=True)


class DefinitionAnswer(Strategy):
    """What is X / what does X do: a sentence saying what X is (an item only uses X), then what it covers."""

    types = (QuestionType.DEFINITION,)

    def draft(self, ctx: Context) -> Draft | None:
        # "a protection ranger, are they basically cops"; after "wait", "exactly"; "whats" repaired to "what"
        asked, query = form.group(1, 0) if (form := re.search(WHAT + "(.*)", ctx.query)) else ("", ctx.query)
        subject, thing = set(terms(asked or ctx.query)), set(terms(named := re.split(r"[,?.!;]", asked)[0]))
        heads = [m for s in ctx.scored if heading_share(query, m := s.hit.passage.meta) >= HEADING_SHARE]
        entry = ctx.entry_lead(named * (not heads))  # its entry leads, but not a section a heading asks of
        best = next((s.score for s in ctx.scored if s.row not in dict(entry)), ctx.best)
        defining = [s for s in ctx.sentences if s.score >= DEFINING_SHARE * best]
        defining = [s for s in defining if _DEFINES.search(t := ctx.text(s.row)) and subject & set(terms(t))]
        # a short form asked of ("what is CODA?") is said by the line spelling it out: "Accreditation (CODA)"
        spelt = re.compile(rf"\((?:{'|'.join(map(re.escape, subject))})s?\)", re.I)
        said = [s for s in ctx.scored if subject and spelt.search(ctx.text(s.row))][:1]
        ctx.add(claims := [], *(dict(entry) or [s.row for s in said if s.score >= DEFINING_SHARE * ctx.best]))
        # the section headed by the thing asked ("Protection rangers")
        heads = [m for m in heads if thing and thing <= set(terms(m["section"].split(" › ")[-1]))]
        if not (defining or claims or heads):
            return None
        defining and ctx.add_lead(claims, defining[0].row)
        if heads:  # what the heading most nearly the thing alone says first, in its order
            meta = min(heads, key=lambda m: len(m["section"].split(" › ")[-1]))
            own = [r for rec in ctx.node(meta["source"], meta["section"])[0] for r in rec.units]
            ctx.add(claims, *[r for r in own if ctx.kind(r) == "sentence"][:MAX_POINTS])
        given = ctx.lists(LIST_SHARE * ctx.best, limit=1)  # after the entry, a defining line leads its FAQ's
        ctx.points(claims, MAX_POINTS - 1, after=sum(given, []), first=len(entry) * bool(defining))  # answer
        lead = ctx.record(defining[0].row) if defining and thing else None  # its kinds: "The four APRN roles"
        for rec in ctx.library.document(lead.meta["source"]) if lead else []:
            if rec.meta.get("level", 0) > 1 and thing <= set(terms(rec.meta["section"].rpartition(" › ")[2])):
                if items := [r for r in rec.units if ctx.kind(r) == "item" and r not in lead.units]:
                    ctx.add(claims, *items[:MAX_ITEMS], unique=False)
                    break
        for rows in given:  # as many points as any answer, then a list when one fits (not of a line said)
            ctx.add(claims, *ctx.framed(rows) * (not {c for c, _ in claims} & set(rows)), unique=False)
        # the thing alone ("a CLP", not "... same as a cdl") spelt out, by any guide's line if none retrieved
        spelt = re.compile(rf"\((?:{'|'.join(map(re.escape, thing))})s?\)", re.I) if thing else spelt
        rows = [s.row for s in said if spelt.search(ctx.text(s.row))]
        if thing and not rows and not any(spelt.search(ctx.text(r)) for r, _ in claims):
            hit = [r for r, t in enumerate(ctx.library.unit_text) if spelt.search(t) and not never_a_claim(t)]
            rows = sorted(hit, key=lambda r: len(ctx.text(r)))[:1]
        ctx.add(claims, *[r for r in rows if not any(spelt.search(ctx.text(c)) for c, _ in claims)])
        prose = [c for c, _ in claims if ctx.kind(c) == "sentence" and spelt.search(ctx.text(c))]
        ctx.add(claims, *[s.row for s in ctx.sentences if spelt.search(ctx.text(s.row))][: not prose])
        return Draft(claims)


class GeneralAnswer(Strategy):
    """Any question: the best sentence, a few supporting points, and a list when one fits."""

    types = tuple(QuestionType)

    def draft(self, ctx: Context) -> Draft | None:
        # retrieval's first section headed by where the question says the user is ("Step 1: ... in high
        # school" for "I'm a sophomore in high school"): that section answers, its sentences in order
        head = (sec := ctx.first) and sec.meta.get("level", 0) > 1 and sec.meta["section"].split(" › ")[-1]
        if head and (m := _STAGE.search(head)) and set(terms(m[1])) <= set(terms(ctx.asked or ctx.query)):
            ctx.add(own := [], *[r for r in sec.units if ctx.kind(r) == "sentence"][:MAX_POINTS])
            if own:  # (a step said only by a list is answered as any question is)
                return Draft(own, headings={own[0][0]: head})
        lists, asked = ctx.lists(LIST_SHARE * ctx.best, limit=1), ctx.read(PRIORITY.search)  # asked first
        # and one headed by the user's own words, not its title's ("What drives demand" for "why ... demand?")
        metas = [(rows, ctx.record(rows[0]).meta) for rows in ctx.lists(LIST_FLOOR * ctx.best, 9)]
        lists += [r for r, m in metas if heading_share(ctx.asked, m, m["title"]) >= HEADING_SHARE][:1]
        # else, at any score, one whose first line names the kind asked ("Common majors include:")
        lists = lists or [r for r in ctx.lists(0.0, 99) if ctx.kind_asked & set(terms(ctx.text(r[0])))][:1]
        # "besides X, what other ...": the list headed as the rest of its kind ("Honorable mentions") first
        lists = OTHERS.search(ctx.query) and [r for r, m in metas if heading_share(REST, m)][:1] or lists
        heads, act = [(r, m.get("section", "").split(" › ")[-1]) for r, m in metas], _ACT.search(ctx.asked)
        acts = [r for r, h in heads if act and h.lower().startswith(act[1].lower())]  # "Application tips"
        lists = [r for r, h in heads if echo(ctx.asked, h)][:1] or acts[:1] or lists  # (in its words first)
        lists = [ctx.whole_list(s.row) for s in ctx.scored[:1] if ctx.step_of(s.row)] + lists  # its steps
        lead = ctx.sentences[0] if ctx.sentences and ctx.sentences[0].score >= LEAD_SHARE * ctx.best else None
        faq = [s for s in ctx.sentences if s.hit.passage is ctx.faq and s.score >= LEAD_SHARE * ctx.best]
        lead = faq[0] if faq and not lead.hit.passage.meta.get("section", "").endswith("?") else lead  # FAQ
        lead = next((s for s in ctx.sentences if asked and PRIORITY.search(ctx.text(s.row))), lead)  # said so
        own = [r for r in ctx.lists(LIST_SHARE * ctx.best, 9) if lead and r[0] == lead.row]  # it announces
        lists = own[:1] if own and ctx.scored[0].row not in sum(lists, []) else lists
        said = [s for s in ctx.sentences if echo(ctx.asked, s.hit.passage.meta.get("section", ""))]
        lead = min(said, key=lambda s: s.row, default=lead) if not lists else lead  # in its words: first line
        verb = terms(m[1]) if (m := _TOLD.search(ctx.query)) else ()  # a line telling one to leads if near
        told = [s for s in ctx.scored if verb and verb in map(terms, _OPENS.findall(ctx.text(s.row)))][:1]
        lead = told[0] if told and told[0].score >= FIGURE_SHARE * ctx.best else lead
        named = [r for r in ctx.entries() if lists and r in lists[0] or _NONE.match(ctx.text(r))]
        lists, lead, claims = ([named], None, []) if named else (lists, lead, ctx.entry_lead())  # they answer
        if lead:  # (then the rest of its numbered step, "Step 7: ...", and each section headed by the goal)
            ctx.add_lead(claims, lead.row, told=lead in told) or ctx.add(claims, *ctx.step(lead.row))
            for h in [h for h, names in ctx.library.heading_names if ctx.goal & set().union(*names)]:
                ctx.add(claims, *[r for p in ctx.node(*h)[0] for r in p.units if ctx.kind(r) == "sentence"])
            end = {t for m in _END.finditer(ctx.asked or ctx.query) for t in terms(m[1])}  # "until X":
            firsts = dict.fromkeys(s.hit.passage.units[0] for s in ctx.scored if end)  # the step to it, from
            ctx.add(claims, *[r for u in firsts for r in ctx.step(u, end)])  # each step retrieved (in order)
            ctx.points(claims, MAX_POINTS - 1, entries=not lists, after=sum(lists, []))  # then any list
        # "which job should I ...", led by a card's labelled line ("Good if ..."): its heading alone names it
        sec = lead and _PICK.search(ctx.query) and _LABEL.match(ctx.text(lead.row)) and lead.hit.passage
        if sec and sec.meta.get("level", 0) > 1 and not heading_share(ctx.query, sec.meta):
            ctx.add(own := [], *[r for r in sec.units if ctx.kind(r) == ctx.kind(lead.row)][: MAX_POINTS + 1])
            return Draft(own, headings={r: sec.meta["section"] for r, _ in own[:1]})  # the card, under it
        ctx.add(claims, *[r for rows in lists for r in ctx.framed(rows, bare=bool(named))], unique=False)
        named and ctx.points(claims, 1)
        found = words(m[1]) if (m := _KIND.search(ctx.asked or ctx.query)) else []  # any guide's lines naming
        kind = {stem(w) for w in itertools.takewhile(lambda w: w not in STOPWORDS, found) if len(stem(w)) > 3}
        rx = re.compile(rf"(?i)\b(?:{'|'.join(map(re.escape, kind))}){_SERIES}")  # several of the
        series = ctx.library.nearest(rx, ctx.query, 2, never_a_claim, kind)  # kind asked ("tools such as A")
        ctx.add(claims, *[s.row for s in ctx.scored[:1] if not claims], *series)  # the best line, at least
        told = any(_SUITS.search(ctx.text(r)) for r, _ in claims) or not _FIRST.search(ctx.asked or ctx.query)
        for top, parts in [ctx.node(s, "") for s in ctx.sources if not told]:  # "which X should I ... first"
            if _top_n(parts) and any(_IN_ORDER.search(r.text) for r in top):  # (not "first year"): the first
                rows = [r for rec in [*parts.values()][0] for r in rec.units if ctx.kind(r) == "sentence"]
                ctx.add(lead := [], *rows[:MAX_POINTS], *[r for r, _ in claims], unique=False)  # part of a
                return Draft(lead, headings={lead[0][0]: next(iter(parts))})  # guide "in the order" earned
        return Draft(claims)


STRATEGIES: list[Strategy] = [LadderAnswer(), ExtremeAnswer(), ListAnswer(), SectionAnswer()]
STRATEGIES += [QuantityAnswer(), ComparisonAnswer(), YesNoAnswer(), DefinitionAnswer(), GeneralAnswer()]


class Composer:
    def __init__(self, library: Library, subjects: frozenset[str] = frozenset()):
        self.library, self.subjects = library, subjects

    def compose(self, query: str, scored: list[Scored], qtype=QuestionType.GENERAL, **given) -> Answer:
        """The answer to ``query`` (the resolved question, as searched) from ``scored``; ``given``: ``hint``,
        ``names`` and ``asked`` (the user's own question, then the one a follow-up resolves against)."""
        ctx = Context(self.library, query, scored, subjects=self.subjects, **given)
        drafts = (strategy.draft(ctx) for strategy in STRATEGIES if qtype in strategy.types)
        draft = next((d for d in drafts if d and d.claims), None) or Draft([])  # the first finding claims
        return self._render(query, draft, self._updates(query, draft.claims))

    def _updates(self, query: str, picked: list[Claim]) -> list[Claim]:
        """Status lines of changed documents the answer cites, or whose ``aliases`` it or the query uses."""
        lib, text = self.library, fold(" ".join([query] + [self.library.unit_text[r] for r, _ in picked]))
        touched = {rec.meta["source"] for _, rec in picked}  # (changed or no longer active; aliases folded)
        docs = [st for s, names, st in lib.changed_documents if s in touched or any(n in text for n in names)]
        return [c for status in docs for c in status if all(c[0] != r for r, _ in picked)]

    def _render(self, query: str, draft: Draft, updates: list[Claim]) -> Answer:
        lib, numbers, citations = self.library, dict[str, int](), list[Citation]()

        def mark(record: PassageRecord) -> str:
            if record.id not in numbers:
                citations.append(citation_for(numbers.setdefault(record.id, len(numbers) + 1), record))
            return f"[{numbers[record.id]}]"

        lines, step = list[str](), 0
        for i, (row, record) in enumerate(draft.claims):
            meta, claim = lib.unit_meta[row], strip_source_refs(lib.unit_text[row])
            keep = i == 0 and draft.verdict_leads or heading_share(query, record.meta) > HEADING_SHARE
            claim = _CONNECTIVE.sub("", claim if keep else _VERDICT.sub("", claim))  # no opening "And"
            claim = re.sub(r"(?<=[.!?])[;:](?= )", "", claim[:1].upper() + claim[1:])  # no ".;": "(CLP).; "
            if meta["kind"] == "intro" or claim.endswith(":"):
                lines, step = [*lines, "", f"{claim.rstrip(':')} {mark(record)}:"], 0
            elif meta["kind"] == "item":  # n: the next claim's list (a lone step: no number)
                step *= i > 0 and lib.unit_meta[draft.claims[i - 1][0]]["list"] == meta["list"]
                if draft.headings.get(row):
                    lines, step = [*lines, "", f"**{draft.headings[row]}** {mark(record)}:"], 0
                step, n = step + 1, [lib.unit_meta[r].get("list") for r, _ in draft.claims[i + 1 : i + 2]]
                bullet = f"{step}." if ordered_list(meta["list"]) and (step > 1 or meta["list"] in n) else "-"
                lines.append(f"{bullet} {_end(claim)} {mark(record)}")
            elif not (head := draft.headings.get(row)) and i == 0:  # a heading spelling out the short
                m = _SPELT.fullmatch(spelt := record.meta["section"].rpartition(" › ")[2])  # form asked opens
                m = m and re.search(rf"(?i)(?<![\w-]){re.escape(m[1])}(?![\w-])", query) and (m[2] or m[3])
                opening = draft.opening or f"{spelt}:" * bool(m and m.lower() not in claim.lower())
                lines += [f"{opening and f'**{opening}** '}{_end(claim)} {mark(record)}", ""]
            else:  # a point, or an outline's part under its heading (bold where its sentence opens with it)
                on = claim[len(head) :] if head and claim.lower().startswith(head.lower()) else None
                part = f"**{claim[: len(head)]}**{on}" if on else f"**{head}:** {claim}" if head else claim
                lines.append(f"- {_end(part)} {mark(record)}")
        lines += ["", CHANGED_SINCE, ""] * bool(updates)
        lines += [f"- {_end(strip_source_refs(lib.unit_text[r]))} {mark(record)}" for r, record in updates]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines + sources_block(citations))).strip()
        return Answer(text=text, citations=citations, grounded=True, query=query)


_end = lambda s: (k := s.rstrip(";,")) + ("" if k.rstrip("\"'”’")[-1:] in ".!?)" else ".")  # noqa: E731 (a sentence closed by a full stop, none after 'called "X."', in place of an item's ";" or ",")
__all__ = ["FIGURES", "Composer", "STRATEGIES", "Strategy", "score_units"]
