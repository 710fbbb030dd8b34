"""``python -m advisor loadtest``: many simulated users asking a running server.

Each user is a thread that posts a question to ``/api/ask``, waits for the
answer and asks the next one, for a fixed time. With ``--varied`` every
question is worded differently (as real users' are), so the server's query
cache cannot answer for the model. Prints answers per second, latency
percentiles and errors; it asserts nothing.
"""

from __future__ import annotations

import statistics
import threading
import time


def run(url: str, users: int = 50, seconds: float = 60.0, varied: bool = False) -> dict:
    """Load ``url`` (the server's base URL) and print and return the figures."""
    import httpx

    from .bench import _questions, _varied

    pool = _varied(5000) if varied else _questions(8)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = iter(range(10**9))

    def user() -> None:
        with httpx.Client(base_url=url, timeout=30) as http:
            while time.monotonic() < deadline:
                with lock:
                    question = pool[next(counter) % len(pool)]
                started = time.perf_counter()
                try:
                    resp = http.post("/api/ask", json={"question": question})
                    ok = resp.status_code == 200
                    why = f"HTTP {resp.status_code}"
                except httpx.HTTPError as exc:
                    ok, why = False, type(exc).__name__
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    (latencies.append(elapsed) if ok else errors.append(why))

    threads = [threading.Thread(target=user, daemon=True) for _ in range(users)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
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
