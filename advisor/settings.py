"""One place for configuration.

Every knob is read from an ``ADVISOR_*`` environment variable so that the CLI,
the web app, the evals and the tests all configure the advisor the same way.
The defaults below are the documented ones (see the table in docs/configuration.md).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import SettingsError

ROOT = Path(__file__).resolve().parent.parent
RETRIEVERS = ("hybrid", "dense", "bm25")


def _env(name: str, default: str) -> str:
    return os.environ.get(f"ADVISOR_{name}", default)


def _env_int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"ADVISOR_{name} must be a whole number, not {raw!r}") from None


def _env_float(name: str, default: float) -> float:
    raw = _env(name, str(default))
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"ADVISOR_{name} must be a number, not {raw!r}") from None


def _env_bool(name: str, default: bool) -> bool:
    raw = _env(name, "true" if default else "false").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"ADVISOR_{name} must be true or false, not {raw!r}")


@dataclass
class Settings:
    """Configuration of the advisor and its web layer.

    Build it with :meth:`from_env`; pass an instance to ``Advisor`` to override
    single values in code (the tests do this to point at temporary folders).
    """

    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / "indexes"
    model_cache: Path | None = None  # the built ONNX model; None: <index_dir>/models
    chroma_url: str = ""  # a Chroma server (``chroma run``) instead of <index_dir>/chroma
    # Retrieval
    # Reading guide files: per-file limits that keep one file from taking the machine
    max_file_bytes: int = 25_000_000  # a larger file is skipped before it is read
    max_pages: int = 500  # a PDF with more pages is skipped
    max_inflated_bytes: int = 100_000_000  # a Word file whose parts inflate to more is skipped
    max_read_seconds: float = 60.0  # reading one file longer than this is stopped; 0: no limit
    chunk_size: int = 700
    chunk_overlap: int = 100
    top_k: int = 5
    retriever: str = "hybrid"  # hybrid, dense or bm25
    # Answering
    min_support: float = 0.37  # tuned on the dev split (docs/evals.md)
    max_question_chars: int = 1000
    max_history_turns: int = 20
    max_history_chars: int = 16_000  # all kept history turns together; the latest are kept
    llm: str = ""
    llm_timeout: float = 60.0
    # Web layer
    host: str = "127.0.0.1"
    port: int = 7860
    root_path: str = ""
    frame_ancestors: list[str] = field(default_factory=list)
    feedback_db: Path = ROOT / "feedback.sqlite3"  # answers served and their feedback
    # One database for all server state (several nodes), e.g. postgresql://advisor@db/advisor;
    # empty: the SQLite files feedback_db and lti_db.
    database_url: str = field(default="", repr=False)  # may hold a password
    retention_days: int = 90  # answers older than this are deleted (0: kept forever)
    store_questions: bool = True  # False: no question text is ever written to disk
    # Bounded work per request
    max_body_bytes: int = 256 * 1024  # HTTP API bodies, counted as they arrive
    max_chat_body_bytes: int = 1024 * 1024  # the chat page sends the whole conversation
    rate_limit: str = "30/minute"  # per client, `limits` notation; empty: no limit
    rate_limit_storage: str = "memory://"  # per worker; e.g. redis://host:6379 to share
    # Whose X-Forwarded-For / -Proto are believed (addresses or networks); loopback by default,
    # as uvicorn does, for a reverse proxy on the same machine.
    trusted_proxies: list[str] = field(default_factory=lambda: ["127.0.0.1", "::1"])
    # LTI 1.3 (web layer): registrations, launches and the tool's signing keys
    public_url: str = ""  # e.g. https://advisor.school.org/advisor; empty: taken from each request
    lti_db: Path | None = None  # None: lti.sqlite3 next to feedback_db
    lti_key_dir: Path | None = None  # None: lti-keys/ next to feedback_db (key secret; old key files)
    lti_key_grace_days: int = 7
    # Encrypts the signing keys' private halves in the database; the same on every node.
    # Empty: made once in <lti_key_dir>/secret (one machine only).
    lti_key_secret: str = field(default="", repr=False)
    lti_session_hours: int = 8
    # Dynamic registration makes the advisor fetch and post to URLs the caller names, and
    # stores a new LMS: only a caller with this key may start one (/lti/register/<key>).
    lti_registration_key: str = field(default="", repr=False)  # empty: dynamic registration off
    workers: int = 1  # web worker processes; more than one needs chroma_url
    # Answers worked on at once per worker; later requests wait their turn in order of
    # arrival. 0: six per core this process may use (docs/performance-load.md says why).
    concurrent_answers: int = 0
    # The staff page (/admin) and its JSON: only whoever holds this token; empty: the page is off.
    admin_token: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Read every setting from ``ADVISOR_<NAME>``; keyword arguments win."""
        defaults = cls()
        values = dict(
            corpus_dir=Path(_env("CORPUS_DIR", str(defaults.corpus_dir))),
            index_dir=Path(_env("INDEX_DIR", str(defaults.index_dir))),
            model_cache=Path(_env("MODEL_CACHE", "")) if _env("MODEL_CACHE", "") else None,
            chroma_url=_env("CHROMA_URL", "").strip().rstrip("/"),
            max_file_bytes=_env_int("MAX_FILE_BYTES", defaults.max_file_bytes),
            max_pages=_env_int("MAX_PAGES", defaults.max_pages),
            max_inflated_bytes=_env_int("MAX_INFLATED_BYTES", defaults.max_inflated_bytes),
            max_read_seconds=_env_float("MAX_READ_SECONDS", defaults.max_read_seconds),
            chunk_size=_env_int("CHUNK_SIZE", defaults.chunk_size),
            chunk_overlap=_env_int("CHUNK_OVERLAP", defaults.chunk_overlap),
            top_k=_env_int("TOP_K", defaults.top_k),
            retriever=_env("RETRIEVER", defaults.retriever),
            min_support=_env_float("MIN_SUPPORT", defaults.min_support),
            max_question_chars=_env_int("MAX_QUESTION_CHARS", defaults.max_question_chars),
            max_history_turns=_env_int("MAX_HISTORY_TURNS", defaults.max_history_turns),
            max_history_chars=_env_int("MAX_HISTORY_CHARS", defaults.max_history_chars),
            llm=_env("LLM", defaults.llm).strip(),
            llm_timeout=_env_float("LLM_TIMEOUT", defaults.llm_timeout),
            host=_env("HOST", defaults.host),
            port=_env_int("PORT", defaults.port),
            root_path=_env("ROOT_PATH", defaults.root_path).rstrip("/"),
            frame_ancestors=_env("FRAME_ANCESTORS", "").split(),
            feedback_db=Path(_env("FEEDBACK_DB", str(defaults.feedback_db))),
            database_url=_env("DATABASE_URL", "").strip(),
            public_url=_env("PUBLIC_URL", defaults.public_url).rstrip("/"),
            lti_db=Path(_env("LTI_DB", "")) if _env("LTI_DB", "") else None,
            lti_key_dir=Path(_env("LTI_KEY_DIR", "")) if _env("LTI_KEY_DIR", "") else None,
            lti_key_grace_days=_env_int("LTI_KEY_GRACE_DAYS", defaults.lti_key_grace_days),
            lti_key_secret=_env("LTI_KEY_SECRET", "").strip(),
            lti_session_hours=_env_int("LTI_SESSION_HOURS", defaults.lti_session_hours),
            lti_registration_key=_env("LTI_REGISTRATION_KEY", "").strip(),
            workers=_env_int("WORKERS", defaults.workers),
            concurrent_answers=_env_int("CONCURRENT_ANSWERS", defaults.concurrent_answers),
            admin_token=_env("ADMIN_TOKEN", "").strip(),
            retention_days=_env_int("RETENTION_DAYS", defaults.retention_days),
            store_questions=_env_bool("STORE_QUESTIONS", defaults.store_questions),
            max_body_bytes=_env_int("MAX_BODY_BYTES", defaults.max_body_bytes),
            max_chat_body_bytes=_env_int("MAX_CHAT_BODY_BYTES", defaults.max_chat_body_bytes),
            rate_limit=_env("RATE_LIMIT", defaults.rate_limit).strip(),
            rate_limit_storage=_env("RATE_LIMIT_STORAGE", defaults.rate_limit_storage).strip(),
            trusted_proxies=_env("TRUSTED_PROXIES", " ".join(defaults.trusted_proxies)).split(),
        )
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        paths = {f.name for f in fields(cls) if str(f.type).startswith("Path")}
        values.update({k: Path(v) if k in paths and isinstance(v, str) else v for k, v in overrides.items()})
        if values["chroma_url"]:
            chroma_address(values["chroma_url"])  # raises SettingsError when malformed
        if values["concurrent_answers"] < 0:
            raise SettingsError("ADVISOR_CONCURRENT_ANSWERS must be 0 (six per core) or more")
        if values["workers"] < 1:
            raise SettingsError("ADVISOR_WORKERS must be 1 or more")
        if values["workers"] > 1 and not values["chroma_url"]:
            raise SettingsError(
                "ADVISOR_WORKERS above 1 needs ADVISOR_CHROMA_URL: a local Chroma folder "
                "can be opened by one process only (see docs/operations.md: scale-out)"
            )
        key = values["lti_registration_key"]
        if key and not re.fullmatch(r"[A-Za-z0-9_-]{16,}", key):
            raise SettingsError(
                "ADVISOR_LTI_REGISTRATION_KEY must be at least 16 letters, digits, '-' or '_' "
                '(e.g. the output of: python -c "import secrets; print(secrets.token_urlsafe(24))")'
            )
        url = values["database_url"]
        if url and not re.match(r"(postgres(ql)?(\+psycopg)?://[^/]*/\w|sqlite:///.)", url):
            raise SettingsError(
                "ADVISOR_DATABASE_URL must look like postgresql://user@host/database "
                f"(or sqlite:////path/to/file), not {url.split('@')[-1]!r}"
            )
        if values["lti_key_secret"] and len(values["lti_key_secret"]) < 16:
            raise SettingsError(
                "ADVISOR_LTI_KEY_SECRET must be at least 16 characters "
                '(e.g. the output of: python -c "import secrets; print(secrets.token_urlsafe(32))")'
            )
        check_admin_token(values["admin_token"])
        if values["retriever"] not in RETRIEVERS:
            raise SettingsError(f"ADVISOR_RETRIEVER must be one of {', '.join(RETRIEVERS)}")
        return cls(**values)


ADMIN_TOKEN_MIN = 32


def check_admin_token(token: str) -> None:
    """Refuse an ``ADVISOR_ADMIN_TOKEN`` short enough to guess (empty is allowed: the page is off)."""
    if token and len(token) < ADMIN_TOKEN_MIN:
        raise SettingsError(
            f"ADVISOR_ADMIN_TOKEN must be at least {ADMIN_TOKEN_MIN} characters (it has {len(token)}); "
            'make one with: python -c "import secrets; print(secrets.token_urlsafe(32))"'
        )


def chroma_address(url: str) -> tuple[str, int, bool]:
    """(host, port, https) of an ``ADVISOR_CHROMA_URL`` such as ``http://127.0.0.1:8000``."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or port == -1
        or parts.path not in ("", "/")
    ):
        raise SettingsError(f"ADVISOR_CHROMA_URL must look like http://host:8000, not {url!r}")
    return parts.hostname, port or (443 if parts.scheme == "https" else 8000), parts.scheme == "https"
