"""Shared fixtures: the real model, the real Chroma, temporary index folders.

Building an index means embedding every passage and sentence with the real
model, the slowest thing the tests do. So each index is built once per session:
tests that only read one share it, and tests that change one get a copy of its
folder (copying a built Chroma store takes milliseconds; building it, seconds).

``make test`` runs the tests in two processes (pytest-xdist, whole files to each). Each has
its own temporary folders and session fixtures; what both may touch at once, the indexes
the evals keep under ``evals/.indexes`` and the ONNX model in ``MODEL_CACHE``, is built or
loaded by one process at a time (``one_at_a_time``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from filelock import FileLock
from servers import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, require_chromium

from advisor import Advisor
from advisor.index import Index, SyncReport
from advisor.settings import ROOT, Settings
from evals.run import SUITES

CORPUS = ROOT / "corpus"
# The ONNX model built from the packaged one, shared by every test index (its build
# is keyed by the model's files and verified on load; tests/test_serving.py builds
# its own copies).
MODEL_CACHE = Path(tempfile.gettempdir()) / "career-advisor-test-models"


def one_at_a_time(factory: pytest.TempPathFactory, name: str) -> FileLock:
    """A lock that the test processes of this run share (one process: a lock of its own).

    Index.sync already takes turns, but a process that loads an index while another syncs
    it could find its snapshot just deleted and read Chroma instead; with this lock held
    around loading, the second process finds the index built and its snapshot whole.
    """
    base = factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return FileLock(str(shared / f"{name}.lock"))


@pytest.fixture(scope="session", autouse=True)
def onnx_model(tmp_path_factory) -> None:
    """With several test processes, the ONNX model is built (once per machine) by one of them,
    and loaded by each as an index loads it."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        with one_at_a_time(tmp_path_factory, "onnx-model"):
            Index(Settings(model_cache=MODEL_CACHE, llm="")).embedder()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("index")
    MODEL_CACHE.mkdir(exist_ok=True)
    (folder / "models").symlink_to(MODEL_CACHE)  # for tests that build Settings themselves
    return folder


@pytest.fixture(scope="session")
def advisor(index_dir) -> Advisor:
    adv = Advisor(Settings(corpus_dir=CORPUS, index_dir=index_dir, model_cache=MODEL_CACHE, llm=""))
    adv.load()
    return adv


def fresh_small_corpus(folder: Path) -> Path:
    """(Re)write ``folder`` as a corpus of one article and two certification documents."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "certifications").mkdir(parents=True)
    shutil.copy(CORPUS / "articles" / "coursera-what-is-an-ai-architect.md", folder)
    for name in ("aws-machine-learning-specialty.md", "certified-kubernetes-administrator.md"):
        shutil.copy(CORPUS / "certifications" / name, folder / "certifications")
    return folder


def _small_corpus_home(factory: pytest.TempPathFactory) -> Path:
    # One path for the whole session: an index records where its documents are, so a
    # copy of the small corpus's index is only that corpus's index at this same path.
    return factory.getbasetemp() / "small-corpus"


@pytest.fixture
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus folder with one article and two certification documents, fresh for each test
    (a test may edit it freely)."""
    return fresh_small_corpus(_small_corpus_home(tmp_path_factory))


def settings_for(corpus: Path, index: Path, **kw) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=index, model_cache=MODEL_CACHE, llm="", **kw)


@pytest.fixture(scope="session")
def small_index_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SyncReport]:
    """The small corpus's index, built once: (its folder, the report of that first ingest).

    Only to be read or copied: a test that changes an index takes ``small_index``.
    """
    corpus = fresh_small_corpus(_small_corpus_home(tmp_path_factory))
    folder = tmp_path_factory.mktemp("small-index")
    index = Index(settings_for(corpus, folder))
    report = index.sync(progress=False)
    index.close()  # closed, as after an ingest process: its copies are complete stores
    return folder, report


@pytest.fixture
def small_index(small_corpus: Path, small_index_build: tuple[Path, SyncReport], tmp_path: Path) -> Path:
    """A private copy of the built index of ``small_corpus``, at ``tmp_path / "idx"``."""
    target = tmp_path / "idx"
    shutil.copytree(small_index_build[0], target)
    return target


NURSING = ROOT / "corpora" / "registered-nurse"


@pytest.fixture(scope="session")
def nurse_advisor(tmp_path_factory) -> Advisor:
    """The advisor on the second corpus: another career, other document shapes, its own config.

    Like ``corpus_advisor``, it reads the index its eval suite keeps.
    """
    index = SUITES["registered-nurse"].index
    adv = Advisor(Settings(corpus_dir=NURSING, index_dir=index, model_cache=MODEL_CACHE, llm=""))
    with one_at_a_time(tmp_path_factory, "evals-index-registered-nurse"):
        adv.load()
    return adv


@pytest.fixture(scope="session")
def corpus_advisor(tmp_path_factory):
    """An advisor on one of the careers' corpora (``corpora/<name>``), built once per corpus and session.

    Its index is the one ``python -m evals`` keeps for that corpus's suite, so the evals that
    follow the tests (as in ``make test``) find it built; the tests only read it.
    """
    built: dict[str, Advisor] = {}

    def advisor_for(name: str) -> Advisor:
        if name not in built:
            index = SUITES[name].index
            adv = Advisor(
                Settings(corpus_dir=ROOT / "corpora" / name, index_dir=index, model_cache=MODEL_CACHE, llm="")
            )
            with one_at_a_time(tmp_path_factory, f"evals-index-{name}"):
                adv.load()
            built[name] = adv
        return built[name]

    return advisor_for


@pytest.fixture(scope="session")
def paralegal_advisor(corpus_advisor) -> Advisor:
    """The advisor on paralegal guides, whose pay table gives each figure of the job outlook by its period."""
    return corpus_advisor("paralegal")


@pytest.fixture(scope="session")
def hub_advisor(corpus_advisor) -> Advisor:
    """The advisor on one site's guides to twelve careers: answers must keep to the career asked."""
    return corpus_advisor("career-hub")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Debian's Chromium, headless, driven by Playwright: one per test module that needs it."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@contextmanager
def offline_page(browser, local: tuple[str, ...], timeout_ms: int, **context_options) -> Iterator:
    """A fresh page that fails the test if it requests anything not starting with ``local``
    (this machine's servers, data: and blob: URLs)."""
    context = browser.new_context(**context_options)
    context.set_default_timeout(timeout_ms)
    outside: list[str] = []
    allowed = (*local, "data:", "blob:", "about:")
    context.on("request", lambda r: None if r.url.startswith(allowed) else outside.append(r.url))
    yield context.new_page()
    context.close()
    assert not outside, f"the page reached outside this machine: {outside}"


class RecordingChatModel:
    """A stand-in chat model that records every prompt it is sent and replies with one text."""

    def __init__(self, reply: str = "NO_ANSWER"):
        self.reply = reply
        self.prompts: list = []

    def invoke(self, messages, *args, **kwargs):
        from langchain_core.messages import AIMessage

        self.prompts.append(messages)
        return AIMessage(content=self.reply)
