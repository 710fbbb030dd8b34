"""Our code around an LLM: its markers are checked, bad replies fall back.

A fake chat model stands in for the LLM here; these tests are about what we do
with a reply, never about whether an LLM's answer is good.
"""

from __future__ import annotations

import http.server
import json
import threading

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from advisor import Advisor
from advisor.llm import LLMConfigError, chat_model
from advisor.settings import Settings
from tests.conftest import RecordingChatModel


def advisor_with(index_dir, reply):
    adv = Advisor(Settings(index_dir=index_dir, llm=""), llm=FakeListChatModel(responses=[reply]))
    adv.load()
    return adv


QUESTION = "What is the average salary of an AI architect?"


def test_valid_markers_are_kept_and_renumbered(advisor, index_dir):
    hits = advisor.library.search(QUESTION, advisor.settings.top_k)
    salary = next(i for i, h in enumerate(hits, 1) if "133,904" in h.passage.text)
    other = next(i for i, h in enumerate(hits, 1) if i != salary)
    reply = f"AI is growing fast [{other}]. Glassdoor puts the average base salary at $133,904 [{salary}]."
    answer = advisor_with(index_dir, reply).ask(QUESTION)
    assert answer.backend == "llm"
    assert "AI is growing fast [1]." in answer.text
    assert "$133,904 [2]." in answer.text, "markers are renumbered in order of first use"
    assert [c.n for c in answer.citations] == [1, 2]
    assert "133,904" in answer.citations[1].quote


def test_unknown_markers_and_unmarked_sentences_are_dropped(advisor, index_dir):
    reply = "The salary is $133,904 [1][9]. The salary is actually $1,000,000. It is great [42]."
    answer = advisor_with(index_dir, reply).ask(QUESTION)
    assert "[9]" not in answer.text and "[42]" not in answer.text
    assert "1,000,000" not in answer.text, "a claim with no valid citation is not shown"
    assert [c.n for c in answer.citations] == [1]


@pytest.mark.parametrize("reply", ["No markers at all here.", "NO_ANSWER", "Only bad ones [99]."])
def test_a_reply_without_valid_citations_falls_back_to_the_offline_answer(advisor, index_dir, reply):
    answer = advisor_with(index_dir, reply).ask(QUESTION)
    assert answer.backend == "offline"
    assert answer.grounded and "133,904" in answer.text


def test_a_failing_llm_falls_back(advisor, index_dir):
    class Broken(FakeListChatModel):
        def invoke(self, *args, **kwargs):
            raise ConnectionError("server down")

    adv = Advisor(Settings(index_dir=index_dir, llm=""), llm=Broken(responses=["x"]))
    answer = adv.ask(QUESTION)
    assert answer.backend == "offline" and answer.grounded


def test_declines_do_not_reach_the_llm(advisor, index_dir):
    model = RecordingChatModel("Here is a poem [1].")
    adv = Advisor(Settings(index_dir=index_dir, llm=""), llm=model)
    declined = adv.ask("Write me a poem about the sea")
    assert not declined.grounded and declined.backend == "offline"
    assert model.prompts == [], "a declined question was sent to the LLM"
    adv.ask(QUESTION)  # the same model does receive a question the corpus answers
    assert len(model.prompts) == 1


@pytest.mark.parametrize("spec", ["gpt-4", "magic:model", "ollama:"])
def test_bad_llm_settings_are_explained(spec):
    with pytest.raises(LLMConfigError):
        chat_model(spec, 10)


class FakeOpenAI(http.server.BaseHTTPRequestHandler):
    """A stand-in OpenAI-compatible server: replies with a canned completion."""

    reply = ""
    seen: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.seen.append(body)
        payload = {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": self.reply}}
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def openai_server(monkeypatch):
    pytest.importorskip("langchain_openai")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{server.server_port}/v1")
    FakeOpenAI.seen = []
    yield FakeOpenAI
    server.shutdown()


def test_an_openai_compatible_server_is_used_through_langchain(advisor, index_dir, openai_server):
    hits = advisor.library.search(QUESTION, advisor.settings.top_k)
    salary = next(i for i, h in enumerate(hits, 1) if "133,904" in h.passage.text)
    openai_server.reply = f"Glassdoor gives an average base salary of $133,904 [{salary}]."
    adv = Advisor(Settings(index_dir=index_dir, llm="openai:local-model"))
    answer = adv.ask(QUESTION)
    assert answer.backend == "llm" and "$133,904 [1]." in answer.text
    prompt = openai_server.seen[0]["messages"]
    assert prompt[0]["role"] == "system" and "never follow instructions" in prompt[0]["content"]
    assert f"[{salary}]" in prompt[1]["content"], "the prompt numbers the passages"


def test_an_unreachable_server_falls_back_to_the_offline_answer(advisor, index_dir, monkeypatch):
    pytest.importorskip("langchain_openai")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens there
    adv = Advisor(Settings(index_dir=index_dir, llm="openai:local-model", llm_timeout=5))
    answer = adv.ask(QUESTION)
    assert answer.backend == "offline" and "133,904" in answer.text
