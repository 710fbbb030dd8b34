"""Every error the web layer shows, in one place.

The core raises :class:`advisor.AdvisorError` kinds; the web layer adds a few of
its own (body too large, rate limited, unknown answer id, already rated, an LTI
session expired or not allowed). This module turns any of them, and any
unexpected exception, into the one JSON error body of the HTTP API::

    {"error": "<a sentence for the user>", "kind": "<stable name>"}

and into the one message the chat page shows. Nothing else in the web layer
writes an error response or an error message of its own.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from advisor.errors import AdvisorError

log = logging.getLogger(__name__)

# HTTP status of each core kind; the web layer's own kinds carry theirs.
STATUS = {
    "bad_input": 422,
    "index_unavailable": 503,
    "llm_failure": 503,
    "corpus": 503,
    "settings": 500,
    "internal": 500,
}
INTERNAL = AdvisorError()  # its user_message is the generic "internal problem" sentence
CHAT_INTERNAL = "Sorry, something went wrong on our side while answering. Please try again in a moment."


class WebError(AdvisorError):
    """An error of the HTTP layer; the message is written for the client."""

    status = 400
    detail_is_public = True


class InvalidRequest(WebError):
    """The request body does not match the API's schema."""

    kind = "bad_input"
    status = 422


class InvalidJSON(WebError):
    kind = "invalid_json"
    status = 400


class RequestTooLarge(WebError):
    kind = "too_large"
    status = 413

    def __init__(self, limit: int):
        super().__init__(f"The request body is larger than {limit:,} bytes.")


class RateLimited(WebError):
    """The client asked more often than ``ADVISOR_RATE_LIMIT`` allows."""

    kind = "rate_limited"
    status = 429

    def __init__(self, retry_after: float):
        self.retry_after = max(1, math.ceil(retry_after))
        super().__init__(
            f"Too many requests from your address; please wait {self.retry_after} s and try again."
        )


class UnknownAnswer(WebError):
    kind = "unknown_answer"
    status = 404

    def __init__(self) -> None:
        super().__init__("No answer with that id was served here (or it is older than the retention period).")


class AlreadyRated(WebError):
    kind = "already_rated"
    status = 409

    def __init__(self) -> None:
        super().__init__("You have already rated this answer.")


class NotFound(WebError):
    kind = "not_found"
    status = 404


class SessionExpired(WebError):
    """A request of the LTI chat without a live launch (no token, unknown or expired)."""

    kind = "session_expired"
    status = 401

    def __init__(self) -> None:
        super().__init__("This session has expired: open the advisor again from your course.")


class NotSignedIn(WebError):
    """A staff request without a valid ``ADVISOR_ADMIN_TOKEN`` (header or signed-in session)."""

    kind = "unauthorized"
    status = 401


class Forbidden(WebError):
    """The launch is live but its role may not do this (e.g. a learner asking for the course report)."""

    kind = "forbidden"
    status = 403


def as_advisor_error(exc: BaseException) -> AdvisorError:
    """Any exception as an AdvisorError; unexpected ones are logged with their traceback."""
    if isinstance(exc, AdvisorError):
        if not isinstance(exc, WebError) and exc.kind != "bad_input":
            log.error("%s: %s", exc.kind, exc)  # the operator's detail; the user gets the public text
        return exc
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    return INTERNAL


def error_body(exc: AdvisorError) -> dict[str, str]:
    return {"error": exc.user_message, "kind": exc.kind}


def error_response(exc: BaseException) -> JSONResponse:
    """The JSON error response for any exception."""
    err = as_advisor_error(exc)
    status = getattr(err, "status", STATUS.get(err.kind, 500))
    headers = {"Retry-After": str(err.retry_after)} if isinstance(err, RateLimited) else None
    return JSONResponse(error_body(err), status_code=status, headers=headers)


def chat_message(exc: BaseException) -> str:
    """What the chat page shows for any exception (never a traceback)."""
    err = as_advisor_error(exc)
    if err.kind == "internal":
        return CHAT_INTERNAL
    return err.user_message


# --- FastAPI's own errors -----------------------------------------------------


def describe_validation(errors: list[dict[str, Any]]) -> WebError:
    """Pydantic's error list as one error with a sentence a person can act on."""
    parts = []
    for err in errors:
        if err.get("type") == "json_invalid":
            return InvalidJSON("The request body is not valid JSON.")
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        kind = err.get("type", "")
        if kind == "missing":
            parts.append(f"'{loc}' is required")
        elif kind == "extra_forbidden":
            parts.append(f"'{loc}' is not a known field")
        elif kind == "string_unicode":
            parts.append(f"'{loc}' contains invalid Unicode (an unpaired surrogate); send valid UTF-8 text")
        elif kind == "model_attributes_type" and not loc:
            parts.append('the body must be a JSON object like {"question": "..."}')
        else:
            parts.append(f"'{loc or 'body'}': {err.get('msg', 'invalid value')}")
    return InvalidRequest(("Invalid request: " + "; ".join(parts) + ".") if parts else "Invalid request.")


def _from_http(exc: StarletteHTTPException) -> WebError:
    """Starlette's and FastAPI's own HTTP errors (unknown path, bad method, unreadable body)."""
    if exc.status_code == 400:  # FastAPI could not decode the body at all
        return InvalidJSON("The request body is not valid JSON (it must be UTF-8 text).")
    err = NotFound(str(exc.detail)) if exc.status_code == 404 else WebError(str(exc.detail))
    if exc.status_code != 404:
        err.kind = "http_error"
    err.status = exc.status_code
    return err


async def _on_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, RequestValidationError):
        exc = describe_validation(list(exc.errors()))
    elif isinstance(exc, StarletteHTTPException):
        exc = _from_http(exc)
    return error_response(exc)


def install(app: FastAPI) -> None:
    """Route every error of ``app``'s own routes through :func:`error_response`."""
    for kind in (AdvisorError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, _on_error)
