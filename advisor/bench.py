"""``python -m advisor bench``: the speed and memory figures quoted in the README.

Measured, never asserted: a benchmark prints figures for people to compare with
the targets (warm p50 < 50 ms, cold start < 10 s, peak RSS < 800 MB, --help and
input errors < 1 s) on the machine at hand.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .settings import ROOT, Settings


def _questions(n: int) -> list[str]:
    """n distinct questions: the golden set's, else variations of a fixed list."""
    try:
        import yaml

        cases = yaml.safe_load((ROOT / "evals" / "golden.yaml").read_text("utf-8"))
        pool = [c["question"] for c in cases if not c.get("history")]
    except (OSError, ValueError):
        pool = []
    pool = pool or ["What does the role involve?", "How much does it pay?", "What skills are needed?"]
    return [pool[i % len(pool)] for i in range(n)]


# Runs the CLI in a child and reports the child's own peak memory (VmHWM): the
# rusage of children would count the fork of this (larger) benchmark process.
_CHILD = """
import runpy, sys
sys.argv = ["advisor", *sys.argv[1:]]
try:
    runpy.run_module("advisor", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
peak = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM")]
print("PEAK_KB", peak[0].split()[1] if peak else 0, file=sys.stderr)
sys.exit(code)
"""


def _timed(args: list[str], env: dict) -> tuple[float, int, int]:
    """Wall seconds, exit code and peak RSS (MB) of ``python -m advisor ARGS``."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, env=env, cwd=ROOT
    )
    seconds = time.perf_counter() - started
    peak = [ln.split()[1] for ln in proc.stderr.splitlines() if ln.startswith("PEAK_KB")]
    return seconds, proc.returncode, int(peak[0]) // 1024 if peak else 0


def run(n: int = 100) -> None:
    from .core import Advisor
    from .index import Index

    print(f"Benchmark on {os.cpu_count()} CPU cores, Python {sys.version.split()[0]}\n")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(index_dir=Path(tmp) / "index", llm="")
        started = time.perf_counter()
        Index(settings).sync(progress=False)
        build = time.perf_counter() - started
        started = time.perf_counter()
        report = Index(settings).sync(progress=False)
        rebuild = time.perf_counter() - started
        print(f"index build (model load + embed {report.passages} passages): {build:6.1f} s")
        print(f"re-ingest with nothing changed:                  {rebuild:6.2f} s")

        adv = Advisor(settings)
        adv.ask(adv.profile.examples[0] if adv.profile.examples else "What does the role involve?")
        times = []
        for question in _questions(n):
            started = time.perf_counter()
            adv.ask(question)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"warm ask over {len(times)} questions: p50 {statistics.median(times):5.1f} ms, p95 {p95:5.1f} ms"
        )
        own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"peak RSS of this process (build + {len(times)} answers): {own_peak} MB")

        env = dict(os.environ, ADVISOR_INDEX_DIR=str(settings.index_dir))
        seconds, code, peak = _timed(["ask", _questions(1)[0]], env)
        print(f"cold start (new process to first answer):        {seconds:6.2f} s (exit {code})")
        print(f"peak RSS of that process:                         {peak:6d} MB")
        seconds, code, _ = _timed(["--help"], env)
        print(f"python -m advisor --help:                         {seconds:6.2f} s")
        seconds, code, _ = _timed(["ask", ""], env)
        print(f"input error (empty question):                     {seconds:6.2f} s (exit {code})")
