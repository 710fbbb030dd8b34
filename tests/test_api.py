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
from web.serving import Service
from web.ui import ERROR_TEXT, ChatHandlers, answer_id_of, history_for_advisor

LMS = "https://moodle.school.example"
OTHER = "https://evil.example"
SALARY_Q = "How much do AI architects earn?"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, advisor: Advisor) -> Settings:
    return Settings(
        index_dir=advisor.settings.index_dir,
        feedback_db=tmp_path_factory.mktemp("feedback") / "feedback.sqlite3",
        frame_ancestors=[LMS],
        rate_limit="",  # the rate limit has its own tests (test_server_limits.py)
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
    assert set(body) == {"text", "citations", "grounded", "query", "backend", "answer_id", "notices"}
    assert body["grounded"] is True
    assert len(body["answer_id"]) >= 16 and body["notices"] == []
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
    assert set(body) == {"error", "kind"}, body
    assert mentions in body["error"]
    assert body["kind"] == ("invalid_json" if status == 400 else "bad_input")


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


def rate(client: TestClient, answer_id: str, rating: str = "up", **extra: str):
    return client.post("/api/feedback", json={"answer_id": answer_id, "rating": rating, **extra})


def test_feedback_is_tied_to_the_served_answer_and_survives_a_restart(
    client: TestClient, settings: Settings, advisor: Advisor
) -> None:
    answer = ask(client, SALARY_Q)
    resp = rate(client, answer["answer_id"], "up", comment="clear and cited")
    assert resp.status_code == 201, resp.text
    row_id = resp.json()["id"]

    # A new app instance on the same database: the answer and its rating are still there.
    restarted = TestClient(create_app(settings, advisor))
    again = rate(restarted, answer["answer_id"], "down")
    assert again.status_code == 409 and again.json()["kind"] == "already_rated"  # once per client
    other = ask(restarted, "Which certifications should I get?")
    assert rate(restarted, other["answer_id"], "down").status_code == 201
    rows = {r.id: r for r in FeedbackStore(settings.feedback_db).all()}
    row = rows[row_id]
    assert row.rating == "up" and row.question == SALARY_Q and row.comment == "clear and cited"
    assert row.answer == answer["text"]  # what the server answered, not what a client claims
    assert any("133,904" in c["quote"] for c in row.citations)
    assert row.created_at and row.channel == "api" and row.answer_id == answer["answer_id"]


@pytest.mark.parametrize(
    ("payload", "status", "kind"),
    [
        ({"answer_id": "never-served", "rating": "up"}, 404, "unknown_answer"),
        ({"answer_id": "x", "rating": "meh"}, 422, "bad_input"),
        ({"answer_id": "../etc", "rating": "up"}, 422, "bad_input"),
        ({"rating": "up", "question": "q", "answer": "a"}, 422, "bad_input"),  # the old, trusting form
        ({"answer_id": "x", "rating": "up", "comment": "c" * 501}, 422, "bad_input"),
    ],
    ids=["unknown-id", "bad-rating", "bad-id", "claims-instead-of-id", "long-comment"],
)
def test_feedback_is_refused_for_answers_never_served(
    client: TestClient, settings: Settings, payload: dict, status: int, kind: str
) -> None:
    before = len(FeedbackStore(settings.feedback_db).all())
    resp = client.post("/api/feedback", json=payload)
    assert resp.status_code == status, resp.text
    assert resp.json()["kind"] == kind
    assert len(FeedbackStore(settings.feedback_db).all()) == before


# --- chat handlers (what the Gradio page calls) ------------------------------------


def service_for(advisor: Advisor, tmp_path: Path, **kw) -> Service:
    settings = Settings(feedback_db=tmp_path / "fb.sqlite3", **kw)
    return Service(advisor, settings, FeedbackStore(settings.feedback_db))


def test_chat_streams_answer_then_sources(advisor: Advisor, tmp_path: Path) -> None:
    handlers = ChatHandlers(service_for(advisor, tmp_path), stream_delay=0)
    pieces = list(handlers.respond(SALARY_Q, []))
    assert len(pieces) > 2
    assert all(len(a) <= len(b) for a, b in zip(pieces, pieces[1:], strict=False))
    final = pieces[-1]
    assert "133,904" in final and '<div class="ca-sources">' in final
    assert "<details><summary>Quoted passage</summary>" in final and 'href="https://' in final
    assert answer_id_of(final)


def test_chat_like_rates_the_served_answer(advisor: Advisor, tmp_path: Path) -> None:
    service = service_for(advisor, tmp_path)
    handlers = ChatHandlers(service, stream_delay=0)
    shown = list(handlers.respond(SALARY_Q, []))[-1]
    history = [
        {"role": "user", "content": [{"type": "text", "text": SALARY_Q}]},
        {"role": "assistant", "content": [{"type": "text", "text": shown}]},
    ]
    handlers.on_like(history, LikeData(None, {"index": 1, "value": [shown], "liked": False}))
    handlers.on_like(
        history, LikeData(None, {"index": 1, "value": [shown], "liked": True})
    )  # a second: ignored
    (row,) = service.store.all()
    assert row.rating == "down" and row.question == SALARY_Q and row.channel == "web"
    assert row.answer_id == answer_id_of(shown)
    assert "**Sources**" in row.answer and "<div" not in row.answer  # the core's text, not the HTML
    assert any("133,904" in c["quote"] for c in row.citations) and row.grounded is True

    # A message that was never served (edited in the browser) stores nothing.
    forged = shown.replace(answer_id_of(shown) or "", "forged-id")
    history[1]["content"] = forged
    handlers.on_like(history, LikeData(None, {"index": 1, "value": [forged], "liked": True}))
    assert len(service.store.all()) == 1


def test_chat_history_is_plain_text_without_sources(advisor: Advisor, tmp_path: Path) -> None:
    handlers = ChatHandlers(service_for(advisor, tmp_path), stream_delay=0)
    shown = list(handlers.respond(SALARY_Q, []))[-1]
    turns = history_for_advisor(
        [
            {"role": "user", "content": [{"type": "text", "text": SALARY_Q}]},
            {"role": "assistant", "content": [{"type": "text", "text": shown}]},
        ]
    )
    assert turns[0] == {"role": "user", "content": SALARY_Q}
    assert "133,904" in turns[1]["content"] and "ca-sources" not in turns[1]["content"]
    assert "ca-answer" not in turns[1]["content"]


def test_chat_turns_bad_input_and_failures_into_friendly_messages(advisor: Advisor, tmp_path: Path) -> None:
    handlers = ChatHandlers(service_for(advisor, tmp_path), stream_delay=0)
    assert "empty" in list(handlers.respond("   ", []))[-1]
    assert "1,000" in list(handlers.respond("x" * 1001, []))[-1]
    assert "invalid Unicode" in list(handlers.respond("salary \ud800", []))[-1]

    class Broken:
        def ask(self, question: str, history: list[dict] | None = None) -> Answer:
            raise RuntimeError("index on fire")

    broken = ChatHandlers(service_for(Broken(), tmp_path / "b"), stream_delay=0)  # type: ignore[arg-type]
    assert list(broken.respond(SALARY_Q, [])) == [ERROR_TEXT]
