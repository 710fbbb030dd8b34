"""The real thing in a real browser: the chat page, a follow-up, and the widget on a host page.

The app runs under uvicorn on a free localhost port; headless Chromium (the
distribution's, never a downloaded one) drives it through Playwright. A second
tiny HTTP server plays the LMS page that embeds ``widget.js``; it is on another
origin, so the iframe also exercises CSP ``frame-ancestors``. Screenshots go to
``artifacts/`` for a human to look at.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import ARTIFACTS, require_chromium, serve_app

from tests.conftest import offline_page

require_chromium()

from playwright.sync_api import Browser, Locator, Page, expect  # noqa: E402

from advisor import Advisor  # noqa: E402
from advisor.settings import Settings  # noqa: E402
from web.feedback import FeedbackStore  # noqa: E402

TIMEOUT_MS = 20_000


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def lms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    """A static "LMS" site on its own port: (folder to write pages into, port)."""
    root = tmp_path_factory.mktemp("lms")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def feedback_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("feedback") / "feedback.sqlite3"


@pytest.fixture(scope="module")
def server(advisor: Advisor, lms: tuple[Path, int], feedback_db: Path) -> Iterator[str]:
    """The real app on a real HTTP server; yields its base URL."""
    settings = Settings(
        index_dir=advisor.settings.index_dir,
        feedback_db=feedback_db,
        frame_ancestors=[f"http://127.0.0.1:{lms[1]}"],  # the LMS page may frame the chat
    )
    with serve_app(settings, advisor, stream_delay=0.005) as url:
        yield url


@pytest.fixture
def page(browser: Browser, server: str, lms: tuple[Path, int]) -> Iterator[Page]:
    """A fresh page that fails the test if anything outside this machine is requested."""
    local = (server, f"http://127.0.0.1:{lms[1]}", f"http://localhost:{lms[1]}")
    with offline_page(browser, local, TIMEOUT_MS, viewport={"width": 1200, "height": 900}) as pg:
        yield pg


def ask(scope: Page, question: str, answers_before: int) -> None:
    """Type a question, send it, and wait for the answer's sources block."""
    box = scope.get_by_role("textbox").first
    box.fill(question)
    box.press("Enter")
    expect(scope.locator(".ca-sources")).to_have_count(answers_before + 1)


def test_chat_answers_with_sources_and_follow_up(page: Page, server: str, feedback_db: Path) -> None:
    page.goto(server + "/")
    expect(page.get_by_text("only from its sources")).to_be_visible()
    expect(page.get_by_text("Which certifications should I get?")).to_be_visible()  # an example

    ask(page, "How much do AI architects earn?", 0)
    answer = page.locator('[data-testid="bot"]').last
    expect(answer).to_contain_text("133,904")
    expect(answer.locator(".ca-sources a[href^='https://']").first).to_be_visible()
    answer.get_by_text("Quoted passage").first.click()
    expect(answer.locator(".ca-sources blockquote").first).to_contain_text("133,904")
    for control in ("Retry", "Undo", "Like", "Dislike"):
        expect(page.get_by_role("button", name=control).last).to_be_visible()
    expect(page.get_by_role("button", name="Clear")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "chat-answer.png"), full_page=True)

    page.get_by_role("button", name="Like").last.click()
    deadline = time.monotonic() + 10
    while not (rows := FeedbackStore(feedback_db).all()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert rows and rows[-1].rating == "up" and rows[-1].question == "How much do AI architects earn?"
    assert any("133,904" in c["quote"] for c in rows[-1].citations)

    ask(page, "and what skills do they need?", 1)
    follow_up = page.locator('[data-testid="bot"]').last
    expect(follow_up).to_contain_text("skills")
    expect(follow_up).to_contain_text("[1]")
    expect(follow_up.locator(".ca-sources li").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "chat-follow-up.png"), full_page=True)


@pytest.mark.parametrize("path", ["/", "/embed/"])
def test_answers_are_named_by_their_text_for_screen_readers(
    page: Page, server: str, feedback_db: Path, path: str
) -> None:
    """Gradio names each message after its value, which for an answer is HTML with the
    answer-id marker; the page names an answer by its text instead (the answer with its
    [n] markers, then its numbered sources), as Chromium tells assistive technology."""
    served = served_ids(feedback_db)
    page.goto(server + path)
    ask(page, "How much do AI architects earn?", 0)
    [first] = answer_names(page)
    assert "average base salary for an AI architect in the US is $133,904. [1]" in first
    assert " Sources [1] What Is an AI Architect? Meaning, Duties + How to Become One" in first

    ask(page, "and what skills do they need?", 1)
    first_now, second = answer_names(page)
    assert first_now == first
    assert "skills" in second and "[1]" in second and " Sources [1] " in second
    answer_ids = [i for i in served_ids(feedback_db) if i not in served]
    assert len(answer_ids) == 2
    for name in (first, second):
        assert name.startswith("bot's message: ")
        assert "<" not in name and "answer-id" not in name and "ca-answer" not in name
        assert not any(answer_id in name for answer_id in answer_ids)
        assert "Quoted passage" not in name and "https://" not in name  # the links stay in the message
    assert accessible_names(page, '#ca-chat [data-testid="user"]') == [
        "user's message: How much do AI architects earn?",
        "user's message: and what skills do they need?",
    ]


def answer_names(page: Page) -> list[str]:
    """The answers' accessible names, once the newest answer's label is no longer its HTML."""
    answers = '#ca-chat [data-testid="bot"]'
    expect(page.locator(answers).last).to_have_attribute("aria-label", re.compile(r"^[^<]*$"))
    return accessible_names(page, answers)


def served_ids(feedback_db: Path) -> list[str]:
    """The ids of the answers served so far, oldest first."""
    return [a.id for a in FeedbackStore(feedback_db).served_between("", "~")]


def accessible_names(page: Page, selector: str) -> list[str]:
    """The accessible names Chromium gives the elements matching ``selector``: what a screen
    reader is told (Playwright's ARIA snapshot leaves out generic elements such as messages)."""
    cdp = page.context.new_cdp_session(page)
    try:
        document = cdp.send("DOM.getDocument")["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll", {"nodeId": document, "selector": selector})["nodeIds"]
        asked = ({"nodeId": n, "fetchRelatives": False} for n in nodes)
        trees = [cdp.send("Accessibility.getPartialAXTree", a)["nodes"] for a in asked]
        return [tree[0].get("name", {}).get("value", "") for tree in trees]
    finally:
        cdp.detach()


@pytest.mark.parametrize(
    ("path", "clipboard_api"),
    [("/", True), ("/embed/", True), ("/", False)],
    ids=["page", "embed", "page-without-clipboard-api"],
)
def test_copy_button_copies_the_answer_as_text(
    browser: Browser, server: str, feedback_db: Path, path: str, clipboard_api: bool
) -> None:
    """The copy button under an answer puts its readable text on the clipboard, not its HTML:
    in both layouts, and through Gradio's fallback where the Clipboard API is missing
    (a page served over plain http to another machine)."""
    permissions = ["clipboard-read", "clipboard-write"]
    with offline_page(browser, (server,), TIMEOUT_MS, permissions=permissions, locale="en-US") as page:
        page.add_init_script(
            "window.testClipboard = navigator.clipboard;"
            + ("" if clipboard_api else "delete Navigator.prototype.clipboard;")
        )
        served = served_ids(feedback_db)
        page.goto(server + path)
        ask(page, "How much do AI architects earn?", 0)
        answer = page.locator('[data-testid="bot"]').last
        answer.get_by_text("Quoted passage").last.click()  # an open quote is not copied either
        [answer_id] = [i for i in served_ids(feedback_db) if i not in served]  # served to this page

        text = copied(page, page.get_by_role("button", name="Copy message").last)
        assert "average base salary for an AI architect in the US is $133,904. [1]" in text
        assert "\nSources\n[1] What Is an AI Architect? Meaning, Duties + How to Become One" in text
        assert "\nhttps://www.coursera.org/articles/ai-architect" in text
        assert "<" not in text and answer_id not in text
        assert "Quoted passage" not in text and "anticipates strong job growth" not in text  # quote only
        # A question is copied as typed.
        assert (
            copied(page, page.get_by_role("button", name="Copy message").first)
            == "How much do AI architects earn?"
        )


def copied(page: Page, button: Locator) -> str:
    """What clicking ``button`` puts on the clipboard (emptied first, then polled until written)."""
    page.evaluate("testClipboard.writeText('')")
    button.click()
    page.wait_for_function("async () => (await testClipboard.readText()) !== ''")
    return page.evaluate("testClipboard.readText()")


def write_lms_page(root: Path, server: str) -> None:
    # Hostile-ish host styles: the widget must look the same regardless of them.
    (root / "course.html").write_text(
        f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Course: Becoming an AI architect</title>
<style>
  body {{ font-family: Georgia, serif; background: #fdf6e3; margin: 40px; color: #333; }}
  button {{ background: red !important; border-radius: 0 !important; }}
  iframe {{ border: 12px solid lime !important; }}
  div {{ outline: 1px dashed #999; }}
</style></head>
<body>
  <h1>Week 3: Careers in AI architecture</h1>
  <p>Read the two articles, then use the advisor (bottom right) to check what you learned.</p>
  <button id="host-button">A host page button</button>
  <script src="{server}/widget.js" data-title="Ask the AI-architect advisor"></script>
</body></html>""",
        encoding="utf-8",
    )


def test_widget_opens_the_chat_in_an_iframe(page: Page, server: str, lms: tuple[Path, int]) -> None:
    root, port = lms
    write_lms_page(root, server)
    page.goto(f"http://127.0.0.1:{port}/course.html")
    launcher = page.locator("career-advisor-widget .launcher")  # Playwright pierces the open shadow root
    expect(launcher).to_be_visible()
    expect(page.locator("career-advisor-widget iframe")).to_have_count(0)  # loaded only on demand
    # Host styles stay on the host; widget styles stay in the widget.
    assert (
        page.eval_on_selector("#host-button", "e => getComputedStyle(e).backgroundColor") == "rgb(255, 0, 0)"
    )
    assert launcher.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(79, 70, 229)"
    assert "Georgia" in page.evaluate("getComputedStyle(document.body).fontFamily")

    launcher.click()
    iframe = page.locator("career-advisor-widget iframe")
    expect(iframe).to_have_attribute("src", f"{server}/embed/")
    assert iframe.evaluate("e => getComputedStyle(e).borderTopWidth") == "0px"
    chat = page.frame_locator("career-advisor-widget iframe")
    expect(chat.get_by_role("textbox").first).to_be_visible()
    chat.get_by_text("How much do AI architects earn?").click()  # an example runs straight away
    expect(chat.locator(".ca-sources")).to_have_count(1)
    expect(chat.locator('[data-testid="bot"]').last).to_contain_text("133,904")
    page.screenshot(path=str(ARTIFACTS / "widget-open.png"))

    launcher.click()
    expect(page.locator("career-advisor-widget .panel")).to_be_hidden()


def test_widget_iframe_is_refused_on_an_origin_not_allowlisted(
    page: Page, server: str, lms: tuple[Path, int]
) -> None:
    root, port = lms
    write_lms_page(root, server)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(f"http://localhost:{port}/course.html")  # same files, origin not in ADVISOR_FRAME_ANCESTORS
    page.locator("career-advisor-widget .launcher").click()
    deadline = time.monotonic() + 10
    while not refused and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert refused, "Chromium should refuse to frame /embed/ on an origin that is not allowlisted"
    frame = next(f for f in page.frames if f != page.main_frame)
    assert frame.url.startswith("chrome-error://") or not frame.url.startswith(server)
