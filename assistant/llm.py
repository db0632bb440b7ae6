"""LLM answers with the guarantees of the extractive answer: only the knowledge, cited, in the user's language.

`LLMAnswerer` is built once with the Assistant (the chat model itself on first use); each question gets an
`LLMTurn`, which condenses a follow-up and writes the answer or general-knowledge part within one time budget
(`llm_timeout`). Every answer is streamed through the grounding check (assistant.grounding) sentence by sentence,
so only checked text reaches the user. Any failure (endpoint down, too slow, rate-limited, garbage) gives the
extractive answer with the `llm_fallback_notice`; nothing raises to the user, and the log never holds the user's
text or the key.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.answer import ExtractiveAnswerer, answer_chunks
from assistant.config import Settings
from assistant.grounding import GroundedDraft
from assistant.providers import build_chat_model, check_llm_settings
from assistant.templates import Messages, Template, TemplateError, load_prompt
from assistant.text import detect_language, stems
from assistant.types import Answer, RetrievedChunk, Source, Turn

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"nl": "Dutch (Nederlands)", "en": "English"}
# The variables the code fills in for each prompt file; a prompt that declares others fails at start.
PROMPT_VARIABLES = {
    "system": frozenset(),
    "answer": frozenset({"context", "question", "language"}),
    "condense": frozenset({"history", "question", "language"}),
}
_HISTORY_TURNS = 6
CANCEL_POLL = 0.25  # seconds between checks, while waiting for the model, of whether the client went away
_LABEL = re.compile(r"^(standalone question|question|vraag|zelfstandige vraag|herschreven vraag)\s*:\s*", re.I)


@dataclass(frozen=True)
class LLMPrompts:
    system: Template
    answer: Template
    condense: Template


def load_llm_prompts(prompts_dir: Path) -> LLMPrompts:
    """Every LLM prompt in prompts/, checked against the variables the code fills in (an error at start)."""
    loaded = {}
    for name, expected in PROMPT_VARIABLES.items():
        path = prompts_dir / f"{name}.md"
        if not path.is_file():
            raise TemplateError(f"prompt {path} is missing")
        template = load_prompt(path)
        if template.variables != expected:
            raise TemplateError(
                f"prompt {path.name} declares {sorted(template.variables)}; the code fills in {sorted(expected)}"
            )
        loaded[name] = template
    return LLMPrompts(**loaded)


def format_context(chunks: list[RetrievedChunk]) -> str:
    """The numbered context the LLM answers from and cites: `[n] title` and the chunk's text."""
    blocks = []
    for n, chunk in enumerate(chunks, 1):
        meta = chunk.metadata
        origin = ", ".join(str(v) for v in (meta.get("source"), meta.get("published")) if v)
        head = f"[{n}] {chunk.title}" + (f" ({origin})" if origin else "")
        blocks.append(f"{head}\n{chunk.text.strip()}")
    return "\n\n".join(blocks)


def format_history(history: list[Turn]) -> str:
    lines = []
    for turn in history[-_HISTORY_TURNS:]:
        content = " ".join(turn.content.split())
        lines.append(f"{turn.role}: {content[:600]}")
    return "\n".join(lines)


def plausible_standalone(candidate: str, question: str, history: list[Turn], language: str) -> bool:
    """Whether a condensed question can stand in for the follow-up in retrieval.

    A model that echoes its prompt, writes a lead-in or an essay must not steer retrieval: the question has to
    be short, not a lead-in, and share a content word with the follow-up or the previous user question.
    """
    previous = next((t.content for t in reversed(history) if t.role == "user"), "")
    if not candidate or candidate.endswith(":") or len(candidate) > 2 * (len(question) + len(previous)) + 80:
        return False
    known = set(stems(question, language)) | set(stems(previous, language))
    return bool(set(stems(candidate, language)) & known)


class LLMFailure(Exception):
    """The model gave no usable output in time; the message says why without the user's text."""


class AnswerCancelled(Exception):
    """The client that asked went away: the answer is abandoned (no fallback, nothing stored)."""


def _describe(exc: BaseException) -> str:
    # Class and HTTP status only: provider messages may echo the request, and the request holds the user's text.
    status = getattr(exc, "status_code", None) or getattr(getattr(exc, "response", None), "status_code", None)
    return f"{type(exc).__name__}" + (f" (HTTP {status})" if status else "")


def _text_of(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks: keep the text ones, skip reasoning and the like
        return "".join(b.get("text", "") for b in content if isinstance(b, dict) and b.get("type") == "text")
    raise LLMFailure(f"garbage: content of type {type(content).__name__}")


class LLMAnswerer:
    """Builds prompts, runs the chat model within a deadline and falls back to the extractive answerer."""

    name = "llm"

    def __init__(self, settings: Settings, messages: Messages, prompts: LLMPrompts,
                 fallback: ExtractiveAnswerer, model=None):
        self.settings = settings
        self.messages = messages
        self.prompts = prompts
        self.fallback = fallback
        self.provider, _ = check_llm_settings(settings)  # a wrong name, a missing key or file fails at start
        self._model = model
        self._build_lock = threading.Lock()
        # llama.cpp in-process is not thread-safe: one generation at a time.
        self._serial = threading.Lock() if self.provider == "llamacpp" else nullcontext()
        self._down_until = 0.0

    @property
    def model(self):
        if self._model is None:
            with self._build_lock:
                if self._model is None:
                    self._model = build_chat_model(self.settings)
        return self._model

    def start_turn(self, on_delta: Callable[[str], None] | None = None,
                   cancel: threading.Event | None = None) -> LLMTurn:
        """One question's use of the LLM, with one deadline for condensing and answering together; setting
        `cancel` (the client went away) stops the model call between tokens with `AnswerCancelled`."""
        return LLMTurn(self, time.monotonic() + self.settings.llm_timeout, on_delta, cancel)

    # -- availability: after a failure the LLM rests, so users do not each wait for a dead endpoint ----------
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def failed(self, what: str, reason: str) -> None:
        self._down_until = time.monotonic() + self.settings.llm_retry_after
        log.warning("LLM %s failed: %s; extractive answers for the next %.0f s", what, reason,
                    self.settings.llm_retry_after)

    # -- prompts -------------------------------------------------------------------------------------------
    def answer_messages(self, question: str, language: str, context: list[RetrievedChunk]) -> list[BaseMessage]:
        return [
            SystemMessage(self.prompts.system.render()),
            HumanMessage(self.prompts.answer.render(
                context=format_context(context), question=question, language=LANGUAGE_NAMES.get(language, language))),
        ]

    def condense_messages(self, question: str, history: list[Turn], language: str) -> list[BaseMessage]:
        return [HumanMessage(self.prompts.condense.render(
            history=format_history(history), question=question, language=LANGUAGE_NAMES.get(language, language)))]

    # -- the model call ------------------------------------------------------------------------------------
    def stream(self, messages: list[BaseMessage], deadline: float, finish: dict | None = None,
               cancel: threading.Event | None = None) -> Iterator[str]:
        """The model's text as it comes; LLMFailure when it errs or the deadline passes (checked between tokens).

        The model runs in a worker thread, so a server that stops answering mid-stream cannot hold the user
        past the deadline; an abandoned worker ends at its client's own timeout. `finish["reason"]` is set to
        the provider's finish reason ("length" when the answer was cut at llm_max_tokens). When `cancel` is set,
        AnswerCancelled is raised within a quarter second and the worker stops reading the model's stream.
        """
        if time.monotonic() >= deadline:
            raise LLMFailure("no time left")
        events: queue.Queue = queue.Queue()
        stop = threading.Event()

        def work() -> None:
            try:
                with self._serial:
                    for chunk in self.model.stream(messages):
                        if stop.is_set():
                            break
                        meta = chunk.response_metadata or {}
                        reason = meta.get("finish_reason") or meta.get("done_reason")
                        if reason and finish is not None:
                            finish["reason"] = reason
                        events.put(("token", chunk.content))
                events.put(("end", None))
            except Exception as exc:  # handed to the caller, which decides what the user sees
                events.put(("error", exc))

        threading.Thread(target=work, name="llm-stream", daemon=True).start()
        try:
            while True:
                if cancel is not None and cancel.is_set():
                    raise AnswerCancelled("the client went away")
                left = deadline - time.monotonic()
                try:
                    kind, value = events.get(timeout=max(0.0, min(left, CANCEL_POLL)))
                except queue.Empty:
                    if left <= CANCEL_POLL:
                        raise LLMFailure(f"no answer within {self.settings.llm_timeout:g} s") from None
                    continue
                if kind == "end":
                    return
                if kind == "error":
                    raise LLMFailure(_describe(value)) from value
                text = _text_of(value)
                if text:
                    yield text
        finally:
            stop.set()


class LLMTurn:
    """The LLM's part in answering one question; records which answerer wrote the text and any notice."""

    def __init__(self, llm: LLMAnswerer, deadline: float, on_delta: Callable[[str], None] | None = None,
                 cancel: threading.Event | None = None):
        self.llm = llm
        self.deadline = deadline
        self.on_delta = on_delta
        self.cancel = cancel
        self.answerer = "extractive"
        self.notice: str | None = None
        self._broken = False  # a failure earlier in this turn: the rest of it goes without the LLM

    def emit(self, text: str) -> None:
        """Hand a piece of final text to a streaming caller."""
        if self.on_delta and text:
            self.on_delta(text)

    def condense(self, question: str, history: list[Turn], language: str) -> str | None:
        """The follow-up as a standalone question, or None (then the rule-based condensing applies)."""
        if self._broken or not self.llm.available():
            return None
        messages = self.llm.condense_messages(question, history, language)
        try:
            raw = "".join(self.llm.stream(messages, self.deadline, cancel=self.cancel))
        except LLMFailure as exc:
            self._broken = True
            self.llm.failed("condensing", str(exc))
            return None
        line = next((ln.strip() for ln in raw.splitlines() if ln.strip()), "")
        line = _LABEL.sub("", line).strip().strip("\"'“”‘’").strip()
        if not plausible_standalone(line, question, history, language):
            log.info("LLM condensing gave no usable question; the rule-based one is used")
            return None
        return line

    def compose(self, query: str, language: str, chunks: list[RetrievedChunk],
                intro_key: str | None = "answer_intro", lenient: bool = False) -> tuple[str, list[Source]]:
        """Like ExtractiveAnswerer.compose, written by the LLM and checked; the extractive text on any failure."""
        llm = self.llm
        context = answer_chunks(chunks, language, llm.settings, lenient)
        if not context:
            return llm.fallback.compose(query, language, chunks, intro_key, lenient)
        if self._broken or not llm.available():
            return self._fallback(query, language, chunks, intro_key, notice=True, lenient=lenient)
        # The LLM writes its own opening; a general-knowledge part keeps its intro so it reads as general.
        intro = "" if intro_key in ("answer_intro", None) else llm.messages.get(intro_key, language) + "\n"
        draft = GroundedDraft(context, language, llm.settings)
        shown = False
        finish: dict = {}
        try:
            for token in llm.stream(llm.answer_messages(query, language, context), self.deadline, finish, self.cancel):
                for piece in draft.feed(token):
                    self.emit(("" if shown else intro) + piece)
                    shown = True
            for piece in draft.close(truncated=finish.get("reason") == "length"):
                self.emit(("" if shown else intro) + piece)
                shown = True
        except LLMFailure as exc:
            self._broken = True
            llm.failed("answering", str(exc))
            return self._fallback(query, language, chunks, intro_key, notice=True, lenient=lenient)
        if draft.total == 0:
            log.warning("LLM answer was empty; extractive answer used")
            return self._fallback(query, language, chunks, intro_key, notice=True, lenient=lenient)
        if draft.too_little():
            log.info("LLM answer kept %d of %d sentences after the grounding check; extractive answer used",
                     draft.kept, draft.total)
            return self._fallback(query, language, chunks, intro_key, notice=True, lenient=lenient)
        if len(draft.text.split()) >= 8 and detect_language(draft.text, language) != language:
            log.warning("LLM answered in the wrong language; extractive answer used")
            return self._fallback(query, language, chunks, intro_key, notice=True, lenient=lenient)
        self.answerer = llm.name
        return intro + draft.text, draft.sources

    def _fallback(self, query: str, language: str, chunks: list[RetrievedChunk], intro_key: str,
                  notice: bool, lenient: bool = False) -> tuple[str, list[Source]]:
        # Whenever the LLM was meant to write and did not, the user is told the text comes straight from the
        # knowledge base: whether it failed, was too slow, or wrote too little that the knowledge supports.
        if notice:
            self.notice = self.llm.messages.get("llm_fallback_notice", language)
        return self.llm.fallback.compose(query, language, chunks, intro_key, lenient)

    def finish(self, answer: Answer) -> Answer:
        """The answer marked with the answerer that wrote it and the fallback notice, if there was one."""
        answer.answerer = self.answerer
        if self.notice:
            answer.notice = " ".join(n for n in (answer.notice, self.notice) if n)
        return answer
