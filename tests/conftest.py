"""Shared fixtures: the real model, the real Chroma, temporary index folders.

Building the index of the whole corpus takes ~20 s, so it is built once per
session and shared by every test that only reads it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from advisor import Advisor
from advisor.settings import ROOT, Settings

CORPUS = ROOT / "corpus"
# The ONNX model built from the packaged one, shared by every test index (its build
# is keyed by the model's files and verified on load; tests/test_serving.py builds
# its own copies).
MODEL_CACHE = Path(tempfile.gettempdir()) / "career-advisor-test-models"


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


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """A corpus folder with one article and two certification documents."""
    folder = tmp_path / "corpus"
    (folder / "certifications").mkdir(parents=True)
    shutil.copy(CORPUS / "articles" / "coursera-what-is-an-ai-architect.md", folder)
    for name in ("aws-machine-learning-specialty.md", "certified-kubernetes-administrator.md"):
        shutil.copy(CORPUS / "certifications" / name, folder / "certifications")
    return folder


def settings_for(corpus: Path, index: Path, **kw) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=index, model_cache=MODEL_CACHE, llm="", **kw)


NURSING = ROOT / "corpora" / "registered-nurse"


@pytest.fixture(scope="session")
def nurse_advisor(tmp_path_factory) -> Advisor:
    """The advisor on the second corpus: another career, other document shapes, its own config."""
    index = tmp_path_factory.mktemp("nurse-index")
    adv = Advisor(Settings(corpus_dir=NURSING, index_dir=index, model_cache=MODEL_CACHE, llm=""))
    adv.load()
    return adv


class RecordingChatModel:
    """A stand-in chat model that records every prompt it is sent and replies with one text."""

    def __init__(self, reply: str = "NO_ANSWER"):
        self.reply = reply
        self.prompts: list = []

    def invoke(self, messages, *args, **kwargs):
        from langchain_core.messages import AIMessage

        self.prompts.append(messages)
        return AIMessage(content=self.reply)
