"""Career Advisor: cited answers from a corpus of career guides, offline.

``from advisor import Advisor`` is the whole public API; ``Answer`` and
``Citation`` are the plain data it returns. Heavy libraries (torch, chromadb,
LangChain) load on first use, so importing this package is instant.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import offline as _offline  # noqa: F401  (environment before any heavy import)
from .errors import AdvisorError, AdvisorInputError
from .models import Answer, Citation

__all__ = ["Advisor", "Answer", "Citation", "AdvisorError", "AdvisorInputError", "__version__"]


def __getattr__(name: str):
    if name == "Advisor":
        from .core import Advisor

        return Advisor
    raise AttributeError(name)
