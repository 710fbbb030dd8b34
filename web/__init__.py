"""Web layer of the Career Advisor: HTTP API, Gradio chat, embeddable widget.

A thin shell around ``advisor.Advisor``: it validates input, shapes JSON and
HTML, and stores feedback, but never answers anything itself. The core never
imports this package. Build the app with :func:`create_app`.
"""

from __future__ import annotations

# First, before Gradio loads anywhere: switches analytics and model-hub access off.
import advisor  # noqa: F401

from .api import create_app

__all__ = ["create_app"]
