"""A real LTI 1.3 platform for the tests, built on the ``lti1p3platform`` library.

It runs on its own loopback port with its own RSA key, and does what an LMS
does: starts a launch by redirecting the browser to the tool's login URL, answers
the tool's authorization request with an id_token it signs (claims built by the
library), publishes its JWKS, frames the tool in a course page, and receives and
checks deep-linking responses against the tool's published keys. It also offers
LTI dynamic registration (OpenID configuration + registration endpoint), which
the library does not cover.

The library's own FastAPI adapter imports ``pkg_resources`` (gone from current
setuptools), so its two framework classes are re-done here in a few lines.

``tweaks`` lets a test make the platform misbehave (another issuer, an expired
token, a wrong message type, a missing claim...) while everything else stays real.
"""

from __future__ import annotations

import html
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from servers import serve

from advisor import Advisor
from advisor.settings import Settings
from web import create_app
from web.lti.store import LtiStore, Platform

LIS = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
ROLES = {"instructor": [LIS + "Instructor"], "learner": [LIS + "Learner"]}
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
STUDENT_NAME, STUDENT_EMAIL = "Ada Student", "ada@school.example"  # sent, as LMSs do; never kept


def new_key_pair() -> tuple[str, str]:
    """(private PEM, public PEM) of a fresh RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


class _Conf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs: Any) -> None:
        self.platform: LmsPlatform = kwargs["platform"]

    def get_registration_by_params(self, **kwargs: Any) -> Registration:
        return self.platform.registration()


class _Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs: Any) -> None:
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url: str) -> RedirectResponse:
        return RedirectResponse(url, status_code=302)


class _Launch(LTIAdvantageMessageLaunchAbstract):
    def get_preflight_response(self) -> dict[str, Any]:
        return dict(self._request.query_params)  # type: ignore[union-attr]

    def render_launch_form(self, launch_data: dict[str, Any], **kwargs: Any) -> HTMLResponse:
        fields = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(str(launch_data[k]))}">'
            for k in ("id_token", "state")
        )
        return HTMLResponse(
            f'<!doctype html><html><body><form id="launch" method="post" '
            f'action="{html.escape(launch_data["launch_url"])}">{fields}</form>'
            "<script>document.getElementById('launch').submit();</script></body></html>"
        )


class LmsPlatform:
    """One LMS: its URLs, its key, its courses' launches and what deep linking returned."""

    def __init__(self, client_id: str = "advisor-client", deployment_id: str = "deployment-1"):
        self.private_pem, self.public_pem = new_key_pair()
        self.client_id = client_id
        self.deployment_id = deployment_id
        self.url = ""  # set when served
        self.tool = ""  # the tool's base URL
        self.tweaks: dict[str, Any] = {}
        self.hints: dict[str, dict[str, Any]] = {}
        self.deep_links: list[list[dict[str, Any]]] = []
        self.registrations: list[dict[str, Any]] = []
        self.config_reads = 0  # requests for its openid configuration (dynamic registration)
        self.app = self._build()

    @property
    def issuer(self) -> str:
        return self.url

    def registration(self) -> Registration:
        reg = Registration()
        reg.set_iss(self.tweaks.get("issuer", self.issuer))
        reg.set_client_id(self.tweaks.get("client_id", self.client_id))
        reg.set_deployment_id(self.tweaks.get("deployment_id", self.deployment_id))
        reg.set_oidc_login_url(f"{self.tool}/lti/login")
        reg.set_launch_url(f"{self.tool}/lti/launch")
        reg.set_deeplink_launch_url(f"{self.tool}/lti/launch")
        reg.set_tool_key_set_url(f"{self.tool}/lti/jwks.json")
        reg.set_platform_private_key(self.tweaks.get("signing_key", self.private_pem))
        reg.set_platform_public_key(self.public_pem)
        return reg

    def start_url(
        self,
        *,
        course: str = "Becoming an AI architect",
        course_id: str = "course-42",
        role: str = "learner",
        kind: str = "resource",
        custom: dict[str, str] | None = None,
        user: str = "user-7",
    ) -> str:
        """Where a click on the tool's link in a course sends the browser."""
        query = {"course": course, "course_id": course_id, "role": role, "kind": kind, "user": user}
        if custom:
            query["custom"] = json.dumps(custom)
        return f"{self.url}/start?{urlencode(query)}"

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.get("/jwks")
        def jwks() -> JSONResponse:
            return JSONResponse({"keys": self.registration().get_jwks()})

        @app.get("/start")
        def start(request: Request) -> Any:
            q = dict(request.query_params)
            hint = secrets.token_urlsafe(8)
            self.hints[hint] = q
            login = _Login(request, _Conf(platform=self))
            login.set_lti_message_hint(hint=hint)
            return login.initiate_login(q.get("user", "user-7"))

        @app.get("/authorize")
        def authorize(request: Request) -> Any:
            q = dict(request.query_params)
            opts = self.hints.get(q.get("lti_message_hint", ""), {})
            launch = _Launch(request, _Conf(platform=self))  # type: ignore[arg-type]
            if q.get("redirect_uri") != f"{self.tool}/lti/launch" or q.get("login_hint") != opts.get("user"):
                return HTMLResponse("the authorization request does not match the login", status_code=400)
            roles = ROLES[opts.get("role", "learner")]
            launch.set_user_data(q["login_hint"], roles, full_name=STUDENT_NAME, email_address=STUDENT_EMAIL)
            launch.set_launch_context_claim(
                opts.get("course_id", "course-42"), context_title=opts.get("course", "A course")
            )
            if "drop_resource_link" not in self.tweaks:
                launch.set_resource_link_claim(f"link-{opts.get('course_id')}", title="Career advisor")
            if opts.get("custom"):
                launch.set_custom_parameters_claim(json.loads(opts["custom"]))
            if opts.get("kind") == "deep_link":
                back = f"{self.url}/deep-link-return"
                launch.set_dl(back, title="Pick content", accept_types={"ltiResourceLink"})
            if "expiration" in self.tweaks:
                launch.set_id_token_expiration(self.tweaks["expiration"])
            if "claims" in self.tweaks:
                launch.set_extra_claims(self.tweaks["claims"])
            return launch.lti_launch()

        @app.post("/deep-link-return")
        async def deep_link_return(request: Request) -> HTMLResponse:
            form = await request.form()
            conf = _Conf(platform=self)
            conf.get_registration()
            items = conf.validate_deeplinking_resp({"JWT": form["JWT"]})  # checks the tool's signature
            self.deep_links.append(items)
            titles = ", ".join(html.escape(i.get("title", "")) for i in items)
            return HTMLResponse(f"<p id='added'>Added to the course: {titles}</p>")

        @app.get("/course/{course_id}")
        def course_page(course_id: str, role: str = "learner") -> HTMLResponse:
            src = html.escape(self.start_url(course_id=course_id, role=role))
            return HTMLResponse(
                "<!doctype html><html><head><title>Course</title></head><body>"
                "<h1>Week 3: Careers in AI architecture</h1>"
                f'<iframe id="tool" src="{src}" title="Career advisor" width="900" height="700"></iframe>'
                "</body></html>"
            )

        @app.get("/.well-known/openid-configuration")
        def openid_configuration() -> JSONResponse:
            self.config_reads += 1
            return JSONResponse(
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": f"{self.url}/authorize",
                    "token_endpoint": f"{self.url}/token",
                    "jwks_uri": f"{self.url}/jwks",
                    "registration_endpoint": f"{self.url}/register",
                    "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                        "product_family_code": "testlms",
                        "version": "1.0",
                    },
                }
            )

        @app.post("/register")
        async def register(request: Request) -> JSONResponse:
            if request.headers.get("authorization") != "Bearer reg-token-1":
                return JSONResponse({"error": "bad registration token"}, status_code=401)
            body = await request.json()
            self.registrations.append(body)
            name = "https://purl.imsglobal.org/spec/lti-tool-configuration"
            tool_conf = {**body[name], "deployment_id": self.deployment_id}
            return JSONResponse({**body, "client_id": self.client_id, name: tool_conf})

        return app


@contextmanager
def running_lms(
    client_id: str = "advisor-client", deployment_id: str = "deployment-1", host: str = "127.0.0.1"
) -> Iterator[LmsPlatform]:
    """An LMS served on its own loopback port (``host`` may name it ``localhost``: another site)."""
    lms = LmsPlatform(client_id, deployment_id)
    with serve(lms.app) as url:
        lms.url = url.replace("127.0.0.1", host)
        yield lms


@dataclass
class Tool:
    """The advisor as an LTI tool: its base URL, its settings and its LTI store."""

    url: str
    settings: Settings
    store: LtiStore


def register(store: LtiStore, lms: LmsPlatform, key_set_url: str | None = None) -> None:
    """Register ``lms`` with the tool, as an administrator does once."""
    store.add_platform(
        Platform(
            issuer=lms.issuer,
            client_id=lms.client_id,
            auth_login_url=f"{lms.url}/authorize",
            key_set_url=key_set_url or f"{lms.url}/jwks",
            deployment_ids=[lms.deployment_id],
            name="test LMS",
        )
    )


@contextmanager
def serve_tool(settings: Settings, advisor: Advisor, *platforms: LmsPlatform) -> Iterator[Tool]:
    """The whole app (the tool) on its own loopback port, with these LMSs registered."""
    store = LtiStore.for_settings(settings)
    with serve(create_app(settings, advisor, stream_delay=0)) as url:
        for lms in platforms:
            lms.tool = url
            register(store, lms)
        yield Tool(url, settings, store)
