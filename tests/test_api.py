"""The web layer over HTTP: API answers and errors, headers, widget, embed, feedback.

Runs against the real Advisor of ``conftest.py`` (a temporary index built once
per session), so the JSON, the citations and the decline are the ones users get.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from gradio import LikeData

from advisor import Advisor, Answer
from advisor.settings import Settings
from web import create_app
from web.feedback import FeedbackStore
from web.ui import ERROR_TEXT, ChatHandlers, history_for_advisor

LMS = "https://moodle.school.example"
OTHER = "https://evil.example"
SALARY_Q = "How much do AI architects earn?"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, advisor: Advisor) -> Settings:
    return Settings(
        index_dir=advisor.settings.index_dir,
        feedback_db=tmp_path_factory.mktemp("feedback") / "feedback.sqlite3",
        frame_ancestors=[LMS],
    )


@pytest.fixture(scope="module")
def app(settings: Settings, advisor: Advisor) -> FastAPI:
    return create_app(settings, advisor)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def ask(client: TestClient, question: str, history: list[dict] | None = None) -> dict:
    resp = client.post("/api/ask", json={"question": question, "history": history or []})
    assert resp.status_code == 200, resp.text
    return resp.json()


# --- /api/ask ------------------------------------------------------------------


def test_ask_returns_cited_answer(client: TestClient) -> None:
    body = ask(client, "how much do AI architects earn?")
    assert set(body) == {"text", "citations", "grounded", "query", "backend"}
    assert body["grounded"] is True
    assert "[1]" in body["text"]
    assert any("133,904" in c["quote"] for c in body["citations"])
    first = body["citations"][0]
    assert first["n"] == 1 and first["title"] and first["url"].startswith("https://")


def test_follow_up_uses_history(client: TestClient) -> None:
    first = ask(client, SALARY_Q)
    history = [{"role": "user", "content": SALARY_Q}, {"role": "assistant", "content": first["text"]}]
    body = ask(client, "and what skills do they need?", history)
    assert body["grounded"] is True
    assert body["citations"]
    assert "skill" in body["text"].lower()
    # The follow-up was resolved with the earlier turn before searching.
    assert "architect" in body["query"].lower()


def test_off_topic_question_is_declined(client: TestClient) -> None:
    body = ask(client, "What is the best pizza in Naples?")
    assert body["grounded"] is False
    assert body["citations"] == []
    assert body["text"]


@pytest.mark.parametrize(
    ("raw", "status", "mentions"),
    [
        ('{"question": "how much', 400, "not valid JSON"),
        ("{}", 422, "'question' is required"),
        ('{"question": 42}', 422, "question"),
        ('["how much do AI architects earn?"]', 422, "JSON object"),
        ('{"question": "   "}', 422, "empty"),
        ('{"question": "' + "x" * 1001 + '"}', 422, "1,000"),
        ('{"question": "hi\\u0000there"}', 422, "control characters"),
        ('{"question": "hi", "history": "earlier"}', 422, "history"),
        ('{"question": "hi", "history": [{"role": "bot", "content": "x"}]}', 422, "role"),
        ('{"question": "hi", "topic": "x"}', 422, "'topic' is not a known field"),
    ],
    ids=[
        "malformed-json",
        "missing-question",
        "wrong-type",
        "not-an-object",
        "empty",
        "too-long",
        "control-chars",
        "history-wrong-type",
        "history-bad-role",
        "unknown-field",
    ],
)
def test_bad_input_gets_clear_json_error(client: TestClient, raw: str, status: int, mentions: str) -> None:
    resp = client.post("/api/ask", content=raw, headers={"Content-Type": "application/json"})
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}, body
    assert mentions in body["error"]


def test_oversized_body_is_refused(client: TestClient) -> None:
    resp = client.post(
        "/api/ask", json={"question": "hi", "history": [{"role": "user", "content": "x" * 300_000}]}
    )
    assert resp.status_code == 413
    assert "error" in resp.json()


# --- health, docs, pages, widget ---------------------------------------------------


def test_healthz(client: TestClient) -> None:
    resp = client.get("/healthz")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ok" and body["index_loaded"] is True
    assert body["documents"] > 0 and body["passages"] > 0
    assert body["version"]


def test_openapi_and_docs(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/ask", "/healthz"} <= set(paths)
    assert client.get("/docs").status_code == 200


def test_chat_page_and_embed_are_served(client: TestClient) -> None:
    for path in ("/", "/embed/"):
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert resp.headers["content-type"].startswith("text/html")
    resp = client.get("/embed", follow_redirects=False)
    assert resp.status_code in (301, 302, 307, 308)
    assert resp.headers["location"].endswith("/embed/")


def test_widget_js_is_served_as_javascript(client: TestClient) -> None:
    resp = client.get("/widget.js")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/javascript")
    assert "attachShadow" in resp.text and "embed/" in resp.text


# --- security headers ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/embed/"])
def test_frame_ancestors_allows_self_and_configured_origins(client: TestClient, path: str) -> None:
    csp = client.get(path).headers["content-security-policy"]
    assert csp.startswith("frame-ancestors 'self'")
    assert LMS in csp.split()


def test_cors_allows_only_configured_origins(client: TestClient) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ok = client.options("/api/ask", headers={"Origin": LMS, **preflight})
    assert ok.headers.get("access-control-allow-origin") == LMS
    denied = client.options("/api/ask", headers={"Origin": OTHER, **preflight})
    assert "access-control-allow-origin" not in denied.headers

    question = {"question": SALARY_Q}
    assert (
        client.post("/api/ask", json=question, headers={"Origin": LMS}).headers.get(
            "access-control-allow-origin"
        )
        == LMS
    )
    assert (
        "access-control-allow-origin"
        not in client.post("/api/ask", json=question, headers={"Origin": OTHER}).headers
    )


def test_bad_frame_ancestor_entries_are_ignored(advisor: Advisor, tmp_path: Path) -> None:
    settings = Settings(
        index_dir=advisor.settings.index_dir,
        feedback_db=tmp_path / "fb.sqlite3",
        frame_ancestors=[LMS, "https://x.example; script-src *"],
    )
    csp = TestClient(create_app(settings, advisor)).get("/embed/").headers["content-security-policy"]
    assert csp == f"frame-ancestors 'self' {LMS}"


def test_root_path_behind_a_proxy(advisor: Advisor, tmp_path: Path) -> None:
    settings = Settings(
        index_dir=advisor.settings.index_dir, feedback_db=tmp_path / "fb.sqlite3", root_path="/advisor"
    )
    client = TestClient(create_app(settings, advisor))
    # nginx strips the prefix (proxy_pass .../;); a proxy that keeps it works too.
    for prefix in ("", "/advisor"):
        assert client.get(f"{prefix}/healthz").json()["status"] == "ok"
        assert client.get(f"{prefix}/embed/").status_code == 200
    assert "/advisor/openapi.json" in client.get("/docs").text
    assert client.get("/config").json()["root"].endswith("/advisor")
    assert client.get("/embed/config").json()["root"].endswith("/advisor/embed")
    assert client.get("/embed", follow_redirects=False).headers["location"] == "/advisor/embed/"


# --- feedback --------------------------------------------------------------------


def test_feedback_is_stored_and_survives_a_restart(
    client: TestClient, settings: Settings, advisor: Advisor
) -> None:
    answer = ask(client, SALARY_Q)
    resp = client.post(
        "/api/feedback",
        json={
            "rating": "up",
            "question": SALARY_Q,
            "answer": answer["text"],
            "citations": answer["citations"],
        },
    )
    assert resp.status_code == 201
    row_id = resp.json()["id"]

    # A new app instance on the same database: the row is still there, and new ones are added.
    restarted = TestClient(create_app(settings, advisor))
    resp = restarted.post("/api/feedback", json={"rating": "down", "question": "q", "answer": "a"})
    assert resp.status_code == 201
    rows = {r.id: r for r in FeedbackStore(settings.feedback_db).all()}
    assert rows[row_id].rating == "up" and rows[row_id].question == SALARY_Q
    assert any("133,904" in c["quote"] for c in rows[row_id].citations)
    assert rows[row_id].created_at and rows[row_id].channel == "api"
    assert rows[resp.json()["id"]].rating == "down"


def test_feedback_rejects_bad_rating(client: TestClient) -> None:
    resp = client.post("/api/feedback", json={"rating": "meh", "question": "q", "answer": "a"})
    assert resp.status_code == 422
    assert "rating" in resp.json()["error"]


# --- chat handlers (what the Gradio page calls) ------------------------------------


def test_chat_streams_answer_then_sources(advisor: Advisor, tmp_path: Path) -> None:
    handlers = ChatHandlers(advisor, FeedbackStore(tmp_path / "fb.sqlite3"), stream_delay=0)
    pieces = list(handlers.respond(SALARY_Q, []))
    assert len(pieces) > 2
    assert all(len(a) <= len(b) for a, b in zip(pieces, pieces[1:], strict=False))
    final = pieces[-1]
    assert "133,904" in final and '<div class="ca-sources">' in final
    assert "<details><summary>Quoted passage</summary>" in final and 'href="https://' in final


def test_chat_like_stores_question_answer_and_citations(advisor: Advisor, tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    handlers = ChatHandlers(advisor, store, stream_delay=0)
    shown = list(handlers.respond(SALARY_Q, []))[-1]
    history = [
        {"role": "user", "content": [{"type": "text", "text": SALARY_Q}]},
        {"role": "assistant", "content": [{"type": "text", "text": shown}]},
    ]
    handlers.on_like(history, LikeData(None, {"index": 1, "value": [shown], "liked": False}))
    (row,) = store.all()
    assert row.rating == "down" and row.question == SALARY_Q and row.channel == "web"
    assert "**Sources**" in row.answer and "<div" not in row.answer  # the core's text, not the HTML
    assert any("133,904" in c["quote"] for c in row.citations) and row.grounded is True


def test_chat_history_is_plain_text_without_sources(advisor: Advisor, tmp_path: Path) -> None:
    handlers = ChatHandlers(advisor, FeedbackStore(tmp_path / "fb.sqlite3"), stream_delay=0)
    shown = list(handlers.respond(SALARY_Q, []))[-1]
    turns = history_for_advisor(
        [
            {"role": "user", "content": [{"type": "text", "text": SALARY_Q}]},
            {"role": "assistant", "content": [{"type": "text", "text": shown}]},
        ]
    )
    assert turns[0] == {"role": "user", "content": SALARY_Q}
    assert "133,904" in turns[1]["content"] and "ca-sources" not in turns[1]["content"]


def test_chat_turns_bad_input_and_failures_into_friendly_messages(advisor: Advisor, tmp_path: Path) -> None:
    handlers = ChatHandlers(advisor, FeedbackStore(tmp_path / "fb.sqlite3"), stream_delay=0)
    assert "empty" in list(handlers.respond("   ", []))[-1]
    assert "1,000" in list(handlers.respond("x" * 1001, []))[-1]

    class Broken:
        def ask(self, question: str, history: list[dict] | None = None) -> Answer:
            raise RuntimeError("index on fire")

    broken = ChatHandlers(Broken(), FeedbackStore(tmp_path / "fb2.sqlite3"), stream_delay=0)  # type: ignore[arg-type]
    assert list(broken.respond(SALARY_Q, [])) == [ERROR_TEXT]
