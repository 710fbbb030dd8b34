"""How an answer is shown in HTML: its body, notices, sources and the answer id it carries.

Shared by the chat pages and the LMS launch page, and free of Gradio, so that
serving the API and LTI never waits for Gradio's imports.
"""

from __future__ import annotations

import html
import re

from advisor import Answer

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
    # One HTML block without blank lines, so Markdown leaves it alone.
    return f"{SOURCES_MARK}<strong>Sources</strong><ol>{''.join(items)}</ol></div>"


def render_notices(answer: Answer) -> str:
    """Notes on limits applied to the request (e.g. history trimmed), in italics."""
    return "\n\n".join(f"*{html.escape(n)}*" for n in answer.notices)


def render_answer(answer: Answer, root: str = "") -> str:
    """The full chat message: Markdown body, notices, the sources block, the answer id."""
    parts = [answer_body(answer.text), render_notices(answer), render_sources(answer, root)]
    shown = "\n\n".join(p for p in parts if p)
    return shown + (ANSWER_MARK.format(answer.answer_id) if answer.answer_id else "")


def answer_id_of(shown: str) -> str | None:
    """The id of the served answer a chat message shows, if it carries one."""
    found = _ANSWER_ID.search(shown)
    return found.group(1) if found else None
