"""Command line: ``python -m advisor ingest | ask | chat | bench | loadtest``.

Kept thin: argument parsing and printing only; all work happens in the package.
Heavy libraries are imported inside the commands so ``--help`` and input errors
answer at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .errors import AdvisorError, AdvisorInputError


def build_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    """The core's commands; the web layer adds its own (``web.cli``) to the same parser."""
    parser = argparse.ArgumentParser(
        prog="python -m advisor",
        description="Career Advisor: cited answers from a corpus of career guides, offline.",
    )
    parser.add_argument("--version", action="version", version=f"career-advisor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="build or update the index from the corpus")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the corpus folder)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=_ingest)

    p = sub.add_parser("ask", help="answer one question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--history", type=Path, help="JSON file: a list of {role, content} earlier turns")
    p.set_defaults(run=_ask)

    p = sub.add_parser("chat", help="a conversation in the terminal")
    p.set_defaults(run=_chat)

    p = sub.add_parser("bench", help="print speed and memory figures")
    p.add_argument("--questions", type=int, default=100, help="warm questions to time (default 100)")
    p.add_argument("--varied", type=int, default=1000, help="uncached, varied questions (default 1000)")
    p.set_defaults(run=_bench)

    p = sub.add_parser("loadtest", help="simulated users asking a running server; prints answers/s")
    p.add_argument(
        "--url", default="http://127.0.0.1:7860", help="the server (default http://127.0.0.1:7860)"
    )
    p.add_argument("--users", type=int, default=50, help="concurrent users (default 50)")
    p.add_argument("--seconds", type=float, default=60, help="how long (default 60)")
    p.add_argument("--varied", action="store_true", help="word every question differently (no cache hits)")
    p.set_defaults(run=_loadtest)
    return parser, sub


def main(argv: list[str] | None = None, extend: Callable | None = None) -> int:
    """Run one command. ``extend(sub)`` may add subcommands (the web layer's)."""
    parser, sub = build_parser()
    if extend is not None:
        extend(sub)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except AdvisorError as exc:
        # The operator runs the CLI, so the detail (which file, which setting) is shown.
        print(f"error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, AdvisorInputError) else 1
    except KeyboardInterrupt:
        return 130


def _ingest(args) -> int:
    from .index import Index
    from .settings import Settings

    for p in args.paths:
        if not p.exists():
            print(f"error: {p}: no such file or folder", file=sys.stderr)
            return 2
    report = Index(Settings.from_env()).sync(args.paths or None, progress=not args.quiet)
    if report.documents:
        print(report.table() + "\n")
    print(report.summary())
    return 0


def _load_history(path: Path | None) -> list | None:
    if path is None:
        return None
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise AdvisorInputError(f"cannot read the history file {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise AdvisorInputError(f"the history file {path} is not valid JSON ({exc})") from None


def _advisor():
    from .core import Advisor

    adv = Advisor()
    adv.load(progress=True)
    return adv


def _ask(args) -> int:
    import dataclasses

    from .settings import Settings
    from .validate import prepare

    # Every input limit applied before loading anything, so bad input fails fast.
    clean = prepare(args.question, _load_history(args.history), Settings.from_env())
    answer = _advisor().ask(clean.question, history=clean.history)
    answer = dataclasses.replace(answer, notices=[*answer.notices, *clean.notices])
    for notice in answer.notices:
        print(f"note: {notice}", file=sys.stderr)
    if args.json:
        print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(answer.text)
    return 0


def _chat(args) -> int:
    adv = _advisor()
    print(f"Ask about {adv.profile.subject}. An empty line or Ctrl-D ends the chat.\n")
    history: list[dict] = []
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            print()
            return 0
        if not question:
            return 0
        try:
            answer = adv.ask(question, history=history)
        except AdvisorInputError as exc:
            print(f"advisor> {exc}\n")
            continue
        print(f"advisor> {answer.text}\n")
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
        del history[: -adv.settings.max_history_turns]  # only these are ever used: keep no more


def _bench(args) -> int:
    from .bench import run

    run(args.questions, args.varied)
    return 0


def _loadtest(args) -> int:
    from .loadtest import run

    if args.users < 1 or args.seconds <= 0:
        raise AdvisorInputError("--users must be 1 or more and --seconds above 0")
    figures = run(args.url, args.users, args.seconds, args.varied)
    return 0 if figures["answers"] else 1
