"""Real servers for the tests: loopback ports, the app under uvicorn, Debian's Chromium.

Every test that speaks HTTP runs a real server on a free loopback port, as users
get it; the app runs in a thread of the test process, so a test can also read
what it stored. One copy of these helpers keeps every such test starting and
stopping its servers the same way.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from advisor import Advisor
from advisor.settings import Settings

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"  # screenshots, for a human to look at
CHROMIUM = Path("/usr/bin/chromium")  # the distribution's, never a downloaded one
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip the calling test module when Debian's Chromium is not installed; fail it in CI.

    On a developer's machine a missing browser skips (with how to install it); under
    ``CI=true`` it fails, so a CI run can never pass without having run the browser tests.
    """
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(f"{message}; CI must run the browser tests", pytrace=False)
    pytest.skip(f"{message} to run browser tests", allow_module_level=True)


def free_socket() -> socket.socket:
    """A socket bound to a free loopback port, for a server in this process."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def free_port() -> int:
    """A loopback port that was free a moment ago, for a server in another process."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(app: Any, *, lifespan: str = "off", **options: Any) -> Iterator[str]:
    """Run an ASGI app under uvicorn on a free loopback port; yields its base URL.

    ``options`` go to ``uvicorn.Config`` (e.g. the proxy-header options app.py uses).
    """
    sock = free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan=lifespan, **options))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def serve_app(settings: Settings, advisor: Advisor, *, stream_delay: float = 0) -> Iterator[str]:
    """The whole web app around ``advisor``, served as app.py serves it (lifespan on, and
    uvicorn believing the same proxies as the rate limiter); yields its base URL."""
    from web import create_app
    from web.ratelimit import uvicorn_options

    app = create_app(settings, advisor, stream_delay=stream_delay, chat_later=True)
    with serve(app, lifespan="on", **uvicorn_options(settings.trusted_proxies)) as url:
        wait_for(f"{url}/")  # the chat pages are mounted once Gradio is loaded (web.chatlater)
        yield url


def wait_for(url: str, seconds: float = 90) -> httpx.Response:
    """Poll ``url`` until it answers 200 (a server in another process starting up)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            resp = httpx.get(url, timeout=5)
            if resp.status_code == 200:
                return resp
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not come up")
        time.sleep(0.1)
