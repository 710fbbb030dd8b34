"""The LTI 1.3 endpoints, mounted under ``/lti`` by :func:`lti_router`.

| path | who calls it |
|---|---|
| ``GET/POST /lti/login`` | the platform, to start a launch (OIDC third-party login initiation) |
| ``POST /lti/launch`` | the platform's authorization endpoint, posting the signed id_token |
| ``GET /lti/jwks.json`` | platforms, to check what the tool signs |
| ``POST /lti/deep-link`` | the instructor's picker page: sends the signed deep-linking response |
| ``GET /lti/register/<key>`` | Moodle and others: dynamic registration (``ADVISOR_LTI_REGISTRATION_KEY``) |
| ``GET /lti/canvas.json`` | Canvas: the developer key's JSON URL |
| ``POST /lti/api/ask``, ``/lti/api/feedback``, ``GET /lti/api/report`` | the launched page |

Refused logins and launches get an HTML page with a 4xx status that says why;
nothing is stored for them. The launched page's questions and ratings go through
the web layer's answer service, as the HTTP API's do (see :mod:`.report`).
"""

from __future__ import annotations

import hmac
import logging
import re
from urllib.parse import parse_qs, urlparse

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource

from advisor.models import Turn
from advisor.settings import Settings

from ..errors import Forbidden, SessionExpired
from ..render import answer_html
from ..serving import FeedbackRequest, Service
from .keys import KeyStore
from .pages import (
    autopost_page,
    chat_page,
    deep_link_page,
    error_page,
    report_html,
    setup_page,
)
from .protocol import (
    KeySetCache,
    LaunchRefused,
    LtiRequest,
    NoCookies,
    StoredLogins,
    StoredToolConf,
    ToolLaunch,
    ToolLogin,
    login_problem,
)
from .registration import ToolRegistration, canvas_config
from .report import CourseAnswers
from .store import Launch, LtiStore

log = logging.getLogger(__name__)

REGISTRATION_REFUSED = (
    "This registration URL is not valid, or dynamic registration is switched off on this advisor. "
    "Ask the advisor's administrator for the registration URL (it ends with a secret key), "
    "or for a registration by hand."
)


_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d+)?$")


class LtiAsk(BaseModel):
    """A question from the launched chat; the limits are the API's (``validate.prepare``)."""

    model_config = ConfigDict(extra="forbid")
    question: str
    history: list[Turn] = Field(default_factory=list)


class LtiTool:
    """Everything the LTI routes share: stores, keys, the key-set cache, settings."""

    def __init__(self, settings: Settings, service: Service):
        self.settings = settings
        self.service = service
        self.store = LtiStore.for_settings(settings)
        self.answers = CourseAnswers(service, self.store)
        self.keys = KeyStore.for_settings(settings, self.store.db)
        self.keys.ensure()  # first start: generate the signing key now, not during a launch
        self.conf = StoredToolConf(self.store, self.keys)
        self.key_sets = KeySetCache()

    def base(self, request: Request) -> str:
        """The tool's public URL (``ADVISOR_PUBLIC_URL``, else what this request was sent to)."""
        return self.settings.public_url or str(request.base_url).rstrip("/")

    def frame_ancestors(self) -> str:
        """Registered platforms' origins plus ``ADVISOR_FRAME_ANCESTORS`` may frame LTI pages."""
        candidates = [o.rstrip("/") for o in self.settings.frame_ancestors]
        for p in self.store.platforms():
            for url in (p.issuer, p.auth_login_url):
                parts = urlparse(url)
                candidates.append(f"{parts.scheme}://{parts.netloc}")
        # Only well-formed origins: anything else could smuggle directives into the header.
        origins = dict.fromkeys(o for o in candidates if _ORIGIN.match(o))
        return " ".join(["frame-ancestors 'self'", *origins])

    def html(self, body: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(
            body,
            status_code=status,
            headers={"Content-Security-Policy": self.frame_ancestors(), "Cache-Control": "no-store"},
        )

    def refused(self, exc: LaunchRefused) -> HTMLResponse:
        return self.html(error_page(str(exc)), exc.status)

    def bearer(self, request: Request) -> Launch | None:
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        return self.store.launch(token.strip()) if scheme.lower() == "bearer" else None

    def session(self, request: Request, kind: str | None = "resource") -> Launch:
        """The live launch whose token the request carries; SessionExpired (401) if none."""
        saved = self.bearer(request)
        if saved is None or (kind is not None and saved.kind != kind):
            raise SessionExpired()
        return saved

    def client(self, request: Request) -> str:
        """Who is asking, as the API's rate limit and feedback rule see them."""
        return self.service.client(request.client.host if request.client else None, request.headers)


async def _params(request: Request) -> dict[str, str]:
    """Query string and (for POST) form fields as one flat dict of strings."""
    params = {k: v for k, v in request.query_params.items()}
    if request.method == "POST":
        try:
            form = await request.form()
        except Exception:  # a malformed body: treated as no fields, so the checks refuse it clearly
            return params
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
    return params


def lti_router(settings: Settings, service: Service) -> APIRouter:
    """The ``/lti`` routes around the web layer's answer service (advisor, store, rate limit)."""
    tool = LtiTool(settings, service)
    router = APIRouter(prefix="/lti", include_in_schema=False)
    router.tool = tool  # type: ignore[attr-defined]  # for the CLI and tests

    @router.api_route("/login", methods=["GET", "POST"])
    async def login(request: Request) -> Response:
        params = await _params(request)
        lti_request = LtiRequest(params, request.url.scheme == "https")
        launch_url = f"{tool.base(request)}/lti/launch"

        def start() -> str:
            oidc = ToolLogin(
                lti_request, tool.conf, session_service=StoredLogins(tool.store), cookie_service=NoCookies()
            )
            try:
                url = oidc.get_redirect_object(launch_url).get_redirect_url()
            except Exception as exc:
                raise login_problem(exc) from exc
            query = parse_qs(urlparse(url).query)
            tool.store.start_login(
                query["state"][0], query["nonce"][0], oidc.get_iss() or "", oidc.get_client_id() or ""
            )
            return url

        try:
            url = await run_in_threadpool(start)
        except LaunchRefused as exc:
            return tool.refused(exc)
        return RedirectResponse(url, status_code=302)

    @router.post("/launch")
    async def launch(request: Request) -> Response:
        params = await _params(request)
        lti_request = LtiRequest(params, request.url.scheme == "https")

        def check() -> Launch:
            if not params.get("id_token"):
                raise LaunchRefused("The launch did not carry an LTI id_token.")
            message = ToolLaunch(lti_request, tool.conf, tool.key_sets).validate()
            facts = message.summary()
            lifetime = settings.lti_session_hours * 3600
            return tool.store.save_launch(
                issuer=message.get_iss(),
                client_id=facts.pop("client_id"),
                deployment=facts.pop("deployment"),
                kind=facts.pop("kind"),
                course_id=facts.pop("course_id"),
                course=facts.pop("course"),
                instructor=facts["instructor"],
                data=facts,
                lifetime=lifetime if facts["deep_linking_settings"] is None else 1800,
            )

        try:
            saved = await run_in_threadpool(check)
        except LaunchRefused as exc:
            log.info("LTI launch refused: %s", exc)
            return tool.refused(exc)
        except Exception:
            log.exception("LTI launch failed")
            return tool.refused(LaunchRefused("The launch could not be processed."))
        base = tool.base(request)
        if saved.kind == "deep_link":
            return tool.html(deep_link_page(saved, base))
        report = None
        if saved.instructor and saved.course_id:
            report = report_html(tool.answers.report(saved.issuer, saved.course_id))
        return tool.html(chat_page(saved, base, report))

    @router.get("/launch")
    def launch_opened_directly() -> HTMLResponse:
        hint = "The advisor's launch address only works when your course opens it. Open it from your course."
        return tool.refused(LaunchRefused(hint, 405))

    @router.get("/jwks.json")
    def jwks() -> JSONResponse:
        return JSONResponse(tool.keys.jwks(), headers={"Cache-Control": "public, max-age=3600"})

    @router.post("/deep-link")
    async def deep_link(request: Request) -> Response:
        params = await _params(request)
        saved = tool.store.launch(params.get("token", ""))
        if saved is None or saved.kind != "deep_link":
            expired = "This content selection has expired; start it again from your course."
            return tool.refused(LaunchRefused(expired, 401))
        if not saved.instructor:
            return tool.refused(LaunchRefused("Only instructors can add the advisor to a course.", 403))
        settings_claim = saved.data.get("deep_linking_settings") or {}
        registration = tool.conf.find_registration_by_params(saved.issuer, saved.client_id)
        if registration is None or not settings_claim.get("deep_link_return_url"):
            return tool.refused(LaunchRefused("This platform is no longer registered with the advisor.", 403))
        title = (params.get("title") or "Career advisor").strip()[:200] or "Career advisor"
        question = (params.get("question") or "").strip()[:1000]
        resource = DeepLinkResource().set_url(f"{tool.base(request)}/lti/launch").set_title(title)
        if question:
            resource.set_custom_params({"question": question})
        response_jwt = DeepLink(registration, saved.deployment, settings_claim).get_response_jwt([resource])
        tool.store.end_launch(saved.token)  # one response per selection
        return tool.html(autopost_page(settings_claim["deep_link_return_url"], {"JWT": response_jwt}))

    @router.get("/register")
    async def register_without_key() -> Response:
        return tool.refused(LaunchRefused(REGISTRATION_REFUSED, 403))

    @router.get("/register/{key}")
    async def register(request: Request, key: str) -> Response:
        # Anyone could otherwise make the advisor fetch and post to any URL (its own
        # network included) and add an LMS whose launches it would then trust.
        expected = tool.settings.lti_registration_key
        if not expected or not hmac.compare_digest(key.encode(), expected.encode()):
            log.warning("dynamic registration refused: no or a wrong registration key")
            return tool.refused(LaunchRefused(REGISTRATION_REFUSED, 403))
        params = dict(request.query_params)
        if not params.get("openid_configuration"):
            hint = "This is the dynamic registration URL: paste it into your LMS."
            return tool.refused(LaunchRefused(hint))
        registration = ToolRegistration(tool.store, tool.base(request), params)
        try:
            name = await run_in_threadpool(registration.register)
        except Exception as exc:
            log.warning("dynamic registration failed: %r", exc)
            first = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ""
            reason = first or "the platform did not answer as LTI dynamic registration expects"
            return tool.refused(LaunchRefused(f"The registration with the platform failed: {reason}"))
        return tool.html(registration.done_page(name))

    @router.get("")
    @router.get("/")
    def setup(request: Request) -> HTMLResponse:
        return tool.html(setup_page(tool.base(request)))

    @router.get("/canvas.json")
    def canvas(request: Request) -> JSONResponse:
        return JSONResponse(canvas_config(tool.base(request)))

    # --- the launched page's API (the launch token is its credential) ----------------
    # Errors are raised as the web layer's kinds, so they get the API's {error, kind} body.

    @router.post("/api/ask")
    async def ask(body: LtiAsk, request: Request) -> JSONResponse:
        # In turn with the API's answers (Service.in_turn): one queue for the whole server.
        return await tool.answers.service.in_turn(_ask, body, request)

    def _ask(body: LtiAsk, request: Request) -> JSONResponse:
        saved = tool.session(request)
        answer = tool.answers.answer(saved, body.question, body.history, tool.client(request))
        out = answer.to_dict()
        out["html"] = answer_html(answer, tool.settings.root_path)
        return JSONResponse(out)

    @router.post("/api/feedback", status_code=201)
    def rate(body: FeedbackRequest, request: Request) -> JSONResponse:
        saved = tool.session(request)
        row = tool.answers.rate(saved, body.answer_id, body.rating, tool.client(request), body.comment)
        return JSONResponse({"id": row}, status_code=201)

    @router.get("/api/report")
    def report(request: Request) -> JSONResponse:
        saved = tool.session(request, kind=None)
        if not saved.instructor:
            raise Forbidden("Only the course's instructors can see its feedback.")
        return JSONResponse(
            {"course": saved.course, "rows": tool.answers.report(saved.issuer, saved.course_id)}
        )

    return router
