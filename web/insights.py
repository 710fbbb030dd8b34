"""What the staff page shows: how much was asked, what the guides could not answer, what people disliked.

Everything is computed on request from what the server already keeps: the answers
served and their ratings (:mod:`web.feedback`), the courses LTI answers were served
in (:mod:`web.lti.store`) and the documents of the index. The one write is the
embeddings of declined questions this page computed (below), kept so that each
question is embedded once.

Unanswered (declined) questions are grouped by meaning with the advisor's own
embedding model, and questions whose embeddings are close form one group. The
groups, largest first, are the guides to write next. A declined question's
embedding is kept when it is served if the advisor had computed it anyway, and
always when ``ADVISOR_STORE_QUESTIONS=false`` (then it is the only trace of the
question). Otherwise the kept text is embedded here, at the first page view that
groups it, and the vector is written back to its answer.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from advisor.errors import AdvisorInputError

from .feedback_report import worst

if TYPE_CHECKING:
    from .feedback import FeedbackStore, ServedAnswer
    from .lti.store import LtiStore

log = logging.getLogger(__name__)

DEFAULT_DAYS = 30
MAX_DAYS = 3660  # a period longer than ten years is a typing mistake
# Two questions are "the same question" when the cosine similarity of their sentence
# embeddings is at least this, on average between the members of two groups (average
# linkage). A property of the sentence model (paraphrases of one request score well
# above it, different requests on one subject below it), not of any corpus.
SAME_MEANING = 0.55
MAX_GROUPED = 2000  # the most recent declined questions grouped (the clustering is quadratic)
EXAMPLES = 3  # wordings shown per group
WORST = 10  # worst-rated answers listed
TABLES = ("per_day", "unanswered", "worst_rated", "cited", "never_cited", "courses")


@dataclass(frozen=True)
class Period:
    """Whole UTC days from ``first`` to ``last``, both included."""

    first: date
    last: date

    @property
    def bounds(self) -> tuple[str, str]:
        """(start, end) as the stores' ISO stamps: start inclusive, end exclusive."""
        start = datetime.combine(self.first, datetime.min.time(), UTC)
        end = datetime.combine(self.last + timedelta(days=1), datetime.min.time(), UTC)
        return start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


def parse_period(first: str | None, last: str | None, today: date | None = None) -> Period:
    """The period asked for (``YYYY-MM-DD`` each, both optional); by default the last 30 days.

    Raises AdvisorInputError, with a sentence for the user, on a malformed or reversed period.
    """
    today = today or datetime.now(UTC).date()

    def day(value: str | None, name: str) -> date | None:
        if value is None or not value.strip():
            return None
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise AdvisorInputError(f"'{name}' must be a date like 2026-01-31, not {value[:40]!r}.") from None

    end = day(last, "to") or today
    start = day(first, "from") or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise AdvisorInputError("The period starts after it ends: 'from' must not be later than 'to'.")
    if (end - start).days >= MAX_DAYS:
        raise AdvisorInputError(f"The period is longer than {MAX_DAYS} days; choose a shorter one.")
    return Period(start, end)


@dataclass
class Group:
    """Declined questions of one meaning: how many, when, and a few wordings (when kept)."""

    count: int
    examples: list[str] = field(default_factory=list)
    first_seen: str = ""
    last_seen: str = ""


def group_by_meaning(vectors: np.ndarray, same: float = SAME_MEANING) -> list[list[int]]:
    """Rows of ``vectors`` (L2-normalised) grouped by meaning, largest group first.

    Agglomerative clustering with average linkage on cosine distance: a group joins
    another only while their members are, on average, at least ``same`` similar, so
    one loose chain of questions cannot pull unrelated ones together.
    """
    n = len(vectors)
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage  # only the staff page pays for the import

    tree = linkage(np.asarray(vectors, dtype=np.float64), method="average", metric="cosine")
    labels = fcluster(tree, t=1.0 - same, criterion="distance")
    groups: dict[int, list[int]] = defaultdict(list)
    for row, label in enumerate(labels):
        groups[int(label)].append(row)
    return sorted(groups.values(), key=lambda rows: (-len(rows), rows[0]))


def _central_first(rows: list[int], vectors: np.ndarray) -> list[int]:
    """The rows of a group, the most typical (closest to the group's mean) first."""
    centre = vectors[rows].mean(axis=0)
    return [rows[i] for i in np.argsort(-(vectors[rows] @ centre), kind="stable")]


@dataclass
class Insights:
    """Everything the staff page shows for one period (``asdict`` is the JSON)."""

    period: dict[str, str]
    questions_kept: bool
    totals: dict[str, int]
    per_day: list[dict[str, Any]]
    unanswered: list[Group]
    worst_rated: list[dict[str, Any]]
    cited: list[dict[str, Any]]
    never_cited: list[dict[str, Any]]
    courses: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class InsightsBuilder:
    """Reads the stores and the index's documents; :meth:`build` makes one period's insights."""

    def __init__(
        self,
        store: FeedbackStore,
        documents: dict[str, dict],
        embed: Any,
        lti: LtiStore | None = None,
        questions_kept: bool = True,
    ):
        self.store = store
        self.documents = documents
        self.embed = embed  # texts -> L2-normalised vectors, for declined questions kept without one
        self.lti = lti
        self.questions_kept = questions_kept

    def build(self, period: Period) -> Insights:
        start, end = period.bounds
        served = self.store.served_between(start, end)
        ratings = self.store.ratings_between(start, end)
        notes: list[str] = []
        declined = [a for a in served if not a.grounded]
        return Insights(
            period={"from": period.first.isoformat(), "to": period.last.isoformat()},
            questions_kept=self.questions_kept,
            totals={
                "questions": len(served),
                "answered": len(served) - len(declined),
                "declined": len(declined),
                "ratings_up": sum(r.rating == "up" for r in ratings),
                "ratings_down": sum(r.rating == "down" for r in ratings),
            },
            per_day=self._per_day(period, served),
            unanswered=self._unanswered(declined, notes),
            worst_rated=self._worst(ratings),
            cited=self._cited(served),
            never_cited=self._never_cited(served),
            courses=self._courses(served, ratings),
            notes=notes,
        )

    def _per_day(self, period: Period, served: list[ServedAnswer]) -> list[dict[str, Any]]:
        answered: Counter[str] = Counter()
        declined: Counter[str] = Counter()
        for a in served:
            (answered if a.grounded else declined)[a.created_at[:10]] += 1
        return [
            {"day": d.isoformat(), "answered": answered[d.isoformat()], "declined": declined[d.isoformat()]}
            for d in period.days()
        ]

    def _unanswered(self, declined: list[ServedAnswer], notes: list[str]) -> list[Group]:
        if len(declined) > MAX_GROUPED:
            notes.append(
                f"{len(declined):,} questions were declined; the latest {MAX_GROUPED:,} are grouped."
            )
            declined = declined[-MAX_GROUPED:]
        vectors: list[np.ndarray | None] = [
            np.frombuffer(a.question_vector, dtype="<f4") if a.question_vector else None for a in declined
        ]
        # Kept text without its embedding (not computed while answering, or stored by an
        # earlier version): embed it now, and keep the vectors for the next view.
        missing = [i for i, v in enumerate(vectors) if v is None and declined[i].question]
        if missing:
            found = np.asarray(self.embed([declined[i].question for i in missing]), dtype="<f4")
            for i, vector in zip(missing, found):
                vectors[i] = vector
            self._keep_vectors({declined[i].id: vector.tobytes() for i, vector in zip(missing, found)})
        usable = [i for i, v in enumerate(vectors) if v is not None]
        lost = len(declined) - len(usable)
        if lost:
            notes.append(f"{lost:,} declined questions could not be grouped (neither text nor meaning kept).")
        if not usable:
            return []
        matrix = np.stack([vectors[i] for i in usable])
        groups = []
        for rows in group_by_meaning(matrix):
            members = [declined[usable[r]] for r in rows]
            wordings: list[str] = []
            if self.questions_kept:
                for r in _central_first(rows, matrix):
                    text = declined[usable[r]].question
                    if text and text.strip().lower() not in {w.lower() for w in wordings}:
                        wordings.append(text.strip())
                    if len(wordings) == EXAMPLES:
                        break
            stamps = sorted(m.created_at for m in members)
            groups.append(Group(len(members), wordings, stamps[0], stamps[-1]))
        return groups

    def _keep_vectors(self, vectors: dict[str, bytes]) -> None:
        """Write embeddings back to their answers; a failure only costs embedding them again."""
        try:
            self.store.keep_question_vectors(vectors)
        except Exception:  # the page is read-mostly: never fail it for a cache of its own work
            log.exception("could not keep %d declined questions' embeddings", len(vectors))

    def _worst(self, ratings: list) -> list[dict[str, Any]]:
        return [
            {
                "question": r.question if self.questions_kept else None,
                "down": r.down,
                "up": r.up,
                "sources": r.sources,
                "comments": r.comments,
            }
            for r in worst(ratings, WORST)
        ]

    def _title(self, source: str, fallback: str = "") -> str:
        doc = self.documents.get(source, {})
        return str(doc.get("title") or doc.get("meta", {}).get("title") or fallback or source)

    def _cited(self, served: list[ServedAnswer]) -> list[dict[str, Any]]:
        counts: Counter[str] = Counter()
        titles: dict[str, str] = {}
        for a in served:
            sources = {str(c.get("source", "")) for c in a.citations} - {""}
            counts.update(sources)
            for c in a.citations:
                titles.setdefault(str(c.get("source", "")), str(c.get("title", "")))
        return [
            {"source": s, "title": self._title(s, titles.get(s, "")), "answers": n}
            for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    def _never_cited(self, served: list[ServedAnswer]) -> list[dict[str, Any]]:
        cited = {str(c.get("source", "")) for a in served for c in a.citations}
        return [{"source": s, "title": self._title(s)} for s in sorted(self.documents) if s not in cited]

    def _courses(self, served: list[ServedAnswer], ratings: list) -> list[dict[str, Any]]:
        if self.lti is None:
            return []
        tags = self.lti.courses_of_answers()
        titles = self.lti.course_titles()
        usage: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for a in served:
            if a.id in tags:
                usage[tags[a.id]]["questions"] += 1
                usage[tags[a.id]]["declined"] += not a.grounded
        for r in ratings:
            if r.answer_id in tags:
                usage[tags[r.answer_id]][f"ratings_{r.rating}"] += 1
        return [
            {
                "platform": issuer,
                "course_id": course_id,
                "course": titles.get((issuer, course_id), ""),
                "questions": c["questions"],
                "declined": c["declined"],
                "ratings_up": c["ratings_up"],
                "ratings_down": c["ratings_down"],
            }
            for (issuer, course_id), c in sorted(usage.items(), key=lambda kv: -kv[1]["questions"])
        ]


def table(insights: Insights, name: str) -> tuple[list[str], list[list[Any]]]:
    """One of the page's tables as (header, rows), for a CSV download."""
    if name == "per_day":
        return ["day", "answered", "declined"], [
            [d["day"], d["answered"], d["declined"]] for d in insights.per_day
        ]
    if name == "unanswered":
        header = ["group", "questions", "first_seen", "last_seen"]
        if insights.questions_kept:
            header.append("example_wordings")
        rows = []
        for i, g in enumerate(insights.unanswered, 1):
            row: list[Any] = [i, g.count, g.first_seen, g.last_seen]
            if insights.questions_kept:
                row.append(" | ".join(g.examples))
            rows.append(row)
        return header, rows
    if name == "worst_rated":
        header = ["down", "up", "sources", "comments"]
        if insights.questions_kept:
            header.insert(0, "question")
        rows = []
        for w in insights.worst_rated:
            row = [w["down"], w["up"], "; ".join(w["sources"]), " | ".join(w["comments"])]
            rows.append(([w["question"] or ""] + row) if insights.questions_kept else row)
        return header, rows
    if name == "cited":
        return ["source", "title", "answers"], [
            [c["source"], c["title"], c["answers"]] for c in insights.cited
        ]
    if name == "never_cited":
        return ["source", "title"], [[c["source"], c["title"]] for c in insights.never_cited]
    if name == "courses":
        header = ["platform", "course_id", "course", "questions", "declined", "ratings_up", "ratings_down"]
        return header, [[c[h] for h in header] for c in insights.courses]
    raise AdvisorInputError(f"There is no table {name[:40]!r}; the tables are: {', '.join(TABLES)}.")


def to_csv(header: list[str], rows: list[list[Any]]) -> str:
    """CSV text; cells that a spreadsheet would run as a formula are quoted with a leading '."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_inert(v) for v in row])
    return out.getvalue()


def _inert(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
