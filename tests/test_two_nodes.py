"""Two nodes, one service: two ``python app.py`` behind a real nginx, sharing everything they remember.

Each node has its own port and its own local folder; they share one Chroma server
(the index), one PostgreSQL (answers, ratings, LTI state, signing keys) and one
Redis (rate-limit counters). nginx balances between them round robin, as a
deployment would. What one node stored, the other must know: a rating of an answer
A served, a second rating, the rate limit, an LTI launch, a key rotation; and
``kill -9`` of a node loses nothing it had answered, while the other keeps serving.

The figures a run measured (start-up, answers through nginx) are printed for
``docs/scale-out.md``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from lti_platform import LmsPlatform, register, running_lms
from servers import (
    CHROMA,
    NGINX,
    ChromaServer,
    PostgresServer,
    RedisServer,
    free_port,
    require,
    wait_for,
)
from test_lti import authorized_form, launch_data, parse_form

from advisor.settings import ROOT
from tests.conftest import CORPUS, MODEL_CACHE
from web.lti.store import LtiStore

QUESTIONS = [
    "How much do AI architects earn?",
    "What skills do AI architects need most?",
    "Which certifications help an AI architect?",
    "What does an AI architect do day to day?",
]
RATE_LIMIT = 4  # asks per minute per client, counted in Redis by both nodes
SECRET = "two-nodes-share-this-key-secret"


@dataclass
class Node:
    name: str
    url: str
    folder: Path
    env: dict[str, str]
    proc: subprocess.Popen


def start_node(name: str, folder: Path, shared: dict[str, str]) -> Node:
    port = free_port()
    folder.mkdir(parents=True)
    env = dict(
        os.environ,
        **shared,
        ADVISOR_PORT=str(port),
        ADVISOR_INDEX_DIR=str(folder / "index"),
        ADVISOR_FEEDBACK_DB=str(folder / "feedback.sqlite3"),  # must stay unwritten
        ADVISOR_MODEL_CACHE=str(MODEL_CACHE),
        ADVISOR_CORPUS_DIR=str(CORPUS),
        ADVISOR_LLM="",
    )
    log = open(folder / "node.log", "w")  # noqa: SIM115 (open while the node runs)
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
    )
    return Node(name, f"http://127.0.0.1:{port}", folder, env, proc)


NGINX_CONF = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    log_format upstreams '$status $request_uri $upstream_addr';
    access_log {folder}/access.log upstreams;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream advisor {{
        server {a} max_fails=1 fail_timeout=60s;
        server {b} max_fails=1 fail_timeout=60s;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://advisor;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            # appended, not replaced, so that the test can speak for several clients
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_buffering off;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


class Nginx:
    def __init__(self, folder: Path, a: str, b: str):
        folder.mkdir(parents=True)
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        conf = folder / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(folder=folder, port=self.port, a=a.split("//")[1], b=b.split("//")[1])
        )
        self.proc = subprocess.Popen(
            [
                str(NGINX),
                "-p",
                str(folder),
                "-c",
                str(conf),
                "-e",
                str(folder / "error.log"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def upstreams(self, path: str) -> list[str]:
        """The node (host:port) that answered each request for ``path``, oldest first (when
        nginx had to try another node, the one it tried last)."""
        lines = [line.split(" ", 2) for line in (self.folder / "access.log").read_text().splitlines()]
        return [tried.split(", ")[-1] for _, uri, tried in lines if uri == path]

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGQUIT)  # graceful
        self.proc.wait(timeout=20)


@dataclass
class Service:
    a: Node
    b: Node
    nginx: Nginx
    postgres: PostgresServer
    lms: LmsPlatform


def client(address: str) -> dict[str, str]:
    """Headers that make a request come from ``address`` (loopback is a trusted proxy)."""
    return {"X-Forwarded-For": address}


@pytest.fixture(scope="module")
def service(advisor, tmp_path_factory) -> Iterator[Service]:
    require(NGINX, CHROMA)
    folder = tmp_path_factory.mktemp("two-nodes")
    started = time.monotonic()
    postgres = PostgresServer()
    redis = RedisServer(folder)
    chroma = ChromaServer(Path(_copy_index(advisor, folder / "chroma")))
    servers_up = time.monotonic() - started
    shared = dict(
        ADVISOR_CHROMA_URL=chroma.url,
        ADVISOR_DATABASE_URL=postgres.url,
        ADVISOR_LTI_KEY_SECRET=SECRET,
        ADVISOR_RATE_LIMIT=f"{RATE_LIMIT}/minute",
        ADVISOR_RATE_LIMIT_STORAGE=redis.url,
    )
    nodes: list[Node] = []
    nginx = None
    try:
        nodes = [start_node(name, folder / name, shared) for name in ("a", "b")]
        for node in nodes:
            wait_for(f"{node.url}/healthz", seconds=240)
        nodes_up = time.monotonic() - started - servers_up
        print(f"\n[two nodes] database, cache and index servers up in {servers_up:.1f} s;", end=" ")
        print(f"both nodes answering in {nodes_up:.1f} s")
        nginx = Nginx(folder / "nginx", nodes[0].url, nodes[1].url)
        wait_for(f"{nginx.url}/healthz")
        with running_lms(client_id="two-nodes") as lms:
            lms.tool = nodes[0].url
            register(LtiStore(postgres.url), lms)
            yield Service(nodes[0], nodes[1], nginx, postgres, lms)
    finally:
        if nginx:
            nginx.stop()
        for node in nodes:
            if node.proc.poll() is None:
                node.proc.terminate()
                node.proc.wait(timeout=60)
        chroma.stop()
        redis.stop()
        postgres.stop()


def _copy_index(advisor, target: Path) -> Path:
    import shutil

    return shutil.copytree(advisor.settings.index_dir / "chroma", target)


def test_an_answer_served_by_one_node_is_rated_through_the_other_once(service: Service) -> None:
    me = client("198.51.100.10")
    with httpx.Client(timeout=60) as http:
        answer = http.post(f"{service.a.url}/api/ask", json={"question": QUESTIONS[0]}, headers=me)
        assert answer.status_code == 200, answer.text
        answer_id = answer.json()["answer_id"]
        rating = {"answer_id": answer_id, "rating": "up"}
        first = http.post(f"{service.b.url}/api/feedback", json=rating, headers=me)
        assert first.status_code == 201, first.text
        again = http.post(f"{service.a.url}/api/feedback", json=rating, headers=me)
        assert again.status_code == 409, again.text
        other = http.post(f"{service.a.url}/api/feedback", json=rating, headers=client("198.51.100.11"))
        assert other.status_code == 201  # another client may rate it


def test_the_rate_limit_counts_across_both_nodes(service: Service) -> None:
    me = client("203.0.113.70")
    with httpx.Client(timeout=60) as http:
        codes = [
            http.post(f"{service.nginx.url}/api/ask", json={"question": QUESTIONS[1]}, headers=me).status_code
            for _ in range(RATE_LIMIT + 1)
        ]
    assert codes == [200] * RATE_LIMIT + [429]
    served_by = service.nginx.upstreams("/api/ask")[-(RATE_LIMIT + 1) :]
    assert len(set(served_by)) == 2, f"nginx used both nodes: {served_by}"


def test_an_lti_launch_on_one_node_continues_on_the_other(service: Service) -> None:
    """The LMS sends the browser to node A to log in; the launch it posts back lands on B
    (the login A stored is found there, once); the launch's token then works on both."""
    with httpx.Client(timeout=60, follow_redirects=False) as http:
        auth = authorized_form(http, service.lms, course="Two nodes 101")  # login on node A
        action, fields = parse_form(auth.text)
        assert action == f"{service.a.url}/lti/launch"
        page = http.post(f"{service.b.url}/lti/launch", data=fields)  # the launch arrives at B
        assert page.status_code == 200, page.text
        assert "Two nodes 101" in page.text
        replayed = http.post(f"{service.a.url}/lti/launch", data=fields)
        assert replayed.status_code == 400, "a login is used once, whichever node sees it"
        token = launch_data(page.text)["token"]
        me = {"Authorization": f"Bearer {token}", **client("192.0.2.30")}
        answer = http.post(
            f"{service.a.url}/lti/api/ask", json={"question": QUESTIONS[2], "history": []}, headers=me
        )
        assert answer.status_code == 200, answer.text
        rated = http.post(
            f"{service.b.url}/lti/api/feedback",
            json={"answer_id": answer.json()["answer_id"], "rating": "down"},
            headers=me,
        )
        assert rated.status_code == 201, rated.text


def test_a_key_rotated_through_one_nodes_cli_is_published_by_the_other(service: Service) -> None:
    before = httpx.get(f"{service.b.url}/lti/jwks.json", timeout=60).json()["keys"]
    rotated = subprocess.run(
        [str(Path(sys.executable).with_name("career-advisor")), "lti", "rotate-key"],
        env=service.a.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rotated.returncode == 0, rotated.stderr
    kid = re.search(r"new signing key (\S+);", rotated.stdout).group(1)
    after = httpx.get(f"{service.b.url}/lti/jwks.json", timeout=60).json()["keys"]
    assert [k["kid"] for k in after] == [k["kid"] for k in before] + [kid]


def test_kill_9_of_a_node_mid_answer_loses_nothing_and_the_other_keeps_answering(service: Service) -> None:
    """Clients ask node A without pause; A is killed with SIGKILL among their requests."""
    served: list[str] = []
    failed: list[str] = []
    stop = threading.Event()

    def ask_a(n: int) -> None:
        with httpx.Client(timeout=30) as http:
            while not stop.is_set():
                try:
                    resp = http.post(
                        f"{service.a.url}/api/ask",
                        json={"question": QUESTIONS[n % len(QUESTIONS)]},
                        headers=client(f"198.18.0.{n}"),
                    )
                except httpx.HTTPError as exc:
                    failed.append(type(exc).__name__)
                    return
                if resp.status_code == 200:
                    served.append(resp.json()["answer_id"])

    # the rate limit applies per client, so each asking thread is a client of its own
    threads = [threading.Thread(target=ask_a, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(served) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    service.a.proc.send_signal(signal.SIGKILL)
    service.a.proc.wait(timeout=10)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert len(served) >= 3 and failed, (served, failed)

    with httpx.Client(timeout=60) as http:
        for i, answer_id in enumerate(served):  # every answer A returned was stored before it was sent
            rated = http.post(
                f"{service.b.url}/api/feedback",
                json={"answer_id": answer_id, "rating": "up"},
                headers=client(f"198.18.1.{i}"),  # a client each: the limit is 4 a minute per client
            )
            assert rated.status_code == 201, rated.text
        through_nginx, seconds = [], []
        for i, question in enumerate(QUESTIONS):
            began = time.perf_counter()
            through_nginx.append(
                http.post(
                    f"{service.nginx.url}/api/ask",
                    json={"question": question},
                    headers=client(f"198.18.2.{i}"),
                )
            )
            seconds.append(time.perf_counter() - began)
    print(
        f"\n[two nodes] kill -9 of A after {len(served)} answers ({len(failed)} requests cut off): all "
        f"{len(served)} rated through B; asks through nginx afterwards took "
        f"{', '.join(f'{s * 1000:.0f}' for s in seconds)} ms"
    )
    assert [r.status_code for r in through_nginx] == [200] * len(QUESTIONS)
    assert set(service.nginx.upstreams("/api/ask")[-len(QUESTIONS) :]) == {service.b.url.split("//")[1]}


def test_no_node_writes_a_sqlite_file(service: Service) -> None:
    for node in (service.a, service.b):
        written = sorted(p.name for p in node.folder.rglob("*") if p.is_file())
        assert not [name for name in written if "sqlite" in name or name == "secret"], written
        assert not (node.folder / "feedback.sqlite3").exists()
