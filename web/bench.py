"""``python -m web.bench``: CPU cost of the requests the input limits exist for.

Measured, never asserted: it sends big-but-allowed requests (a 240 KB history,
a 500-turn history, a 1,000-character word) to the real app in this process and
prints the CPU time each costs, to compare with the target (a repeated 240 KB
request ≤ 50 ms of CPU). Uses the index of ``ADVISOR_INDEX_DIR`` (built if missing).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from advisor.settings import Settings

from . import create_app

FILLER = (
    "AI architects design the systems that bring machine learning into an organisation, "
    "and they work with data scientists, engineers and business leaders to pick tools. "
)


def history_of(total_bytes: int, turns: int) -> list[dict]:
    per_turn = max(1, total_bytes // turns)
    text = (FILLER * (per_turn // len(FILLER) + 1))[:per_turn]
    return [{"role": "user" if i % 2 == 0 else "assistant", "content": text} for i in range(turns)]


def cpu_ms(client: TestClient, payload: dict, repeat: int) -> list[float]:
    body = json.dumps(payload)
    costs = []
    for _ in range(repeat):
        start = time.process_time()
        resp = client.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
        costs.append((time.process_time() - start) * 1000)
        if resp.status_code != 200:
            raise SystemExit(f"unexpected {resp.status_code}: {resp.text[:200]}")
    return costs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="requests per case (default 20)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(rate_limit="", feedback_db=Path(tmp) / "fb.sqlite3")
        client = TestClient(create_app(settings))
        question = "and what do they earn?"
        cases = {
            "normal question": {"question": "How much do AI architects earn?"},
            "240 KB history (100 turns)": {"question": question, "history": history_of(240_000, 100)},
            "240 KB history (one turn)": {"question": question, "history": history_of(240_000, 1)},
            "500-turn history": {"question": question, "history": history_of(100_000, 500)},
            "1,000-character word": {"question": "a" * 1000},
        }
        cpu_ms(client, cases["normal question"], 2)  # warm up: first-call costs are not the point
        print(f"CPU per request, {args.repeat} repeats (median / max):")
        for name, payload in cases.items():
            kb = len(json.dumps(payload).encode()) / 1024
            costs = cpu_ms(client, payload, args.repeat)
            print(f"  {name:30} {kb:7.1f} KB  {statistics.median(costs):7.1f} ms / {max(costs):7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
