"""The staff page (``/admin``) and its data (``GET /api/admin/insights``), for whoever holds the token.

Access is one secret, ``ADVISOR_ADMIN_TOKEN``: scripts send it as
``Authorization: Bearer <token>``; people type it once into a sign-in form, which
sets a session cookie (HttpOnly, SameSite=Strict, Secure when the page came over
HTTPS). The cookie holds no token, only an expiry signed with it (HMAC), so it is
checked without any server-side session table and works across workers, and
changing the token signs everyone out. Comparisons are constant-time; sign-in
attempts (and wrong bearer tokens) are rate-limited per client. Without a valid
token every route answers 401 and shows no data; without a token configured the
page says how to turn it on.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from advisor.settings import check_admin_token

from .errors import NotFound, NotSignedIn, RateLimited
from .insights import TABLES, InsightsBuilder, parse_period, table, to_csv
from .ratelimit import RateLimiter

if TYPE_CHECKING:
    from advisor import Advisor

    from .serving import Service

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
COOKIE = "ca_admin"
SESSION_SECONDS = 8 * 3600
SIGN_IN_LIMIT = "5/minute"  # per client: enough for typing mistakes, far too few to guess a token
ASSETS = {
    "chart.umd.min.js": (STATIC / "chartjs" / "chart.umd.min.js", "text/javascript; charset=utf-8"),
    "chart.js-LICENSE.md": (STATIC / "chartjs" / "LICENSE.md", "text/plain; charset=utf-8"),
    "admin.js": (STATIC / "admin.js", "text/javascript; charset=utf-8"),
    "admin.css": (STATIC / "admin.css", "text/css; charset=utf-8"),
}
NO_STORE = {"Cache-Control": "no-store"}


class AdminAuth:
    """Checks the admin token and the session cookies made from it."""

    def __init__(self, token: str):
        check_admin_token(token)
        self.token = token

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    def valid_token(self, candidate: str) -> bool:
        """Constant-time: digests of equal length are compared, whatever the candidate's length."""
        if not self.enabled:
            return False
        given = hashlib.sha256(candidate.encode("utf-8", "replace")).digest()
        return hmac.compare_digest(given, hashlib.sha256(self.token.encode()).digest())

    def _sign(self, expires: int) -> str:
        return hmac.new(self.token.encode(), f"admin-session:{expires}".encode(), hashlib.sha256).hexdigest()

    def new_session(self, now: float | None = None) -> str:
        expires = int((now or time.time()) + SESSION_SECONDS)
        return f"{expires}.{self._sign(expires)}"

    def valid_session(self, cookie: str | None, now: float | None = None) -> bool:
        if not self.enabled or not cookie or "." not in cookie:
            return False
        expires, _, signature = cookie.partition(".")
        if not expires.isdigit() or int(expires) < (now or time.time()):
            return False
        return hmac.compare_digest(signature.encode(), self._sign(int(expires)).encode())


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def admin_router(settings, service: Service, advisor: Advisor) -> APIRouter:
    """The staff page's routes (mounted before the chat's catch-all)."""
    from .lti.store import LtiStore, lti_paths

    auth = AdminAuth(settings.admin_token)
    limiter = RateLimiter(SIGN_IN_LIMIT, settings.rate_limit_storage)
    router = APIRouter(include_in_schema=False)

    def builder() -> InsightsBuilder:
        library = advisor.library
        lti_db = lti_paths(settings)[0]
        return InsightsBuilder(
            service.store,
            library.documents,
            library.embedder.embed,
            lti=LtiStore(lti_db) if lti_db.exists() else None,
            questions_kept=settings.store_questions,
        )

    def client(request: Request) -> str:
        return service.client(request.client.host if request.client else None, request.headers)

    def require_staff(request: Request) -> None:
        """Raise NotSignedIn (401) unless the request carries the token or a live session."""
        if not auth.enabled:
            raise NotSignedIn(
                "The staff page is off: set ADVISOR_ADMIN_TOKEN (32 or more characters) and restart."
            )
        token = _bearer(request)
        if token is not None:
            if auth.valid_token(token):
                return
            limiter.check("admin-sign-in", client(request))  # wrong tokens count as sign-in attempts
            raise NotSignedIn("The bearer token is not this server's ADVISOR_ADMIN_TOKEN.")
        if auth.valid_session(request.cookies.get(COOKIE)):
            return
        raise NotSignedIn("Sign in at /admin, or send Authorization: Bearer <ADVISOR_ADMIN_TOKEN>.")

    def base(request: Request) -> str:
        return request.scope.get("root_path", "")

    @router.get("/admin")
    def page(request: Request) -> HTMLResponse:
        if not auth.enabled:
            return HTMLResponse(disabled_page(), headers=NO_STORE)
        if not auth.valid_session(request.cookies.get(COOKIE)):
            return HTMLResponse(sign_in_page(base(request)), status_code=401, headers=NO_STORE)
        return HTMLResponse(dashboard_page(base(request), settings.store_questions), headers=NO_STORE)

    @router.post("/admin/sign-in")
    async def sign_in(request: Request) -> Response:
        if not auth.enabled:
            return HTMLResponse(disabled_page(), status_code=401, headers=NO_STORE)
        try:
            limiter.check("admin-sign-in", client(request))
        except RateLimited as exc:
            message = f"Too many sign-in attempts; wait {exc.retry_after} s and try again."
            page = sign_in_page(base(request), message)
            return HTMLResponse(page, 429, headers={**NO_STORE, "Retry-After": str(exc.retry_after)})
        form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=4)
        if not auth.valid_token((form.get("token") or [""])[0].strip()):
            page = sign_in_page(base(request), "That is not the staff token.")
            return HTMLResponse(page, status_code=401, headers=NO_STORE)
        response = RedirectResponse(f"{base(request)}/admin", status_code=303)
        response.set_cookie(
            COOKIE,
            auth.new_session(),
            max_age=SESSION_SECONDS,
            path=base(request) or "/",
            httponly=True,
            secure=request.url.scheme == "https",
            samesite="strict",
        )
        return response

    @router.post("/admin/sign-out")
    def sign_out(request: Request) -> Response:
        response = RedirectResponse(f"{base(request)}/admin", status_code=303)
        response.delete_cookie(COOKIE, path=base(request) or "/", httponly=True, samesite="strict")
        return response

    @router.get("/admin/static/{name}")
    def asset(name: str) -> FileResponse:
        if name not in ASSETS:
            raise NotFound(f"There is no file {name[:60]!r} here.")
        path, media = ASSETS[name]
        return FileResponse(path, media_type=media, headers={"Cache-Control": "public, max-age=3600"})

    @router.get("/api/admin/insights")
    async def insights(request: Request) -> JSONResponse:
        require_staff(request)
        period = parse_period(request.query_params.get("from"), request.query_params.get("to"))
        found = await run_in_threadpool(lambda: builder().build(period))
        return JSONResponse(found.to_dict(), headers=NO_STORE)

    @router.get("/api/admin/insights/{name}.csv")
    async def insights_csv(name: str, request: Request) -> Response:
        require_staff(request)
        if name not in TABLES:
            raise NotFound(f"There is no table {name[:40]!r}; the tables are: {', '.join(TABLES)}.")
        period = parse_period(request.query_params.get("from"), request.query_params.get("to"))
        found = await run_in_threadpool(lambda: builder().build(period))
        header, rows = table(found, name)
        filename = f"advisor-{name}-{period.first}-to-{period.last}.csv"
        return Response(
            to_csv(header, rows),
            media_type="text/csv; charset=utf-8",
            headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{filename}"'},
        )

    return router


# --- pages ---------------------------------------------------------------------


def _page(title: str, base: str, body: str, script: bool = False) -> str:
    scripts = (
        f'<script src="{html.escape(base)}/admin/static/chart.umd.min.js"></script>'
        f'<script src="{html.escape(base)}/admin/static/admin.js"></script>'
        if script
        else ""
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{html.escape(title)}</title>"
        f'<link rel="stylesheet" href="{html.escape(base)}/admin/static/admin.css"></head>'
        f"<body>{body}{scripts}</body></html>"
    )


def disabled_page() -> str:
    return _page(
        "Staff page: off",
        "",
        "<main><h1>The staff page is off</h1>"
        "<p>It shows what students ask, which questions the guides could not answer, and which "
        "answers they disliked. To turn it on, give the server a secret of at least 32 characters "
        "in <code>ADVISOR_ADMIN_TOKEN</code> and restart it, for example:</p>"
        "<pre>export ADVISOR_ADMIN_TOKEN="
        '$(python -c "import secrets; print(secrets.token_urlsafe(32))")</pre>'
        "<p>Then open this page again and sign in with that token.</p></main>",
    )


def sign_in_page(base: str, message: str = "") -> str:
    alert = f'<p class="ca-alert" role="alert">{html.escape(message)}</p>' if message else ""
    return _page(
        "Staff sign-in",
        base,
        "<main><h1>Staff sign-in</h1>"
        "<p>This page is for the people who run the advisor and write its guides.</p>"
        f'{alert}<form method="post" action="{html.escape(base)}/admin/sign-in">'
        '<label>Staff token<br><input type="password" name="token" autocomplete="current-password" '
        'required size="50"></label> <button type="submit">Sign in</button></form></main>',
    )


def dashboard_page(base: str, questions_kept: bool) -> str:
    kept = (
        ""
        if questions_kept
        else '<p class="ca-note">Question text is not kept on this server (ADVISOR_STORE_QUESTIONS=false): '
        "the page shows counts and groups only.</p>"
    )

    def section(name: str, title: str, about: str) -> str:
        return (
            f'<section id="ca-{name}"><h2>{title} <a class="ca-csv" data-table="{name}" download '
            f'href="{html.escape(base)}/api/admin/insights/{name}.csv">CSV</a></h2>'
            f'<p class="ca-about">{about}</p><div class="ca-table" data-table="{name}"></div></section>'
        )

    body = (
        f'<main data-base="{html.escape(base)}"><header><h1>Advisor insights</h1>'
        f'<form method="post" action="{html.escape(base)}/admin/sign-out"><button>Sign out</button></form>'
        "</header>"
        '<form id="ca-period" class="ca-period"><label>From <input type="date" name="from"></label> '
        '<label>To <input type="date" name="to"></label> <button type="submit">Show</button> '
        '<span id="ca-status" role="status"></span></form>'
        f'{kept}<div id="ca-totals" class="ca-totals"></div>'
        '<div class="ca-charts"><figure><figcaption>Questions per day</figcaption>'
        '<div class="ca-chart"><canvas id="ca-chart-days" role="img" '
        'aria-label="Questions per day, answered and declined"></canvas></div></figure>'
        "<figure><figcaption>Answered and declined</figcaption>"
        '<div class="ca-chart"><canvas id="ca-chart-share" role="img" '
        'aria-label="Share of questions answered and declined"></canvas></div></figure></div>'
        + section(
            "unanswered",
            "Unanswered questions, grouped by meaning",
            "Questions the advisor declined because its guides do not cover them; similar questions "
            "form one group. The largest groups are the guides to write next.",
        )
        + section(
            "worst_rated",
            "Worst-rated answers",
            "Answers with the most thumbs down (net of thumbs up), with their sources and comments.",
        )
        + section("cited", "Documents cited most", "How many answers cited each document.")
        + section("never_cited", "Documents never cited", "Documents no answer in the period cited.")
        + section("courses", "Use per course (LMS)", "Questions asked from each course; no person is named.")
        + section("per_day", "Questions per day", "The figures behind the first chart.")
        + "</main>"
    )
    return _page("Advisor insights", base, body, script=True)
