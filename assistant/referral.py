"""Question + retrieval result -> a routing decision (answer, refer with a reason, or out of scope).

No LLM: readable rules and example questions per reason live in prompts/referral.yaml, the specialists in
knowledge/specialists.yaml. Examples are matched by embedding similarity to the question.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.types import DESK_REASON, REFERRAL_REASONS, Decision, Referral, Retrieval


@dataclass
class Specialist:
    id: str
    name: dict[str, str]
    reasons: list[str]
    topics: list[str]
    description: dict[str, str]
    contact: dict

    def covers(self, text: str) -> bool:
        """Whether a text is about one of this specialist's topics."""
        lowered = text.lower()
        return any(topic in lowered for topic in self.topics)

    def as_referral(self, reason: str, language: str, message: str) -> Referral:
        contact = {k: v for k, v in self.contact.items() if v not in (None, "")}
        return Referral(specialist_id=self.id, specialist=self.name.get(language) or self.name["nl"],
                        reason=reason, message=message, contact=contact)


def load_specialists(path: Path) -> list[Specialist]:
    """The specialist directory; a clear error when it is missing or malformed."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = raw["specialists"]
        specialists = [
            Specialist(
                id=str(e["id"]), name=dict(e["name"]), reasons=list(e.get("reasons") or []),
                topics=[str(t).lower() for t in e.get("topics") or []],
                description=dict(e.get("description") or {}), contact=dict(e.get("contact") or {}),
            )
            for e in entries
        ]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the specialist directory ({exc}); see knowledge/specialists.yaml") from exc
    if not specialists:
        raise ValueError(f"{path}: the specialist directory is empty")
    known = (*REFERRAL_REASONS, DESK_REASON)
    for s in specialists:
        if unknown := [r for r in s.reasons if r not in known]:
            raise ValueError(f"{path}: specialist {s.id!r} lists unknown reasons {unknown}; use {', '.join(known)}")
    return specialists


def _compile(patterns: list[str]) -> list[re.Pattern]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


class ReferralRules:
    """The rules file, compiled."""

    def __init__(self, path: Path):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.priority: list[str] = list(raw["priority"])
        self.rules = {r: _compile(v.get("rules") or []) for r, v in raw["reasons"].items()}
        # Words that name a reason's danger without an incident ("gehackt"): they refer unless a rule of `unless`
        # matches too (a question about preventing it).
        self.mentions = {r: _compile(v.get("mentions") or []) for r, v in raw["reasons"].items()}
        self.unless = {r: _compile(v.get("unless") or []) for r, v in raw["reasons"].items()}
        self.examples = {r: list(v.get("examples") or []) for r, v in raw["reasons"].items()}
        self.social_media_rules = _compile(raw["on_topic"].get("social_media") or [])
        self.on_topic_rules = self.social_media_rules + _compile(raw["on_topic"].get("rules") or [])
        self.on_topic_examples = list(raw["on_topic"].get("examples") or [])
        self.injection_rules = _compile(raw["injection"].get("rules") or [])
        self.digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]

    def is_injection(self, sentence: str) -> bool:
        return any(p.search(sentence) for p in self.injection_rules)

    def rule_reason(self, question: str) -> tuple[str, str] | None:
        """The first reason (in priority order) whose rules match, and the rule that did."""
        for reason in self.priority:
            for pattern in self.rules.get(reason, []):
                if pattern.search(question):
                    return reason, pattern.pattern
            mentioned = next((p for p in self.mentions.get(reason, []) if p.search(question)), None)
            if mentioned is not None and not any(p.search(question) for p in self.unless.get(reason, [])):
                return reason, mentioned.pattern
        return None

    def on_topic_rule(self, question: str) -> bool:
        return any(p.search(question) for p in self.on_topic_rules)

    def names_social_media(self, question: str) -> bool:
        """Whether a question names social media or a network (then it is never declined as out of scope)."""
        return any(p.search(question) for p in self.social_media_rules)


class ReferralDecider:
    """Decides the route of a question; the example embeddings are computed once and cached on disk."""

    def __init__(self, settings: Settings, embeddings: Embeddings):
        """`embeddings` is the router model (see Settings.router_model), not necessarily the retrieval model."""
        self.settings = settings
        self.rules = ReferralRules(settings.prompts_dir / "referral.yaml")
        self.specialists = load_specialists(settings.knowledge_dir / "specialists.yaml")
        self._embeddings = embeddings
        self._labels: list[str] = []
        self._matrix: np.ndarray | None = None

    def warm_up(self) -> None:
        if self._matrix is not None:
            return
        labels, texts = [], []
        for reason, examples in self.rules.examples.items():
            labels += [reason] * len(examples)
            texts += examples
        labels += ["on_topic"] * len(self.rules.on_topic_examples)
        texts += self.rules.on_topic_examples
        cache = self.settings.data_dir / "cache" / f"referral-{self.rules.digest}-{_slug(self.settings.router_model)}.npy"
        matrix = None
        if cache.is_file():
            try:
                matrix = np.load(cache)
                if matrix.shape[0] != len(texts):
                    matrix = None
            except (OSError, ValueError):
                matrix = None
        if matrix is None:
            matrix = np.asarray(self._embeddings.embed_documents(texts), dtype=np.float32)
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                np.save(cache, matrix)
            except OSError:
                pass  # a read-only data dir only costs the cache
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._matrix = matrix / np.maximum(norms, 1e-9)
        self._labels = labels

    def similarities(self, vector: list[float]) -> dict[str, float]:
        """Best cosine per label (reason or 'on_topic') between the question and the examples."""
        self.warm_up()
        v = np.asarray(vector, dtype=np.float32)
        v = v / max(float(np.linalg.norm(v)), 1e-9)
        sims = self._matrix @ v
        best: dict[str, float] = {}
        for label, s in zip(self._labels, sims, strict=True):
            best[label] = max(best.get(label, -1.0), float(s))
        return best

    def decide(self, question: str, vector: Callable[[], list[float]], retrieval: Retrieval) -> Decision:
        """The route for a question (already cleaned of HTML and of injected instructions).

        `vector` gives the question's router embedding; it is only computed when no rule decides."""
        if not question.strip():
            return Decision(route="out_of_scope", rule="empty")
        ruled = self.rules.rule_reason(question)
        if ruled:
            return Decision(route="refer", reason=ruled[0], rule=f"rule:{ruled[1]}")
        sims = self.similarities(vector())
        reasons = [(s, r) for r, s in sims.items() if r != "on_topic" and s >= self.settings.referral_similarity]
        if reasons:
            score, reason = max(reasons)
            return Decision(route="refer", reason=reason, rule=f"example:{score:.2f}")
        on_topic = (
            self.rules.on_topic_rule(question)
            or sims.get("on_topic", 0.0) >= self.settings.on_topic_similarity
        )
        if retrieval.relevant and (on_topic or _strongly_relevant(retrieval, self.settings)):
            return Decision(route="answer", rule="relevant")
        if on_topic:
            return Decision(route="refer", reason="out_of_knowledge", rule="on_topic_not_found")
        return Decision(route="out_of_scope", rule="off_topic")

    def desk_for(self, question: str) -> Specialist | None:
        """The chamber's general desk for a question beyond social media: the entry listing `out_of_scope`
        (None when the directory has none; then the decline names nobody)."""
        if not any(DESK_REASON in s.reasons for s in self.specialists):
            return None
        return self.specialist_for(DESK_REASON, question)

    def specialist_for(self, reason: str, question: str) -> Specialist:
        """The specialist for a reason whose topics best match the question (first listed on a tie)."""
        candidates = [s for s in self.specialists if reason in s.reasons] or self.specialists[:1]
        lowered = question.lower()
        scored = [(sum(t in lowered for t in s.topics), -i, s) for i, s in enumerate(candidates)]
        return max(scored, key=lambda x: (x[0], x[1]))[2]


def _strongly_relevant(retrieval: Retrieval, settings: Settings) -> bool:
    """Names and terms the knowledge holds ("Stephen Leighton", "stoorfactoren") keep a question in scope."""
    for chunk in retrieval.chunks[:3]:
        if (chunk.dense_score or 0) >= settings.min_dense_score(chunk.language) + 0.1:
            return True
        coverage = chunk.metadata.get("term_coverage", 0)
        if coverage >= settings.min_term_coverage + 0.15 or (chunk.metadata.get("distinctive") and coverage >= 0.4):
            return True
    return False


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name)[-40:]
