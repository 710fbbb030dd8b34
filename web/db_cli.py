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
import sys
from dataclasses import replace
from pathlib import Path

import sqlalchemy as sa

from advisor.settings import Settings

from .database import PARTS, Database, Status, part_url, shown
from .tables import feedback_metadata, lti_metadata, signing_keys


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
    copy = cmds.add_parser(
        "copy-from-sqlite",
        help="copy one machine's SQLite files (every row, and the signing keys) into ADVISOR_DATABASE_URL",
    )
    copy.add_argument("--feedback-db", type=Path, help="default: ADVISOR_FEEDBACK_DB")
    copy.add_argument(
        "--lti-db", type=Path, help="default: ADVISOR_LTI_DB (lti.sqlite3 beside the feedback file)"
    )
    copy.add_argument(
        "--key-dir", type=Path, help="the folder of the files' key secret (default: ADVISOR_LTI_KEY_DIR)"
    )
    copy.set_defaults(run=_copy)


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


def _copy(args: argparse.Namespace) -> int:
    """Copy every row of the SQLite files into the (empty) shared database.

    The files are upgraded first, as a server would; the signing keys are decrypted with
    the files' secret and encrypted again with ``ADVISOR_LTI_KEY_SECRET``.
    """
    from .lti.keys import KeyStore, key_secret
    from .lti.store import lti_paths

    settings = Settings.from_env()
    if not settings.database_url:
        print("error: set ADVISOR_DATABASE_URL to the database to copy into", file=sys.stderr)
        return 2
    local = replace(
        settings,
        database_url="",
        lti_key_secret="",
        feedback_db=args.feedback_db or settings.feedback_db,
        lti_db=args.lti_db or settings.lti_db,
        lti_key_dir=args.key_dir or settings.lti_key_dir,
    )
    files = {"feedback": Path(local.feedback_db), "lti": lti_paths(local)[0]}
    missing = [str(path) for path in files.values() if not path.exists()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    key_dir = lti_paths(local)[1]
    # The files' keys were encrypted with their own secret file, or (if there is none)
    # with the ADVISOR_LTI_KEY_SECRET this machine already had.
    source_secret = key_secret(local, key_dir) if (key_dir / "secret").exists() else settings.lti_key_secret
    sources = {part: Database(f"sqlite:///{path}", part) for part, path in files.items()}
    targets = {part: Database(part_url(settings, part), part) for part in PARTS}
    source_keys = KeyStore(sources["lti"], source_secret or "-", legacy_folder=key_dir)
    target_keys = KeyStore.for_settings(settings, targets["lti"])
    if source_secret:
        source_keys.adopt_files()
    metadata = {"feedback": feedback_metadata, "lti": lti_metadata}
    with targets["feedback"].read() as f_conn, targets["lti"].read() as l_conn:
        held = [
            t.name
            for part, conn in (("feedback", f_conn), ("lti", l_conn))
            for t in metadata[part].sorted_tables
            if conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
        ]
    if held:
        print(
            f"error: {shown(targets['feedback'].url)} already holds rows ({', '.join(held)}): "
            "copy into an empty database only",
            file=sys.stderr,
        )
        return 2
    for part in PARTS:
        for table in metadata[part].sorted_tables:
            with sources[part].read() as conn:
                rows = [dict(r) for r in conn.execute(sa.select(table)).mappings()]
            if table is signing_keys:
                rows = [
                    {**r, "private_key": target_keys.seal(source_keys.key(r["kid"]).private_pem)}
                    for r in rows
                ]
            with targets[part].write() as conn:
                for start in range(0, len(rows), 500):
                    conn.execute(sa.insert(table), rows[start : start + 500])
                if table.name == "feedback" and conn.dialect.name == "postgresql":
                    # explicit ids were copied: new ratings continue after the highest
                    conn.execute(
                        sa.text(
                            "SELECT setval(pg_get_serial_sequence('feedback', 'id'),"
                            " COALESCE((SELECT MAX(id) FROM feedback), 0) + 1, false)"
                        )
                    )
            print(f"{part}: {table.name}: {len(rows)} row(s) copied")
    for db in [*sources.values(), *targets.values()]:
        db.close()
    return 0
