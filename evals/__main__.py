"""``python -m evals``: score the advisor on the golden set.

python -m evals                              # everything, hybrid retrieval
python -m evals --split test --fail-under fact_accuracy=0.8
python -m evals --retriever dense,bm25,hybrid --report
python -m evals --backend ollama:llama3.2    # an LLM answerer
"""

from __future__ import annotations

import argparse
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument(
        "--suite",
        action="append",
        default=[],
        help="a suite name (main, registered-nurse, ...); comma-separated (default: all)",
    )
    parser.add_argument("--filter", help="regex on case id, question or tag")
    parser.add_argument(
        "--backend", default=None, help="'offline' or an LLM such as ollama:<model> (default: ADVISOR_LLM)"
    )
    parser.add_argument(
        "--retriever", action="append", default=[], help="dense, bm25, hybrid; comma-separated to compare"
    )
    parser.add_argument("--json", action="store_true", help="write a JSON report to evals/reports/")
    parser.add_argument("--report", action="store_true", help="write a Markdown report to evals/reports/")
    parser.add_argument("--fail-under", action="append", default=[], metavar="METRIC=VALUE")
    parser.add_argument(
        "--within",
        action="append",
        default=[],
        metavar="SUITE=OTHER:GAP",
        help="fail unless SUITE's pass rate is at most GAP below OTHER's (both run in this call)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar, no failure listing")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="run N suites at once, in N worker processes (default 1; no progress bars when N > 1)",
    )
    args = parser.parse_args(argv)

    from .run import GoldenError, load_cases, parse_thresholds, parse_within, retrievers, select, suites

    if args.jobs < 1:
        print("error: --jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        thresholds = parse_thresholds(args.fail_under)
        args.within = parse_within(args.within, [s.name for s in suites(args.suite)])
        modes = retrievers(args.retriever)
        chosen = [
            (suite, select(load_cases(suite.golden), args.split, args.filter)) for suite in suites(args.suite)
        ]
    except GoldenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    chosen = [(suite, cases) for suite, cases in chosen if cases]
    if not chosen:
        print("error: no case matches that suite, split and filter", file=sys.stderr)
        return 2
    from advisor.index import IndexProblem
    from advisor.llm import LLMConfigError

    try:
        return evaluate(chosen, modes, thresholds, args)
    except (IndexProblem, LLMConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def evaluate(chosen, modes, thresholds, args) -> int:
    from .run import (
        check_thresholds,
        check_within,
        failure_text,
        generality,
        run_suite,
        summarise,
        table,
        write_reports,
    )

    llm = None if args.backend is None else ("" if args.backend == "offline" else args.backend)
    runs = [(suite, cases, mode) for suite, cases in chosen for mode in modes]
    bars = not args.quiet and args.jobs == 1
    if args.jobs == 1 or len(runs) == 1:
        done = [run_suite(suite, cases, mode, llm, bars, len(modes) > 1) for suite, cases, mode in runs]
    else:
        # N worker processes (started afresh, not forked from this one) each take the next
        # suite when done with one, as this process does alone; every suite loads its own
        # Advisor either way, and the results are gathered in the order of the suites.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(min(args.jobs, len(runs)), mp_context=multiprocessing.get_context("spawn"))
        try:
            futures = [
                pool.submit(run_suite, suite, cases, mode, llm, False, len(modes) > 1)
                for suite, cases, mode in runs
            ]
            done = [future.result() for future in futures]
        finally:
            pool.shutdown(cancel_futures=True)  # after a failure, the suites not started are not run
    results, failures, outcomes, check_only = {}, {}, {}, set()
    for (suite, _, _), (name, outs, _backend) in zip(runs, done):
        if suite.check_only:
            check_only.add(name)
        outcomes[name] = outs
        results[name] = summarise(outs)
        failures[name] = [failure_text(o) for o in outs if not o.passed]
    backend = done[-1][2]

    if not args.quiet:
        for mode, texts in failures.items():
            if texts:
                print(f"\n## {len(texts)} failing case(s) with {mode} retrieval\n")
                print("\n\n".join(texts))
    print()
    print(table(results, frozenset(check_only)))
    print()
    print(generality(outcomes, frozenset(check_only)))
    meta = {
        "split": args.split,
        "suites": ", ".join(suite.name for suite, _ in chosen),
        "cases": sum(len(cases) for _, cases in chosen),
        "backend": backend,
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }
    for path in write_reports(results, failures, meta, outcomes, args.json, args.report):
        print(f"wrote {path}")
    status = 0
    for mode, summary in results.items():
        for problem in check_thresholds(summary, thresholds, mode.partition("/")[0]):
            print(f"FAIL ({mode}): {problem}", file=sys.stderr)
            status = 1
    for problem in check_within(results, args.within, modes, several=len(modes) > 1):
        print(f"FAIL: {problem}", file=sys.stderr)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
