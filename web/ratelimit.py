"""Per-client rate limits (``ADVISOR_RATE_LIMIT``) with the ``limits`` library.

A client is its network address. Behind a reverse proxy every request comes from
the proxy, so the address is taken from ``X-Forwarded-For`` - but only when the
request arrives from an address listed in ``ADVISOR_TRUSTED_PROXIES``; anyone
else could write any address there and escape the limit.

The counters live in ``ADVISOR_RATE_LIMIT_STORAGE``: ``memory://`` (the default)
keeps them in the worker process, so with N workers a client gets up to N times
the limit; a shared store such as ``redis://host:6379`` (needs the ``redis``
package) makes the limit global. The in-memory store expires each client's
entries when its window ends, so it stays bounded by the clients of one window.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterable, Mapping

from limits import parse, strategies
from limits.storage import storage_from_string

from advisor.errors import SettingsError

from .errors import RateLimited

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(entries: Iterable[str]) -> list[_Network]:
    nets = []
    for entry in entries:
        try:
            nets.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise SettingsError(
                f"ADVISOR_TRUSTED_PROXIES: {entry!r} is not an IP address or network"
            ) from None
    return nets


class ClientAddress:
    """Works out who a request is from, believing X-Forwarded-For only from trusted proxies."""

    def __init__(self, trusted_proxies: Iterable[str] = ()):
        self.trusted = _networks(trusted_proxies)

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.trusted)

    def __call__(self, peer: str | None, headers: Mapping[str, str]) -> str:
        """The client's address, from the connection's ``peer`` and the request headers.

        Walks X-Forwarded-For from the right (the hop nearest to us) past trusted
        proxies; the first address that is not one is the client.
        """
        address = peer or "unknown"
        if not self.trusted or not self._is_trusted(address):
            return address
        forwarded = headers.get("x-forwarded-for", "")
        for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
            try:
                ipaddress.ip_address(hop)
            except ValueError:
                break  # a malformed hop: believe nothing further left of it
            address = hop
            if not self._is_trusted(hop):
                break
        return address


def uvicorn_options(trusted_proxies: list[str]) -> dict:
    """uvicorn's proxy-header options matching ``ADVISOR_TRUSTED_PROXIES``, so the server and
    the rate limiter agree on who the client is (and on X-Forwarded-Proto)."""
    _networks(trusted_proxies)  # refuse a malformed entry before uvicorn sees it
    if not trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(trusted_proxies)}


class RateLimiter:
    """``check(scope, client)`` raises :class:`RateLimited` when the client is over its limit.

    ``scope`` names a budget ("ask", "feedback"): asking through the API and the
    chat page share one, rating answers has its own.
    """

    def __init__(self, spec: str, storage: str = "memory://"):
        self.item = None
        if spec.strip().lower() not in ("", "off", "none"):
            try:
                self.item = parse(spec)
            except ValueError:
                raise SettingsError(
                    f"ADVISOR_RATE_LIMIT={spec!r}: use a rate like '30/minute' or '100 per hour'"
                ) from None
        try:
            self.limiter = strategies.MovingWindowRateLimiter(storage_from_string(storage))
        except Exception as exc:  # limits raises several kinds for a bad or unusable URI
            raise SettingsError(f"ADVISOR_RATE_LIMIT_STORAGE={storage!r}: {exc}") from None

    @property
    def enabled(self) -> bool:
        return self.item is not None

    def check(self, scope: str, client: str) -> None:
        if self.item is None or self.limiter.hit(self.item, scope, client):
            return
        stats = self.limiter.get_window_stats(self.item, scope, client)
        raise RateLimited(stats.reset_time - time.time())
