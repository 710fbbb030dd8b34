"""The tool's own RSA signing keys: created on first start, rotated on demand.

Platforms check what the tool signs (deep-linking responses) against the key set
it publishes, and they cache that set. So a rotation never removes the old key at
once: the new key signs from now on, and the old one stays published for
``grace_days`` after it was superseded, then its file is deleted.

Each key is one PEM file named ``<created unix time>-<kid>.pem``, written with
mode 0600 (only the server's user can read it). The ``kid`` is the key's
RFC 7638 thumbprint, so it is stable and never collides.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK

KEY_BITS = 2048
DAY = 86_400


@dataclass(frozen=True)
class ToolKey:
    """One key pair on disk."""

    path: Path
    created: int
    kid: str

    @property
    def private_pem(self) -> str:
        return self.path.read_text(encoding="ascii")

    @property
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


class KeyStore:
    """The folder of key files; the newest key is the one that signs."""

    def __init__(self, folder: Path, grace_days: int = 7):
        self.folder = Path(folder)
        self.grace = max(grace_days, 0) * DAY

    def _keys(self) -> list[ToolKey]:
        keys = []
        for path in self.folder.glob("*.pem"):
            created, _, kid = path.stem.partition("-")
            if created.isdigit() and kid:
                keys.append(ToolKey(path, int(created), kid))
        return sorted(keys, key=lambda k: (k.created, k.kid))

    def ensure(self) -> ToolKey:
        """The current key, generating the first one if there is none; prunes expired old keys."""
        keys = self._keys()
        if not keys:
            return self.rotate()
        self._prune(keys)
        return keys[-1]

    def current(self) -> ToolKey:
        return self.ensure()

    def rotate(self) -> ToolKey:
        """Make a new signing key; earlier keys stay published for the grace period."""
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        kid = JWK.from_pem(pem).thumbprint()
        created = max(int(time.time()), *(k.created + 1 for k in self._keys()), 0)
        path = self.folder / f"{created}-{kid}.pem"
        # O_EXCL and the mode at creation: the secret is never readable by others, not even briefly.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        key = ToolKey(path, created, kid)
        self._prune(self._keys())
        return key

    def _prune(self, keys: list[ToolKey]) -> None:
        """Delete keys superseded more than the grace period ago."""
        now = time.time()
        for old, successor in zip(keys, keys[1:]):
            if now - successor.created > self.grace:
                old.path.unlink(missing_ok=True)

    def published(self) -> list[ToolKey]:
        """Keys still in the JWKS: the current one and those within their grace period."""
        keys = self._keys()
        now = time.time()
        live = [k for k, nxt in zip(keys, keys[1:]) if now - nxt.created <= self.grace]
        return [*live, keys[-1]] if keys else []

    def jwks(self) -> dict[str, list[dict[str, Any]]]:
        """The public key set, as platforms fetch it."""
        self.ensure()
        return {"keys": [k.public_jwk() for k in self.published()]}
