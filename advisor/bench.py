"""``python -m advisor bench``: the speed and memory figures quoted in docs/performance.md.

Measured, never asserted: a benchmark prints figures for people to compare with
the targets in docs/performance.md (cold CLI answer <= 2 s, web ready <= 5 s, uncached p50
<= 15 ms, warm p50 <= 10 ms, RSS <= 400 MB after start and <= 450 MB after 1,000
varied questions, keyword search <= 2 ms at 10,000 passages, ONNX ingest at least
2x faster than sentence-transformers) on the machine at hand.
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


def _rss_mb() -> int:
    """Resident memory of this process now (not its peak), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _pcts(times: list[float]) -> str:
    times = sorted(times)
    pick = lambda q: times[min(len(times) - 1, round(q * (len(times) - 1)))]  # noqa: E731
    return f"p50 {statistics.median(times):5.1f} ms, p95 {pick(0.95):5.1f} ms"


_OPENINGS = ["", "please tell me: ", "quick question, ", "I'd like to know ", "can you say ", "so, ", "hi, "]
_CLOSINGS = ["", " Thanks.", " Thank you!", " Please help.", " Cheers.", " Asking for a friend."]


def _varied(n: int) -> list[str]:
    """n questions worded differently each time: golden questions with varied openings
    and closings, all distinct up to 42 times the golden set (5,500 with ours), so a
    load test of that many answers never repeats a wording a cache could answer."""
    pool = list(dict.fromkeys(_questions(200)))
    frames = [(o, c) for c in _CLOSINGS for o in _OPENINGS]
    return [
        f"{opening}{pool[i % len(pool)]}{closing}"
        for i in range(n)
        for opening, closing in [frames[(i // len(pool)) % len(frames)]]
    ]


def _web_ready(env: dict) -> float:
    """Seconds from starting ``python app.py`` until ``/healthz`` answers 200."""
    import socket

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(env, ADVISOR_PORT=str(port), ADVISOR_FEEDBACK_DB=str(Path(env["ADVISOR_INDEX_DIR"]) / "fb.db"))
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while time.perf_counter() - started < 120:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                time.sleep(0.05)
        return float("nan")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def largest_request(max_bytes: int, turn_chars: int, seed: int = 7) -> tuple[str, list[dict]]:
    """A legal request of about ``max_bytes``: a question after a history of made-up words.

    Nothing in it is a corpus word or an English one, so every word is a spelling
    candidate: the worst case for repair. The question leans on the turn before it.
    """
    import random

    rng = random.Random(seed)
    history, size = [], 0
    while size < max_bytes - 2_000:
        text = " ".join(
            "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(5, 10)))
            for _ in range(turn_chars // 9)
        )[:turn_chars]
        history.append({"role": "user" if len(history) % 2 == 0 else "assistant", "content": text})
        size += len(text) + 40
    return "and what about those?", history


def request_cpu_ms(adv, question: str, history: list[dict], repeat: int = 5) -> float:
    """Median CPU milliseconds of answering one request, with fresh caches each time."""
    times = []
    for _ in range(repeat):
        adv.library.forget_embeddings()
        adv._resources.vocabulary.correct.cache_clear()
        started = time.process_time()
        adv.ask(question, history)
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def _keyword_times(library, copies: int, queries: list[list[str]]) -> tuple[int, float]:
    """(passages, ms per query) of keyword search over ``copies`` copies of the corpus."""
    from .keyword import KeywordIndex
    from .text import terms

    docs = [terms(f"{p.meta.get('section', '')} {p.text}") for p in library.passages.values()]
    # each copy gets one marker term so the copies are distinct passages
    index = KeywordIndex([[*d, f"copy{c}"] for c in range(copies) for d in docs])
    started = time.perf_counter()
    for q in queries:
        index.scores(q)
    return len(docs) * copies, (time.perf_counter() - started) * 1000 / len(queries)


def run(n: int = 100, varied: int = 1000) -> None:
    from .core import Advisor
    from .index import Index
    from .text import terms

    print(f"Benchmark on {os.cpu_count()} CPU cores, Python {sys.version.split()[0]}\n")
    models = Index(Settings.from_env()).models_dir
    started = time.perf_counter()
    # in a child process: a first build imports torch, which would inflate this one's RSS
    code = f"from advisor.embedder import load_embedder; load_embedder({str(models)!r})"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    print(f"ONNX model ready (built only if missing):      {time.perf_counter() - started:6.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(index_dir=Path(tmp) / "index", model_cache=models, llm="")
        started = time.perf_counter()
        Index(settings).sync(progress=False)
        build = time.perf_counter() - started
        started = time.perf_counter()
        report = Index(settings).sync(progress=False)
        rebuild = time.perf_counter() - started
        print(f"index build (embed {report.passages} passages + their sentences): {build:6.1f} s")
        print(f"re-ingest with nothing changed:                  {rebuild:6.2f} s")

        env = dict(os.environ, ADVISOR_INDEX_DIR=str(settings.index_dir), ADVISOR_MODEL_CACHE=str(models))
        seconds, code, peak = _timed(["ask", _questions(1)[0]], env)
        print(f"cold start, CLI (new process to first answer):  {seconds:6.2f} s (exit {code})")
        print(f"peak RSS of that process:                         {peak:6d} MB")
        print(f"cold start, web (python app.py to /healthz 200): {_web_ready(env):6.2f} s")
        seconds, code, _ = _timed(["--help"], env)
        print(f"python -m advisor --help:                         {seconds:6.2f} s")
        seconds, code, _ = _timed(["ask", ""], env)
        print(f"input error (empty question):                     {seconds:6.2f} s (exit {code})")

        adv = Advisor(settings)
        adv.ask(adv.profile.examples[0] if adv.profile.examples else "What does the role involve?")
        print(f"RSS after start (index loaded, one answer):      {_rss_mb():6d} MB")
        questions = _questions(n)
        for question in questions:
            adv.ask(question)  # fill the query cache
        times = []
        for question in questions:
            started = time.perf_counter()
            adv.ask(question)
            times.append((time.perf_counter() - started) * 1000)
        print(f"warm ask (cached query embedding), {len(times)} questions: {_pcts(times)}")
        times = []
        for question in _varied(varied):
            adv.library.forget_embeddings()
            started = time.perf_counter()
            adv.ask(question)
            times.append((time.perf_counter() - started) * 1000)
        print(f"uncached ask (new wording each time), {len(times)} questions: {_pcts(times)}")
        print(f"RSS after those {len(times)} varied questions:          {_rss_mb():6d} MB")

        question, history = largest_request(settings.max_body_bytes - 16_000, settings.max_question_chars)
        print(
            f"largest legal request ({sum(len(t['content']) for t in history) // 1024} KB of made-up words): "
            f"{request_cpu_ms(adv, question, history):6.1f} ms of CPU"
        )

        queries = [terms(q) for q in questions]
        for copies in (1, 10, 100):
            size, ms = _keyword_times(adv.library, copies, queries)
            print(f"keyword search at {copies:3d}x the corpus ({size:6d} passages): {ms:7.3f} ms per query")

        lib = adv.library
        texts = [f"{p.meta.get('title', '')}. {p.text}" for p in lib.passages.values()] + lib.unit_text
        started = time.perf_counter()
        lib.embedder.embed(texts)
        onnx = (time.perf_counter() - started) * 1000 / len(texts)
        started = time.perf_counter()
        from sentence_transformers import SentenceTransformer  # only now: it would weigh on the RSS above

        from .offline import model_path

        model = SentenceTransformer(str(model_path()), device="cpu", local_files_only=True)
        st_load = time.perf_counter() - started
        started = time.perf_counter()
        model.encode(texts, batch_size=32, normalize_embeddings=True)
        st = (time.perf_counter() - started) * 1000 / len(texts)
        print(
            f"embedding {len(texts)} index texts: ONNX {onnx:5.2f} ms/text, sentence-transformers "
            f"{st:5.2f} ms/text ({st / onnx:.1f}x; its import + load {st_load:.1f} s)"
        )
