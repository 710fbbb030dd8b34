"""One renderer for answers: the HTML of lists, numbered steps, tables, bold verdicts and Sources.

The chat, the LMS page and the LTI API's ``html`` all go through ``web.render``;
these tests pin the HTML it makes, on hand-written Markdown and on real answers.
"""

from __future__ import annotations

import re
from pathlib import Path

from advisor import Advisor, Answer
from advisor.models import Citation
from web.feedback import FeedbackStore
from web.render import SOURCES_MARK, html_text, markdown_html, render_answer
from web.serving import Service
from web.ui import ChatHandlers


def body_of(shown: str) -> str:
    """The answer's own HTML, without the Sources block (so Sources cannot satisfy a check)."""
    return shown.split(SOURCES_MARK, 1)[0]


def items(fragment: str, tag: str) -> list[str]:
    lists = re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", fragment, re.S)
    return [
        re.sub(r"<[^>]+>", "", li).strip()
        for block in lists
        for li in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


def test_numbered_steps_after_an_intro_line_are_an_ordered_list() -> None:
    shown = markdown_html("To apply [1]:\n1. Finish school. [1]\n2. Pass the exam. [2]")
    assert shown.startswith("<p>To apply [1]:</p>\n<ol>\n")
    assert items(shown, "ol") == ["Finish school. [1]", "Pass the exam. [2]"]
    assert "<br" not in shown


def test_a_list_standing_alone_keeps_its_numbers() -> None:
    shown = markdown_html("3. Apply for a licence.\n4. Start your first job.")
    assert '<ol start="3">' in shown and "<ul>" not in shown
    assert items(shown, "ol") == ["Apply for a licence.", "Start your first job."]


def test_bullets_bold_verdicts_and_tables() -> None:
    shown = markdown_html(
        "**Yes.** You can. [1]\n\n- One [1]\n- Two [2]\n\n| Exam | Pass mark |\n|---|---|\n| CKA | 66% |"
    )
    assert shown.startswith("<p><strong>Yes.</strong> You can. [1]</p>")
    assert items(shown, "ul") == ["One [1]", "Two [2]"]
    assert "<table>" in shown and "<th>Exam</th>" in shown and "<td>66%</td>" in shown


def test_raw_html_and_script_links_are_shown_as_text() -> None:
    shown = markdown_html('<script>alert(1)</script> and <b onclick="x()">bold</b> [a](javascript:alert(1))')
    assert "<script" not in shown and "&lt;script&gt;" in shown
    assert "<b " not in shown and 'href="javascript' not in shown


def test_sources_block_numbers_links_and_quotes() -> None:
    answer = Answer(
        text="Pay is high. [2]\n\n**Sources**\n\n2. Guide",
        citations=[
            Citation(
                2, "Pay <guide>", "https://example.org/pay", "corpus/pay.md", "Pay is $1 < $2.", "Org", "Pay"
            )
        ],
        answer_id="abc123",
    )
    shown = render_answer(answer)
    body, sources = shown.split(SOURCES_MARK, 1)
    assert body == "<p>Pay is high. [2]</p>\n"  # the core's plain Sources list is replaced
    assert '<li value="2"><a href="https://example.org/pay"' in sources
    assert "Pay &lt;guide&gt;" in sources and "$1 &lt; $2." in sources
    assert shown.endswith('<span class="ca-answer" data-answer-id="abc123"></span>')


def test_real_steps_answer_in_the_chat(nurse_advisor: Advisor, tmp_path: Path) -> None:
    service = Service(nurse_advisor, nurse_advisor.settings, FeedbackStore(tmp_path / "f.db"))
    shown = list(
        ChatHandlers(service, stream_delay=0).respond(
            "what are the steps to becoming a registered nurse?", []
        )
    )
    final = body_of(shown[-1])
    steps = items(final, "ol")
    assert len(steps) == 8, final
    assert steps[0].startswith("Finish high school") and steps[-1].startswith("Start your first RN job")
    assert all(piece.startswith("<") for piece in shown)  # streamed pieces are rendered the same way
    # The chat sends its messages back as history: words only, the numbered steps kept apart.
    assert "Finish high school" in html_text(final) and "<li>" not in html_text(final)
