"""One error model for the whole advisor.

Everything the advisor raises on purpose is an :class:`AdvisorError`. Each kind
carries two texts: ``str(err)`` is the detail for logs and operators (which file,
which setting), and ``err.user_message`` is what a person asking a question may
read (no paths, no internals). Front ends (CLI, HTTP API, chat page) therefore
need one ``except AdvisorError`` and one way of showing it, instead of one
handler per exception class.

The older names (``IndexProblem``, ``SettingsError``, ``CorpusError``,
``LLMConfigError``) are kinds of this model, so existing ``except`` clauses keep
working.
"""

from __future__ import annotations


class AdvisorError(Exception):
    """Base of every error the advisor raises on purpose.

    ``kind`` is a stable machine-readable name (it appears in the HTTP API's
    error body); ``public`` is the default message shown to users when the
    detail is not meant for them.
    """

    kind = "internal"
    public = "The advisor hit an internal problem; please try again."
    detail_is_public = False  # True when str(err) is itself written for the user

    def __init__(self, detail: str = "", *, user_message: str | None = None):
        super().__init__(detail or self.public)
        self._user_message = user_message

    @property
    def user_message(self) -> str:
        """What a person using the advisor may read."""
        if self._user_message is not None:
            return self._user_message
        return str(self) if self.detail_is_public else self.public


class AdvisorInputError(AdvisorError, ValueError):
    """The question or history cannot be used; the message says why, for a person."""

    kind = "bad_input"
    public = "The question could not be used; please rephrase it."
    detail_is_public = True


class IndexUnavailable(AdvisorError, RuntimeError):
    """The index cannot be opened or built (a corpus or storage problem)."""

    kind = "index_unavailable"
    public = "The advisor's sources are not available right now; please try again in a few minutes."


class LLMFailure(AdvisorError, ValueError):
    """The configured LLM cannot be loaded or used."""

    kind = "llm_failure"
    public = "The advisor's language model is not available right now; please try again later."


class SettingsError(AdvisorError, ValueError):
    """A setting has a value we cannot use."""

    kind = "settings"
    public = "The advisor is misconfigured; the operator has been told why."


class CorpusError(AdvisorError, ValueError):
    """A corpus file that cannot be read as a document."""

    kind = "corpus"
    public = "One of the advisor's source documents cannot be read."


# The names these kinds had before there was one model.
IndexProblem = IndexUnavailable
LLMConfigError = LLMFailure

__all__ = [
    "AdvisorError",
    "AdvisorInputError",
    "CorpusError",
    "IndexProblem",
    "IndexUnavailable",
    "LLMConfigError",
    "LLMFailure",
    "SettingsError",
]
