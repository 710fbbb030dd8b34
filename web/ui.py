"""The Gradio chat: a full page at ``/`` and a compact twin at ``/embed`` for iframes.

This is presentation only. Every answer comes from ``Advisor.ask``; this module
turns it into chat messages (answer streamed in pieces, then numbered sources
with the quoted passages), passes the earlier turns back as plain text so
follow-ups work, and records thumbs up/down. Nothing a user types can put a
traceback on the page: bad input and failures become friendly messages.
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import gradio as gr

from advisor import __version__
from advisor.profile import CorpusProfile

from .errors import CHAT_INTERNAL, chat_message
from .render import (
    SOURCES_MARK,
    answer_body,
    answer_id_of,
    html_text,
    markdown_html,
    render_answer,
    render_notices,
    render_sources,
)

__all__ = ["SOURCES_MARK", "answer_body", "answer_id_of", "render_answer", "render_notices", "render_sources"]

if TYPE_CHECKING:
    from fastapi import FastAPI

    from advisor import Advisor
    from advisor.settings import Settings

    from .serving import Service

log = logging.getLogger(__name__)

MAX_NAMED_SOURCES = 3


def sources_note(documents: dict[str, dict], compact: bool = False) -> str:
    """What the chat answers from, named from the corpus itself (a few titles, then a count)."""
    docs = sorted(
        documents.values(),
        key=lambda d: (
            str(d.get("meta", {}).get("kind", "")) not in ("article", "guide"),
            str(d.get("title", "")),
        ),
    )
    named = []
    for doc in docs[:MAX_NAMED_SOURCES]:
        meta = doc.get("meta", {})
        title = html.escape(str(doc.get("title") or meta.get("title") or ""))
        url = str(meta.get("url") or "")
        publisher = html.escape(str(meta.get("publisher") or ""))
        text = f"“{title}”" + (f" ({publisher})" if publisher else "")
        if url.startswith(("https://", "http://")) and not compact:
            text = f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{text}</a>'
        named.append(text)
    rest = len(docs) - len(named)
    listing = ", ".join(named) + (f" and {rest} more document{'s' if rest != 1 else ''}" if rest > 0 else "")
    if compact:
        return f'<p class="ca-note">Answers only from its sources: {listing}.</p>'
    return (
        f"Answers come **only from its sources**: {listing}. Each claim is numbered and linked to the "
        "passage it rests on; when the sources don't say, it tells you so."
    )


# System fonts only: the page must not fetch fonts (or anything else) from the internet.
SYSTEM_FONTS = [
    "system-ui",
    "-apple-system",
    "Segoe UI",
    "Roboto",
    "Helvetica Neue",
    "Arial",
    "sans-serif",
]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
CSS = """
footer { display: none !important; }
.ca-header h1 { margin: 0.2rem 0 0.1rem; font-size: 1.6rem; }
.ca-header p { margin: 0; color: var(--body-text-color); opacity: 0.72; }
.ca-note { font-size: 0.88rem; color: var(--body-text-color); opacity: 0.85; }
.ca-note p { margin: 0; }
.ca-sources { margin-top: 0.6rem; padding-top: 0.4rem; border-top: 1px solid var(--border-color-primary); }
.ca-sources ol { margin: 0.2rem 0 0 1.2rem; padding: 0; }
.ca-sources li { margin: 0.35rem 0; }
.ca-sources .ca-meta { color: var(--body-text-color); opacity: 0.72; font-size: 0.9em; }
.ca-sources details summary { cursor: pointer; font-size: 0.9em; color: var(--link-text-color); }
.ca-sources blockquote { margin: 0.3rem 0; padding: 0.3rem 0.6rem; font-size: 0.92em;
  border-left: 3px solid var(--color-accent-soft); background: var(--background-fill-secondary); }
.ca-apilink { text-align: center; font-size: 0.8rem; color: var(--body-text-color); opacity: 0.72; }
"""
# Inline icon: no request at all, so it also works under a proxy sub-path.
FAVICON = (
    '<link rel="icon" href="data:image/svg+xml,'
    "%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E"
    "%3Crect width='32' height='32' rx='8' fill='%234f46e5'/%3E"
    "%3Cpath d='M8 8h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z' "
    "fill='white'/%3E%3C/svg%3E\">"
)
# The iframe view: the chat fills the frame exactly; only the message list scrolls.
EMBED_CSS = (
    CSS
    + """
.gradio-container .main.fillable { padding: 6px 10px 8px !important; height: 100vh; box-sizing: border-box; }
.gradio-container .main .wrap, .gradio-container main.contain,
.gradio-container main.contain .column { min-height: 0 !important; }
.gradio-container main.contain .column > * { flex-shrink: 0; }
.gradio-container main.contain .column > #ca-chat { flex: 1 1 0 !important; min-height: 0 !important; }
"""
)

# The copy button under a message copies the message's value, which for an answer is
# HTML. When the button under an answer is pressed, what Gradio writes to the clipboard
# is replaced by the text the student sees: the answer with its [n] markers, then the
# numbered sources with their web links, without quoted passages or the answer-id marker.
# Which button was pressed is not read from its (translated) label: a button under an
# answer that writes to the clipboard is the copy button.
# Gradio also names each message (its ``aria-label``, what a screen reader says) after its
# value; an answer is named instead by that same text, without the web links, and renamed
# whenever Gradio sets its label or its content changes (while it streams in).
# Gradio runs this script, as the Blocks' own ``js``, once the page has loaded; the pages'
# CSP sets only frame-ancestors.
PAGE_JS = """
() => {
  let pressed = null;  // the answer whose buttons were just clicked, and when
  addEventListener("click", (event) => {
    const bar = event.target.closest && event.target.closest("#ca-chat .message-buttons");
    const row = bar && (bar.closest(".message-row") || bar.previousElementSibling);
    const shown = row ? [...row.querySelectorAll('[data-testid="bot"] .message-content')] : [];
    pressed = shown.length ? { shown, at: Date.now() } : null;
  }, true);
  const textOf = (element, links) => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll("details, .ca-answer").forEach((e) => e.remove());
    copy.querySelectorAll(".ca-sources").forEach((e) => e.before(document.createElement("p")));
    copy.querySelectorAll("ol, ul").forEach((list) => {
      let n = list.start || 1;
      for (const li of list.children) {
        if (li.getAttribute("value")) n = Number(li.getAttribute("value"));
        const sources = list.parentElement.classList.contains("ca-sources");
        li.prepend(list.tagName === "UL" ? "- " : sources ? `[${n}] ` : `${n}. `);
        n += 1;
      }
    });
    if (links) copy.querySelectorAll('.ca-sources a[href^="https://"], .ca-sources a[href^="http://"]')
      .forEach((a) => a.closest("li")?.append(document.createElement("br"), a.href));
    const box = document.createElement("div");  // innerText needs a rendered element
    box.style.cssText = "position: fixed; left: -10000px; top: 0; width: 60em;";
    box.append(copy);
    document.body.append(box);
    const text = box.innerText;
    box.remove();
    return text.replace(/\\n{3,}/g, "\\n\\n").trim();
  };
  const take = () => {
    const answer = pressed && Date.now() - pressed.at < 1000 ? pressed : null;
    pressed = null;
    return answer && answer.shown.map((shown) => textOf(shown, true)).join("\\n\\n");
  };
  if (navigator.clipboard) {
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text) => write(take() || text);
  }
  document.addEventListener("copy", (event) => {  // Gradio's fallback without the Clipboard API
    const text = take();
    if (text) {
      event.clipboardData.setData("text/plain", text);
      event.preventDefault();
    }
  });
  const labelled = new WeakMap();  // answer -> [its HTML, the label given to it]
  const relabel = () => {
    for (const message of document.querySelectorAll('#ca-chat [data-testid="bot"]')) {
      const shown = message.querySelector(".message-content");
      const label = message.getAttribute("aria-label") || "";
      const [html, given] = labelled.get(message) || [];
      if (!shown || (shown.innerHTML === html && label === given)) continue;
      const text = (label.match(/^[^:<]*: /) || [""])[0] + textOf(shown, false);
      labelled.set(message, [shown.innerHTML, text]);
      message.setAttribute("aria-label", text);
    }
  };
  const chat = document.getElementById("ca-chat") || document.body;
  new MutationObserver(relabel).observe(chat, {
    subtree: true, childList: true, characterData: true, attributeFilter: ["aria-label"],
  });
  relabel();
}
"""

ERROR_TEXT = CHAT_INTERNAL  # the message for an unexpected failure
STREAM_WORDS = 4  # words added per streamed update
STREAM_DELAY = 0.012  # seconds between updates: visibly "typed", still well under a second


def theme() -> gr.themes.Base:
    """Gradio's default look with system fonts (no web-font downloads)."""
    return gr.themes.Default(primary_hue="indigo", font=SYSTEM_FONTS, font_mono=MONO_FONTS)


def stream_pieces(text: str, words: int = STREAM_WORDS) -> Iterator[str]:
    """Progressively longer prefixes of ``text``, a few words at a time."""
    tokens = re.findall(r"\S+\s*|\s+", text)
    for end in range(words, len(tokens), words):
        yield "".join(tokens[:end])


# --- history -----------------------------------------------------------------


def _text_of(content: Any) -> str:
    """Plain text of a Gradio message content (a string or a list of typed parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text", "")) if content.get("type", "text") == "text" else ""
    if isinstance(content, (list, tuple)):
        return "\n".join(t for t in (_text_of(part) for part in content) if t)
    return ""


def history_for_advisor(history: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    """Earlier turns as ``{"role", "content"}`` plain text, sources blocks removed."""
    turns = []
    for message in history:
        role = message.get("role")
        if role not in ("user", "assistant"):
            continue
        text = _text_of(message.get("content"))
        if role == "assistant":
            text = html_text(text.split(SOURCES_MARK, 1)[0])  # shown as HTML: its words only
        text = text.strip()
        if text:
            turns.append({"role": role, "content": text})
    return turns


# --- handlers ----------------------------------------------------------------


class ChatHandlers:
    """The chat's event handlers, bound to the web layer's :class:`~web.serving.Service`.

    Answers and ratings go through the same service as the HTTP API: same
    limits, same rate limit, same stored answers. A rating names the answer id
    carried in the rated message, so nothing about answers is kept in memory here.
    """

    def __init__(self, service: Service, stream_delay: float = STREAM_DELAY):
        self.service = service
        self.stream_delay = stream_delay

    def _client(self, request: gr.Request | None) -> str:
        if request is None:  # called directly (tests), not through Gradio
            return "local"
        peer = request.client.host if request.client else None
        return self.service.client(peer, {k.lower(): v for k, v in request.headers.items()})

    def respond(
        self, message: str, history: list[dict[str, Any]], request: gr.Request | None = None
    ) -> Iterator[str]:
        """Answer ``message`` given the chat so far, yielding ever longer text."""
        try:
            self.service.check_rate("ask", self._client(request))
            answer = self.service.answer(_text_of(message), history_for_advisor(history), channel="web")
        except Exception as exc:
            yield chat_message(exc)
            return
        for piece in stream_pieces(answer_body(answer.text)):
            yield markdown_html(piece)  # the same renderer as the final message
            time.sleep(self.stream_delay)
        yield render_answer(answer, root=self.service.settings.root_path)

    def on_like(
        self, history: list[dict[str, Any]], data: gr.LikeData, request: gr.Request | None = None
    ) -> None:
        """Store a thumbs up/down for the served answer the rated message shows."""
        try:
            self._store_like(history, data, self._client(request))
        except Exception as exc:  # a second rating, an expired answer...: logged, never shown as a trace
            log.info("rating not stored: %s", chat_message(exc))

    def _store_like(self, history: list[dict[str, Any]], data: gr.LikeData, client: str) -> None:
        if data.liked not in (True, False):
            return  # a rating withdrawn or a custom option: nothing to store
        index = data.index if isinstance(data.index, int) else data.index[0]
        if not 0 <= index < len(history):
            return
        answer_id = answer_id_of(_text_of(history[index].get("content")))
        if answer_id is None:
            return  # an error message or a rate-limit notice: nothing was served to rate
        self.service.check_rate("feedback", client)
        self.service.rate(answer_id, "up" if data.liked else "down", client, channel="web")


# --- pages -------------------------------------------------------------------


def _chat(
    handlers: ChatHandlers, profile: CorpusProfile, documents: dict, *, compact: bool
) -> gr.ChatInterface:
    """The chat itself: streamed answers, examples, retry/undo/clear, thumbs up/down."""
    chatbot = gr.Chatbot(
        elem_id="ca-chat",
        show_label=False,
        height=None if compact else 560,
        scale=1,
        layout="panel" if compact else "bubble",  # panel: full width in a narrow iframe
        latex_delimiters=[],  # "$133,904 ... $150,000" is money, not maths
        feedback_options=("Like", "Dislike"),
        buttons=["copy"],
        placeholder=None if compact else f"Ask about {profile.subject}, or pick an example below.",
    )
    chat = gr.ChatInterface(
        handlers.respond,
        chatbot=chatbot,
        textbox=gr.Textbox(
            placeholder=f"Ask about {profile.subject}…",
            show_label=False,
            scale=7,
            autofocus=not compact,  # an iframe must not steal focus from the host page
            submit_btn=True,
            stop_btn=True,
        ),
        examples=list(profile.examples) or None,
        description=sources_note(documents, compact=True) if compact else None,
        fill_height=True,
        concurrency_limit=8,
        api_visibility="private",  # the HTTP API is POST /api/ask
    )
    # The browser tab's title, set after construction so no big heading is drawn.
    chat.title = profile.name
    return chat


def build_page(
    handlers: ChatHandlers, profile: CorpusProfile, documents: dict, docs_url: str = "/docs"
) -> gr.Blocks:
    """The full page at ``/``: header, the sources note, the chat, a link to the API.

    Every word of it that names the subject comes from the corpus (``advisor.yaml``).
    """
    with gr.Blocks(title=f"{profile.name}: {profile.subject}") as page:
        about = f": {profile.description}" if profile.description else ""
        gr.Markdown(
            f"# {html.escape(profile.name)}\n"
            f"Cited answers on {html.escape(profile.subject)}{html.escape(about)}.",
            elem_classes=["ca-header"],
        )
        gr.Markdown(sources_note(documents), elem_classes=["ca-note"])
        chat = _chat(handlers, profile, documents, compact=False)
        chat.chatbot.like(handlers.on_like, [chat.chatbot], None, queue=False, api_visibility="private")
        gr.Markdown(
            f'Version {__version__} · <a href="{docs_url}" target="_blank">HTTP API</a>',
            elem_classes=["ca-apilink"],
        )
    return page


def build_embed(handlers: ChatHandlers, profile: CorpusProfile, documents: dict) -> gr.Blocks:
    """The compact view at ``/embed`` for iframes: one line of context, then the chat
    filling the frame (the ChatInterface is the page, so its height follows the frame)."""
    chat = _chat(handlers, profile, documents, compact=True)
    with chat:
        chat.chatbot.like(handlers.on_like, [chat.chatbot], None, queue=False, api_visibility="private")
    return chat


def mount_chat_for(
    app: FastAPI, service: Service, settings: Settings, advisor: Advisor, stream_delay: float | None = None
) -> None:
    """Mount both chat pages of ``advisor`` on ``app`` (what ``create_app`` does)."""
    handlers = ChatHandlers(service, stream_delay=STREAM_DELAY if stream_delay is None else stream_delay)
    mount_chat(app, handlers, settings.root_path, advisor=advisor)


def mount_chat(
    app: FastAPI, handlers: ChatHandlers, root_path: str = "", advisor: Advisor | None = None
) -> None:
    """Mount the compact chat at ``/embed`` and the full page at ``/`` (in that order:
    a mount at "/" catches every path, so it must come last). The pages speak of the
    advisor's corpus: its name, subject, example questions and documents."""
    profile = advisor.profile if advisor is not None else CorpusProfile()
    documents = advisor.library.documents if advisor is not None else {}
    common: dict[str, Any] = dict(
        theme=theme(),
        head=FAVICON,
        js=PAGE_JS,
        footer_links=[],
        show_error=False,  # failures are logged; the page shows a friendly message
        ssr_mode=False,
        run_history=False,
    )
    gr.mount_gradio_app(
        app,
        build_embed(handlers, profile, documents),
        path="/embed",
        css=EMBED_CSS,
        root_path=f"{root_path}/embed" if root_path else None,
        **common,
    )
    gr.mount_gradio_app(
        app,
        build_page(handlers, profile, documents, docs_url=f"{root_path}/docs"),
        path="/",
        css=CSS,
        root_path=root_path or None,
        **common,
    )
