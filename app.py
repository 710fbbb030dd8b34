"""Run the Career Advisor web app: ``python app.py``.

Serves the chat at ``/``, the iframe view at ``/embed``, the widget at
``/widget.js`` and the HTTP API at ``/api/ask`` (docs at ``/docs``), on
``ADVISOR_HOST``:``ADVISOR_PORT`` (default 127.0.0.1:7860) and under
``ADVISOR_ROOT_PATH`` when behind a reverse proxy. With ``ADVISOR_WORKERS=N``
(and ``ADVISOR_CHROMA_URL``) it starts N worker processes sharing one index.
"""

from __future__ import annotations

import logging
import threading

import uvicorn

from advisor.errors import AdvisorError
from advisor.settings import Settings


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per Chroma server call
    logging.getLogger("alembic").setLevel(logging.WARNING)  # web.database logs each upgrade itself
    try:
        settings = Settings.from_env()
        if settings.workers > 1:
            # Check the shared index once here, so that an unreachable Chroma server is
            # one clear line rather than a traceback from every worker.
            from advisor.index import Index

            Index(settings).sync(progress=False)
            app = "web.api:create_app"  # each worker builds its own app and Advisor
        else:
            from advisor import Advisor

            # The model and the index load in the background while the web layer loads
            # here; create_app then waits for the load to finish. The chat pages (Gradio:
            # seconds of imports) are mounted once the API already answers.
            advisor = Advisor(settings)
            threading.Thread(target=_preload, args=(advisor,), name="advisor-load", daemon=True).start()
            from web import create_app

            app = create_app(settings, advisor, chat_later=True)
    except AdvisorError as exc:
        # A configuration or corpus problem is the operator's to fix: say what it is.
        raise SystemExit(f"error: {exc}") from None
    from web.ratelimit import uvicorn_options

    where = f"http://{settings.host}:{settings.port}{settings.root_path}/"
    if settings.workers > 1:
        logging.getLogger("app").info(
            "Starting %d workers at %s (one index on the Chroma server)", settings.workers, where
        )
    else:
        logging.getLogger("app").info("Career Advisor ready at %s (API docs at %sdocs)", where, where)
    # X-Forwarded-Proto/For are believed from ADVISOR_TRUSTED_PROXIES only (default: this machine).
    options = uvicorn_options(settings.trusted_proxies)
    uvicorn.run(
        app,
        factory=settings.workers > 1,
        workers=settings.workers if settings.workers > 1 else None,
        # a worker loads the model and the index before it answers uvicorn's health checks
        timeout_worker_healthcheck=120,
        host=settings.host,
        port=settings.port,
        log_level="info",
        **options,
    )


def _preload(advisor) -> None:
    """Load the advisor ahead of ``create_app``; a failure is raised again, and reported, there."""
    try:
        advisor.load()
    except Exception:  # create_app loads again and reports the error the usual way
        logging.getLogger("app").debug("loading ahead failed", exc_info=True)


if __name__ == "__main__":
    main()
