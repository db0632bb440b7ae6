"""Streaming and batch answering over `Assistant.ask`: deltas for pages and the widget, one item at a time for
batch files. A mixin of `assistant.pipeline.Assistant`."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from assistant.types import Answer, QuestionError, Turn


class Streaming:
    """`ask_stream` and `ask_many` for the Assistant (see the module docstring)."""

    def ask_stream(self, question: str, history: list[Turn] | None = None, language: str | None = None,
                   cancel: threading.Event | None = None) -> Iterator[dict]:
        """Events for streaming UIs: {"type": "delta", "text": ...} pieces, then {"type": "answer", "answer": Answer}.

        The joined deltas equal `answer.text`. The extractive answer is complete at once; it is sent line by line
        so that pages and the widget render the same way for every answerer.
        """
        if self.llm_answerer is not None:  # LLM hook: text streams as the LLM writes it
            yield from self._ask_stream_llm(question, history, language, cancel)
            return
        answer = self.ask(question, history, language)
        lines = answer.text.split("\n")
        for i, line in enumerate(lines):
            yield {"type": "delta", "text": line + ("\n" if i < len(lines) - 1 else "")}
        yield {"type": "answer", "answer": answer}

    def _ask_stream_llm(self, question: str, history: list[Turn] | None, language: str | None,
                        cancel: threading.Event | None = None) -> Iterator[dict]:
        """`ask_stream` with an LLM: checked sentences as deltas while it writes, then the answer.

        When the final text does not continue what was streamed (the LLM failed or too little survived the
        grounding check, so the extractive answer replaced it), a {"type": "reset"} event says to clear the
        streamed text, and the final text follows. The joined deltas after the last reset equal `answer.text`.
        """
        import queue

        events: queue.Queue = queue.Queue()

        def run() -> None:
            try:
                events.put(("answer", self.ask(question, history, language, on_delta=lambda t: events.put(("delta", t)),
                                               cancel=cancel)))
            except BaseException as exc:  # re-raised in the caller's thread, as `ask` would raise
                events.put(("error", exc))

        threading.Thread(target=run, name="ask-stream", daemon=True).start()
        streamed = ""
        while True:
            kind, value = events.get()
            if kind == "delta":
                streamed += value
                yield {"type": "delta", "text": value}
            elif kind == "error":
                raise value
            else:
                break
        answer: Answer = value
        if not answer.text.startswith(streamed):
            yield {"type": "reset"}
            streamed = ""
        rest = answer.text[len(streamed):]
        if rest:
            yield {"type": "delta", "text": rest}
        yield {"type": "answer", "answer": answer}

    def ask_many(self, items: list[dict]) -> Iterator[dict]:
        """Batch answering with models loaded once; each item {"id", "question", "history"?, "language"?}."""
        for item in items:
            history = [Turn(**t) for t in item.get("history") or []]
            try:
                answer = self.ask(item["question"], history, item.get("language"))
                yield {"id": item.get("id"), **answer.model_dump()}
            except QuestionError as exc:
                yield {"id": item.get("id"), "error": str(exc)}
