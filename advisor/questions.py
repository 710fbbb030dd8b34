"""What kind of answer a question wants, read from its form alone, as English asks ("how much", "X vs Y"),
never one corpus's words: the type decides how it is composed (a figure, a list, two sides, a yes or no)."""

from __future__ import annotations

import re
from enum import StrEnum

from .text import MUCH_OF

# what is X; steps, skills, duties; how much, long, many; X vs Y; is, does, can ...?; which ... should I
QuestionType = StrEnum("QuestionType", "DEFINITION LIST QUANTITY COMPARISON YES_NO RECOMMENDATION GENERAL")
COMPARISON = re.compile(  # "more in X or Y", "paid more than ones in Y", "pay more than"
    r"(?i)\b(differen\w*|differ|distinguish\w*|vs\.?|versus|compar(?:e[sd]?|ing|ison)|contrast|similar\w*"
    r"|same as|better than|worse than|basically|essentially|(?:pay|paid|earn|make)s? more than|stacks? up)\b"
    r"|\b(more|less|better|worse|higher|lower|bigger|faster|cheaper|harder|easier)\b[^?]*\b(or|than (ones|"
    r"those))\b|\bbetween\b[^.?!]*[.?!]\s*which\b",  # "torn between X and Y. which one ...?": of the two
)
_RECOMMENDATION = re.compile(
    r"(?i)\b(which|what)\b[^?]*\b(should|would you|do you) (i|we|you)?\s*(recommend|suggest|get|take|pick|"
    r"choose|study|learn|major|start|do|focus|pursue|aim)\b|\brecommend\w*\b|\bsuggest\w*\b|\badvi[cs]e\b",
)
_EARN = r"earn\w*(?!\s+(?:an?|the|your|my)\s[\w -]*\b(?:cert|credential|designation|licen[cs]e|degree))"
_MAKE = r"\bwhat'?s?(?: (?:do|does|did|would|will|can)|(?= the| an?\b)) [\w' -]+(?<!\bto) (?:make|start at)"
_MAKE += r"(?: a year| an hour| per \w+)*(?: (?:when|once|after|starting|in|at)\b[^?]*)?(?:\?|\W*$)"  # pay
_PAID = r"paid(?!\s+(?!(?:per|for|by|in|on|at|to|as|more|less|well|an?|the)\b)[a-z])"  # not "a paid job"
_QUANTITY = re.compile(  # a figure: "what percent", "what share of" (a part); pay "ways" is a list
    rf"(?i)\bhow (much|many|long|often|fast|big|old|soon)\b|\bwhat (?:%|percent|share of)|{_MAKE}"
    rf"|^(?!.*\b(ways|kinds|types)\b).*\b(salary|salaries|pay|{_PAID}|wages?|{_EARN}|income|cost\w*|price[sd]?|fees?|rates?)\b",
)
_OPEN = r"(?:(?:so|and|wait|ok|okay|hey|hmm)\W+)?"  # a chat opening before the question itself
_LIST = re.compile(
    r"(?i)\b(steps?|stages?|skills|duties|responsibilities|requirements|qualifications|prerequisites|qualities"
    r"|tasks|types|kinds|topics|ways|list)\b|\bhow (do|can|would|should) (i|you|one|someone|people)\b[^?]*"
    r"\b(become|get (into|a job)|start|qualify)\b|^\s*what are\b|\border\b[^?]*\bto (become|end up|be)\b"
    rf"|^\s*{_OPEN}what (does|do) (an? |the )?[\w -]+(?<!\bto) (\w+ly )?do\b(?! with)"
    r"|\bwhat (\w+ )?\w+s ((are|r) (out )?there|look|seem|sound)\b",  # what there is: "what certs look good"
)
_YES_NO = re.compile(
    r"(?i)^\s*(?:\w+\s*,\s*|(?:and|but|also)\s+)?(is|are|am|was|were|do|does|did|can|could|will|would|"
    r"should|shall|must|has|have|had|may|might|isn'?t|aren'?t|don'?t|doesn'?t|can'?t|won'?t)\b"
    # after a condition ("if i fail, can i retake it?"); "when ..." with its comma ("when can I" asks a time)
    rf"|^\s*{_OPEN}(?:but\W+)?(?:if\b(?:(?!\b(?:how|what|which|where|why|who)\b)[^?])*?[\s,]"
    r"|(?:when|once|after)\b(?:(?!\b(?:how|what|which|where|why|who)\b)[^?])*?,\s*)"
    r"(can|could|do|does|is|are|am|will|would|should|must|may|might) (i|you|we|they|it|he|she|one)\b",
)
_NO_YN = re.compile(  # no yes/no: a request ("can you list ..."), or whether it pays well (how much)
    r"(?i)^\s*(can|could|would|will) (you|(?:some|any)(?:one|body)) (\w+ )?(tell|list|give|explain|describe"
    r"|show|name|lay out)\b|\b(?:pays?|paid) (?:ok|okay|well|good|decently|enough|(?:a )?(?:decent|living))\b"
)
_DEFINITION = re.compile(
    rf"(?i)^\s*{_OPEN}(what|who)(?: \w+ly| even)?(?:'s| is| are|(?= (?:an?|the) ))\b(?!\s+(it|they)\b)(?!.*\b"
    rf"(take|need|mean for)\b)|^\s*{_OPEN}what (does|do) [^?]*\b(do|mean)\W*$|\bwhat (?:does [^?]*(?<!\bto) "
    r"(?:stand for|do|involve|entail|consist of)\b|[^?]*\bmean\b(?! for))|\bdefin(e|ition)\b|\bexplain\b"
    r"|\bwhat \w+s as\b",  # what counts as X
)
_TERM = r"(?<![\w'])['\"‘“]([^'\"‘’“”?!]{2,40}?)['\"’”](?!\w)"  # a term quoted ('swell'), asked what it is
QUOTED = re.compile(rf"(?i)(?:\bwhat(?:'s| is)(?: an?)? |(?=\W.*\bwhat does \w+ (?:\w+ )?mean\b)){_TERM}")
WHAT = r"(?i)\b(?:what|who)(?:\s+\w+ly|\s+even)?"  # "what (exactly) is", "what counts as"
WHAT += r"(?:\W+(?:is|are|does|do)|['’]s| \w+s as|(?=\s+(?:an?|the)\s))\b"
_CLAUSE = r"[,?!;]|\.(?!\d)|\s(?:when|while|if|in|on|at|for|means?|because|exactly|actually)\b"
DEFINED = re.compile(rf"{WHAT}\s*(.*?)\s*(?:{_CLAUSE}|$)")  # the thing "what (exactly) is" asks of
_ART = r"(?:an? |the )?"  # an article before a side
_IN, _MORE = rf"(?:in|at|for|with)\s+{_ART}", r"(?:more|less|better|worse|higher|lower)"  # "more in X or Y"
_SIDES = [  # "difference between X and Y", "X vs Y", "how is X different from Y", "compare X with Y"
    rf"(?i)between {_ART}(?P<a>(?:[^.?!]|\.\S)+?) (?:and|or) {_ART}(?P<b>.+?)(?:[?.!,]|$)",
    rf"(?i)(?P<a>[\w .+/-]+?)\s+(?:vs\.?|versus)\s+{_ART}(?P<b>[\w .+/-]+)",
    rf"(?i)(?:is|are|does|do)\s+{_ART}(?P<a>.+?)\s+(?:differ\w*|compare\w*|similar)\s+"
    rf"(?:from|to|with)\s+{_ART}(?P<b>.+?)(?:[?.!,]|$)",
    rf"(?i)compar\w*\s+{_ART}(?P<a>.+?)\s+(?:and|with|to)\s+{_ART}(?P<b>.+?)(?:[?.!,]|$)",
    rf"(?i)\b{_IN}(?P<a>[\w .+/-]+?) (?:get|make|earn|are) .*\b{_MORE} than \w+ {_IN}(?P<b>.+)",
    rf"(?i)^(?:do|does) {_ART}(?P<a>[\w .+/-]+?)(?<!ly) (?:get paid|pay|earn|make) {_MORE} than (?!\w+ing\b)"
    rf"{_ART}(?P<b>(?:(?!\bor\b)[\w .+/-])+?)\s*(?:[?.!,]|$)",  # "do X pay more than Y?" (not "Y or Z")
    rf"(?i)\b{_MORE}\s+{_IN}(?P<a>[\w .+/-]+?)\s+or\s+(?:\w+ing\s+)?(?:{_IN})?(?P<b>[\w .+/-]+)",
    rf"(?i)^{_ART}(?P<a>[\w .+/-]+?)\s+or\s+{_ART}(?P<b>[\w .+/-]+?)\s*[,?:]",
    rf"(?i),\s*{_ART}(?P<a>[\w.+/-]+(?: [\w.+/-]+){{0,2}})\s+or\s+{_ART}(?P<b>[\w .+/-]+?)(?:\?|$)",
    rf"(?i)^(?:is|are) (?!it\b){_ART}(?P<a>.+?) (?:basically|essentially) (?:just )?(?P<b>.+)",
    rf"(?i)^(?:is|are)(?:n'?t)? {_ART}(?P<a>.+?) and {_ART}(?P<b>.+?) (?:\w+ )?(?:the same|alike|similar)\b",
]
_LEAD = re.compile(r"(?i)^(so|and|but|ok(ay)?|hey|hi|also|then)\b[\s,]*|^(what|how|which)\b.*?\b(is|are)\s+")
_ASKS = r"(?:what|how|where|when|why|which|who|whats|do|does|did|is|are|can|could|should|will|would)\b"
_SECOND = re.compile(rf"(?i)(?<=\?)\s+(?=(?:and\s+|also\s+|but\s+)?{_ASKS}|.*\?\s*$)|,?\s+and\s+(?={_ASKS})")
_BY_ASPECTS = re.compile(  # "X vs Y, the difference in hours and benefits"
    rf"(?i)^(.*\bdifferen\w*\s+in\s+)(?!{_ASKS})([\w' -]+?)\s+and\s+(?!{_ASKS})([\w' -]+?)(\W*)$"
)
OWN_ASK = re.compile(r"(?i)\b(what|how|why|which|who)\b(?! about)")  # a question in its own words


def asks(question: str) -> list[str]:
    """The questions one message asks, in turn: a second opens with a question word or ends with "?" ("I have
    open houses lol" not); a comparison asks each aspect it names, and a later one naming no side, of both."""
    if (m := _BY_ASPECTS.match(question)) and sides(m[1]):
        return [m[1] + m[2] + m[4], m[1] + m[3] + m[4]]
    first, *rest = (part.strip() for part in _SECOND.split(question, maxsplit=1))
    if not (rest and rest[0] and first):
        return [question]
    pair, said = sides(first), lambda text: {w.rstrip("s") for w in re.findall(r"\w+", text.lower())}
    both = pair and not said(" ".join(pair)) & said(rest[0])  # it names neither side ("agents": "agent")
    return [first, f"{pair[0]} vs {pair[1]}, {rest[0]}" if both else rest[0]]


def asking(question: str) -> str:
    """The part of a message that asks: from its first sentence asking ("?", in its own words, by yes or no),
    or a "what is" after a comma; a remark before it asks nothing ("seeing X posted, what is X")."""
    ss = re.split(r"(?<=[.?!])(?<!vs\.)\s+|,\s+(?=(?:what|who)(?:'s| is| are)\b)", question.strip())
    i = next((i for i, s in enumerate(ss) if s.endswith("?") or OWN_ASK.search(s) or _YES_NO.search(s)), -1)
    return " ".join(ss[i:])


def classify(question: str) -> QuestionType:
    """The answer a question asks for, the most specific form first, a quoted term's meaning foremost ("what's
    a 'minimum guarantee'? is it a salary floor"); a last ask of a figure wins ("does it expire? the fee?"),
    else the first, as in a comparison ("rn vs lpn diff? pay"); a remark before a "what is" asks nothing."""
    asked = asking(question)  # "an ad says 'X'. what's X?", "seeing 'X' posted, what is X": what X is
    question = asked if _classify(asked) == "definition" and not COMPARISON.search(asked) else question
    *before, last = re.split(r"\?+\s+", question.strip())
    whole, figure_last = _classify(question), bool(before) and _classify(last) is QuestionType.QUANTITY
    return QuestionType.QUANTITY if figure_last and whole is not QuestionType.COMPARISON else whole


def _classify(question: str) -> QuestionType:
    if COMPARISON.search(question) and sides(question):
        return QuestionType.COMPARISON
    kinds = map(QuestionType, "definition recommendation yes_no quantity list definition".split())
    forms = dict(zip((QUOTED, _RECOMMENDATION, _YES_NO, _QUANTITY, _LIST, _DEFINITION), kinds))  # first asked
    asks = (rx for rx in forms if rx.search(question) and not (rx is _YES_NO and _NO_YN.search(question)))
    return forms.get(next(asks, None), QuestionType.GENERAL)  # ("does it pay well?" asks a figure)


# The top or the bottom of a ranking ("pays the most", "the cheapest"; "the top 10 percent" is a percentile)
_TOP = re.compile(r"\bthe most\b|\b(highest|best|top|largest|biggest|longest|greatest)\b(?!\s+\d)", re.I)
_BOTTOM = re.compile(r"(?i)\bthe (least|fewest)\b|\b(lowest|worst|(cheap|short|small)est|bottom)\b(?!\s+\d)")


def extreme(question: str) -> int:
    """1 for a ranking's top (not "the best thing to do": advice), -1 its bottom, else 0 (a percentile)."""
    top, bottom = bool(_TOP.search(question)) and not PRIORITY.search(question), _BOTTOM.search(question)
    return 0 if top and bottom or re.search(r"\bpercentile\b", question, re.I) else -1 if bottom else int(top)


def sides(question: str, kinds: bool = False) -> tuple[str, str] | None:
    """The two things a comparison question compares, as the user wrote them (``kinds``: "kinds like X")."""
    text = " ".join(question.split())
    found = ([_trim(m, k, kinds) for k in "ab"] for rx in map(re.compile, _SIDES) if (m := rx.search(text)))
    one = lambda a, b: re.sub(r"(?i)^((?:[\w/+.-]+ ){0,2})ones?(?= at | in |$)", rf"\g<1>{b.split()[-1]}", a)  # noqa: E731 (its kind)
    return next(((one(a, b), one(b, a)) for a, b in found if a and b and a.lower() != b.lower()), None)


def _trim(m: re.Match, key: str, kinds: bool) -> str:
    other = "|".join(map(re.escape, m["b" if key == "a" else "a"].split()))  # the side compared with
    side = re.split(r"\s[-–—]\s|[,;:]|\s(?=(?i:what|which|how|why)(?:'?s)?\b)", m[key])[0]  # "RN - how big"
    side = _LEAD.sub("", side.strip(" ,.?!:;'\"")).strip()
    # "working as a"; an ordinary sort is no name unless it tells the sides apart ("general supervision")
    sort = rf"(?:regular|normal|ordinary|typical|general|standard)\s+(?!(?:{other})\b)"
    side = re.sub(rf"(?i)^((becom\w*|being|\w+ing as|an?|the)\s+)*({sort})?", "", side)
    side = re.sub(r"\s+(jobs?|roles?|careers?|positions?)$", "", side, flags=re.I)
    side = side if kinds else re.sub(r"(?i)^.*\b(?:like|such as)\s+", "", side)  # by its example: "like SCI"
    while " " in side and hints(side.rsplit(" ", 1)[1]):  # "dentist pay": what is compared, not a side
        side = side.rsplit(" ", 1)[0]
    return side.strip(" ,.?!:;'\"")


# What a question asks by its form in the guides' words, searched (not answered): "good for?" finds "valid"
_PAID_FOR = (
    r"(cost|price|fee|pay for|charge|exam|test|course|program|cert\w*|credential|licen[cs]e|tuition|degree)"
)
AS_ROLE = r"\bwhat (?:would|will) (?:i|you) (?:be )?do(?:ing)?\b[^?]*?\bas (?:an?|the) "  # as a what "does"
AGE_ASKED = r"\bhow old\b|\b(what|minimum|maximum|retirement) age\b|\bage (limit|requirement)s?\b"
PRIORITY = re.compile(  # what matters most or comes first: "the best thing to do", "what order", "start with"
    r"(?i)\b(best|most (important|useful)|single|one) (thing|step|move)\b|\bfocus on\b"
    r"|\b(?:what|which) order\b|\bthe order (?:i|you|we)\b|\bstart (?:with|by)\b"
)
_VALID = r"(valid|good for|last|expire|renew\w*)"  # "how long" of how long a credential is valid
_MUST = rf"(?:^|[,.?!]\s*){_OPEN}(?:do (?:i|u|you|we|one) (?:\w+ )?have to|must (?:i|u|you|we))\b"
_PRICE = r"\bhow much (?:is|was) (?:it|that|this)\b"  # a thing's price, not pay ("how much is that online?")
_MUCH = rf"(?!{MUCH_OF})\bhow much\b(?! (?:is|was) (?:it|that|this)\b)"  # money (not of a thing), as pay
_PAY = rf"\b({_EARN}|salar\w*|wages?|income|paid|make a year|makes? more|pay)\b|{_MAKE}|^(?=.*{_MUCH})"
OTHERS = re.compile(r"(?i)\b(besides|aside from|apart from)\b[^?]*\bother\b")  # "besides X, what other ..."
_HINTS = {  # a question's form -> the words guides use for what it asks
    rf"\bhow long\b.*\b{_VALID}\b|\b(expir|renew|laps)\w*|\bre-?do\b": "valid validity expire renew years",
    rf"\b(how long\b(?!.*\b{_VALID}\b)|duration|length)": "minutes hours duration",
    rf"^(?=.*{_MUCH})(?=.*\b{_PAID_FOR}\b)|\b(cost|price|fee)s?\b|{_PRICE}": "cost price fee $",
    rf"{_PAY}(?!.*\b{_PAID_FOR}\b)": "salary earn pay",
    r"\bwhat (does|do) (an? |the )?[\w -]+(?<!\byou)(?<!\bto) (actually |really |usually |typically )?"
    rf"do\b(?! with)|{AS_ROLE}": "duties tasks responsibilities typical",  # "what will I do as a nurse?"
    # a good choice, worth it, its outlook; whether there are jobs, not which
    r"\b(good|great|bad|smart|wise)\b[^?]*\b(career|job|choice|field|option|idea|path|profession)\b"
    r"|\bworth (it|doing|becoming)\b|\b(outlook|prospects|in demand|job security)\b"
    r"|\bare there (?:(?:actually|really|any|enough|many|still) )?jobs(?: out there)?(?= for\b|\W*$)"
    r"|\b(?:hard|easy) to (?:find|get) (?:a )?(?:job|work)\b": "job outlook growth demand pay",
    PRIORITY.pattern: "most important useful first",  # what matters most: "the best thing I can do"
    r"\b(kinds|types|sorts|categories|varieties|branches) of\b": "types kinds categories specialties",
    r"\b(promot(e|ed|ion|ions)|advancement|move into)\b": "move up senior",
    r"\bhow\b[^?]*\b(get (a job|hired)|way up)\b|\border\b[^?]*\bto (become|end up|be)\b": "become steps",
    r"\b(qualif(y|ies|ied)|eligib\w*|what (do|does|would) (i|you|one|someone) need"
    r"|make (you|me|us) (have|take|do))\b": "requirements must meet eligible",  # "they make you have"
    OTHERS.pattern: (REST := "honorable mentions also additional"),  # the rest of a kind, as lists head it
    _MUST: "required optional voluntary",  # whether one must: "do I have to get certified?"
    r"\b(now|right away)\b[^?]*\bor\b|\bor\b[^?]*\b(wait|later)\b": "before start",  # when: "now or wait?"
}


def hints(question: str) -> str:
    """Words guides use for what the question asks by its form ("how much" -> cost)."""
    return " ".join(words for rx, words in _HINTS.items() if re.search(rx, question, re.I))
