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

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advisor import AdvisorInputError, __version__
from advisor.index import IndexProblem
from advisor.settings import Settings

from .feedback import FeedbackStore
from .ui import STREAM_DELAY, ChatHandlers, mount_chat

if TYPE_CHECKING:
    from advisor import Advisor

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY_BYTES = 256 * 1024  # a question plus twenty turns of history fits easily
# An origin as CSP and CORS understand it; anything else could smuggle in directives.
_ORIGIN = re.compile(r"^(https?://[A-Za-z0-9.\-]+(:\d+)?|\*)$")


# --- request and response models ---------------------------------------------


class Turn(BaseModel):
    """One earlier message of the conversation, as plain text."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str


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
    question: str = Field(description="The question, at most 1,000 characters.")
    history: list[Turn] = Field(default_factory=list, description="Earlier turns, oldest first.")


class CitationOut(BaseModel):
    n: int
    title: str
    url: str | None
    source: str
    quote: str
    publisher: str = ""
    section: str = ""


class AnswerOut(BaseModel):
    text: str = Field(description="Markdown; claims end with [n]; ends with a numbered Sources list.")
    citations: list[CitationOut]
    grounded: bool = Field(description="False when the advisor declines (the sources do not cover it).")
    query: str
    backend: str


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rating: Literal["up", "down"]
    question: str = Field(max_length=20_000)
    answer: str = Field(max_length=50_000)
    citations: list[CitationOut] = Field(default_factory=list)
    grounded: bool | None = None


class ErrorOut(BaseModel):
    error: str


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


class BodyLimit:
    """Refuses API requests whose declared body is over ``MAX_BODY_BYTES`` before reading it.

    (Bodies without a Content-Length are left to the proxy's limit, e.g. nginx's
    ``client_max_body_size``.)
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "/api/" in scope["path"]:
            size = dict(scope["headers"]).get(b"content-length", b"")
            if size.isdigit() and int(size) > self.limit:
                error = {"error": f"The request body is larger than {self.limit:,} bytes."}
                await JSONResponse(error, status_code=413)(scope, receive, send)
                return
        await self.app(scope, receive, send)


# --- errors ------------------------------------------------------------------


def _describe(errors: list[dict[str, Any]]) -> str:
    """Pydantic's error list as one sentence a person can act on."""
    parts = []
    for err in errors:
        if err.get("type") == "json_invalid":
            return "The request body is not valid JSON."
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        kind = err.get("type", "")
        if kind == "missing":
            parts.append(f"'{loc}' is required")
        elif kind == "extra_forbidden":
            parts.append(f"'{loc}' is not a known field")
        elif kind == "model_attributes_type" and not loc:
            parts.append('the body must be a JSON object like {"question": "..."}')
        else:
            parts.append(f"'{loc or 'body'}': {err.get('msg', 'invalid value')}")
    return ("Invalid request: " + "; ".join(parts) + ".") if parts else "Invalid request."


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    is_json = any(e.get("type") == "json_invalid" for e in errors)
    return JSONResponse({"error": _describe(list(errors))}, status_code=400 if is_json else 422)


# --- the app -----------------------------------------------------------------


def create_app(
    settings: Settings | None = None, advisor: Advisor | None = None, *, stream_delay: float | None = None
) -> FastAPI:
    """Build the whole web app around one Advisor (created and loaded here unless given).

    ``stream_delay`` (seconds between streamed pieces of an answer) lets tests go faster.
    """
    settings = settings or Settings.from_env()
    if advisor is None:
        from advisor import Advisor

        advisor = Advisor(settings)
    advisor.load()
    feedback = FeedbackStore(settings.feedback_db)
    origins = allowed_origins(settings)

    app = FastAPI(
        title="Career Advisor API",
        version=__version__,
        description="Cited answers about becoming an AI architect, from a fixed set of sources.",
        responses={400: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    )
    app.state.advisor = advisor
    app.state.feedback = feedback
    app.state.settings = settings
    app.add_exception_handler(RequestValidationError, _validation_error)

    @app.post(
        "/api/ask",
        response_model=AnswerOut,
        responses={413: {"model": ErrorOut}, 500: {"model": ErrorOut}},
        tags=["advisor"],
    )
    def ask(body: AskRequest) -> Any:
        """Answer one question, citing the passages each claim rests on.

        Send earlier turns in ``history`` so follow-ups ("and what skills do they
        need?") are understood. Off-topic questions get ``grounded: false``.
        """
        try:
            answer = advisor.ask(body.question, history=[t.model_dump() for t in body.history])
        except AdvisorInputError as err:
            return JSONResponse({"error": str(err)}, status_code=422)
        except Exception:
            log.exception("answering failed")
            return JSONResponse({"error": "The advisor hit an internal problem; please try again."}, 500)
        return answer.to_dict()

    @app.post(
        "/api/feedback",
        status_code=201,
        responses={413: {"model": ErrorOut}},
        tags=["advisor"],
    )
    def give_feedback(body: FeedbackRequest) -> dict[str, int]:
        """Store a thumbs up or down on an answer (with its question and citations)."""
        row = feedback.record(
            body.rating,
            question=body.question,
            answer=body.answer,
            citations=[c.model_dump() for c in body.citations],
            grounded=body.grounded,
            channel="api",
        )
        return {"id": row}

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

    app.include_router(lti_router(settings, advisor, feedback))

    delay = STREAM_DELAY if stream_delay is None else stream_delay
    handlers = ChatHandlers(advisor, feedback, stream_delay=delay)
    mount_chat(app, handlers, settings.root_path, advisor=advisor)

    # Each add wraps the previous ones: BodyLimit runs innermost (its 413 still gets
    # CORS headers); RootPath outermost, fixing paths before anything else sees them.
    app.add_middleware(BodyLimit)
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
