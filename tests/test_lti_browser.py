"""An LMS course page frames the tool, and a question is answered inside the frame.

The platform (``tests/lti_platform.py``) serves the course page on ``localhost``
and the tool runs on ``127.0.0.1``: two different sites, as an LMS and a tool
are, so the tool is a third party in the frame. Debian's Chromium drives it.
The whole launch (login initiation, authorization, signed launch) happens in
the iframe, and no cookie is ever set.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run browser tests",
        allow_module_level=True,
    )

from lti_platform import LmsPlatform, serve  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from advisor import Advisor  # noqa: E402
from advisor.settings import Settings  # noqa: E402
from web import create_app  # noqa: E402
from web.feedback import FeedbackStore  # noqa: E402
from web.lti.store import LtiStore, Platform  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def lms_and_tool(
    advisor: Advisor, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LmsPlatform, str]]:
    folder = tmp_path_factory.mktemp("lti-browser")
    settings = Settings(
        index_dir=advisor.settings.index_dir,
        feedback_db=folder / "feedback.sqlite3",
        lti_db=folder / "lti.sqlite3",
        lti_key_dir=folder / "keys",
    )
    lms = LmsPlatform(client_id="browser-client")
    with serve(lms.app) as lms_url, serve(create_app(settings, advisor, stream_delay=0)) as tool_url:
        lms.url = lms_url.replace("127.0.0.1", "localhost")  # another site than the tool's
        lms.tool = tool_url
        LtiStore(settings.lti_db).add_platform(
            Platform(
                issuer=lms.issuer,
                client_id=lms.client_id,
                auth_login_url=f"{lms.url}/authorize",
                key_set_url=f"{lms.url}/jwks",
                deployment_ids=[lms.deployment_id],
            )
        )
        yield lms, tool_url, settings


def test_course_page_frames_the_tool_and_a_question_is_answered_inside(
    lms_and_tool: tuple[LmsPlatform, str, Settings],
) -> None:
    lms, tool_url, settings = lms_and_tool
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1100, "height": 900})
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
        rated = FeedbackStore(settings.feedback_db).all()[-1]
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
        tool_frame = next(f for f in page.frames if f.url.startswith(tool_url))
        assert tool_frame.url == f"{tool_url}/lti/launch"
        browser.close()
