"""Run the golden set against an Advisor and summarise the scores."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, replace
from math import fsum
from pathlib import Path

import yaml

from advisor.index import MODELS
from advisor.settings import RETRIEVERS, Settings

from .scoring import body, fact_hits, percentile, retrieval_ranks, score_citations, unmarked_claims

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden.yaml"
REPORTS = HERE / "reports"


@dataclass(frozen=True)
class Suite:
    """A golden set and the corpus it is asked of; ``corpus`` None means the configured one."""

    name: str
    golden: Path
    corpus: Path | None = None
    index: Path | None = None
    check_only: bool = False  # no rule or threshold is ever chosen on it: it measures generality


CHECK_ONLY = (
    *("firefighter", "graphic-designer", "elementary-teacher", "cosmetologist", "librarian"),
    *("air-traffic-controller", "pharmacy-technician", "dietitian", "social-worker"),
    *("sign-language-interpreter", "urban-planner", "wind-turbine-technician"),
    *("police-officer", "interior-designer"),
)


def _corpus_suite(name: str, golden: str | None = None) -> Suite:
    """The suite of ``corpora/<name>/``, asked the questions of ``golden-<golden or name>.yaml``."""
    return Suite(
        name,
        HERE / f"golden-{golden or name}.yaml",
        HERE.parent / "corpora" / name,
        HERE / ".indexes" / name,
        check_only=name in CHECK_ONLY,
    )


# The shipped corpus, and other careers' corpora that keep the advisor honest about
# corpora it was not written for. The check-only ones are never tuned on: they stand
# for the guides of a school nobody on the team has seen.
SUITES = {
    "main": Suite("main", GOLDEN),
    **{
        name: _corpus_suite(name)
        for name in (
            *("registered-nurse", "electrician", "dental-hygienist", "chef", "accountant"),
            *("truck-driver", "paralegal", "career-hub", "real-estate-agent", "park-ranger"),
            *("veterinary-technician", "actuary", "environmental-scientist", "radiologic-technologist"),
            *("welder", "occupational-therapy-assistant", "human-resources-specialist"),
            *("paramedic", "logistics-analyst", "audio-engineer"),
            *("heavy-equipment-operator", "speech-language-pathologist", "flight-attendant"),
            *("court-reporter", "funeral-director", "video-game-designer"),
            *("insurance-underwriter", "museum-curator", "carpenter"),
            *("land-surveyor", "respiratory-therapist", "public-relations-specialist"),
            *("hvac-technician", "medical-laboratory-scientist", "financial-planner"),
            *("physician-assistant", "event-planner", "merchant-mariner"),
            *("emergency-dispatcher", "optician", "landscape-architect"),
            *("forensic-science-technician", "massage-therapist", "loan-officer"),
            *("aircraft-mechanic", "athletic-trainer", "probation-officer"),
            *("plumber", "surgical-technologist", "zookeeper"),
            *("locksmith", "audiologist", "copywriter"),
            *("elevator-mechanic", "translator", "commercial-pilot"),
            *("phlebotomist", "ironworker", "customs-broker"),
            *("sonographer", "lineworker", "meteorologist"),
            *("machinist", "school-counselor", "web-developer"),
            *("tax-preparer", "solar-installer", "medical-coder"),
            *("arborist", "claims-adjuster", "biomedical-equipment-technician"),
            *CHECK_ONLY,
        )
    },
    # The registered-nurse guides as PDF, Word, saved web pages, Markdown and text (advisor.readers)
    "registered-nurse-mixed": _corpus_suite("registered-nurse-mixed", golden="registered-nurse"),
}


def suite_settings(base: Settings, suite: Suite) -> Settings:
    """The settings ``suite`` is asked with: its corpus and index, and the configured model build.

    Every suite embeds with the ONNX build of the configured index (or ``ADVISOR_MODEL_CACHE``),
    so a clean checkout exports the model once rather than once per suite (about 10 s each).
    """
    if suite.corpus is None:
        return base
    models = base.model_cache or Path(base.index_dir) / MODELS
    return replace(base, corpus_dir=suite.corpus, index_dir=suite.index, model_cache=models)


def suites(values: list[str]) -> list[Suite]:
    names = [v.strip() for item in values for v in item.split(",") if v.strip()] or list(SUITES)
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        raise GoldenError(f"--suite: {', '.join(unknown)} unknown (choose from {', '.join(SUITES)})")
    return [SUITES[n] for n in names if SUITES[n].golden.exists() or n == "main"]


# Metrics, how to read them, and whether higher is better (all are, but latency).
METRICS = {
    "pass_rate": "share of cases passed (every fact, valid and supported citations, right decline)",
    "hit_at_k": "expected document among the retrieved passages",
    "mrr": "mean reciprocal rank of the first passage from an expected document",
    "fact_accuracy": "share of expected facts stated in the answer",
    "retrieved_facts": "answerable cases whose every expected fact is in the passages retrieved",
    "keeps_retrieved": "of those, the share whose answer states every fact (what composing keeps)",
    "cited_document": "answers citing an expected document",
    "citation_validity": "markers that resolve to a citation (must be 1.0)",
    "citation_support": "marked sentences supported by their quotes (ALCE recall)",
    "citation_precision": "citations that support, or are needed for, their sentence (ALCE precision)",
    "unmarked": "answers with a sentence that carries no marker (should be 0)",
    "decline_precision": "declines that were right to decline",
    "decline_recall": "decline cases the advisor declined",
    "answer_words": "mean words in an answer's body (without Sources and markers): what its recall costs",
    "latency_p50_ms": "median time per answer",
    "latency_p95_ms": "95th percentile time per answer",
}


class GoldenError(ValueError):
    """The golden set is malformed."""


def load_cases(path: Path = GOLDEN) -> list[dict]:
    try:
        cases = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GoldenError(f"cannot read {path}: {exc}") from None
    if not isinstance(cases, list):
        raise GoldenError(f"{path} must hold a list of cases")
    ids = set()
    for case in cases:
        missing = {"id", "split", "question", "decline"} - set(case)
        if missing:
            raise GoldenError(f"case {case.get('id', '?')} lacks {', '.join(sorted(missing))}")
        if case["id"] in ids:
            raise GoldenError(f"duplicate case id {case['id']}")
        ids.add(case["id"])
        case.setdefault("history", [])
        case.setdefault("facts", [])
        case.setdefault("docs", [])
        case.setdefault("tags", [])
    return cases


def select(cases: list[dict], split: str | None, pattern: str | None) -> list[dict]:
    chosen = [c for c in cases if split in (None, "all") or c["split"] == split]
    if pattern:
        rx = re.compile(pattern, re.I)
        chosen = [
            c
            for c in chosen
            if rx.search(c["id"]) or rx.search(c["question"]) or any(rx.search(t) for t in c["tags"])
        ]
    return chosen


@dataclass
class Outcome:
    case: dict
    answer: dict
    seconds: float
    facts: list[bool]
    rank: int | None
    citations: object  # CitationScore
    unmarked: list[str]
    retrieved: bool = False  # every expected fact stands in a passage retrieved for the question

    @property
    def declined(self) -> bool:
        return not self.answer["grounded"]

    @property
    def cited_expected(self) -> bool:
        docs = self.case["docs"]
        return any(retrieval_ranks([c["source"]], docs) for c in self.answer["citations"])

    @property
    def passed(self) -> bool:
        if self.case["decline"]:
            return self.declined
        return (
            not self.declined
            and all(self.facts)
            and self.citations.valid == self.citations.markers
            and not self.citations.unsupported
            and not self.unmarked
        )


def run_case(adv, case: dict, k: int) -> Outcome:
    started = time.perf_counter()
    inquiry = adv.inquire(case["question"], history=case["history"])
    seconds = time.perf_counter() - started
    answer = inquiry.answer.to_dict()
    hits = adv.library.search(answer["query"], k, adv.settings.retriever)
    rank = retrieval_ranks([h.passage.meta["source"] for h in hits], case["docs"])
    # What retrieval found: the passages the answer was composed from (or, when the
    # question was screened out before retrieval, those a search for it returns).
    found = "\n\n".join(h.passage.text for h in (inquiry.hits or hits))
    return Outcome(
        case=case,
        answer=answer,
        seconds=seconds,
        facts=fact_hits(answer["text"], case["facts"])
        if answer["grounded"]
        else [False] * len(case["facts"]),
        rank=rank,
        citations=score_citations(answer["text"], answer["citations"]),
        unmarked=unmarked_claims(answer["text"]) if answer["grounded"] else [],
        retrieved=bool(case["facts"]) and all(fact_hits(found, case["facts"], whole=True)),
    )


def run_suite(suite: Suite, cases: list[dict], mode: str, llm, bars: bool, several_modes: bool):
    """Ask ``suite``'s cases with one retriever: (its name in the results, the outcomes, the backend).

    A module-level function, so that ``python -m evals --jobs N`` can run it in another process.
    """
    import sys

    from tqdm import tqdm

    from advisor import Advisor

    settings = replace(suite_settings(Settings.from_env(), suite), retriever=mode)
    adv = Advisor(settings, llm=llm)
    adv.llm()  # a misconfigured backend fails now, not after the index is loaded
    adv.load(progress=bars)
    adv.library.forget_embeddings()  # each run pays for its own query embeddings
    name = f"{suite.name}/{mode}" if several_modes else suite.name
    outs = [
        run_case(adv, case, adv.settings.top_k)
        for case in tqdm(cases, desc=f"{name:6}", unit="case", disable=not bars, file=sys.stderr)
    ]
    backend = "llm " + str(adv.llm()) if adv.llm() is not None else "offline"
    return name, outs, backend


def summarise(outcomes: list[Outcome]) -> dict:
    answerable = [o for o in outcomes if not o.case["decline"]]
    with_docs = [o for o in answerable if o.case["docs"]]
    grounded = [o for o in answerable if not o.declined]
    retrieved = [o for o in answerable if o.retrieved]
    should, did = [o for o in outcomes if o.case["decline"]], [o for o in outcomes if o.declined]
    did_answer = [o for o in outcomes if not o.declined]
    right = [o for o in did if o.case["decline"]]
    cs = [o.citations for o in outcomes]
    millis = [o.seconds * 1000 for o in outcomes]

    def share(num: float, den: float) -> float:
        return round(num / den, 3) if den else 1.0

    return {
        "cases": len(outcomes),
        "passed": sum(o.passed for o in outcomes),
        "pass_rate": share(sum(o.passed for o in outcomes), len(outcomes)),
        "hit_at_k": share(sum(o.rank is not None for o in with_docs), len(with_docs)),
        "mrr": share(sum(1 / o.rank for o in with_docs if o.rank), len(with_docs)),
        "fact_accuracy": share(
            sum(sum(o.facts) / len(o.facts) for o in answerable if o.facts),
            sum(1 for o in answerable if o.facts),
        ),
        "retrieved_facts": share(len(retrieved), sum(1 for o in answerable if o.case["facts"])),
        "keeps_retrieved": share(sum(all(o.facts) for o in retrieved), len(retrieved)),
        "cited_document": share(sum(o.cited_expected for o in grounded if o.case["docs"]), len(with_docs)),
        "citation_validity": share(sum(c.valid for c in cs), sum(c.markers for c in cs)),
        "citation_support": share(sum(c.supported for c in cs), sum(c.sentences for c in cs)),
        "citation_precision": share(sum(c.precise for c in cs), sum(c.citations for c in cs)),
        "unmarked": sum(bool(o.unmarked) for o in outcomes),
        "decline_precision": share(len(right), len(did)),
        "decline_recall": share(len(right), len(should)),
        "answer_words": round(fsum(map(answer_words, did_answer)) / len(did_answer)) if did_answer else 0,
        "latency_p50_ms": round(percentile(millis, 50), 1),
        "latency_p95_ms": round(percentile(millis, 95), 1),
    }


def answer_words(o: Outcome) -> int:
    """The words of an answer's body: longer answers state more facts, so recall is read beside this."""
    return len(re.findall(r"\w+", re.sub(r"\[\d+\]", "", body(o.answer["text"]))))


def failure_text(o: Outcome) -> str:
    case = o.case
    lines = [f"### {case['id']} ({case['split']}, {', '.join(case['tags'])})", f"Q: {case['question']}"]
    for turn in case["history"]:
        lines.append(f"   earlier {turn['role']}: {turn['content'][:100]}")
    if case["decline"]:
        lines.append("Expected: a decline")
    else:
        missing = [p for p, ok in zip(case["facts"], o.facts) if not ok]
        lines.append(f"Expected facts: {case['facts']}  missing: {missing}")
        lines.append(f"Expected documents: {case['docs']}  (retrieval rank: {o.rank})")
    lines.append(f"Searched: {o.answer['query']}")
    lines.append("Got:")
    lines += ["    " + ln for ln in o.answer["text"].split("**Sources**")[0].strip().splitlines()]
    for c in o.answer["citations"]:
        lines.append(f"  [{c['n']}] {c['source']} › {c['section']}: {c['quote'][:160]!r}")
    for claim in o.citations.unsupported:
        lines.append(f"  unsupported: {claim}")
    for claim in o.unmarked:
        lines.append(f"  no marker: {claim}")
    return "\n".join(lines)


# The columns of the summary table: one row per suite (and retriever); every metric
# is in the JSON and Markdown reports.
COLUMNS = {
    "cases": "cases",
    "passed": "passed",
    "pass_rate": "pass",
    "hit_at_k": "hit@k",
    "mrr": "mrr",
    "fact_accuracy": "facts",
    "retrieved_facts": "in-retr",
    "keeps_retrieved": "keeps",
    "citation_validity": "cite-ok",
    "citation_support": "support",
    "unmarked": "unmarked",
    "decline_precision": "decl-P",
    "decline_recall": "decl-R",
    "answer_words": "words",
    "latency_p50_ms": "p50 ms",
}


def table(results: dict[str, dict], check_only: frozenset[str] = frozenset()) -> str:
    """One row per suite (and retriever); check-only suites in a table of their own."""
    blocks = []
    for title, names in (
        ("", [n for n in results if n not in check_only]),
        ("check-only (never tuned on)", [n for n in results if n in check_only]),
    ):
        if not names:
            continue
        rows = [["suite", *COLUMNS.values()]]
        rows += [[n, *[str(results[n][k]) for k in COLUMNS]] for n in names]
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        out = [title] if title else []
        for i, r in enumerate(rows):
            out.append("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
            if i == 0:
                out.append("  ".join("-" * w for w in widths))
        blocks.append("\n".join(out))
    return "\n\n".join(blocks)


def generality(outcomes: dict[str, list[Outcome]], check_only: frozenset[str] = frozenset()) -> str:
    """Pass rates of what rules were written against and of what was held out, side by side.

    ``dev`` cases are the ones rules and thresholds were chosen on; ``test`` cases of the same corpora
    and the check-only suites (whole corpora never tuned on) are held out. The gap between the first
    figure and the other two is how far answering is fitted to its own examples: a school's unseen
    guides get the held-out figures, not the ``dev`` one. A suite run under several retrievers counts
    once per retriever."""
    groups: dict[str, list[bool]] = {"dev (tuned on)": [], "test (held out)": [], "check-only suites": []}
    for name, outs in outcomes.items():
        for o in outs:
            held = "test (held out)" if o.case["split"] == "test" else "dev (tuned on)"
            groups["check-only suites" if name in check_only else held].append(o.passed)
    parts = [f"{k} {sum(v)}/{len(v)} = {sum(v) / len(v):.3f}" for k, v in groups.items() if v]
    return "generality: " + " · ".join(parts)


def markdown_report(results: dict[str, dict], failures: dict[str, list[str]], meta: dict) -> str:
    names = list(results)
    lines = [
        "# Eval report",
        "",
        f"Split: {meta['split']} · cases: {meta['cases']} · backend: {meta['backend']} · {meta['when']}",
        "",
        "| metric | " + " | ".join(names) + " | meaning |",
        "|---|" + "---|" * len(names) + "---|",
    ]
    for key in ["cases", "passed", *METRICS]:
        lines.append(
            f"| {key} | " + " | ".join(str(results[n][key]) for n in names) + f" | {METRICS.get(key, '')} |"
        )
    for name, texts in failures.items():
        lines += ["", f"## Failures ({name}): {len(texts)}", ""]
        for text in texts:
            lines += ["```", text, "```", ""]
    return "\n".join(lines)


def parse_thresholds(items: list[str]) -> dict[str, float]:
    """``METRIC=VALUE`` for every suite run, or ``SUITE:METRIC=VALUE`` for one."""
    out = {}
    for item in items:
        name, _, value = item.partition("=")
        suite, _, metric = name.rpartition(":")
        if metric not in METRICS and metric != "passed":
            raise GoldenError(f"--fail-under: unknown metric {metric!r}; known: {', '.join(METRICS)}")
        if suite and suite not in SUITES:
            raise GoldenError(f"--fail-under {item!r}: unknown suite {suite!r}")
        try:
            out[name] = float(value)
        except ValueError:
            raise GoldenError(f"--fail-under {item!r}: the value must be a number") from None
    return out


def check_thresholds(summary: dict, thresholds: dict[str, float], suite: str = "") -> list[str]:
    """Metrics that fall short; latency and 'unmarked' are upper bounds."""
    bad = []
    for name, limit in thresholds.items():
        only, _, metric = name.rpartition(":")
        if only and only != suite:
            continue
        value = summary[metric]
        upper = metric.startswith("latency") or metric == "unmarked"
        if (value > limit) if upper else (value < limit):
            bad.append(f"{metric} = {value} ({'above' if upper else 'below'} {limit})")
    return bad


def parse_within(values: list[str], suite_names: list[str]) -> list[tuple[str, str, float]]:
    """``--within SUITE=OTHER:GAP`` rules; both suites must be among those run."""
    rules = []
    for value in values:
        try:
            pair, gap = value.rsplit(":", 1)
            suite, other = pair.split("=", 1)
            rule = (suite.strip(), other.strip(), float(gap))
        except ValueError:
            raise GoldenError(f"--within {value!r}: expected SUITE=OTHER:GAP, e.g. a=b:0.02") from None
        missing = [n for n in rule[:2] if n not in suite_names]
        if missing:
            raise GoldenError(f"--within {value!r}: run {', '.join(missing)} too (--suite)")
        rules.append(rule)
    return rules


def check_within(
    results: dict[str, dict], rules: list[tuple[str, str, float]], modes: list[str], several: bool
) -> list[str]:
    """Suites whose pass rate falls more than the allowed gap below another suite's."""
    bad = []
    for suite, other, gap in rules:
        for mode in modes:
            a = results[f"{suite}/{mode}" if several else suite]["pass_rate"]
            b = results[f"{other}/{mode}" if several else other]["pass_rate"]
            if a < b - gap - 1e-9:
                bad.append(f"{suite} pass rate {a} is more than {gap} below {other}'s {b} ({mode})")
            else:
                print(f"{suite} pass rate {a} is within {gap} of {other}'s {b} ({mode})")
    return bad


def retrievers(values: list[str]) -> list[str]:
    names = [v.strip() for item in values for v in item.split(",") if v.strip()]
    for n in names:
        if n not in RETRIEVERS:
            raise GoldenError(f"--retriever: {n!r} is not one of {', '.join(RETRIEVERS)}")
    return names or ["hybrid"]


def write_reports(results, failures, meta, outcomes, want_json: bool, want_md: bool) -> list[Path]:
    REPORTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    written = []
    if want_json:
        path = REPORTS / f"eval-{stamp}.json"
        data = {
            "meta": meta,
            "summary": results,
            "cases": {
                name: [
                    {
                        "id": o.case["id"],
                        "passed": o.passed,
                        "declined": o.declined,
                        "facts": o.facts,
                        "rank": o.rank,
                        "ms": round(o.seconds * 1000, 1),
                        "answer": o.answer,
                        "unsupported": o.citations.unsupported,
                    }
                    for o in outs
                ]
                for name, outs in outcomes.items()
            },
        }
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False), "utf-8")
        written.append(path)
    if want_md:
        path = REPORTS / f"eval-{stamp}.md"
        path.write_text(markdown_report(results, failures, meta), "utf-8")
        written.append(path)
    return written
