"""``python -m advisor loadtest``: many simulated users asking a running server.

Each user posts a question to ``/api/ask``, waits for the answer and asks the
next one, for a fixed time. With ``--varied`` every question is worded
differently (as real users' are), so the server's query cache cannot answer for
the model. Prints answers per second, latency percentiles and errors; it
asserts nothing.

The users are coroutines on one event loop sharing aiohttp's connection pool,
not threads: the client usually runs on the server's own machine, and a
thread-per-user client with httpx cost about 4.6 ms of CPU per request
(httpx's async client, 13 ms) against 1 ms here. Every millisecond the client
spends is one the server does not get, so a heavy client would measure itself.
"""

from __future__ import annotations

import asyncio
import statistics
import time


def run(url: str, users: int = 50, seconds: float = 60.0, varied: bool = False) -> dict:
    """Load ``url`` (the server's base URL) and print and return the figures."""
    from .bench import _questions, _varied

    pool = _varied(5000) if varied else _questions(8)
    latencies, errors, wall = asyncio.run(_load(url.rstrip("/"), pool, users, seconds))
    lat = sorted(latencies) or [float("nan")]
    pick = lambda q: lat[min(len(lat) - 1, round(q * (len(lat) - 1)))]  # noqa: E731
    figures = {
        "answers": len(latencies),
        "answers_per_s": len(latencies) / wall,
        "p50_ms": statistics.median(lat),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "errors": len(errors),
    }
    wording = "varied" if varied else "repeated"
    print(
        f"{users} users, {wall:.0f} s, {wording} questions: {figures['answers']} answers, "
        f"{figures['answers_per_s']:.1f}/s; p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, "
        f"p99 {figures['p99_ms']:.0f} ms; {len(errors)} errors" + (f" (first: {errors[0]})" if errors else "")
    )
    return figures


async def _load(
    url: str, pool: list[str], users: int, seconds: float
) -> tuple[list[float], list[str], float]:
    """(latencies in ms of the answers, why each failed request failed, wall seconds)."""
    import aiohttp

    latencies: list[float] = []
    errors: list[str] = []
    asked = 0
    deadline = time.monotonic() + seconds

    async def user(http: aiohttp.ClientSession) -> None:
        nonlocal asked
        while time.monotonic() < deadline:
            question = pool[asked % len(pool)]
            asked += 1  # one event loop: no lock needed
            started = time.perf_counter()
            try:
                async with http.post(f"{url}/api/ask", json={"question": question}) as resp:
                    await resp.read()
                    ok, why = resp.status == 200, f"HTTP {resp.status}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                ok, why = False, type(exc).__name__
            elapsed = (time.perf_counter() - started) * 1000
            (latencies.append(elapsed) if ok else errors.append(why))

    connector = aiohttp.TCPConnector(limit=users)
    timeout = aiohttp.ClientTimeout(total=30)
    started = time.monotonic()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        await asyncio.gather(*(user(http) for _ in range(users)))
    return latencies, errors, time.monotonic() - started
