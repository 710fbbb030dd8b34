"""Real servers for the tests: loopback ports, the app under uvicorn, Debian's Chromium.

Every test that speaks HTTP runs a real server on a free loopback port, as users
get it; the app runs in a thread of the test process, so a test can also read
what it stored. One copy of these helpers keeps every such test starting and
stopping its servers the same way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
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


CHROMA = Path(sys.executable).with_name("chroma")  # chromadb's own server command


class ChromaServer:
    """``chroma run`` serving the store in ``path`` on a free loopback port."""

    def __init__(self, path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(f"{self.url}/api/v2/heartbeat")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


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
    # One client for every poll: each new one loads the CA bundle, some 50 ms of CPU.
    with httpx.Client(timeout=5) as client:
        while True:
            try:
                resp = client.get(url)
                if resp.status_code == 200:
                    return resp
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not come up")
            time.sleep(0.05)


# --- database and cache servers: the machine's PostgreSQL, Debian's redis-server ------------


def _postgres_bin() -> Path:
    """The folder of PostgreSQL's initdb and postgres: the machine's own, else Debian's newest."""
    for folder in [Path("/usr/local/bin"), *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]:
        if (folder / "initdb").exists():
            return folder
    return Path("/usr/local/bin")


POSTGRES_BIN = _postgres_bin()
REDIS = Path("/usr/bin/redis-server")
NGINX = Path("/usr/sbin/nginx")


def require(*binaries: Path) -> None:
    """Skip the calling test when a server binary is missing (``make servers`` installs them)."""
    missing = [str(b) for b in binaries if not b.exists()]
    if missing:
        pytest.skip(f"{', '.join(missing)} missing: run `make servers` (installs Debian's packages)")


def _owner() -> dict[str, Any]:
    """Run as the unprivileged ``postgres`` (or ``nobody``) user when the tests run as root:
    PostgreSQL refuses to run as root."""
    import os
    import pwd

    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": entry.pw_uid, "group": entry.pw_gid}
    raise RuntimeError("running as root and no unprivileged user to run PostgreSQL as")


class PostgresServer:
    """A throw-away PostgreSQL cluster in a temporary folder, on a free loopback port.

    ``url`` names its ``advisor`` database (user ``advisor``, trust authentication on
    loopback only). fsync is off: the tests stop the advisor abruptly, never this server.
    """

    def __init__(self) -> None:
        import os
        import shutil
        import subprocess
        import tempfile

        require(POSTGRES_BIN / "initdb", POSTGRES_BIN / "postgres")
        self.folder = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
        owner = _owner()
        if owner:
            shutil.chown(self.folder, owner["user"], owner["group"])
        self.port = free_port()
        data = self.folder / "data"
        subprocess.run(
            [
                str(POSTGRES_BIN / "initdb"),
                "-D",
                str(data),
                "-U",
                "advisor",
                "--auth=trust",
                "-E",
                "UTF8",
                "-N",
            ],
            check=True,
            capture_output=True,
            cwd=self.folder,
            **owner,
        )
        self.proc = subprocess.Popen(
            [str(POSTGRES_BIN / "postgres"), "-D", str(data), "-p", str(self.port), "-k", str(self.folder)]
            + ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "server.log", "wb"),  # noqa: SIM115 (kept open while it runs)
            cwd=self.folder,
            env={**os.environ, "LC_ALL": "C"},
            **owner,
        )
        self.admin_url = f"postgresql://advisor@127.0.0.1:{self.port}/postgres"
        self._wait()
        self.create("advisor")
        self.url = self.database("advisor")

    def _wait(self) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.admin_url, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"PostgreSQL did not start: {(self.folder / 'server.log').read_text()}"
                    ) from None
                time.sleep(0.1)

    def database(self, name: str) -> str:
        return f"postgresql://advisor@127.0.0.1:{self.port}/{name}"

    def create(self, name: str) -> str:
        """A new empty database in this cluster; returns its URL."""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.database(name)

    def stop(self) -> None:
        import shutil
        import signal

        self.proc.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown
        try:
            self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer:
    """Debian's redis-server on a free loopback port, keeping nothing on disk."""

    def __init__(self, folder: Path) -> None:
        import subprocess

        require(REDIS)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [str(REDIS), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)
