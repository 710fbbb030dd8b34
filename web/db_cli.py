"""``career-advisor db upgrade`` and ``career-advisor db check``: the server state's schema, for operators.

A node upgrades the schema itself when it starts, so on one machine nothing needs
running. With several nodes sharing one database, run ``db upgrade`` once from one
machine before starting the new release everywhere (nodes still running the old
release then see a newer schema and are stopped by it at their next start rather
than writing to it), and ``db check`` from a deployment script or a health probe:
it exits 0 only when every part is reachable and at the version this code expects.
"""

from __future__ import annotations

import argparse

from advisor.settings import Settings

from .database import PARTS, Database, Status, part_url, shown


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``db upgrade`` and ``db check`` to the CLI."""
    db = sub.add_parser("db", help="the server's database: upgrade its schema, or check it")
    db.set_defaults(run=lambda args: (db.print_help(), 2)[1])
    cmds = db.add_subparsers(dest="db_command")
    cmds.add_parser(
        "upgrade", help="bring the schema to this release's version (keeps every row)"
    ).set_defaults(run=_upgrade)
    cmds.add_parser("check", help="say where the schema stands; exit 1 unless it is up to date").set_defaults(
        run=_check
    )


def _describe(status: Status) -> str:
    if status.newer or status.legacy == "newer":
        return (
            f"written by a newer release (schema {status.current or 'unknown'}; this one knows {status.head})"
        )
    if status.up_to_date:
        return f"up to date (schema {status.head})"
    if status.current is None and status.legacy is None:
        return f"empty: `career-advisor db upgrade` creates schema {status.head}"
    was = status.current or f"{status.legacy}, from before migrations"
    return f"schema {was}: `career-advisor db upgrade` brings it to {status.head}"


def _databases(settings: Settings) -> list[Database]:
    return [Database(part_url(settings, part), part, migrate=False) for part in PARTS]


def _upgrade(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    for db in _databases(settings):
        before = db.upgrade()  # raises SettingsError (shown as one line) for a newer schema
        after = db.status()
        change = "already up to date" if before.up_to_date else f"upgraded to schema {after.current}"
        print(f"{db.part}: {db.where}: {change}")
        if db.part == "lti":
            from .lti.keys import KeyStore

            imported = KeyStore.for_settings(settings, db).adopt_files()
            if imported:
                print(f"lti: imported {imported} signing key(s) from the key folder of an earlier release")
        db.close()
    return 0


def _check(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    ok = True
    for db in _databases(settings):
        status = db.status()
        print(f"{db.part}: {db.where if db.sqlite else shown(db.url)}: {_describe(status)}")
        ok = ok and status.up_to_date
        db.close()
    return 0 if ok else 1
