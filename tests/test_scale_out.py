"""One index in a Chroma server (``chroma run``), shared by web workers.

A real ``chroma run`` listens on a free loopback port; the advisor ingests into
it and answers through it, ``python app.py`` runs two workers against it, and a
server that is down or goes away is reported, never answered around.

Embedding the whole corpus takes about a minute, so the servers that need the
whole index serve a copy of the session's local one (the same Chroma store
format); ingesting into a server from nothing is shown on the small corpus.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from servers import CHROMA, ChromaServer, free_port, wait_for

from advisor import Advisor, loadtest
from advisor.index import ChromaUnreachable, Index
from advisor.settings import ROOT, Settings, SettingsError
from tests.conftest import CORPUS, MODEL_CACHE, settings_for

QUESTION = "How much do AI architects earn?"


def whole_index_copy(advisor: Advisor, folder: Path) -> Path:
    """A copy of the session's built Chroma store of the whole corpus, for a server to serve."""
    return shutil.copytree(advisor.settings.index_dir / "chroma", folder)


@pytest.fixture(scope="module")
def chroma(advisor, tmp_path_factory):
    if not CHROMA.exists():
        pytest.skip("chromadb's `chroma` command is not installed")
    server = ChromaServer(whole_index_copy(advisor, tmp_path_factory.mktemp("chroma-server") / "store"))
    yield server
    server.stop()


def server_settings(url: str, tmp: Path, **kw) -> Settings:
    return Settings(
        corpus_dir=CORPUS, index_dir=tmp / "local", model_cache=MODEL_CACHE, chroma_url=url, llm="", **kw
    )


@pytest.fixture(scope="module")
def remote_advisor(chroma, tmp_path_factory) -> Advisor:
    settings = server_settings(chroma.url, tmp_path_factory.mktemp("remote"))
    report = Index(settings).sync(progress=False)
    assert report.passages > 100 and len(report.unchanged) > 10 and not report.changed
    adv = Advisor(settings)
    adv.load()
    return adv


def test_answers_through_a_chroma_server_match_the_local_index(remote_advisor, advisor):
    remote = remote_advisor.ask(QUESTION)
    local = advisor.ask(QUESTION)
    assert remote.grounded and "133,904" in remote.text
    assert remote.text == local.text
    assert [c.quote for c in remote.citations] == [c.quote for c in local.citations]
    assert not (remote_advisor.settings.index_dir / "chroma").exists(), "nothing is stored locally"


def test_a_second_process_sees_the_same_index_without_embedding(remote_advisor, chroma, tmp_path):
    again = Index(server_settings(chroma.url, tmp_path)).sync(progress=False)
    assert not again.changed and not again.rebuilt and again.passages == remote_advisor.library.size


def test_ingest_into_an_empty_server_matches_a_local_ingest(small_corpus, small_index, tmp_path):
    """Passages and sentences embedded here and stored over HTTP answer exactly as the
    same corpus ingested into a local folder; a second ingest finds nothing to do."""
    if not CHROMA.exists():
        pytest.skip("chromadb's `chroma` command is not installed")
    server = ChromaServer(tmp_path / "store")
    try:
        settings = replace(settings_for(small_corpus, tmp_path / "local"), chroma_url=server.url)
        report = Index(settings).sync(progress=False)
        local = Advisor(settings_for(small_corpus, small_index))  # the same corpus, ingested locally
        assert len(report.added) == 3 and not report.rebuilt and report.passages == local.library.size
        again = Index(settings).sync(progress=False)
        assert not again.changed and not again.rebuilt and again.passages == report.passages
        remote, expected = Advisor(settings).ask(QUESTION), local.ask(QUESTION)
        assert remote.grounded and "133,904" in remote.text
        assert remote.text == expected.text
        assert [c.quote for c in remote.citations] == [c.quote for c in expected.citations]
        assert not (tmp_path / "local" / "chroma").exists(), "nothing is stored locally"
    finally:
        server.stop()


def test_two_web_workers_answer_from_one_index(remote_advisor, chroma, tmp_path):
    port = free_port()
    env = dict(
        os.environ,
        ADVISOR_CHROMA_URL=chroma.url,
        ADVISOR_WORKERS="2",
        ADVISOR_PORT=str(port),
        ADVISOR_INDEX_DIR=str(tmp_path / "local"),
        ADVISOR_MODEL_CACHE=str(MODEL_CACHE),
        ADVISOR_CORPUS_DIR=str(CORPUS),
        ADVISOR_FEEDBACK_DB=str(tmp_path / "feedback.sqlite3"),
        ADVISOR_LLM="",
        ADVISOR_RATE_LIMIT="",  # the load test below is one client asking as fast as it can
    )
    proc = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        health = wait_for(f"{base}/healthz", seconds=180).json()
        assert health["passages"] == remote_advisor.library.size
        expected = remote_advisor.ask(QUESTION).text
        with httpx.Client(timeout=60) as http:
            replies = [http.post(f"{base}/api/ask", json={"question": QUESTION}) for _ in range(8)]
        assert [r.status_code for r in replies] == [200] * 8
        assert {r.json()["text"] for r in replies} == {expected}
        figures = loadtest.run(base, users=4, seconds=3, varied=True)
        assert figures["answers"] > 0 and figures["errors"] == 0
    finally:
        proc.terminate()
        output = proc.communicate(timeout=60)[0]
    assert output.count("Started server process") == 2 or output.count("Application startup complete") >= 2, (
        output[-2000:]
    )


def test_unreachable_server_is_a_clear_error(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ChromaUnreachable, match="cannot be reached"):
        Advisor(server_settings(url, tmp_path)).load()
    env = dict(os.environ, ADVISOR_CHROMA_URL=url, ADVISOR_INDEX_DIR=str(tmp_path / "local"))
    proc = subprocess.run(
        [sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 1
    assert f"error: the Chroma server at {url} cannot be reached" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_healthz_and_answers_report_a_server_that_went_away(advisor, tmp_path):
    from web import create_app

    server = ChromaServer(whole_index_copy(advisor, tmp_path / "store"))
    try:
        settings = server_settings(server.url, tmp_path, feedback_db=tmp_path / "feedback.sqlite3")
        client = TestClient(create_app(settings))
        assert client.get("/healthz").json()["status"] == "ok"
    finally:
        server.stop()
    health = client.get("/healthz")
    assert health.status_code == 503 and "cannot be reached" in health.json()["error"]
    answer = client.post("/api/ask", json={"question": "What skills do AI architects need most?"})
    assert answer.status_code >= 500 and "133" not in answer.text


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ADVISOR_CHROMA_URL": "localhost:8000"}, "must look like http://host:8000"),
        ({"ADVISOR_CHROMA_URL": "http://host:port"}, "must look like"),
        ({"ADVISOR_WORKERS": "4"}, "needs ADVISOR_CHROMA_URL"),
        ({"ADVISOR_WORKERS": "0"}, "1 or more"),
    ],
)
def test_bad_scale_out_settings_are_explained(monkeypatch, env, message):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError, match=message):
        Settings.from_env()
