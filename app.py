"""Run the Career Advisor web app: ``python app.py``.

Serves the chat at ``/``, the iframe view at ``/embed``, the widget at
``/widget.js`` and the HTTP API at ``/api/ask`` (docs at ``/docs``), on
``ADVISOR_HOST``:``ADVISOR_PORT`` (default 127.0.0.1:7860) and under
``ADVISOR_ROOT_PATH`` when behind a reverse proxy.
"""

from __future__ import annotations

import logging

import uvicorn

from advisor.errors import AdvisorError
from advisor.settings import Settings
from web import create_app
from web.ratelimit import uvicorn_options


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        app = create_app(settings)
    except AdvisorError as exc:
        # A configuration or corpus problem is the operator's to fix: say what it is.
        raise SystemExit(f"error: {exc}") from None
    where = f"http://{settings.host}:{settings.port}{settings.root_path}/"
    logging.getLogger("app").info("Career Advisor ready at %s (API docs at %sdocs)", where, where)
    # X-Forwarded-Proto/For are believed from ADVISOR_TRUSTED_PROXIES only (default: this machine).
    options = uvicorn_options(settings.trusted_proxies)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", **options)


if __name__ == "__main__":
    main()
