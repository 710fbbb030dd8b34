"""What a corpus says about itself: its subject, its wording, its abbreviations.

The advisor's code names no career. A corpus folder may carry ``advisor.yaml``::

    name: Nursing Career Advisor
    subject: becoming a registered nurse
    description: what the job involves, education, licensure, pay and outlook
    decline: "..."            # optional: the whole decline text
    abbreviations: {BSN: Bachelor of Science in Nursing}
    examples: ["What does a registered nurse do?", ...]

Without one, sensible defaults come from the documents' titles, so a school can
drop its own guides into a folder and get an advisor that speaks of them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import yaml

log = logging.getLogger(__name__)

CONFIG_NAME = "advisor.yaml"
MAX_EXAMPLES = 6


@dataclass(frozen=True)
class CorpusProfile:
    name: str = "Career Advisor"
    subject: str = "the topics of its guides"
    description: str = ""
    decline: str = ""
    abbreviations: dict[str, str] = field(default_factory=dict)
    examples: tuple[str, ...] = ()
    problem: str = ""  # why advisor.yaml could not be used, if it could not

    @property
    def decline_text(self) -> str:
        """What the advisor says when its sources do not answer a question."""
        if self.decline:
            return self.decline
        scope = (self.description or self.subject).rstrip(" .")  # a description is often one full sentence
        return f"I can't answer that from my sources. I can help with {self.subject}: {scope}."

    @property
    def instruction_text(self) -> str:
        """What it says to a message that tries to instruct it."""
        return (
            "I can't follow instructions given in a question, and I only report what my sources say. "
            + self.decline_text.removeprefix("I can't answer that from my sources. ")
        )

    @property
    def tagline(self) -> str:
        return f"Cited answers about {self.subject}, from a fixed set of sources."


def load_profile(corpus_dir: Path, titles: list[str] | None = None) -> CorpusProfile:
    """The corpus's ``advisor.yaml``, or defaults drawn from its documents' titles.

    A broken file never stops the advisor: it is reported (``problem``) and the
    defaults are used, so answers keep flowing while the operator fixes it.
    """
    defaults = _defaults(titles or [])
    path = Path(corpus_dir) / CONFIG_NAME
    if not path.is_file():
        return defaults
    try:
        raw = yaml.safe_load(path.read_text("utf-8")) or {}
        if not isinstance(raw, dict):
            raise ValueError("it must be a mapping of keys to values")
        return _from_mapping(raw, defaults)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        problem = f"{path}: not used ({reason})"
        log.warning(problem)
        return CorpusProfile(**{**defaults.__dict__, "problem": problem})


def _from_mapping(raw: dict, defaults: CorpusProfile) -> CorpusProfile:
    def text(key: str, default: str) -> str:
        value = raw.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str | int | float):
            raise ValueError(f"'{key}' must be text")
        return " ".join(str(value).split())

    abbreviations = raw.get("abbreviations") or {}
    if not isinstance(abbreviations, dict):
        raise ValueError("'abbreviations' must map a short form to its long form")
    examples = raw.get("examples") or list(defaults.examples)
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        raise ValueError("'examples' must be a list of questions")
    return CorpusProfile(
        name=text("name", defaults.name),
        subject=text("subject", defaults.subject),
        description=text("description", defaults.description),
        decline=text("decline", ""),
        abbreviations={str(k): " ".join(str(v).split()) for k, v in abbreviations.items() if v},
        examples=tuple(e.strip() for e in examples if e.strip())[:MAX_EXAMPLES],
    )


def _defaults(titles: list[str]) -> CorpusProfile:
    titles = [t.strip() for t in titles if t and t.strip()]
    if not titles:
        return CorpusProfile()
    shown = titles[:4]
    description = "what its guides cover, such as " + "; ".join(f"“{t}”" for t in shown)
    examples = tuple(f"What does “{t}” say?" for t in shown[:3])
    return CorpusProfile(description=description, examples=examples)
