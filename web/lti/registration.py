"""Registering the tool with an LMS: dynamic registration (Moodle) and Canvas's JSON config.

Dynamic registration (1EdTech LTI-DR) is the library's ``DynamicRegistration``:
the platform opens our ``/lti/register/<key>`` URL with its ``openid_configuration``
URL and a ``registration_token``; we read its configuration, post our client
registration, and store what it answers (issuer, client id, deployment id,
endpoints). Canvas instead reads a JSON description from ``/lti/canvas.json``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import requests
from pylti1p3.dynamic_registration import DynamicRegistration

from .pages import registered_page
from .store import LtiStore, Platform

TOOL_NAME = "Career advisor"
DESCRIPTION = "Cited answers about becoming an AI architect, from a fixed set of sources."
TOOL_CONF = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONF = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TIMEOUT = 10


class _TimeoutSession(requests.Session):
    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(*args, **kwargs)


class ToolRegistration(DynamicRegistration):
    """One dynamic registration, started by the platform's request to ``/lti/register/<key>``."""

    client_name = TOOL_NAME
    description = DESCRIPTION

    def __init__(self, store: LtiStore, base: str, params: dict[str, str]):
        self.store = store
        self.base = base
        self.params = params

    def get_request_session(self) -> requests.Session:
        return _TimeoutSession()

    def get_openid_configuration_endpoint(self) -> str:
        return self.params.get("openid_configuration", "")

    def get_registration_token(self) -> str | None:
        return self.params.get("registration_token") or None

    def get_initiate_login_uri(self) -> str:
        return f"{self.base}/lti/login"

    def get_jwks_uri(self) -> str:
        return f"{self.base}/lti/jwks.json"

    def get_redirect_uris(self) -> list[str]:
        return [f"{self.base}/lti/launch"]

    def get_target_link_uri(self) -> str:
        return f"{self.base}/lti/launch"

    def get_domain(self) -> str:
        return self.base.split("://", 1)[-1].split("/", 1)[0]

    def get_logo_uri(self) -> str:
        return ""

    def lti_registration_data(self) -> dict[str, Any]:
        """The library's registration body, without the empty fields (no logo, no extra scopes)."""
        data = super().lti_registration_data()
        return {k: v for k, v in data.items() if v != ""}

    def get_claims(self) -> list[str]:
        return ["iss", "sub"]  # no names or e-mail: the advisor does not need them

    def get_messages(self) -> list[dict[str, str]]:
        return [
            {
                "type": "LtiDeepLinkingRequest",
                "target_link_uri": f"{self.base}/lti/launch",
                "label": TOOL_NAME,
            }
        ]

    def complete_registration(
        self, openid_configuration: dict[str, Any], openid_registration: dict[str, Any]
    ) -> str:
        """Store the new registration; returns the platform's name for the closing page."""
        tool_conf = openid_registration.get(TOOL_CONF) or {}
        platform_conf = openid_configuration.get(PLATFORM_CONF) or {}
        for key in ("issuer", "authorization_endpoint", "jwks_uri"):
            if not _is_url(openid_configuration.get(key)):
                raise ValueError(f"the platform's '{key}' is not an http(s) URL")
        if not openid_registration.get("client_id"):
            raise ValueError("the platform did not return a client id")
        deployment = tool_conf.get("deployment_id")
        name = platform_conf.get("product_family_code") or openid_configuration.get("issuer", "the platform")
        self.store.add_platform(
            Platform(
                issuer=openid_configuration["issuer"],
                client_id=openid_registration["client_id"],
                auth_login_url=openid_configuration["authorization_endpoint"],
                key_set_url=openid_configuration["jwks_uri"],
                auth_token_url=openid_configuration.get("token_endpoint", ""),
                deployment_ids=[str(deployment)] if deployment else [],
                name=str(name),
            )
        )
        return str(name)

    def done_page(self, name: str) -> str:
        return registered_page(name)


def _is_url(value: object) -> bool:
    parts = urlparse(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


def canvas_config(base: str) -> dict[str, Any]:
    """Canvas's LTI 1.3 developer-key JSON: paste its URL under "Enter URL"."""
    launch = f"{base}/lti/launch"
    placements = [
        {"placement": place, "message_type": message, "target_link_uri": launch, "text": TOOL_NAME}
        for place, message in (
            ("course_navigation", "LtiResourceLinkRequest"),
            ("link_selection", "LtiDeepLinkingRequest"),
            ("assignment_selection", "LtiDeepLinkingRequest"),
        )
    ]
    return {
        "title": TOOL_NAME,
        "description": DESCRIPTION,
        "oidc_initiation_url": f"{base}/lti/login",
        "target_link_uri": launch,
        "public_jwk_url": f"{base}/lti/jwks.json",
        "scopes": [],
        "extensions": [
            {
                "platform": "canvas.instructure.com",
                "privacy_level": "anonymous",
                "settings": {"text": TOOL_NAME, "placements": placements},
            }
        ],
        "custom_fields": {},
    }
