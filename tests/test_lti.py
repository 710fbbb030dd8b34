"""LTI 1.3 against a real platform implementation (``lti1p3platform``), over real HTTP.

The tool is the whole app (real advisor, real Chroma) under uvicorn; the platform
runs on its own port with its own keys (``tests/lti_platform.py``). Every launch
goes login initiation → authorization → signed id_token → launch, as in an LMS;
the bad launches change one thing on the platform's side (or tamper with what it
sent) and must be refused with a clear 4xx page, storing nothing.
"""

from __future__ import annotations

import base64
import html
import json
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest
import sqlalchemy as sa
from lti_platform import (
    STUDENT_EMAIL,
    STUDENT_NAME,
    LmsPlatform,
    Tool,
    new_key_pair,
    register,
    running_lms,
    serve_tool,
)

from advisor import Advisor
from advisor.errors import SettingsError
from advisor.settings import Settings
from web.cli import main as cli_main
from web.feedback import FeedbackStore
from web.lti.keys import KeyStore
from web.lti.store import LtiStore, lti_paths
from web.render import SOURCES_MARK, answer_body, markdown_html
from web.tables import signing_keys

SALARY_Q = "How much do AI architects earn?"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
OPENID = ".well-known/openid-configuration"
REGISTRATION_KEY = "k3y-for-the-lms-admin-only-0123"


@pytest.fixture(scope="module")
def platform() -> Iterator[LmsPlatform]:
    with running_lms() as lms:
        yield lms


@pytest.fixture(scope="module")
def tool(advisor: Advisor, platform: LmsPlatform, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tool]:
    folder = tmp_path_factory.mktemp("lti")
    settings = Settings(
        index_dir=advisor.settings.index_dir,
        feedback_db=folder / "feedback.sqlite3",
        lti_db=folder / "lti.sqlite3",
        lti_key_dir=folder / "keys",
        lti_registration_key=REGISTRATION_KEY,
    )
    with serve_tool(settings, advisor, platform) as tool:
        yield tool


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30, follow_redirects=False) as client:
        yield client


@pytest.fixture(autouse=True)
def _reset(platform: LmsPlatform) -> Iterator[None]:
    yield
    platform.tweaks.clear()


# --- driving a launch as a browser would ---------------------------------------------


def parse_form(page: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the auto-submitting form on a page."""
    action = re.search(r'<form[^>]*action="([^"]+)"', page)
    assert action, page[:500]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    return html.unescape(action.group(1)), {k: html.unescape(v) for k, v in fields.items()}


def authorized_form(
    http: httpx.Client, platform: LmsPlatform, *, post_login: bool = False, **kw
) -> httpx.Response:
    """Click the link in the course, follow login and authorization; returns the platform's
    auto-posting form page (or the tool's refusal, if it refused the login)."""
    start = http.get(platform.start_url(**kw))
    assert start.status_code == 302, start.text
    login_url = start.headers["location"]
    assert login_url.startswith(f"{platform.tool}/lti/login?")
    if post_login:  # the same parameters, sent as a form POST (platforms may do either)
        base, _, query = login_url.partition("?")
        fields = dict(httpx.QueryParams(query))
        login = http.post(base, data=fields)
    else:
        login = http.get(login_url)
    if login.status_code != 302:
        return login
    auth_url = login.headers["location"]
    assert auth_url.startswith(f"{platform.url}/authorize?")
    assert "set-cookie" not in login.headers  # no cookies: they are lost inside LMS iframes
    auth = http.get(auth_url)
    assert auth.status_code == 200, auth.text
    return auth


def launch(http: httpx.Client, platform: LmsPlatform, **kw) -> httpx.Response:
    """A whole launch; returns the tool's answer to the final POST."""
    auth = authorized_form(http, platform, **kw)
    action, fields = parse_form(auth.text)
    assert action == f"{platform.tool}/lti/launch"
    return http.post(action, data=fields)


def launch_data(page: str) -> dict:
    """What the launched page's script knows (token, base URL, starting question)."""
    found = re.search(r'<script type="application/json" id="ca-launch">(.*?)</script>', page, re.S)
    assert found, page[:500]
    return json.loads(found.group(1))


def ask(http: httpx.Client, tool: Tool, token: str, question: str) -> httpx.Response:
    return http.post(
        f"{tool.url}/lti/api/ask",
        json={"question": question, "history": []},
        headers={"Authorization": f"Bearer {token}"},
    )


# --- the happy paths -------------------------------------------------------------------


def test_launch_opens_the_chat_for_the_course_and_answers_with_citations(
    http: httpx.Client, tool: Tool, platform: LmsPlatform
) -> None:
    before = tool.store.count("launches")
    page = launch(http, platform, course="Becoming an AI architect", role="learner")
    assert page.status_code == 200, page.text
    assert "set-cookie" not in page.headers
    assert "Becoming an AI architect" in page.text and "Learner" in page.text
    assert "Course feedback" not in page.text  # learners do not see the report
    csp = page.headers["content-security-policy"]
    assert f"frame-ancestors 'self' {platform.url}" in csp  # the LMS may frame it
    assert tool.store.count("launches") == before + 1
    assert tool.store.count("logins") == 0  # the login was used up

    token = launch_data(page.text)["token"]
    answer = ask(http, tool, token, SALARY_Q)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["grounded"] is True and "[1]" in body["text"]
    assert any("133,904" in c["quote"] for c in body["citations"])
    # The answer itself (not the Sources block, which lists and quotes too) holds the figure and
    # its bullets, rendered by the one Markdown renderer.
    shown = body["html"].split(SOURCES_MARK, 1)[0]
    assert "133,904" in shown
    bullets = [ln for ln in answer_body(body["text"]).splitlines() if ln.startswith("- ")]
    assert bullets and shown.count("<li>") == len(bullets) and "<ul>" in shown
    assert shown == markdown_html(answer_body(body["text"]))
    # Without the launch's token there is no chat.
    assert ask(http, tool, "not-a-token", SALARY_Q).status_code == 401


def test_login_initiation_by_post_works_too(http: httpx.Client, tool: Tool, platform: LmsPlatform) -> None:
    page = launch(http, platform, post_login=True, course="Cloud careers", course_id="c-post")
    assert page.status_code == 200, page.text
    assert "Cloud careers" in page.text


def rate(
    http: httpx.Client, tool_url: str, token: str, answer_id: str, rating: str, **headers: str
) -> httpx.Response:
    return http.post(
        f"{tool_url}/lti/api/feedback",
        json={"answer_id": answer_id, "rating": rating},
        headers={"Authorization": f"Bearer {token}", **headers},
    )


def test_instructor_sees_their_course_feedback_and_no_other(
    http: httpx.Client, tool: Tool, platform: LmsPlatform
) -> None:
    learner = launch_data(launch(http, platform, course_id="c-report", role="learner").text)["token"]
    answer = ask(http, tool, learner, SALARY_Q).json()
    assert answer["answer_id"]  # a server-issued id, as the API's answers have
    kept = FeedbackStore(tool.settings.feedback_db).answer(answer["answer_id"])
    assert kept is not None and kept["channel"] == "lti" and kept["question"] == SALARY_Q
    rated = rate(http, tool.url, learner, answer["answer_id"], "down")
    assert rated.status_code == 201, rated.text
    stored = FeedbackStore(tool.settings.feedback_db).all()[-1]
    assert (stored.question, stored.rating, stored.channel) == (SALARY_Q, "down", "lti")
    assert stored.answer_id == answer["answer_id"] and stored.answer == answer["text"]
    learner_report = http.get(f"{tool.url}/lti/api/report", headers={"Authorization": f"Bearer {learner}"})
    assert learner_report.status_code == 403
    assert learner_report.json()["kind"] == "forbidden"

    page = launch(http, platform, course_id="c-report", role="instructor")
    assert "Instructor" in page.text and "Course feedback" in page.text
    assert SALARY_Q in page.text  # the question, never who asked:
    assert "user-7" not in page.text and STUDENT_NAME not in page.text
    assert "1 rated answers: 0 👍, 1 👎" in page.text
    stored = b"".join(f.read_bytes() for f in Path(tool.settings.lti_db).parent.glob("*.sqlite3*"))
    assert STUDENT_NAME.encode() not in stored and STUDENT_EMAIL.encode() not in stored
    token = launch_data(page.text)["token"]
    report = http.get(f"{tool.url}/lti/api/report", headers={"Authorization": f"Bearer {token}"}).json()
    assert [(r["question"], r["rating"], r["grounded"]) for r in report["rows"]] == [(SALARY_Q, "down", True)]

    other = launch(http, platform, course_id="c-other", role="instructor")
    assert "No ratings from this course yet" in other.text and SALARY_Q not in other.text


def test_lti_ratings_take_the_api_feedback_path(
    http: httpx.Client, tool: Tool, platform: LmsPlatform
) -> None:
    learner = launch_data(launch(http, platform, course_id="c-once", role="learner").text)["token"]
    answer = ask(http, tool, learner, "Which certifications should I get?").json()
    assert rate(http, tool.url, learner, answer["answer_id"], "up").status_code == 201
    # Once per answer per client, whichever way the second rating comes:
    again = rate(http, tool.url, learner, answer["answer_id"], "down")
    assert again.status_code == 409 and again.json()["kind"] == "already_rated"
    over_api = http.post(
        f"{tool.url}/api/feedback", json={"answer_id": answer["answer_id"], "rating": "down"}
    )
    assert over_api.status_code == 409 and over_api.json()["kind"] == "already_rated"
    # ... while another client (behind the same trusted proxy) may rate it.
    other_client = rate(
        http, tool.url, learner, answer["answer_id"], "down", **{"X-Forwarded-For": "10.9.9.9"}
    )
    assert other_client.status_code == 201, other_client.text

    # Only answers served in the launch's own course can be rated from it.
    elsewhere = launch_data(launch(http, platform, course_id="c-elsewhere", role="learner").text)["token"]
    foreign = rate(http, tool.url, elsewhere, answer["answer_id"], "down", **{"X-Forwarded-For": "10.9.9.8"})
    assert foreign.status_code == 404 and foreign.json()["kind"] == "unknown_answer"
    api_answer = http.post(f"{tool.url}/api/ask", json={"question": SALARY_Q}).json()
    not_lti = rate(http, tool.url, learner, api_answer["answer_id"], "up")
    assert not_lti.status_code == 404 and not_lti.json()["kind"] == "unknown_answer"
    assert rate(http, tool.url, learner, "never-served", "up").status_code == 404
    # A malformed rating is refused by the API's own request model; no token, no rating.
    bad = http.post(
        f"{tool.url}/lti/api/feedback",
        json={"answer_id": answer["answer_id"], "rating": "meh"},
        headers={"Authorization": f"Bearer {learner}"},
    )
    assert bad.status_code == 422 and bad.json()["kind"] == "bad_input"
    expired = rate(http, tool.url, "not-a-token", answer["answer_id"], "up")
    assert expired.status_code == 401 and expired.json()["kind"] == "session_expired"
    ratings = [
        r for r in FeedbackStore(tool.settings.feedback_db).all() if r.answer_id == answer["answer_id"]
    ]
    assert [(r.rating, r.channel) for r in ratings] == [("up", "lti"), ("down", "lti")]


def test_lti_questions_obey_the_api_input_limits(
    http: httpx.Client, tool: Tool, platform: LmsPlatform
) -> None:
    token = launch_data(launch(http, platform, course_id="c-limits").text)["token"]
    too_long = ask(http, tool, token, "x" * (tool.settings.max_question_chars + 1))
    assert too_long.status_code == 422 and too_long.json()["kind"] == "bad_input"
    assert "limit is 1,000" in too_long.json()["error"]
    turns = [{"role": "user", "content": "What does an AI architect do?"}] * 30
    trimmed = http.post(
        f"{tool.url}/lti/api/ask",
        json={"question": SALARY_Q, "history": turns},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert trimmed.status_code == 200, trimmed.text
    notice = f"Only the latest {tool.settings.max_history_turns} of the 30 earlier messages were used"
    assert any(n.startswith(notice) for n in trimmed.json()["notices"])
    assert notice in trimmed.json()["html"]


# --- a second server: no question text kept, a tight rate limit -----------------------


@pytest.fixture(scope="module")
def strict(advisor: Advisor, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LmsPlatform, Tool]]:
    folder = tmp_path_factory.mktemp("lti-strict")
    settings = Settings(
        index_dir=advisor.settings.index_dir,
        feedback_db=folder / "feedback.sqlite3",
        store_questions=False,
        rate_limit="3/minute",
    )
    with running_lms(client_id="strict-client") as lms, serve_tool(settings, advisor, lms) as tool:
        yield lms, tool


def test_no_question_text_is_kept_for_the_course_report(
    http: httpx.Client, strict: tuple[LmsPlatform, Tool]
) -> None:
    lms, tool = strict
    question = "What does an AI architect do all day?"
    learner = launch_data(launch(http, lms, course_id="c-private", role="learner").text)["token"]
    answer = ask(http, tool, learner, question).json()
    assert rate(http, tool.url, learner, answer["answer_id"], "up").status_code == 201
    page = launch(http, lms, course_id="c-private", role="instructor")
    assert "1 rated answers: 1 👍, 0 👎" in page.text
    assert "(question not kept)" in page.text and question not in page.text
    token = launch_data(page.text)["token"]
    report = http.get(f"{tool.url}/lti/api/report", headers={"Authorization": f"Bearer {token}"}).json()
    assert [(r["question"], r["rating"]) for r in report["rows"]] == [(None, "up")]
    on_disk = b"".join(f.read_bytes() for f in Path(tool.settings.feedback_db).parent.glob("*.sqlite3*"))
    assert question.encode() not in on_disk


def test_lti_questions_and_ratings_share_the_api_rate_limit(
    http: httpx.Client, strict: tuple[LmsPlatform, Tool]
) -> None:
    lms, tool = strict
    me = {"X-Forwarded-For": "10.1.2.3"}  # one client, as the trusted proxy on this machine reports it
    token = launch_data(launch(http, lms, course_id="c-busy").text)["token"]
    auth = {"Authorization": f"Bearer {token}", **me}
    asked = [
        http.post(f"{tool.url}/lti/api/ask", json={"question": SALARY_Q}, headers=auth),
        http.post(f"{tool.url}/api/ask", json={"question": SALARY_Q}, headers=me),
        http.post(f"{tool.url}/lti/api/ask", json={"question": SALARY_Q}, headers=auth),
    ]
    assert [r.status_code for r in asked] == [200, 200, 200]
    over = http.post(f"{tool.url}/lti/api/ask", json={"question": SALARY_Q}, headers=auth)
    assert over.status_code == 429 and over.json()["kind"] == "rate_limited"
    assert int(over.headers["retry-after"]) >= 1
    # Ratings have their own budget of the same size.
    answer_id = asked[0].json()["answer_id"]
    assert rate(http, tool.url, token, answer_id, "up", **me).status_code == 201
    for _ in range(2):
        assert rate(http, tool.url, token, answer_id, "up", **me).status_code == 409
    limited = rate(http, tool.url, token, answer_id, "up", **me)
    assert limited.status_code == 429 and limited.json()["kind"] == "rate_limited"
    # Another client is unaffected.
    other = http.post(
        f"{tool.url}/lti/api/ask",
        json={"question": SALARY_Q},
        headers={**auth, "X-Forwarded-For": "10.1.2.4"},
    )
    assert other.status_code == 200


def test_deep_linking_returns_a_signed_link_the_platform_accepts(
    http: httpx.Client, tool: Tool, platform: LmsPlatform
) -> None:
    picker = launch(http, platform, kind="deep_link", role="instructor", course="Becoming an AI architect")
    assert picker.status_code == 200, picker.text
    assert "Add the Career advisor to Becoming an AI architect" in picker.text
    action, fields = parse_form(picker.text)
    assert action == f"{tool.url}/lti/deep-link"
    question = "Which certifications should I get?"
    back = http.post(action, data={**fields, "title": "Ask the advisor", "question": question})
    assert back.status_code == 200, back.text
    return_url, response = parse_form(back.text)
    assert return_url == f"{platform.url}/deep-link-return"
    claims = jwt.decode(response["JWT"], options={"verify_signature": False})
    assert claims[CLAIM + "message_type"] == "LtiDeepLinkingResponse"
    assert claims["iss"] == platform.client_id and claims["aud"] == [platform.issuer]

    accepted = http.post(return_url, data=response)  # the platform checks it against our JWKS
    assert accepted.status_code == 200, accepted.text
    assert "Added to the course: Ask the advisor" in accepted.text
    item = platform.deep_links[-1][0]
    assert item["type"] == "ltiResourceLink" and item["url"] == f"{tool.url}/lti/launch"
    assert item["custom"] == {"question": question}

    # The selection is used up; a second response for it is refused.
    again = http.post(action, data={**fields, "title": "x"})
    assert again.status_code == 401 and "expired" in again.text

    # A student opening the new link gets the starting question asked for them.
    student = launch(http, platform, custom=item["custom"])
    assert launch_data(student.text)["question"] == question


def test_platform_key_rotation_is_picked_up_without_a_restart(
    http: httpx.Client, tool: Tool, platform: LmsPlatform
) -> None:
    assert launch(http, platform).status_code == 200  # its key set is now cached by the tool
    old = (platform.private_pem, platform.public_pem)
    platform.private_pem, platform.public_pem = new_key_pair()  # the LMS rotates its key
    try:
        page = launch(http, platform, course="After rotation")
        assert page.status_code == 200, page.text
        assert "After rotation" in page.text
    finally:
        platform.private_pem, platform.public_pem = old


def test_jwks_publishes_the_stored_key_whose_private_half_is_encrypted(
    http: httpx.Client, tool: Tool
) -> None:
    with tool.store.db.read() as conn:
        rows = conn.execute(sa.select(signing_keys)).mappings().all()
    assert len(rows) == 1
    # neither a PEM block nor a bare base64 DER key ("MII..."); "MII" may occur by chance inside ciphertext
    stored = rows[0]["private_key"]
    assert "PRIVATE KEY" not in stored and not stored.lstrip().startswith("MII")
    secret = Path(tool.settings.lti_key_dir) / "secret"  # no ADVISOR_LTI_KEY_SECRET: made on first start
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert "PRIVATE KEY" in KeyStore.for_settings(tool.settings).current().private_pem
    wrong = KeyStore(tool.store.db, "another-secret-of-enough-length")
    with pytest.raises(SettingsError, match="cannot be decrypted"):
        wrong.current()
    keys = http.get(f"{tool.url}/lti/jwks.json").json()["keys"]
    assert [k["kid"] for k in keys] == [rows[0]["kid"]]
    assert {"kty", "n", "e", "alg", "use"} <= set(keys[0]) and "d" not in keys[0]


# --- bad launches: each refused with a clear 4xx page, nothing stored ----------------------


def refused(resp: httpx.Response, status: int, words: str, tool: Tool, launches_before: int) -> None:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("text/html")
    text = html.unescape(resp.text)
    assert "The advisor could not be opened" in text and words in text
    assert "Traceback" not in text
    assert tool.store.count("launches") == launches_before


def _tamper(token: str) -> str:
    head, body, sig = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["https://purl.imsglobal.org/spec/lti/claim/roles"] = [
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
    ]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{forged}.{sig}"


def test_bad_signature_is_refused(http: httpx.Client, tool: Tool, platform: LmsPlatform) -> None:
    before = tool.store.count("launches")
    action, fields = parse_form(authorized_form(http, platform).text)
    resp = http.post(action, data={**fields, "id_token": _tamper(fields["id_token"])})
    refused(resp, 400, "signature does not match", tool, before)


def test_key_not_published_by_the_platform_is_refused(
    http: httpx.Client, tool: Tool, platform: LmsPlatform
) -> None:
    before = tool.store.count("launches")
    platform.tweaks["signing_key"] = LmsPlatform().private_pem  # a key its JWKS does not list
    resp = launch(http, platform)
    refused(resp, 400, "key the platform does not publish", tool, before)


def test_unknown_issuer_is_refused(http: httpx.Client, tool: Tool, platform: LmsPlatform) -> None:
    before, logins = tool.store.count("launches"), tool.store.count("logins")
    platform.tweaks["issuer"] = "https://lms.unknown.example"
    resp = authorized_form(http, platform)
    refused(resp, 403, "not registered", tool, before)
    assert tool.store.count("logins") == logins


def test_unknown_client_is_refused(http: httpx.Client, tool: Tool, platform: LmsPlatform) -> None:
    before = tool.store.count("launches")
    platform.tweaks["client_id"] = "some-other-tool"
    refused(authorized_form(http, platform), 403, "not registered", tool, before)


def test_unregistered_deployment_is_refused(http: httpx.Client, tool: Tool, platform: LmsPlatform) -> None:
    before = tool.store.count("launches")
    platform.tweaks["deployment_id"] = "deployment-9"
    refused(launch(http, platform), 403, "deployment of the tool is not registered", tool, before)


def test_expired_token_is_refused(http: httpx.Client, tool: Tool, platform: LmsPlatform) -> None:
    before = tool.store.count("launches")
    platform.tweaks["expiration"] = -30
    refused(launch(http, platform), 400, "has expired", tool, before)


def test_replayed_launch_is_refused(http: httpx.Client, tool: Tool, platform: LmsPlatform) -> None:
    action, fields = parse_form(authorized_form(http, platform).text)
    assert http.post(action, data=fields).status_code == 200
    before = tool.store.count("launches")
    replay = http.post(action, data=fields)
    refused(replay, 400, "already used", tool, before)


def test_wrong_state_is_refused(http: httpx.Client, tool: Tool, platform: LmsPlatform) -> None:
    before = tool.store.count("launches")
    action, fields = parse_form(authorized_form(http, platform).text)
    resp = http.post(action, data={**fields, "state": "state-made-up"})
    refused(resp, 400, "state is unknown", tool, before)


def test_wrong_message_type_is_refused(http: httpx.Client, tool: Tool, platform: LmsPlatform) -> None:
    before = tool.store.count("launches")
    platform.tweaks["claims"] = {CLAIM + "message_type": "LtiSubmissionReviewRequest"}
    refused(launch(http, platform), 400, "not this message type", tool, before)


def test_missing_claims_are_refused(http: httpx.Client, tool: Tool, platform: LmsPlatform) -> None:
    before = tool.store.count("launches")
    platform.tweaks["drop_resource_link"] = True
    refused(launch(http, platform), 400, "lacks required LTI claims: Missing Resource Link Id", tool, before)


def test_key_set_url_down_is_refused(http: httpx.Client, tool: Tool) -> None:
    with running_lms(client_id="client-2") as other:
        other.tool = tool.url
        register(tool.store, other, key_set_url="http://127.0.0.1:9/jwks")  # nothing listens on port 9
        before = tool.store.count("launches")
        refused(launch(http, other), 400, "could not fetch the platform's public keys", tool, before)


def test_launch_without_id_token_is_refused(http: httpx.Client, tool: Tool) -> None:
    before = tool.store.count("launches")
    refused(http.post(f"{tool.url}/lti/launch", data={"state": "x"}), 400, "id_token", tool, before)


# --- registration ------------------------------------------------------------------------


def test_dynamic_registration_then_launch(http: httpx.Client, tool: Tool) -> None:
    with running_lms(client_id="dyn-client", deployment_id="dyn-dep") as moodle:
        moodle.tool, url = tool.url, moodle.url
        resp = http.get(
            f"{tool.url}/lti/register/{REGISTRATION_KEY}",
            params={"openid_configuration": f"{url}/{OPENID}", "registration_token": "reg-token-1"},
        )
        assert resp.status_code == 200, resp.text
        assert "org.imsglobal.lti.close" in resp.text
        sent = moodle.registrations[-1]
        assert sent["initiate_login_uri"] == f"{tool.url}/lti/login"
        assert sent["jwks_uri"] == f"{tool.url}/lti/jwks.json"
        assert sent["redirect_uris"] == [f"{tool.url}/lti/launch"]
        assert sent["https://purl.imsglobal.org/spec/lti-tool-configuration"]["messages"][0]["type"] == (
            "LtiDeepLinkingRequest"
        )
        assert "logo_uri" not in sent
        stored = tool.store.platform(url, "dyn-client")
        assert stored and stored.deployment_ids == ["dyn-dep"] and stored.auth_login_url == f"{url}/authorize"
        page = launch(http, moodle, course="Registered course")
        assert page.status_code == 200 and "Registered course" in page.text


def test_dynamic_registration_with_a_bad_token_is_refused(http: httpx.Client, tool: Tool) -> None:
    with running_lms(client_id="dyn-bad") as moodle:
        url = moodle.url
        resp = http.get(
            f"{tool.url}/lti/register/{REGISTRATION_KEY}",
            params={"openid_configuration": f"{url}/{OPENID}", "registration_token": "nope"},
        )
        assert resp.status_code == 400 and "registration with the platform failed" in resp.text
        assert tool.store.platform(url, "dyn-bad") is None


def test_dynamic_registration_needs_the_administrators_key(http: httpx.Client, tool: Tool) -> None:
    # Without the key, the advisor neither contacts the URL it was given nor stores a platform:
    # an open registration URL would let anyone make the server fetch any address.
    with running_lms(client_id="dyn-forged") as moodle:
        params = {"openid_configuration": f"{moodle.url}/{OPENID}", "registration_token": "reg-token-1"}
        wrong = ("/lti/register", "/lti/register/not-the-key-at-all", f"/lti/register/{REGISTRATION_KEY}x")
        for path in wrong:
            resp = http.get(f"{tool.url}{path}", params=params)
            assert resp.status_code == 403 and "registration URL is not valid" in resp.text, path
        assert moodle.registrations == [] and moodle.config_reads == 0
        assert tool.store.platform(moodle.url, "dyn-forged") is None


def test_dynamic_registration_is_off_without_a_key(advisor: Advisor, tmp_path: Path) -> None:
    settings = Settings(
        index_dir=advisor.settings.index_dir,
        feedback_db=tmp_path / "feedback.sqlite3",
        lti_db=tmp_path / "lti.sqlite3",
        lti_key_dir=tmp_path / "keys",
    )
    with running_lms(client_id="dyn-off") as moodle, serve_tool(settings, advisor) as tool:
        params = {"openid_configuration": f"{moodle.url}/{OPENID}", "registration_token": "reg-token-1"}
        for path in ("/lti/register", "/lti/register/anything-at-all-here"):
            assert httpx.get(f"{tool.url}{path}", params=params).status_code == 403
        assert moodle.config_reads == 0 and tool.store.platform(moodle.url, "dyn-off") is None


def test_a_registration_key_must_be_long_and_url_safe() -> None:
    for bad in ("short", "has spaces in it, sixteen+", "slash/in/the/key/0123456789"):
        with pytest.raises(SettingsError, match="ADVISOR_LTI_REGISTRATION_KEY"):
            Settings.from_env(lti_registration_key=bad)
    assert Settings.from_env(lti_registration_key=REGISTRATION_KEY).lti_registration_key == REGISTRATION_KEY
    assert REGISTRATION_KEY not in repr(Settings(lti_registration_key=REGISTRATION_KEY))


def test_canvas_json_config_points_at_the_tool(http: httpx.Client, tool: Tool) -> None:
    conf = http.get(f"{tool.url}/lti/canvas.json").json()
    assert conf["oidc_initiation_url"] == f"{tool.url}/lti/login"
    assert conf["target_link_uri"] == f"{tool.url}/lti/launch"
    assert conf["public_jwk_url"] == f"{tool.url}/lti/jwks.json"
    placements = {p["placement"]: p["message_type"] for p in conf["extensions"][0]["settings"]["placements"]}
    assert placements["link_selection"] == "LtiDeepLinkingRequest"


def test_cli_adds_platforms_and_rotates_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("ADVISOR_LTI_DB", str(tmp_path / "lti.sqlite3"))
    monkeypatch.setenv("ADVISOR_LTI_KEY_DIR", str(tmp_path / "keys"))
    args = [
        "lti", "add-platform", "--issuer", "https://moodle.school.example", "--client-id", "abc",
        "--deployment-id", "1", "--deployment-id", "2",
        "--auth-login-url", "https://moodle.school.example/mod/lti/auth.php",
        "--key-set-url", "https://moodle.school.example/mod/lti/certs.php",
    ]  # fmt: skip
    assert cli_main(args) == 0
    stored = LtiStore(tmp_path / "lti.sqlite3").platform("https://moodle.school.example", "abc")
    assert stored and stored.deployment_ids == ["1", "2"]
    assert cli_main(["lti", "add-platform", "--issuer", "x", "--client-id", "y"]) == 2  # missing URLs
    assert "required" in capsys.readouterr().err

    keys = KeyStore.for_settings(Settings.from_env())
    assert cli_main(["lti", "rotate-key"]) == 0
    first = keys.current().kid
    assert cli_main(["lti", "rotate-key"]) == 0
    second = keys.current().kid
    assert first != second
    assert [k["kid"] for k in keys.jwks()["keys"]] == [first, second]  # the old key stays published
    assert cli_main(["lti", "list"]) == 0
    assert "https://moodle.school.example" in capsys.readouterr().out
    assert (
        cli_main(
            ["lti", "remove-platform", "--issuer", "https://moodle.school.example", "--client-id", "abc"]
        )
        == 0
    )
    assert LtiStore(tmp_path / "lti.sqlite3").platforms() == []
    assert (
        cli_main(
            ["lti", "remove-platform", "--issuer", "https://moodle.school.example", "--client-id", "abc"]
        )
        == 2
    )


def test_old_keys_leave_the_key_set_after_the_grace_period(tmp_path: Path) -> None:
    keys = KeyStore(LtiStore(tmp_path / "lti.sqlite3").db, "a-secret-for-this-test-only", grace_days=1)
    old = keys.ensure()
    new = keys.rotate()
    assert [k.kid for k in keys.published()] == [old.kid, new.kid]
    assert [k["kid"] for k in keys.jwks()["keys"]] == [old.kid, new.kid]
    # Pretend the new key was made two days ago: the old one is past its grace period.
    with keys.db.write() as conn:
        for kid, age in ((old.kid, 3), (new.kid, 2)):
            conn.execute(
                sa.update(signing_keys)
                .where(signing_keys.c.kid == kid)
                .values(created=new.created - age * 86_400)
            )
    assert [k.kid for k in keys.published()] == [new.kid]
    assert [k["kid"] for k in keys.jwks()["keys"]] == [new.kid]
    keys.ensure()
    with keys.db.read() as conn:
        assert conn.execute(sa.select(signing_keys.c.kid)).scalars().all() == [new.kid]


def test_setup_page_lists_the_urls_to_paste(http: httpx.Client, tool: Tool) -> None:
    for path in ("/lti", "/lti/"):
        page = http.get(f"{tool.url}{path}")
        assert page.status_code == 200
        for url in ("/lti/register", "/lti/canvas.json", "/lti/login", "/lti/launch", "/lti/jwks.json"):
            assert f"{tool.url}{url}" in page.text


def test_launch_url_opened_directly_explains_itself(http: httpx.Client, tool: Tool) -> None:
    page = http.get(f"{tool.url}/lti/launch")
    assert page.status_code == 405 and "Open it from your course" in page.text


def test_id_token_of_another_login_is_refused(http: httpx.Client, tool: Tool, platform: LmsPlatform) -> None:
    """Each state is bound to its own nonce: a token cannot be posted with another login's state."""
    action, first = parse_form(authorized_form(http, platform).text)
    _, second = parse_form(authorized_form(http, platform).text)
    before = tool.store.count("launches")
    crossed = http.post(action, data={"id_token": first["id_token"], "state": second["state"]})
    refused(crossed, 400, "nonce is not the one the advisor issued", tool, before)


def test_lti_files_live_beside_the_feedback_database_unless_configured(tmp_path: Path) -> None:
    settings = Settings(feedback_db=tmp_path / "data" / "feedback.sqlite3")
    assert lti_paths(settings) == (tmp_path / "data" / "lti.sqlite3", tmp_path / "data" / "lti-keys")
    mine = Settings(feedback_db=tmp_path / "f.sqlite3", lti_db=tmp_path / "x.db", lti_key_dir=tmp_path / "k")
    assert lti_paths(mine) == (tmp_path / "x.db", tmp_path / "k")
