"""One index writer at a time, across processes.

Two processes syncing the same index at once (``ingest`` while the web app
starts, two workers starting together) would embed into the same Chroma store
and could move each other's files aside as "damaged". An OS-level file lock
(``filelock``) makes them take turns: the second waits, then finds the work done.
The lock is released by the operating system when its holder dies, even by
``kill -9``, so a crashed ingest never blocks the next one.

The lock file sits *next to* the index folder, not inside it, because a damaged
index folder is moved aside as a whole.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout

from .errors import IndexUnavailable

log = logging.getLogger(__name__)

TIMEOUT = 900.0  # seconds to wait for another process's sync (a full build takes under a minute)
F = TypeVar("F", bound=Callable[..., Any])


def lock_path(index_dir: Path) -> Path:
    index_dir = Path(index_dir).resolve()
    return index_dir.parent / f".{index_dir.name}.lock"


def index_lock(index_dir: Path, timeout: float | None = None) -> FileLock:
    """The inter-process lock of ``index_dir`` (not yet acquired)."""
    path = lock_path(index_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path), timeout=TIMEOUT if timeout is None else timeout)


def exclusive(method: F) -> F:
    """Run an ``Index`` method holding its folder's lock (``self.dir``)."""

    @functools.wraps(method)
    def wrapper(self, *args: Any, **kwargs: Any) -> Any:
        lock = index_lock(self.dir)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            log.info("another process is updating the index in %s; waiting for it", self.dir)
            try:
                lock.acquire()
            except Timeout:
                raise IndexUnavailable(
                    f"another process has held the lock {lock.lock_file} for over {lock.timeout:.0f} s"
                ) from None
        try:
            return method(self, *args, **kwargs)
        finally:
            lock.release()

    return wrapper  # type: ignore[return-value]
