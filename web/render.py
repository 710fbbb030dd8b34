"""How an answer is shown in HTML: its body, notices, sources and the answer id it carries.

Shared by the chat pages and the LMS launch page, and free of Gradio, so that
serving the API and LTI never waits for Gradio's imports. One Markdown renderer,
markdown-it-py (CommonMark, with tables), turns every answer into HTML, wherever
it is shown; raw HTML in the text is off, so a passage quoting markup shows it as
text, and links that are not web links are refused by the renderer.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from advisor import Answer

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

SOURCES_MARK = '<div class="ca-sources">'
# The served answer's id rides along, invisible, in the message itself: the chat
# sends its messages back with a rating, so the rating names the answer it rates.
ANSWER_MARK = '<span class="ca-answer" data-answer-id="{}"></span>'
_ANSWER_ID = re.compile(r'<span class="ca-answer" data-answer-id="([A-Za-z0-9_-]{1,64})"></span>')


def answer_body(text: str) -> str:
    """The answer without the core's plain "**Sources**" list (we render a richer one)."""
    return re.split(r"\n\s*\*\*Sources\*\*\s*\n", text, maxsplit=1)[0].rstrip()


def _safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"https?://", url) else None


def original_link(citation, root: str = "") -> str:
    """Where the original file of a cited document is served, at the cited page for a PDF."""
    if not citation.document_id:
        return ""
    link = f"{root}/api/documents/{citation.document_id}"
    if citation.page and citation.source.lower().endswith(".pdf"):
        link += f"#page={citation.page}"  # PDF viewers open the file at this page
    return link


def render_sources(answer: Answer, root: str = "") -> str:
    """Numbered sources as one HTML block: title link, publisher, page, expandable quote.

    A document without a URL links to its original file, served by the app under
    ``root`` (the app's root path).
    """
    if not answer.citations:
        return ""
    items = []
    for c in sorted(answer.citations, key=lambda c: c.n):
        title = html.escape(c.title)
        url = _safe_url(c.url) or original_link(c, root)
        link = f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{title}</a>' if url else title
        page = f"p. {c.page}" if c.page else ""
        meta = " · ".join(html.escape(part) for part in (c.publisher, c.section, page) if part)
        items.append(
            f'<li value="{c.n}">{link}'
            + (f' <span class="ca-meta">— {meta}</span>' if meta else "")
            + f"<details><summary>Quoted passage</summary><blockquote>{html.escape(c.quote)}</blockquote>"
            "</details></li>"
        )
    return f"{SOURCES_MARK}<strong>Sources</strong><ol>{''.join(items)}</ol></div>"


def markdown_html(text: str) -> str:
    """Markdown as HTML, the one way every answer is rendered (raw HTML is shown as text)."""
    return _MARKDOWN.render(text)


def render_notices(answer: Answer) -> str:
    """Notes on limits applied to the request (e.g. history trimmed), in italics."""
    return "".join(f'<p class="ca-meta"><em>{html.escape(n)}</em></p>' for n in answer.notices)


def answer_html(answer: Answer, root: str = "") -> str:
    """The answer as HTML: its body, its notices and its sources block (links under ``root``)."""
    return markdown_html(answer_body(answer.text)) + render_notices(answer) + render_sources(answer, root)


def render_answer(answer: Answer, root: str = "") -> str:
    """The full chat message: :func:`answer_html` and the answer id it carries."""
    return answer_html(answer, root) + (ANSWER_MARK.format(answer.answer_id) if answer.answer_id else "")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "li":
            self.parts.append("\n- ")
        elif tag in ("p", "br", "tr", "ol", "ul", "h1", "h2", "h3", "h4", "table"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(shown: str) -> str:
    """The plain text of rendered HTML (a chat message sent back as conversation history)."""
    parser = _Text()
    parser.feed(shown)
    parser.close()
    return re.sub(r"\n\s*\n+", "\n\n", "".join(parser.parts)).strip()


def answer_id_of(shown: str) -> str | None:
    """The id of the served answer a chat message shows, if it carries one."""
    found = _ANSWER_ID.search(shown)
    return found.group(1) if found else None
