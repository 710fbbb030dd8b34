"""pylti1p3next adapted to this app: the checks are the library's, the storage is ours.

The library ships Django and Flask adapters; for FastAPI we supply its four
seams ourselves: a request (the parameters, read beforehand because Starlette
reads forms asynchronously), a tool configuration backed by :class:`LtiStore`,
a session service backed by the same store, and a cookie service that stores
nothing.

**No cookies, on purpose.** Inside an LMS iframe the tool is a third party, and
browsers drop its cookies, so the usual "state in a cookie" check fails there.
Instead the login step records ``(state, nonce)`` server-side; the launch must
bring back a state we issued, unexpired, and an id_token (signed by the platform)
whose nonce is the one issued with that state. The row is deleted on use, so a
launch cannot be replayed. The launched page then carries a random launch token
in its requests (a header, not a cookie).

Each step of :meth:`ToolLaunch.validate` maps to one :class:`LaunchRefused`
with a status and a sentence a person can act on.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import jwt
import requests
from pylti1p3.cookie import CookieService
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException, LtiKeyException, OIDCException
from pylti1p3.message_launch import MessageLaunch
from pylti1p3.oidc_login import OIDCLogin
from pylti1p3.redirect import Redirect
from pylti1p3.registration import Registration
from pylti1p3.request import Request
from pylti1p3.roles import StaffRole, StudentRole, TeacherRole, TeachingAssistantRole
from pylti1p3.session import SessionService
from pylti1p3.tool_config import ToolConfAbstract

from .keys import KeyStore
from .store import LtiStore

KEY_SET_TTL = 3600  # seconds a platform's key set is reused before it is fetched again
KEY_SET_TIMEOUT = 5
MESSAGE_TYPES = {"LtiResourceLinkRequest": "resource", "LtiDeepLinkingRequest": "deep_link"}
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


class LaunchRefused(Exception):
    """A login or launch we will not accept; ``str()`` is meant for the person who sees it."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# --- the library's seams -------------------------------------------------------


class LtiRequest(Request):
    """The login or launch parameters (query string and form, already read)."""

    def __init__(self, params: dict[str, str], secure: bool):
        self._params = params
        self._secure = secure

    @property
    def session(self) -> None:  # no server-side web session: see the module docstring
        return None

    def is_secure(self) -> bool:
        return self._secure

    def get_param(self, key: str) -> str:
        return self._params.get(key, "")


class NoCookies(CookieService):
    """Third-party cookies are unreliable in an LMS iframe, so none are set or read."""

    def get_cookie(self, name: str) -> str | None:
        return None

    def set_cookie(self, name: str, value: str | int, exp: int | None = 3600) -> None:
        return None


class StoredLogins(SessionService):
    """The library's session service, over the store's one-time login rows."""

    def __init__(self, store: LtiStore, state: str = ""):
        self.store = store
        self.state = state

    def save_nonce(self, nonce: str) -> None:
        return None  # recorded with its state by the login route, once the redirect is built

    def check_nonce(self, nonce: str) -> bool:
        return self.store.finish_login(self.state, nonce)

    def check_state_is_valid(self, state: str, id_token_hash: str) -> bool:
        return self.store.login_pending(state)

    def set_state_valid(self, state: str, id_token_hash: str) -> None:
        return None

    def save_launch_data(self, key: str, jwt_body: Any) -> None:
        return None  # the route keeps what the page needs (no names) in the launches table

    def get_launch_data(self, key: str) -> Any:
        return None

    def save_state_params(self, state: str, params: Any) -> None:
        return None

    def get_state_params(self, state: str) -> Any:
        return {}


class StoredToolConf(ToolConfAbstract):
    """Registrations from the store, each carrying the tool's current signing key."""

    def __init__(self, store: LtiStore, keys: KeyStore):
        self.store = store
        self.keys = keys

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False  # always look up by issuer *and* client id

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args: Any, **kwargs: Any) -> Registration | None:
        return self.find_registration_by_params(iss, "", *args, **kwargs)

    def find_registration_by_params(
        self, iss: str, client_id: str | None, *args: Any, **kwargs: Any
    ) -> Registration | None:
        platform = self.store.platform(iss, client_id)
        if platform is None:
            return None
        key = self.keys.current()
        reg = Registration()
        reg.set_issuer(platform.issuer).set_client_id(platform.client_id)
        reg.set_auth_login_url(platform.auth_login_url).set_key_set_url(platform.key_set_url)
        if platform.auth_token_url:
            reg.set_auth_token_url(platform.auth_token_url)
        reg.set_tool_private_key(key.private_pem).set_tool_public_key(key.public_pem)
        return reg

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return self.find_deployment_by_params(iss, deployment_id, "")

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str | None, *args: Any, **kwargs: Any
    ) -> Deployment | None:
        platform = self.store.platform(iss, client_id)
        if platform is None or deployment_id not in platform.deployment_ids:
            return None
        return Deployment().set_deployment_id(deployment_id)


class HttpRedirect(Redirect[str]):
    """The library asks for a redirect object; the route turns its URL into a response."""

    def __init__(self, location: str):
        self.location = location

    def do_redirect(self) -> str:
        return self.location

    def do_js_redirect(self) -> str:
        return self.location

    def set_redirect_url(self, location: str) -> None:
        self.location = location

    def get_redirect_url(self) -> str:
        return self.location


class ToolLogin(OIDCLogin):
    def get_redirect(self, url: str) -> HttpRedirect:
        return HttpRedirect(url)


# --- platform key sets ---------------------------------------------------------


class KeySetCache:
    """Platforms' JWKS, fetched with a timeout and reused for ``ttl`` seconds."""

    def __init__(self, ttl: float = KEY_SET_TTL):
        self.ttl = ttl
        self._sets: dict[str, tuple[float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def get(self, url: str, session: requests.Session, *, fresh: bool = False) -> dict[str, Any]:
        with self._lock:
            cached = self._sets.get(url)
        if cached and not fresh and time.monotonic() - cached[0] < self.ttl:
            return cached[1]
        try:
            resp = session.get(url, timeout=KEY_SET_TIMEOUT)
            resp.raise_for_status()
            key_set = resp.json()
        except (requests.RequestException, ValueError) as exc:
            raise KeySetUnavailable(f"could not fetch the platform's key set from {url}") from exc
        if not isinstance(key_set, dict) or not isinstance(key_set.get("keys"), list):
            raise KeySetUnavailable(f"{url} did not return a JSON key set")
        with self._lock:
            self._sets[url] = (time.monotonic(), key_set)
        return key_set


class KeySetUnavailable(LtiKeyException):
    """The platform's key set URL is down or answers something else than a key set."""


# --- the launch ----------------------------------------------------------------


class ToolLaunch(MessageLaunch):
    """The library's message launch, with our storage, key-set cache and extra checks."""

    def __init__(self, request: LtiRequest, conf: StoredToolConf, key_sets: KeySetCache):
        super().__init__(
            request,
            conf,
            session_service=StoredLogins(conf.store, request.get_param("state")),
            cookie_service=NoCookies(),
        )
        self._key_sets = key_sets
        # PyJWT checks exp (and iat not in the future); these claims must be present at all.
        self.set_jwt_verify_options({"verify_aud": False, "require": ["exp", "iat", "iss", "aud", "sub"]})

    def _get_request_param(self, key: str) -> str:
        return self._request.get_param(key)

    def fetch_public_key(self, key_set_url: str) -> Any:
        return self._key_sets.get(key_set_url, self._requests_session)

    def get_public_key(self) -> tuple[str, str]:
        try:
            return super().get_public_key()
        except KeySetUnavailable:
            raise
        except LtiKeyException:
            # The platform may have rotated its key since we cached its set: fetch it once more.
            assert self._registration is not None
            url = self._registration.get_key_set_url() or ""
            self._registration.set_key_set(self._key_sets.get(url, self._requests_session, fresh=True))
            return super().get_public_key()

    def validate_audience(self) -> ToolLaunch:
        """``aud`` names our client id; with several audiences, ``azp`` must be ours too."""
        body = self._get_jwt_body()
        client_id = self._registration.get_client_id() if self._registration else None
        aud = body.get("aud")
        audiences = aud if isinstance(aud, list) else [aud]
        if client_id not in audiences:
            raise LtiException("aud")
        azp = body.get("azp")
        if (len(audiences) > 1 or azp is not None) and azp != client_id:
            raise LtiException("azp")
        return self

    def validate_message_type(self) -> ToolLaunch:
        if self._get_jwt_body().get(CLAIM + "message_type") not in MESSAGE_TYPES:
            raise LtiException("type")
        return self

    def validate(self) -> ToolLaunch:
        """The library's checks in its order, plus ours; the first failure is refused with its reason."""
        if self._restored:
            raise LaunchRefused("This launch was already used.")
        self._validated = True  # lets the steps read the body without re-entering validate()
        steps = [
            (
                self.validate_state,
                400,
                "This launch does not match a sign-in started by the advisor "
                "(its state is unknown, already used or expired).",
            ),
            (self.validate_jwt_format, 400, "The launch did not carry a readable LTI id_token."),
            (
                self.validate_nonce,
                400,
                "This launch was already used, or its nonce is not the one the "
                "advisor issued (a replayed launch).",
            ),
            (
                self.validate_registration,
                403,
                "The platform or client id of this launch is not registered with the advisor.",
            ),
            (self.validate_audience, 403, "The launch is addressed to another tool (aud/azp)."),
            (self.validate_jwt_signature, 400, ""),  # message depends on the cause, see below
            (self.validate_deployment, 403, "This deployment of the tool is not registered."),
            (
                self.validate_message_type,
                400,
                "The advisor handles resource-link and deep-linking launches only, not this message type.",
            ),
            (self.validate_message, 400, "The launch message lacks required LTI claims."),
        ]
        for step, status, message in steps:
            try:
                step()
            except LaunchRefused:
                self._validated = False
                raise
            except Exception as exc:
                self._validated = False
                if step == self.validate_jwt_signature:
                    status, message = _signature_problem(exc)
                elif step == self.validate_message:
                    message = f"{message[:-1]}: {exc}."
                raise LaunchRefused(message, status) from exc
        return self

    # --- what the launched page needs --------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """Course, role and link facts from the checked launch (no personal names)."""
        body = self.get_launch_data()
        context = body.get(CLAIM + "context") or {}
        link = body.get(CLAIM + "resource_link") or {}
        custom = body.get(CLAIM + "custom") or {}
        if TeacherRole(body).check():
            role, instructor = "Instructor", True
        elif TeachingAssistantRole(body).check():
            role, instructor = "Teaching assistant", True
        elif StudentRole(body).check():
            role, instructor = "Learner", False
        elif StaffRole(body).check():
            role, instructor = "Staff", False
        else:
            role, instructor = "Guest", False
        assert self._registration is not None
        return {
            "client_id": self._registration.get_client_id(),
            "kind": MESSAGE_TYPES[body[CLAIM + "message_type"]],
            "deployment": body[CLAIM + "deployment_id"],
            "course_id": str(context.get("id", "")),
            "course": str(context.get("title") or context.get("label") or ""),
            "role": role,
            "instructor": instructor,
            "link_title": str(link.get("title", "")),
            "question": str(custom.get("question", ""))[:1000] if isinstance(custom, dict) else "",
            "deep_linking_settings": body.get(
                "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
            ),
        }


def _signature_problem(exc: Exception) -> tuple[int, str]:
    cause = exc.__cause__
    if isinstance(exc, KeySetUnavailable):
        return (
            400,
            "The advisor could not fetch the platform's public keys to check this launch; "
            "the platform's key set URL is unreachable. Try again later or tell your LMS administrator.",
        )
    if isinstance(exc, LtiKeyException):
        return 400, "The launch was signed with a key the platform does not publish."
    if isinstance(cause, jwt.ExpiredSignatureError):
        return 400, "This launch has expired. Go back to your course and open the advisor again."
    if isinstance(cause, jwt.ImmatureSignatureError):
        return 400, "This launch claims to be issued in the future; check the platform's clock."
    if isinstance(cause, jwt.MissingRequiredClaimError):
        return 400, f"The launch message lacks the required claim '{cause.claim}'."
    return 400, "The launch's signature does not match the platform's keys."


def login_problem(exc: Exception) -> LaunchRefused:
    """A refused login initiation, as a message for the person who sees it."""
    text = str(exc)
    if isinstance(exc, OIDCException) and "registration" in text:
        return LaunchRefused(
            "This platform (issuer) or client id is not registered with the advisor. "
            "Ask your LMS administrator to register the tool.",
            403,
        )
    if isinstance(exc, OIDCException):
        return LaunchRefused(f"The login request is incomplete: {text[0].lower() + text[1:]}.")
    return LaunchRefused("The login request could not be processed.")
