"""``python app.py`` answers the API within seconds; the chat pages follow once Gradio has loaded."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
from servers import free_port, serve, wait_for

from tests.conftest import CORPUS, MODEL_CACHE, ROOT


def test_app_answers_the_api_before_the_chat_pages_are_mounted(advisor, index_dir, tmp_path):
    port = free_port()
    env = dict(
        os.environ,
        ADVISOR_PORT=str(port),
        ADVISOR_INDEX_DIR=str(index_dir),  # the session's built index: nothing to ingest
        ADVISOR_MODEL_CACHE=str(MODEL_CACHE),
        ADVISOR_CORPUS_DIR=str(CORPUS),
        ADVISOR_FEEDBACK_DB=str(tmp_path / "feedback.sqlite3"),
        ADVISOR_LLM="",
    )
    proc = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(f"{base}/healthz", seconds=120).json()["status"] == "ok"
        answer = httpx.post(
            f"{base}/api/ask", json={"question": "How much does the CKA exam cost?"}, timeout=60
        )
        assert answer.status_code == 200 and "$445" in answer.json()["text"]
        # Whether the chat is still loading now depends on this machine's speed: the wait
        # page itself is tested below, with the moment Gradio is ready under the test's control.
        page = wait_for(f"{base}/", seconds=120)
        assert "gradio" in page.text.lower()
        assert wait_for(f"{base}/embed/").status_code == 200
        # the chat's own API, behind the mounted page, is up too
        assert httpx.get(f"{base}/gradio_api/info", timeout=10).status_code == 200
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err, err


def test_until_gradio_has_loaded_the_chat_paths_ask_to_wait(advisor, tmp_path, monkeypatch):
    import threading

    import web.chatlater
    from advisor.settings import Settings
    from web import create_app

    loaded = threading.Event()
    real = web.chatlater._import_ui

    def import_when_allowed():
        loaded.wait(120)  # Gradio "takes" until the test says it is loaded
        return real()

    monkeypatch.setattr(web.chatlater, "_import_ui", import_when_allowed)
    settings = Settings(
        index_dir=advisor.settings.index_dir, feedback_db=tmp_path / "fb.sqlite3", model_cache=MODEL_CACHE
    )
    try:
        with serve(create_app(settings, advisor, chat_later=True), lifespan="on") as base:
            for path in ("/", "/embed/"):
                early = httpx.get(f"{base}{path}", timeout=10)
                assert early.status_code == 503, early.text
                assert early.headers["retry-after"] and "reloads itself" in early.text
            answer = httpx.post(
                f"{base}/api/ask", json={"question": "How much does the CKA exam cost?"}, timeout=60
            )
            assert answer.status_code == 200 and "$445" in answer.json()["text"]
            loaded.set()
            assert "gradio" in wait_for(f"{base}/", seconds=120).text.lower()
            assert wait_for(f"{base}/embed/").status_code == 200
    finally:
        loaded.set()


def test_a_chat_that_cannot_start_says_so_and_the_api_still_answers(advisor, tmp_path, monkeypatch):
    import time

    from fastapi.testclient import TestClient

    import web.chatlater
    from advisor.settings import Settings
    from web import create_app

    def broken():
        raise ImportError("a broken Gradio install")

    monkeypatch.setattr(web.chatlater, "_import_ui", broken)
    index = advisor.settings.index_dir
    settings = Settings(index_dir=index, model_cache=MODEL_CACHE, feedback_db=tmp_path / "fb.sqlite3", llm="")
    with TestClient(create_app(settings, advisor, chat_later=True)) as client:
        deadline = time.monotonic() + 30
        while "could not start" not in (page := client.get("/")).text and time.monotonic() < deadline:
            time.sleep(0.05)
        assert page.status_code == 503 and "could not start" in page.text
        assert "retry-after" not in page.headers and "refresh" not in page.text, "no reloading forever"
        reply = client.post("/api/ask", json={"question": "How much does the CKA exam cost?"})
        assert reply.status_code == 200 and "$445" in reply.json()["text"]
