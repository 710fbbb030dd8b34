"""The web app: HTTP API, security headers, widget script, and the mounted chat.

``create_app`` builds everything around one ``Advisor`` created (and its index
opened) at start-up, so the first visitor does not wait and tests can inject an
Advisor with a temporary index. Routes stay thin: they validate, call
``Advisor.ask`` and shape the JSON; answering lives in the core.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advisor import Answer, __version__
from advisor.index import IndexProblem
from advisor.models import Turn
from advisor.settings import Settings

from . import errors
from .bodylimit import BodyLimit
from .database import open_part
from .feedback import FeedbackStore
from .serving import FeedbackRequest, Service

if TYPE_CHECKING:
    from advisor import Advisor

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
# An origin as CSP and CORS understand it; anything else could smuggle in directives.
_ORIGIN = re.compile(r"^(https?://[A-Za-z0-9.\-]+(:\d+)?|\*)$")
_MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".markdown": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


# --- request and response models ---------------------------------------------
# Answers go out as the core's own Answer and Citation dataclasses (FastAPI
# derives their schema); only what the core has no type for is declared here.


def ask_request_model(settings: Settings) -> type[BaseModel]:
    """The /api/ask body, its documentation stating the limits actually configured."""

    class AskRequest(BaseModel):
        model_config = ConfigDict(
            extra="forbid",
            json_schema_extra={
                "examples": [
                    {
                        "question": "and what skills do they need?",
                        "history": [
                            {"role": "user", "content": "How much do AI architects earn?"},
                            {"role": "assistant", "content": "... $133,904 [1] ..."},
                        ],
                    }
                ]
            },
        )
        question: str = Field(
            description=f"The question, at most {settings.max_question_chars:,} characters."
        )
        history: list[Turn] = Field(
            default_factory=list,
            description=(
                f"Earlier turns, oldest first. Only the latest {settings.max_history_turns} turns and "
                f"{settings.max_history_chars:,} characters are used; the answer's notices say so "
                "when some were left out."
            ),
        )

    return AskRequest


class FeedbackOut(BaseModel):
    id: int


class ErrorOut(BaseModel):
    error: str = Field(description="What went wrong, in a sentence meant for the user.")
    kind: str = Field(description="bad_input, invalid_json, too_large, rate_limited, unknown_answer, ...")


class HealthOut(BaseModel):
    status: Literal["ok", "error"]
    index_loaded: bool
    documents: int | None = None
    passages: int | None = None
    version: str
    error: str | None = None


# --- headers -----------------------------------------------------------------


def allowed_origins(settings: Settings) -> list[str]:
    """The configured frame ancestors that are well-formed origins (others are logged and dropped)."""
    good = []
    for origin in settings.frame_ancestors:
        if _ORIGIN.match(origin.rstrip("/")):
            good.append(origin.rstrip("/"))
        else:
            log.warning("ignoring ADVISOR_FRAME_ANCESTORS entry %r: not an origin like https://host", origin)
    return good


class SecurityHeaders:
    """Adds CSP ``frame-ancestors`` to HTML responses and ``nosniff`` to all.

    A plain ASGI middleware (not BaseHTTPMiddleware) so Gradio's streamed
    responses pass through untouched.
    """

    def __init__(self, app: ASGIApp, origins: list[str]):
        self.app = app
        self.csp = " ".join(["frame-ancestors 'self'", *origins]).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html") and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.csp))
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                if b"referrer-policy" not in names:
                    headers.append((b"referrer-policy", b"strict-origin-when-cross-origin"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RootPath:
    """Serve under a public sub-path (``ADVISOR_ROOT_PATH``) behind a reverse proxy.

    Sets the ASGI ``root_path`` and, when the proxy stripped the prefix, puts it
    back in front of ``path`` (what ``uvicorn --root-path`` does), so that any
    server (uvicorn, gunicorn, the test client) generates correct links.
    """

    def __init__(self, app: ASGIApp, root_path: str):
        self.app = app
        self.root_path = root_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.root_path:
            path = scope["path"]
            if path != self.root_path and not path.startswith(self.root_path + "/"):
                path = self.root_path + path
                raw = self.root_path.encode() + scope.get("raw_path", scope["path"].encode())
                scope = {**scope, "path": path, "raw_path": raw}
            scope = {**scope, "root_path": self.root_path}
        await self.app(scope, receive, send)


# --- the app -----------------------------------------------------------------


def create_app(
    settings: Settings | None = None,
    advisor: Advisor | None = None,
    *,
    stream_delay: float | None = None,
    chat_later: bool = False,
) -> FastAPI:
    """Build the whole web app around one Advisor (created and loaded here unless given).

    ``stream_delay`` (seconds between streamed pieces of an answer) lets tests go faster.
    ``chat_later`` serves the API at once and mounts the chat pages once Gradio has
    loaded (see :mod:`web.chatlater`): Gradio's imports take seconds, the API needs none.
    """
    settings = settings or Settings.from_env()
    if advisor is None:
        from advisor import Advisor

        advisor = Advisor(settings)
    advisor.load()
    store = FeedbackStore(
        open_part(settings, "feedback"),
        retention_days=settings.retention_days,
        store_questions=settings.store_questions,
    )
    service = Service(advisor, settings, store)
    origins = allowed_origins(settings)
    AskRequest = ask_request_model(settings)  # noqa: N806  (a class)

    app = FastAPI(
        title="Career Advisor API",
        version=__version__,
        description=(f"{advisor.profile.tagline} Every error is a JSON object {{error, kind}}."),
        responses={400: {"model": ErrorOut}, 413: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    )
    app.state.advisor = advisor
    app.state.feedback = store
    app.state.service = service
    app.state.settings = settings
    errors.install(app)

    def client_of(scope: str):
        """A dependency: who is asking; raises RateLimited (429) when they are over their limit."""

        def dependency(request: Request) -> str:
            client = service.client(request.client.host if request.client else None, request.headers)
            service.check_rate(scope, client)
            return client

        return dependency

    async def ask(body: AskRequest, client: str = Depends(client_of("ask"))) -> Any:  # type: ignore[valid-type]
        """Answer one question, citing the passages each claim rests on.

        Send earlier turns in ``history`` so follow-ups ("and what skills do they
        need?") are understood. Off-topic questions get ``grounded: false``. The
        ``answer_id`` names this answer for ``/api/feedback``.
        """
        return await service.answer_in_turn(body.question, body.history, "api")

    # The body model is built above from the settings, so give FastAPI the class itself
    # (under postponed annotations it would look for the name "AskRequest" at module level).
    ask.__annotations__["body"] = AskRequest
    app.post(
        "/api/ask",
        response_model=Answer,
        responses={429: {"model": ErrorOut}, 500: {"model": ErrorOut}, 503: {"model": ErrorOut}},
        tags=["advisor"],
    )(ask)

    @app.post(
        "/api/feedback",
        status_code=201,
        response_model=FeedbackOut,
        responses={404: {"model": ErrorOut}, 409: {"model": ErrorOut}, 429: {"model": ErrorOut}},
        tags=["advisor"],
    )
    def give_feedback(body: FeedbackRequest, client: str = Depends(client_of("feedback"))) -> Any:
        """Rate an answer this server gave (by its ``answer_id``): once per answer per client."""
        return {"id": service.rate(body.answer_id, body.rating, client, body.comment, channel="api")}

    @app.get("/healthz", tags=["ops"], response_model=HealthOut, responses={503: {"model": HealthOut}})
    def healthz() -> JSONResponse:
        """Liveness and readiness: is the index open, and how big is it."""
        try:
            stats = advisor.stats()
        except Exception:
            log.exception("health check failed")
            return JSONResponse({"status": "error", "index_loaded": False, "version": __version__}, 503)
        try:
            advisor.library.index.ping()  # a Chroma server (ADVISOR_CHROMA_URL) may have gone away
        except IndexProblem as exc:
            body = {"status": "error", "index_loaded": True, "version": __version__, "error": str(exc)}
            return JSONResponse(body, 503)
        return JSONResponse(
            {
                "status": "ok",
                "index_loaded": True,
                "documents": stats["documents"],
                "passages": stats["passages"],
                "version": __version__,
            }
        )

    @app.get(
        "/api/documents/{document_id}",
        tags=["advisor"],
        response_class=FileResponse,
        responses={404: {"model": ErrorOut}},
    )
    def original_document(document_id: str) -> FileResponse:
        """The original file of an indexed document, named by a citation's ``document_id``.

        Only documents in the index are served; a PDF link may add ``#page=N``
        (the citation's ``page``) to open at the cited page.
        """
        path = advisor.original(document_id) if re.fullmatch(r"[0-9a-f]{16}", document_id) else None
        if path is None:
            raise errors.NotFound("There is no indexed document with that id.")
        media_type = _MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
        # A saved page may hold scripts: shown sandboxed, they never run in this origin.
        headers = {"Content-Security-Policy": "sandbox"} if media_type.startswith("text/html") else {}
        return FileResponse(
            path,
            media_type=media_type,
            filename=path.name,
            content_disposition_type="inline",
            headers=headers,
        )

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> FileResponse:
        return FileResponse(
            STATIC / "widget.js",
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @app.get("/embed", include_in_schema=False)
    def embed_slash(request: Request) -> RedirectResponse:
        # The mounted chat lives at /embed/; without this "/embed" would fall to the "/" mount.
        return RedirectResponse(f"{request.scope.get('root_path', '')}/embed/", status_code=307)

    from .lti import lti_router  # LTI 1.3 tool (its own package); before the chat's catch-all "/" mount

    app.include_router(lti_router(settings, service))

    from .admin import admin_router  # the staff page; also before the chat's "/" mount

    app.include_router(admin_router(settings, service, advisor))

    @app.api_route(
        "/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
    )
    def no_such_endpoint(rest: str) -> None:
        # Without this, unknown /api/ paths would fall to the chat mounted at "/".
        raise errors.NotFound(f"There is no API endpoint /api/{rest}; see /docs.")

    if chat_later:
        from .chatlater import mount_chat_later

        mount_chat_later(app, service, settings, advisor, stream_delay)
    else:
        from .ui import mount_chat_for

        mount_chat_for(app, service, settings, advisor, stream_delay)

    # Each add wraps the previous ones: BodyLimit runs innermost (its 413 still gets
    # CORS headers); RootPath outermost, fixing paths before anything else sees them.
    app.add_middleware(BodyLimit, api_limit=settings.max_body_bytes, other_limit=settings.max_chat_body_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        max_age=600,
    )
    app.add_middleware(SecurityHeaders, origins=origins)
    app.add_middleware(RootPath, root_path=settings.root_path)
    return app
