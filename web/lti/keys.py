"""The tool's own RSA signing keys: created on first start, rotated on demand.

Platforms check what the tool signs (deep-linking responses) against the key set
it publishes, and they cache that set. So a rotation never removes the old key at
once: the new key signs from now on, and the old one stays published for
``grace_days`` after it was superseded, then it is deleted.

The keys live in the database with the rest of the LTI state (table
``signing_keys``), so every node behind a load balancer signs with, and publishes,
the same keys, and a rotation through any node's CLI is seen by all at once. The
private half is encrypted (Fernet: AES-128-CBC with HMAC-SHA256) under a key
derived from ``ADVISOR_LTI_KEY_SECRET``, which is not kept in the database: a copy
of the database or of a backup alone gives nobody the tool's signing key. Without
that setting (one machine, SQLite files) the secret is made once and kept in a
file only the server's user can read (``<key folder>/secret``).

The ``kid`` is the key's RFC 7638 thumbprint, so it is stable and never collides.
Releases before the database kept one PEM file per key in the key folder
(``<created unix time>-<kid>.pem``); those are imported on the first start.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from jwcrypto.jwk import JWK

from advisor.errors import SettingsError

from ..database import Database
from ..tables import signing_keys

if TYPE_CHECKING:
    from advisor.settings import Settings

KEY_BITS = 2048
DAY = 86_400
log = logging.getLogger(__name__)


def key_secret(settings: Settings, key_dir: Path) -> str:
    """The secret the private keys are encrypted under: ``ADVISOR_LTI_KEY_SECRET``, else
    (SQLite files on one machine) one made on first use in ``key_dir/secret``."""
    if settings.lti_key_secret:
        return settings.lti_key_secret
    if settings.database_url:
        raise SettingsError(
            "ADVISOR_DATABASE_URL needs ADVISOR_LTI_KEY_SECRET, the same on every node: the LTI signing "
            "keys in the shared database are encrypted with it "
            '(make one with: python -c "import secrets; print(secrets.token_urlsafe(32))")'
        )
    path = key_dir / "secret"
    if not path.exists():
        key_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(key_dir, 0o700)
        try:
            # O_EXCL and the mode at creation: never readable by others, and one writer wins.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_urlsafe(32))
    return path.read_text(encoding="ascii").strip()


def _fernet(secret: str) -> Fernet:
    """A Fernet key derived from the secret (HKDF: the secret is random, not a password)."""
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"career-advisor lti signing keys"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


@dataclass(frozen=True)
class ToolKey:
    """One key pair: its id, when it was made, and its PEM texts."""

    kid: str
    created: int
    private_pem: str

    @cached_property
    def public_pem(self) -> str:
        key = serialization.load_pem_private_key(self.private_pem.encode(), password=None)
        return (
            key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode("ascii")
        )

    def public_jwk(self) -> dict[str, Any]:
        jwk = JWK.from_pem(self.public_pem.encode())
        return {**json.loads(jwk.export_public()), "kid": self.kid, "alg": "RS256", "use": "sig"}


@dataclass(frozen=True)
class _Row:
    kid: str
    created: int
    public_jwk: dict[str, Any]
    private_key: str  # encrypted


class KeyStore:
    """The keys in the database; the newest key is the one that signs."""

    def __init__(self, db: Database, secret: str, grace_days: int = 7, legacy_folder: Path | None = None):
        self.db = db
        self.grace = max(grace_days, 0) * DAY
        self._fernet = _fernet(secret)
        self.legacy_folder = legacy_folder
        self._decrypted: dict[str, str] = {}

    @classmethod
    def for_settings(cls, settings: Settings, db: Database | None = None) -> KeyStore:
        """The key store of these settings (the LTI part of the state), opening its database if not given."""
        from .store import lti_paths

        key_dir = lti_paths(settings)[1]
        if db is None:
            from ..database import open_part

            db = open_part(settings, "lti")
        return cls(db, key_secret(settings, key_dir), settings.lti_key_grace_days, legacy_folder=key_dir)

    def _rows(self) -> list[_Row]:
        with self.db.read() as conn:
            rows = conn.execute(sa.select(signing_keys).order_by(signing_keys.c.created)).mappings().all()
        return [
            _Row(r["kid"], int(r["created"]), json.loads(r["public_jwk"]), r["private_key"]) for r in rows
        ]

    def seal(self, pem: str) -> str:
        """A private key encrypted as this store keeps it."""
        return self._fernet.encrypt(pem.encode()).decode("ascii")

    def key(self, kid: str) -> ToolKey:
        """The stored key with this id (decrypted)."""
        rows = [r for r in self._rows() if r.kid == kid]
        if not rows:
            raise KeyError(kid)
        return self._key(rows[0])

    def _key(self, row: _Row) -> ToolKey:
        if row.kid not in self._decrypted:
            try:
                self._decrypted[row.kid] = self._fernet.decrypt(row.private_key.encode()).decode("ascii")
            except InvalidToken:
                raise SettingsError(
                    f"the LTI signing keys in {self.db.where} cannot be decrypted with this "
                    "ADVISOR_LTI_KEY_SECRET: every node needs the secret they were written with"
                ) from None
        return ToolKey(row.kid, row.created, self._decrypted[row.kid])

    def ensure(self) -> ToolKey:
        """The current key, importing or generating the first one if there is none; prunes expired keys."""
        rows = self._rows()
        if not rows and self._import_files():
            rows = self._rows()
        if not rows:
            return self.rotate()
        self._prune(rows)
        return self._key(rows[-1])

    def current(self) -> ToolKey:
        return self.ensure()

    def rotate(self) -> ToolKey:
        """Make a new signing key; earlier keys stay published for the grace period."""
        private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii")
        key = self._store(pem, int(time.time()))
        self._prune(self._rows())
        return key

    def _store(self, pem: str, created: int) -> ToolKey:
        """Keep a private key, created at ``created`` or later (each key gets its own second)."""
        jwk = JWK.from_pem(pem.encode())
        kid = jwk.thumbprint()
        public = {**json.loads(jwk.export_public()), "kid": kid, "alg": "RS256", "use": "sig"}
        sealed = self.seal(pem)
        for _ in range(1000):
            with self.db.read() as conn:
                if conn.execute(sa.select(signing_keys.c.kid).where(signing_keys.c.kid == kid)).first():
                    break  # the same key is already kept
                latest = conn.execute(sa.select(sa.func.max(signing_keys.c.created))).scalar()
            if latest is not None:
                created = max(created, int(latest) + 1)
            row = dict(kid=kid, created=created, public_jwk=json.dumps(public), private_key=sealed)
            try:
                with self.db.write() as conn:
                    conn.execute(sa.insert(signing_keys).values(**row))
                break
            except sa.exc.IntegrityError:
                continue  # another node stored a key in that second (or this one): look again
        self._decrypted[kid] = pem
        return ToolKey(kid, created, pem)

    def adopt_files(self) -> int:
        """Import the key files of an earlier release if the database has no key yet; returns how many."""
        return 0 if self._rows() else self._import_files()

    def _import_files(self) -> int:
        """Keys kept as files by earlier releases, taken into the database; returns how many."""
        folder = self.legacy_folder
        if folder is None or not folder.is_dir():
            return 0
        found = []
        for path in folder.glob("*.pem"):
            created, _, kid = path.stem.partition("-")
            if created.isdigit() and kid:
                found.append((int(created), path))
        for created, path in sorted(found):
            self._store(path.read_text(encoding="ascii"), created)
        if found:
            log.info("imported %d LTI signing key(s) from %s into %s", len(found), folder, self.db.where)
        return len(found)

    def _prune(self, rows: list[_Row]) -> None:
        """Delete keys superseded more than the grace period ago."""
        now = time.time()
        old = [r.kid for r, successor in zip(rows, rows[1:]) if now - successor.created > self.grace]
        if old:
            with self.db.write() as conn:
                conn.execute(sa.delete(signing_keys).where(signing_keys.c.kid.in_(old)))

    def published(self) -> list[ToolKey]:
        """Keys still in the JWKS: the current one and those within their grace period."""
        rows = self._rows()
        now = time.time()
        live = [r for r, nxt in zip(rows, rows[1:]) if now - nxt.created <= self.grace]
        return [self._key(r) for r in [*live, rows[-1]]] if rows else []

    def jwks(self) -> dict[str, list[dict[str, Any]]]:
        """The public key set, as platforms fetch it (no private key is decrypted for it)."""
        self.ensure()
        rows = self._rows()
        now = time.time()
        live = [r for r, nxt in zip(rows, rows[1:]) if now - nxt.created <= self.grace]
        return {"keys": [r.public_jwk for r in [*live, rows[-1]]] if rows else []}
