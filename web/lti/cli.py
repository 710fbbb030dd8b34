"""``career-advisor lti ...``: register platforms by hand, list or remove them, rotate the tool's key.

Dynamic registration (Moodle) and Canvas's JSON URL cover most set-ups; this is
for the rest: copy the values the LMS shows after you add the tool manually.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlparse

from advisor.settings import Settings

from .keys import KeyStore
from .store import LtiStore, Platform


def add_lti_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``lti add-platform``, ``lti list`` and ``lti rotate-key`` to the CLI."""
    lti = sub.add_parser("lti", help="LTI 1.3: register LMS platforms, rotate the tool's signing key")
    lti.set_defaults(run=lambda args: (lti.print_help(), 2)[1])
    cmds = lti.add_subparsers(dest="lti_command")

    add = cmds.add_parser("add-platform", help="register an LMS by hand (values from its tool settings)")
    add.add_argument("--issuer", required=True, help="platform ID / issuer, e.g. https://moodle.school.org")
    add.add_argument("--client-id", required=True, help="the client ID the LMS gave the tool")
    add.add_argument("--deployment-id", action="append", default=[], help="a deployment ID (repeatable)")
    add.add_argument("--auth-login-url", help="the LMS's authentication request URL (OIDC auth endpoint)")
    add.add_argument("--key-set-url", help="the LMS's public keyset URL (JWKS)")
    add.add_argument("--auth-token-url", default="", help="the LMS's access token URL (optional)")
    add.add_argument("--name", default="", help="a label for this platform")
    add.set_defaults(run=_add_platform)

    remove = cmds.add_parser("remove-platform", help="forget a registered LMS")
    remove.add_argument("--issuer", required=True)
    remove.add_argument("--client-id", required=True)
    remove.set_defaults(run=_remove_platform)

    cmds.add_parser("list", help="show the registered platforms").set_defaults(run=_list)
    cmds.add_parser("rotate-key", help="make a new signing key; the old one stays published").set_defaults(
        run=_rotate
    )


def _is_url(value: str | None) -> bool:
    parts = urlparse(value or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _add_platform(args: argparse.Namespace) -> int:
    missing = [f"--{n}" for n in ("auth-login-url", "key-set-url") if not getattr(args, n.replace("-", "_"))]
    if missing:
        print(f"error: {' and '.join(missing)} required", file=sys.stderr)
        return 2
    bad = [v for v in (args.issuer, args.auth_login_url, args.key_set_url) if not _is_url(v)]
    if args.auth_token_url and not _is_url(args.auth_token_url):
        bad.append(args.auth_token_url)
    if bad:
        print(f"error: not an http(s) URL: {', '.join(bad)}", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    platform = Platform(
        issuer=args.issuer.rstrip("/") if args.issuer.count("/") > 2 else args.issuer,
        client_id=args.client_id,
        auth_login_url=args.auth_login_url,
        key_set_url=args.key_set_url,
        auth_token_url=args.auth_token_url,
        deployment_ids=args.deployment_id,
        name=args.name,
    )
    store = LtiStore.for_settings(settings)
    store.add_platform(platform)
    print(f"registered {platform.issuer} (client {platform.client_id}) in {store.db.where}")
    return 0


def _remove_platform(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not LtiStore.for_settings(settings).remove_platform(args.issuer, args.client_id):
        print(f"error: no platform {args.issuer} with client {args.client_id} is registered", file=sys.stderr)
        return 2
    print(f"removed {args.issuer} (client {args.client_id})")
    return 0


def _list(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    platforms = LtiStore.for_settings(settings).platforms()
    if not platforms:
        print("no platforms registered")
    for p in platforms:
        print(f"{p.issuer}  client={p.client_id}  deployments={','.join(p.deployment_ids) or '-'}  {p.name}")
    return 0


def _rotate(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    keys = KeyStore.for_settings(settings)
    key = keys.rotate()
    print(
        f"new signing key {key.kid}; earlier keys stay in the key set for "
        f"{settings.lti_key_grace_days} days; it signs from now on (no restart needed)."
    )
    return 0
