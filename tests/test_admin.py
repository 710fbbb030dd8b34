"""The staff page's access rules and its data, over real HTTP (uvicorn on a loopback port).

The insights are drawn from answers the advisor really served through the API, so a
question it declines a moment before must show up among the unanswered groups.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np
import pytest
from servers import serve

from advisor import Advisor, Answer
from advisor.errors import SettingsError
from advisor.settings import Settings
from web import create_app
from web.feedback import FeedbackStore
from web.lti.store import LtiStore
from web.ratelimit import uvicorn_options

# Generous: the first insights of a process import the clustering code while Gradio loads.
get = functools.partial(httpx.get, timeout=60)
post = functools.partial(httpx.post, timeout=60)
TOKEN = "staff-token-for-the-tests-0123456789abcdef"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
PIZZA = "What is the best pizza in Naples?"
PIZZA_AGAIN = "Where can I find the best pizza in Naples?"
FOOTBALL = "Who won the football world cup in 2018?"
SALARY = "How much do AI architects earn?"
# Declined before any model run (a place the guides never name); worded only here, so no
# other test's question can have put them in the advisor's embedding cache.
CHICAGO = "What do AI architects earn in Chicago?"
CHICAGO_AGAIN = "What salary can an AI architect expect in Chicago?"
VECTOR_BYTES = 384 * 4  # one float32 embedding of the advisor's model


@contextmanager
def staff_server(advisor: Advisor, folder: Path, **kw) -> Iterator[str]:
    """The whole app (chat mounted later, not waited for) on a loopback port."""
    settings = Settings(
        index_dir=advisor.settings.index_dir, feedback_db=folder / "feedback.sqlite3", rate_limit="", **kw
    )
    app = create_app(settings, advisor, chat_later=True)
    with serve(app, lifespan="on", **uvicorn_options(settings.trusted_proxies)) as url:
        yield url


def ask(url: str, question: str) -> dict:
    resp = post(f"{url}/api/ask", json={"question": question})
    assert resp.status_code == 200, resp.text
    return resp.json()


def stored(folder: Path) -> list[tuple[str | None, bytes | None]]:
    """(question, question_vector) of every answer in the server's database, oldest first."""
    with closing(sqlite3.connect(folder / "feedback.sqlite3")) as db:
        return db.execute("SELECT question, question_vector FROM answers ORDER BY rowid").fetchall()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("admin")


@pytest.fixture(scope="module")
def server(advisor: Advisor, folder: Path) -> Iterator[str]:
    with staff_server(advisor, folder, admin_token=TOKEN) as url:
        yield url


@pytest.fixture(scope="module")
def served(server: str) -> dict[str, dict]:
    """Questions really asked through the API: two wordings of one unanswerable question,
    an unrelated unanswerable one, and one the guides answer."""
    return {q: ask(server, q) for q in (PIZZA, PIZZA_AGAIN, FOOTBALL, SALARY)}


# --- access --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/admin/insights", "/api/admin/insights/unanswered.csv"])
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong-token-of-the-same-length-0123456789ab"}, {"Authorization": TOKEN}],
)
def test_no_data_without_the_token(server: str, served: dict, path: str, headers: dict) -> None:
    resp = get(server + path, headers=headers)
    assert resp.status_code == 401
    assert resp.json()["kind"] == "unauthorized"
    assert "Naples" not in resp.text and "unanswered" not in resp.json()


def test_a_forged_session_cookie_is_refused(server: str, served: dict) -> None:
    far = int((datetime.now(UTC) + timedelta(days=1)).timestamp())
    resp = get(f"{server}/api/admin/insights", cookies={"ca_admin": f"{far}.{'0' * 64}"})
    assert resp.status_code == 401


def test_the_page_asks_for_the_token_without_a_session(server: str) -> None:
    resp = get(f"{server}/admin")
    assert resp.status_code == 401
    assert 'name="token"' in resp.text and "Advisor insights" not in resp.text


def test_a_short_token_is_refused_at_start_up(advisor: Advisor, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ADVISOR_ADMIN_TOKEN", "too-short")
    with pytest.raises(SettingsError, match="at least 32 characters"):
        Settings.from_env()
    settings = Settings(
        index_dir=advisor.settings.index_dir, feedback_db=tmp_path / "f.db", admin_token="x" * 31
    )
    with pytest.raises(SettingsError, match="ADVISOR_ADMIN_TOKEN"):
        create_app(settings, advisor, chat_later=True)


def test_without_a_token_the_page_says_how_to_enable_it(advisor: Advisor, tmp_path: Path) -> None:
    with staff_server(advisor, tmp_path) as url:
        page = get(f"{url}/admin")
        data = get(f"{url}/api/admin/insights", headers=BEARER)
    assert page.status_code == 200 and "ADVISOR_ADMIN_TOKEN" in page.text and "token_urlsafe" in page.text
    assert data.status_code == 401 and "ADVISOR_ADMIN_TOKEN" in data.json()["error"]


def test_sign_in_sets_a_strict_http_only_cookie(server: str) -> None:
    with httpx.Client(base_url=server, timeout=60) as browser:
        wrong = browser.post("/admin/sign-in", data={"token": "not-it"})
        assert wrong.status_code == 401 and "not the staff token" in wrong.text
        assert "ca_admin" not in browser.cookies
        resp = browser.post("/admin/sign-in", data={"token": TOKEN})
        assert resp.status_code == 303
        cookie = resp.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
        assert browser.get("/api/admin/insights").status_code == 200
        page = browser.get("/admin")
        assert page.status_code == 200 and "Advisor insights" in page.text
        browser.post("/admin/sign-out")
        assert browser.get("/api/admin/insights").status_code == 401


def test_the_cookie_is_secure_behind_https(server: str) -> None:
    # The loopback proxy is trusted by default, so its X-Forwarded-Proto is believed.
    resp = post(f"{server}/admin/sign-in", data={"token": TOKEN}, headers={"X-Forwarded-Proto": "https"})
    assert resp.status_code == 303 and "secure" in resp.headers["set-cookie"].lower()


def test_sign_in_attempts_are_rate_limited(advisor: Advisor, tmp_path: Path) -> None:
    with staff_server(advisor, tmp_path, admin_token=TOKEN) as url:
        codes = [post(f"{url}/admin/sign-in", data={"token": f"guess-{i}"}).status_code for i in range(6)]
        right = post(f"{url}/admin/sign-in", data={"token": TOKEN})
        bearer = get(f"{url}/api/admin/insights", headers={"Authorization": "Bearer guess"})
    assert codes == [401] * 5 + [429]
    assert right.status_code == 429  # even the right token waits: guessing cannot go on
    assert bearer.status_code == 429


# --- data ----------------------------------------------------------------------


def test_a_declined_question_is_among_the_unanswered_groups(server: str, served: dict) -> None:
    assert not served[PIZZA]["grounded"] and not served[PIZZA_AGAIN]["grounded"]
    assert not served[FOOTBALL]["grounded"] and served[SALARY]["grounded"]
    resp = get(f"{server}/api/admin/insights", headers=BEARER)
    assert resp.status_code == 200
    data = resp.json()
    assert data["totals"] == {**data["totals"], "questions": 4, "answered": 1, "declined": 3}
    groups = data["unanswered"]
    wordings = [set(g["examples"]) for g in groups]
    assert {PIZZA, PIZZA_AGAIN} in wordings, groups  # two wordings of one question: one group
    assert {FOOTBALL} in wordings, groups  # another question: a group of its own
    assert [g["count"] for g in groups] == [2, 1]  # largest first
    today = datetime.now(UTC).date().isoformat()
    assert data["per_day"][-1] == {"day": today, "answered": 1, "declined": 3}
    cited = {c["source"] for c in data["cited"]}
    assert cited == {c["source"] for c in served[SALARY]["citations"]}
    never = {c["source"] for c in data["never_cited"]}
    assert never and not never & cited


def test_the_period_filter(server: str, served: dict) -> None:
    before = (datetime.now(UTC) - timedelta(days=3)).date()
    resp = get(
        f"{server}/api/admin/insights",
        params={"from": (before - timedelta(days=6)).isoformat(), "to": before.isoformat()},
        headers=BEARER,
    )
    data = resp.json()
    assert resp.status_code == 200 and len(data["per_day"]) == 7
    assert data["totals"]["questions"] == 0 and data["unanswered"] == []
    bad = get(f"{server}/api/admin/insights", params={"from": "last week"}, headers=BEARER)
    assert bad.status_code == 422 and "2026-01-31" in bad.json()["error"]
    reversed_ = get(
        f"{server}/api/admin/insights", params={"from": "2026-02-01", "to": "2026-01-01"}, headers=BEARER
    )
    assert reversed_.status_code == 422 and "starts after it ends" in reversed_.json()["error"]


def test_each_table_downloads_as_csv(server: str, served: dict) -> None:
    resp = get(f"{server}/api/admin/insights/unanswered.csv", headers=BEARER)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(resp.text)))
    assert rows[0] == ["group", "questions", "first_seen", "last_seen", "example_wordings"]
    assert rows[1][1] == "2" and PIZZA in rows[1][4]
    for name in ("per_day", "worst_rated", "cited", "never_cited", "courses"):
        assert get(f"{server}/api/admin/insights/{name}.csv", headers=BEARER).status_code == 200
    assert get(f"{server}/api/admin/insights/secrets.csv", headers=BEARER).status_code == 404


def test_worst_rated_answers_carry_question_sources_and_comments(server: str, served: dict) -> None:
    rated = served[SALARY]["answer_id"]
    resp = post(f"{server}/api/feedback", json={"answer_id": rated, "rating": "down", "comment": "too vague"})
    assert resp.status_code == 201
    worst = get(f"{server}/api/admin/insights", headers=BEARER).json()["worst_rated"]
    assert worst[0]["question"] == SALARY and worst[0]["down"] == 1
    assert worst[0]["comments"] == ["too vague"]
    assert len(worst[0]["sources"]) == len(served[SALARY]["citations"])


def test_without_question_text_groups_still_count(advisor: Advisor, tmp_path: Path) -> None:
    with staff_server(advisor, tmp_path, admin_token=TOKEN, store_questions=False) as url:
        for q in (PIZZA, PIZZA_AGAIN, FOOTBALL):
            ask(url, q)
        resp = get(f"{url}/api/admin/insights", headers=BEARER)
        table = get(f"{url}/api/admin/insights/unanswered.csv", headers=BEARER)
    data = resp.json()
    assert [g["count"] for g in data["unanswered"]] == [2, 1]
    assert all(g["examples"] == [] for g in data["unanswered"]) and data["questions_kept"] is False
    # Without the text, the meaning is kept when the answer is, even for a question the
    # advisor declined before embedding it (PIZZA): later there would be nothing to embed.
    rows = stored(tmp_path)
    assert len(rows) == 3 and all(q is None and v is not None and len(v) == VECTOR_BYTES for q, v in rows)
    text = json.dumps(data) + table.text
    assert "Naples" not in text and "football" not in text.lower()
    assert "example_wordings" not in table.text


def test_use_per_course_names_no_one(server: str, served: dict, folder: Path) -> None:
    # What the LTI chat does when it serves an answer in a course (web.lti.report).
    lti = LtiStore(folder / "lti.sqlite3")
    lti.tag_answer(served[PIZZA]["answer_id"], "https://lms.example", "course-7")
    lti.tag_answer(served[SALARY]["answer_id"], "https://lms.example", "course-7")
    courses = get(f"{server}/api/admin/insights", headers=BEARER).json()["courses"]
    assert courses == [
        {
            "platform": "https://lms.example",
            "course_id": "course-7",
            "course": "",
            "questions": 2,
            "declined": 1,
            "ratings_up": 0,
            "ratings_down": courses[0]["ratings_down"],  # the worst-rated test may have rated one
        }
    ]
    rows = list(csv.reader(io.StringIO(get(f"{server}/api/admin/insights/courses.csv", headers=BEARER).text)))
    assert rows[0][:4] == ["platform", "course_id", "course", "questions"] and rows[1][3] == "2"


def test_declined_questions_kept_before_their_meaning_was_are_grouped_too(
    advisor: Advisor, tmp_path: Path
) -> None:
    # An answer stored by an earlier version (schema 2) has its text but no embedding:
    # the page embeds its text when it groups.
    with staff_server(advisor, tmp_path, admin_token=TOKEN) as url:
        for q in (PIZZA, FOOTBALL):
            ask(url, q)
        FeedbackStore(tmp_path / "feedback.sqlite3").record_answer(
            Answer(text="I can't answer that from my sources.", grounded=False), PIZZA_AGAIN, "api"
        )
        data = get(f"{url}/api/admin/insights", headers=BEARER).json()
    assert [(g["count"], set(g["examples"])) for g in data["unanswered"]] == [
        (2, {PIZZA, PIZZA_AGAIN}),
        (1, {FOOTBALL}),
    ]
    assert data["notes"] == []
    # The page kept the embedding it computed: the next view does not compute it again.
    assert dict(stored(tmp_path))[PIZZA_AGAIN] is not None


def test_a_question_declined_before_it_was_embedded_is_embedded_once_by_the_staff_page(
    advisor: Advisor, tmp_path: Path
) -> None:
    # Its text is kept, so answering it runs no model; the first staff-page view embeds
    # it, groups it, and keeps the vector, so later views embed nothing.
    model = advisor.library.embedder
    with staff_server(advisor, tmp_path, admin_token=TOKEN) as url:
        runs = model.calls
        assert not ask(url, CHICAGO)["grounded"] and not ask(url, CHICAGO_AGAIN)["grounded"]
        assert model.calls == runs, "a question declined before embedding ran the model while the user waited"
        ask(url, FOOTBALL)  # declined after the advisor embedded it: its vector is kept at once
        before = stored(tmp_path)
        data = get(f"{url}/api/admin/insights", headers=BEARER).json()
        after = stored(tmp_path)
        runs = model.calls
        again = get(f"{url}/api/admin/insights", headers=BEARER).json()
        assert model.calls == runs, "a second view embedded again what the first one kept"
    assert [(q, v is None) for q, v in before] == [(CHICAGO, True), (CHICAGO_AGAIN, True), (FOOTBALL, False)]
    groups = [(g["count"], set(g["examples"])) for g in data["unanswered"]]
    assert groups == [(2, {CHICAGO, CHICAGO_AGAIN}), (1, {FOOTBALL})] and data["notes"] == []
    assert again["unanswered"] == data["unanswered"]
    assert all(v is not None and len(v) == VECTOR_BYTES for _, v in after), "the page kept no vector"
    assert after[2] == before[2], "a vector kept when answering is left as it was"
    kept = np.stack([np.frombuffer(v, dtype="<f4") for _, v in after[:2]])
    assert float((kept * model.embed([CHICAGO, CHICAGO_AGAIN])).sum(axis=1).min()) > 0.9999


def test_a_failure_to_keep_the_vectors_does_not_fail_the_page(
    advisor: Advisor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(self: FeedbackStore, vectors: dict[str, bytes]) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(FeedbackStore, "keep_question_vectors", refuse)
    with staff_server(advisor, tmp_path, admin_token=TOKEN) as url:
        store = FeedbackStore(tmp_path / "feedback.sqlite3")
        for q in (CHICAGO, CHICAGO_AGAIN):  # kept with their text and without a vector
            store.record_answer(Answer(text="I can't answer that from my sources.", grounded=False), q, "api")
        resp = get(f"{url}/api/admin/insights", headers=BEARER)
    assert resp.status_code == 200
    assert [g["count"] for g in resp.json()["unanswered"]] == [2]
    assert "could not keep 2 declined questions' embeddings" in caplog.text
    assert [v for _, v in stored(tmp_path)] == [None, None]
