"""Streamed answers over real HTTP on loopback: server-sent events through sse-starlette with keep-alive pings,
and a client that goes away stops its answer, LLM call included (a slow fake chat model counts its tokens)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.llm import LLMAnswerer
from assistant.store import Store

pytest_plugins = ["web_server"]
pytestmark = pytest.mark.integration

QUESTION = "Welke doelen stel ik voor social media?"


class SlowCountingModel(BaseChatModel):
    """Streams a long answer a token every 50 ms and counts the tokens it has produced."""

    produced: list = []

    @property
    def _llm_type(self) -> str:
        return "slow-counting"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="Stel doelen [1]."))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        for i in range(600):  # 30 s in all, longer than the test waits
            time.sleep(0.05)
            self.produced.append(i)
            yield ChatGenerationChunk(message=AIMessageChunk(content="woord "))


@pytest.fixture
def slow_llm(web_app):
    assistant = web_app.state.assistant
    settings = assistant.settings.model_copy(update={"llm": "openai:fake", "llm_base_url": "http://127.0.0.1:9/v1",
                                                     "llm_timeout": 60.0, "llm_retry_after": 0.0})
    model = SlowCountingModel(produced=[])
    assistant.llm_answerer = LLMAnswerer(settings, assistant.messages, assistant.llm_prompts, assistant.answerer,
                                         model=model)
    yield model
    assistant.llm_answerer = None


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_client_that_goes_away_stops_the_llm_call(web_server, web_settings, slow_llm):
    client = httpx.Client(base_url=web_server, timeout=60, headers={"X-Forwarded-For": "10.200.0.1"})
    before = len(Store(web_settings).list_feedback())  # (unrelated rows: nothing below depends on them)
    sessions_before = _session_count(web_settings)

    with client.stream("POST", "/api/chat/stream", json={"message": QUESTION}) as response:
        assert response.status_code == 200  # the stream opens while the model is still writing
        assert _wait_for(lambda: len(slow_llm.produced) >= 5, 30), "the model was never called"
    client.close()  # the visitor closed the tab: the connection is gone
    assert _wait_for(lambda: _stopped(slow_llm), 5), "the model kept producing after the client went away"
    assert len(slow_llm.produced) < 200
    assert _session_count(web_settings) == sessions_before, "an abandoned answer is not stored"
    assert len(Store(web_settings).list_feedback()) == before


def _stopped(model: SlowCountingModel) -> bool:
    count = len(model.produced)
    time.sleep(0.5)
    return len(model.produced) == count


def _session_count(settings) -> int:
    import sqlite3

    with sqlite3.connect(settings.data_dir / "assistant.sqlite") as db:
        return db.execute("select count(*) from messages").fetchone()[0]


def test_a_quiet_stream_gets_keep_alive_pings(web_server, web_app, slow_llm):
    settings = web_app.state.settings
    web_app.state.settings = settings.model_copy(update={"sse_ping_seconds": 0.5})
    try:
        with httpx.Client(base_url=web_server, timeout=60, headers={"X-Forwarded-For": "10.200.0.2"}) as client:
            with client.stream("POST", "/api/chat/stream", json={"message": QUESTION}) as response:
                assert response.status_code in (200, 499)
                seen = ""
                started = time.monotonic()
                for text in response.iter_text():
                    seen += text
                    if ": ping" in seen or time.monotonic() - started > 10:
                        break
        assert ": ping" in seen, seen[:500]
    finally:
        web_app.state.settings = settings
