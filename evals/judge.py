"""Optional LLM judge tier: a Dutch rubric (evals/prompts/judge.md), temperature 0, verdicts cached in SQLite.

It only runs when an LLM is configured (ASSISTANT_LLM), adds `judge.correctness` and `judge.faithfulness`
(0..1) to a run, and never gates on its own: thresholds.toml refuses judge metrics.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings
from assistant.templates import Template, load_prompt

log = logging.getLogger(__name__)
RUBRIC = Path(__file__).parent / "prompts" / "judge.md"
_JSON = re.compile(r"\{.*\}", re.DOTALL)


@dataclass
class Verdict:
    correctness: float   # 0..1
    faithfulness: float  # 0..1
    rationale: str

    def to_dict(self) -> dict:
        return {"correctness": self.correctness, "faithfulness": self.faithfulness, "rationale": self.rationale}


def parse_verdict(text: str) -> Verdict | None:
    """The judge's one-line JSON (scores 0-2) as 0..1 scores; None when the reply is unusable."""
    match = _JSON.search(text or "")
    if not match:
        return None
    try:
        raw = json.loads(match.group(0))
        c, f = float(raw["correctheid"]), float(raw["getrouwheid"])
    except (ValueError, KeyError, TypeError):
        return None
    if not (0 <= c <= 2 and 0 <= f <= 2):
        return None
    return Verdict(c / 2, f / 2, str(raw.get("toelichting", ""))[:300])


class JudgeCache:
    def __init__(self, path: Path):
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30)
        conn.execute("CREATE TABLE IF NOT EXISTS judge_cache (key TEXT PRIMARY KEY, model TEXT, verdict_json TEXT)")
        return conn

    def get(self, key: str) -> Verdict | None:
        with closing(self._connect()) as conn:
            row = conn.execute("SELECT verdict_json FROM judge_cache WHERE key = ?", (key,)).fetchone()
        return Verdict(**json.loads(row[0])) if row else None

    def put(self, key: str, model: str, verdict: Verdict) -> None:
        with closing(self._connect()) as conn, conn:
            conn.execute("INSERT OR REPLACE INTO judge_cache VALUES (?, ?, ?)", (key, model, json.dumps(verdict.to_dict())))


class Judge:
    """Scores one answer against its sources with a chat model (any LangChain chat model works, fakes too)."""

    def __init__(self, chat_model, model_name: str, cache: JudgeCache, prompt: Template | None = None):
        self.chat_model = chat_model
        self.model_name = model_name
        self.cache = cache
        self.prompt = prompt or load_prompt(RUBRIC)

    def grade(self, question: str, answer: str, context: str, key_facts: list[list[str]]) -> Verdict | None:
        facts = "\n".join("- " + " / ".join(g) for g in key_facts) or "- (geen vaste feiten opgegeven)"
        text = self.prompt.render(question=question, answer=answer, context=context or "(geen bronnen)", key_facts=facts)
        key = hashlib.sha256(f"{self.model_name}\x00{text}".encode()).hexdigest()
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        try:
            reply = self.chat_model.invoke(text)
        except Exception as exc:  # a judge outage must never break or fail a run
            log.warning("judge call failed: %s", type(exc).__name__)
            return None
        verdict = parse_verdict(getattr(reply, "content", reply) if not isinstance(reply, str) else reply)
        if verdict is not None:
            self.cache.put(key, self.model_name, verdict)
        return verdict


def build_judge(settings: Settings, cache_path: Path) -> tuple[Judge | None, str]:
    """A judge on the configured LLM at temperature 0, or None and the reason it is skipped."""
    if not settings.llm:
        return None, "no LLM configured (ASSISTANT_LLM)"
    try:  # lazy: the chat-model factory and its provider packages load only when a judge is wanted
        from assistant.providers import build_chat_model
    except ImportError as exc:
        return None, f"no chat-model factory available ({exc})"
    try:
        model = build_chat_model(settings.model_copy(update={"llm_temperature": 0.0}))
    except Exception as exc:  # a misconfigured LLM skips the judge tier; the offline metrics still run
        return None, f"cannot build the judge model ({exc})"
    return Judge(model, settings.llm, JudgeCache(cache_path)), f"judge: {settings.llm}"
