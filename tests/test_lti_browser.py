"""An LMS course page frames the tool, and a question is answered inside the frame.

The platform (``tests/lti_platform.py``) serves the course page on ``localhost``
and the tool runs on ``127.0.0.1``: two different sites, as an LMS and a tool
are, so the tool is a third party in the frame. Debian's Chromium drives it.
The whole launch (login initiation, authorization, signed launch) happens in
the iframe, and no cookie is ever set.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from servers import ARTIFACTS, require_chromium

require_chromium()

from lti_platform import LmsPlatform, Tool, running_lms, serve_tool  # noqa: E402
from playwright.sync_api import Browser, expect  # noqa: E402

from advisor import Advisor  # noqa: E402
from advisor.settings import Settings  # noqa: E402
from web.feedback import FeedbackStore  # noqa: E402


@pytest.fixture(scope="module")
def lms_and_tool(
    advisor: Advisor, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LmsPlatform, Tool]]:
    folder = tmp_path_factory.mktemp("lti-browser")
    settings = Settings(
        index_dir=advisor.settings.index_dir,
        feedback_db=folder / "feedback.sqlite3",
        lti_db=folder / "lti.sqlite3",
        lti_key_dir=folder / "keys",
    )
    # The course page on "localhost", the tool on 127.0.0.1: another site than the tool's.
    with (
        running_lms(client_id="browser-client", host="localhost") as lms,
        serve_tool(settings, advisor, lms) as tool,
    ):
        yield lms, tool


def test_course_page_frames_the_tool_and_a_question_is_answered_inside(
    browser: Browser, lms_and_tool: tuple[LmsPlatform, Tool]
) -> None:
    lms, tool = lms_and_tool
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto(f"{lms.url}/course/course-42?role=learner")
        frame = page.frame_locator("#tool")
        expect(frame.get_by_text("Course: Becoming an AI architect")).to_be_visible()
        expect(frame.get_by_text("Learner")).to_be_visible()
        box = frame.get_by_label("Your question")
        box.fill("How much do AI architects earn?")
        box.press("Enter")
        answer = frame.locator('[data-testid="bot"]').last
        expect(answer).to_contain_text("133,904")
        expect(answer.locator("ol li a[href^='https://']").first).to_be_visible()
        answer.get_by_text("Quoted passage").first.click()
        expect(answer.locator("blockquote").first).to_contain_text("133,904")
        page.screenshot(path=str(ARTIFACTS / "lti-course-frame.png"), full_page=True)

        answer.get_by_role("button", name="Like", exact=True).click()
        expect(answer.get_by_text("Thanks!")).to_be_visible()
        rated = FeedbackStore(tool.settings.feedback_db).all()[-1]
        assert (rated.rating, rated.question, rated.channel) == (
            "up",
            "How much do AI architects earn?",
            "lti",
        )

        box.fill("and what skills do they need?")  # a follow-up: the earlier turn goes with it
        box.press("Enter")
        expect(frame.locator('[data-testid="bot"]')).to_have_count(2)
        follow_up = frame.locator('[data-testid="bot"]').last
        expect(follow_up).to_contain_text("skills")
        expect(follow_up).to_contain_text("[1]")
        assert context.cookies() == []  # nothing relied on cookies, first- or third-party
        tool_frame = next(f for f in page.frames if f.url.startswith(tool.url))
        assert tool_frame.url == f"{tool.url}/lti/launch"
    finally:
        context.close()
