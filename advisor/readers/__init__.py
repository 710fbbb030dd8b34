"""Reading a guide file of any supported format into the document tree.

Each format has a reader (Markdown and text with markdown-it-py, PDF with
pdfplumber, Word with python-docx, saved web pages with trafilatura) and every
reader emits into the same :class:`advisor.doctree.TreeBuilder`. Here the
limits that keep one file from taking the machine are applied around them: a
size limit before anything is read, a page limit (PDF), an inflated-size limit
read from a Word file's zip directory before anything is inflated, and a time
limit. A file that breaks a limit or cannot be read raises
:class:`CorpusError` with a reason a person can act on.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..doctree import DocTree
from ..errors import CorpusError

FORMATS = {
    ".md": "Markdown",
    ".markdown": "Markdown",
    ".txt": "text",
    ".pdf": "PDF",
    ".docx": "Word",
    ".html": "web page",
    ".htm": "web page",
}
SUFFIXES = tuple(FORMATS)


@dataclass(frozen=True)
class Limits:
    """Per-file limits (``ADVISOR_MAX_FILE_BYTES`` and friends, see the settings)."""

    max_bytes: int = 25_000_000
    max_pages: int = 500
    max_inflated_bytes: int = 100_000_000
    seconds: float = 60.0

    @classmethod
    def of(cls, settings) -> Limits:
        return cls(
            max_bytes=settings.max_file_bytes,
            max_pages=settings.max_pages,
            max_inflated_bytes=settings.max_inflated_bytes,
            seconds=settings.max_read_seconds,
        )


class Deadline:
    """The time a reader has left; readers that loop (over pages) check it as they go."""

    def __init__(self, name: str, seconds: float):
        self.name, self.seconds = name, seconds
        self.end = time.monotonic() + seconds if seconds > 0 else float("inf")

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise CorpusError(f"{self.name}: took longer than {self.seconds:g} s to read")


def read_tree(path: Path, raw: bytes, limits: Limits) -> DocTree:
    """The tree of one file whose bytes are ``raw``; CorpusError when it cannot be read."""
    name = str(path)
    suffix = path.suffix.lower()
    if not raw.strip():
        raise CorpusError(f"{name}: is empty")
    deadline = Deadline(name, limits.seconds)
    with _alarm(deadline):
        if suffix == ".pdf":
            from .pdf import read_pdf

            tree = read_pdf(raw, name, limits, deadline)
        elif suffix == ".docx":
            from .word import read_docx

            tree = read_docx(raw, name, limits, deadline)
        elif suffix in (".html", ".htm"):
            from .web import read_html

            tree = read_html(raw, name, deadline)
        else:
            text = _text(raw, name)
            if suffix == ".txt":
                from .plain import read_plain

                tree = read_plain(text, name)
            else:
                from .markdown import read_markdown

                tree = read_markdown(text, name)
    if not tree.has_text():
        raise CorpusError(f"{name}: has no text")
    return tree


def _text(raw: bytes, name: str) -> str:
    if b"\x00" in raw:
        raise CorpusError(f"{name}: looks like a binary file, not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CorpusError(f"{name}: is not UTF-8 text") from None


@contextlib.contextmanager
def _alarm(deadline: Deadline) -> Iterator[None]:
    """Interrupt a reader stuck inside one step (one huge page, one huge XML part).

    A signal can only be used in the main thread; elsewhere (a server reindexing
    in a worker thread) the readers' own checks between pages are the limit.
    """
    if deadline.seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise CorpusError(f"{deadline.name}: took longer than {deadline.seconds:g} s to read")

    previous = signal.signal(signal.SIGALRM, expired)
    # repeated: an exception raised where Python swallows it (a finaliser) is raised again
    signal.setitimer(signal.ITIMER_REAL, deadline.seconds, 0.2)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
