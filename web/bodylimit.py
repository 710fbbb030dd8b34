"""A request-body cap that counts bytes as they arrive, on every route.

Content-Length cannot be trusted (a chunked request has none, and a client may
lie), so the body is read here, chunk by chunk, and the request is refused with
413 as soon as the running total passes the limit: no route, Gradio's included,
ever holds more than ``limit`` bytes of one request. A body under the limit is
handed on unchanged, so routes read it as usual.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import RequestTooLarge, error_response


class BodyLimit:
    """Plain ASGI middleware (streamed responses pass through untouched).

    ``api_limit`` applies under ``/api/``; every other route (the chat page and
    Gradio's ``/gradio_api/``, which sends the whole conversation each turn)
    gets ``other_limit``.
    """

    def __init__(self, app: ASGIApp, api_limit: int, other_limit: int):
        self.app = app
        self.api_limit = api_limit
        self.other_limit = other_limit

    def limit_for(self, path: str) -> int:
        return self.api_limit if "/api/" in path else self.other_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await error_response(RequestTooLarge(limit))(scope, receive, send)
            return

        chunks: list[bytes] = []
        size = 0
        ended: Message | None = None  # a disconnect that arrived while reading
        while True:
            message = await receive()
            if message["type"] != "http.request":
                ended = message
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await error_response(RequestTooLarge(limit))(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                if ended is not None:
                    return ended
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()  # later calls wait for the disconnect, as streaming responses do

        await self.app(scope, replay, send)
