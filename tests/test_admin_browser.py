"""The staff page in Debian's Chromium: sign in, see the charts and the unanswered groups, get a CSV.

The answers are served through the real API first, so the page shows what the
advisor really declined; nothing outside this machine may be requested (the
charting library is served by the advisor itself).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from servers import ARTIFACTS, require_chromium, serve

from tests.conftest import offline_page

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from advisor import Advisor  # noqa: E402
from advisor.settings import Settings  # noqa: E402
from web import create_app  # noqa: E402

TOKEN = "browser-staff-token-0123456789-abcdefghij"
DECLINED = ["What is the best pizza in Naples?", "Where can I find the best pizza in Naples?"]
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def server(advisor: Advisor, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("admin-browser")
    settings = Settings(
        index_dir=advisor.settings.index_dir,
        feedback_db=folder / "feedback.sqlite3",
        rate_limit="",
        admin_token=TOKEN,
    )
    with serve(create_app(settings, advisor, chat_later=True), lifespan="on") as url:
        for question in [*DECLINED, "How much do AI architects earn?"]:
            assert httpx.post(f"{url}/api/ask", json={"question": question}, timeout=60).status_code == 200
        yield url


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    viewport = {"width": 1200, "height": 1000}
    with offline_page(browser, (server,), TIMEOUT_MS, viewport=viewport, accept_downloads=True) as pg:
        yield pg


def test_staff_sign_in_charts_groups_and_csv(page: Page, server: str, tmp_path: Path) -> None:
    page.goto(f"{server}/admin")
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    page.get_by_label("Staff token").fill("not the token")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not the staff token")

    page.get_by_label("Staff token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main[data-loaded=true]")).to_have_count(1)
    expect(page.get_by_role("heading", name="Advisor insights")).to_be_visible()

    # Both charts were drawn by Chart.js on their canvases, with today's figures.
    for canvas in ("ca-chart-days", "ca-chart-share"):
        drawn = page.evaluate(f"Chart.getChart(document.getElementById('{canvas}')) !== undefined")
        assert drawn, canvas
    share = page.evaluate("Chart.getChart(document.getElementById('ca-chart-share')).data.datasets[0].data")
    assert share == [1, 2]  # one answered, two declined

    groups = page.locator("#ca-unanswered tbody tr")
    expect(groups).to_have_count(1)  # two wordings of one question: one group
    expect(groups.first).to_contain_text(DECLINED[0])
    expect(groups.first).to_contain_text(DECLINED[1])
    expect(groups.first.locator("td").first).to_have_text("2")
    page.screenshot(path=str(ARTIFACTS / "admin.png"), full_page=True)

    with page.expect_download() as download_info:
        page.locator("#ca-unanswered a.ca-csv").click()
    saved = tmp_path / "unanswered.csv"
    download_info.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text("utf-8"))))
    assert rows[0][:2] == ["group", "questions"] and rows[1][1] == "2"
    assert DECLINED[0] in rows[1][-1]

    # Signing out ends the session: the data is refused again.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    assert page.request.get(f"{server}/api/admin/insights").status == 401
