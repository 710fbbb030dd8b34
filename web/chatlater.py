"""The chat pages mounted after start-up, so that the API answers within a second or two.

Importing Gradio takes seconds (6 s on our 2-core machine), longer than loading the
model and the index. ``python app.py`` therefore starts serving the API, the widget
and ``/healthz`` at once and mounts the chat pages when Gradio has loaded, in a
thread. Until then ``/`` and ``/embed/`` answer 503 with ``Retry-After`` and a page
that reloads itself, so a browser opened early lands on the chat a moment later.

``gr.mount_gradio_app`` runs a mounted app's start-up (its queue) from the parent's
lifespan; a mount made after start-up runs it here instead, and stops it with the
parent's lifespan.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.routing import Mount, Route

if TYPE_CHECKING:
    from advisor import Advisor
    from advisor.settings import Settings

    from .serving import Service

log = logging.getLogger(__name__)

RETRY_SECONDS = 2
_WAIT_PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="{RETRY_SECONDS}"><title>Starting</title></head>
<body style="font-family:system-ui,sans-serif;margin:3rem">
<p>The chat is starting; this page reloads itself in a moment.</p>
<p>The API already answers: see <a href="docs">/docs</a>.</p></body></html>"""
_FAILED_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Chat unavailable</title></head>
<body style="font-family:system-ui,sans-serif;margin:3rem">
<p>The chat could not start; the server's log says why. The API still answers: see
<a href="docs">/docs</a>.</p></body></html>"""


def mount_chat_later(
    app: FastAPI, service: Service, settings: Settings, advisor: Advisor, stream_delay: float | None
) -> None:
    """Serve a wait page at the chat's paths now; mount the chat once Gradio has loaded."""
    app.state.chat_ready = asyncio.Event()

    async def wait_page(request: Request) -> HTMLResponse:
        if getattr(app.state, "chat_failed", False):
            return HTMLResponse(_FAILED_PAGE, status_code=503)  # no reloading forever
        return HTMLResponse(_WAIT_PAGE, status_code=503, headers={"Retry-After": str(RETRY_SECONDS)})

    placeholders = [Route(path, wait_page, methods=["GET", "HEAD"]) for path in ("/", "/embed/")]
    app.router.routes.extend(placeholders)
    parent_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(parent: FastAPI) -> AsyncIterator[None]:
        async with parent_lifespan(parent) as state, contextlib.AsyncExitStack() as chats:
            task = asyncio.create_task(_mount(app, service, settings, advisor, stream_delay, chats))
            try:
                yield state
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    app.router.lifespan_context = lifespan

    def remove_placeholders() -> None:
        for route in placeholders:
            if route in app.router.routes:
                app.router.routes.remove(route)

    app.state.remove_chat_placeholders = remove_placeholders


async def _mount(
    app: FastAPI,
    service: Service,
    settings: Settings,
    advisor: Advisor,
    stream_delay: float | None,
    chats: contextlib.AsyncExitStack,
) -> None:
    try:
        ui = await asyncio.to_thread(_import_ui)
        before = list(app.router.routes)
        ui.mount_chat_for(app, service, settings, advisor, stream_delay)
        mounted = [r for r in app.router.routes if r not in before and isinstance(r, Mount)]
        for mount in mounted:
            chat = mount.app
            await chats.enter_async_context(chat.router.lifespan_context(chat))
            chat.get_blocks().run_startup_events()
            await chat.get_blocks().run_extra_startup_events()
        app.state.remove_chat_placeholders()
        app.state.chat_ready.set()
        log.info("The chat pages are ready")
    except asyncio.CancelledError:
        raise
    except Exception:
        app.state.chat_failed = True
        log.exception("The chat pages could not be mounted; the API still answers")


def _import_ui():
    from . import ui

    return ui
