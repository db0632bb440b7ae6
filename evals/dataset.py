"""Eval datasets: JSON Lines of cases, validated (`python -m evals lint`), hashed for the run history."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.types import REFERRAL_REASONS

TAGS = {"fact", "advice", "referral", "out_of_scope", "injection", "html", "multi_turn", "multi_question", "own_docs"}


class HistoryTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str = Field(min_length=1)


class EvalCase(BaseModel):
    """One golden case; see README "Evals" for what each field means."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.:-]+$")
    question: str = Field(min_length=1)
    lang: Literal["nl", "en"]
    history: list[HistoryTurn] = Field(default_factory=list)
    route: Literal["answer", "refer", "out_of_scope"]
    refer_reason: str | None = None
    key_facts: list[list[str]] = Field(default_factory=list)
    forbidden: list[str] = Field(default_factory=list)
    relevant_docs: list[str] = Field(default_factory=list)
    critical: bool = False
    tags: list[str] = Field(default_factory=list)
    note: str = ""  # why the case is labelled this way, for reviewers

    @field_validator("key_facts")
    @classmethod
    def _groups(cls, groups: list[list[str]]) -> list[list[str]]:
        for group in groups:
            if not group or any(not p.strip() for p in group):
                raise ValueError("every key-fact group needs at least one non-empty phrasing")
        return groups

    @field_validator("forbidden")
    @classmethod
    def _forbidden(cls, phrases: list[str]) -> list[str]:
        if any(not p.strip() for p in phrases):
            raise ValueError("forbidden phrases must not be empty")
        return phrases

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        unknown = set(tags) - TAGS
        if unknown:
            raise ValueError(f"unknown tags {sorted(unknown)}; use {sorted(TAGS)}")
        return tags

    @model_validator(mode="after")
    def _reason(self) -> EvalCase:
        if self.route == "refer":
            if self.refer_reason not in REFERRAL_REASONS:
                raise ValueError(f"route refer needs refer_reason, one of {list(REFERRAL_REASONS)}")
        elif self.refer_reason is not None:
            raise ValueError("refer_reason only goes with route refer")
        if self.critical and self.route != "refer":
            raise ValueError("critical marks a referral that must not be missed; use it with route refer")
        return self

    def has_tag(self, tag: str) -> bool:
        return tag in self.tags


@dataclass
class LintReport:
    cases: list[EvalCase] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def dataset_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pair_key(doc_id: str) -> str:
    """A note and its counterpart share a key: the id without its -nl / -en suffix."""
    return doc_id.rsplit("-", 1)[0] if doc_id.endswith(("-nl", "-en")) else doc_id


def lint(path: Path, known_docs: set[str] | None = None, note_texts: dict[str, str] | None = None) -> LintReport:
    """Parse and check a dataset; `known_docs` (the knowledge note ids) enables the relevant_docs check, and
    `note_texts` (id -> text) a warning for key facts that none of a case's relevant notes contains."""
    from evals.metrics import contains_phrase, normalize_document
    report = LintReport()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        report.errors.append(f"{path}: cannot read ({exc})")
        return report
    seen: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            report.errors.append(f"{where}: not valid JSON ({exc.msg})")
            continue
        try:
            case = EvalCase.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(x) for x in err["loc"]) or "case"
                report.errors.append(f"{where} ({raw.get('id', '?') if isinstance(raw, dict) else '?'}): {loc}: {err['msg']}")
            continue
        if case.id in seen:
            report.errors.append(f"{where}: duplicate id {case.id!r} (first on line {seen[case.id]})")
            continue
        seen[case.id] = n
        if known_docs is not None:
            for doc in case.relevant_docs:
                if doc not in known_docs:
                    report.errors.append(f"{where} ({case.id}): relevant_docs id {doc!r} is not a note in knowledge/")
        if note_texts is not None and case.relevant_docs:
            texts = "\n".join(normalize_document(note_texts.get(d, "")) for d in case.relevant_docs)
            for group in case.key_facts:
                if not any(contains_phrase(texts, p) for p in group):
                    report.warnings.append(f"{where} ({case.id}): no relevant note contains key fact {group}")
        if case.route == "answer" and not case.key_facts and not case.has_tag("out_of_scope"):
            report.warnings.append(f"{where} ({case.id}): an answer case without key_facts checks little")
        report.cases.append(case)
    if not report.cases and not report.errors:
        report.errors.append(f"{path}: no cases")
    if known_docs is not None and report.cases:
        covered = {_pair_key(d) for c in report.cases for d in c.relevant_docs}
        missing = sorted({_pair_key(d) for d in known_docs} - covered)
        if missing:
            report.warnings.append(f"notes no case points to: {', '.join(missing)}")
    return report
