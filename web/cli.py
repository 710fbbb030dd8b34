"""``career-advisor``: the core's commands plus the web layer's own.

The core CLI (``python -m advisor``) knows nothing of the web layer; this module
adds the commands that need it (each web feature registers its subcommands in
``_extend``) and is what the ``career-advisor`` script runs.
"""

from __future__ import annotations

import argparse

from advisor.cli import main as core_main

from . import db_cli, feedback_report
from .lti import cli as lti


def _extend(sub: argparse._SubParsersAction) -> None:
    """Add the web layer's subcommands (one line per feature)."""
    lti.add_lti_commands(sub)
    feedback_report.register(sub)
    db_cli.register(sub)


def main(argv: list[str] | None = None) -> int:
    return core_main(argv, extend=_extend)


if __name__ == "__main__":
    raise SystemExit(main())
