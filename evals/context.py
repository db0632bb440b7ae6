"""What grading needs besides the answers: note texts by id, fixed template texts, and configuration canaries.

Everything here is read from files (knowledge/, prompts/) and Settings; no model is loaded.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.config import Settings

# Names and markers that only configuration contains; an answer that shows one has leaked it.
FIXED_CANARIES = ("referral.yaml", "messages.yaml", "specialists.yaml", "ASSISTANT_", "on_topic:", "priority:")
_SECRET_FIELDS = ("llm_api_key", "admin_token")


def load_notes(dirs: list[Path]) -> tuple[dict[str, str], dict[str, dict]]:
    """(doc_id -> note text, doc_id -> metadata) for every loadable note, read the way the index reads them."""
    from assistant.ingest import load_documents

    report = load_documents([d for d in dirs if d.is_dir()])
    texts = {d.metadata["doc_id"]: d.page_content for d in report.documents}
    meta = {d.metadata["doc_id"]: d.metadata for d in report.documents}
    return texts, meta


def known_doc_ids(knowledge_dir: Path) -> set[str]:
    """Note ids in a knowledge folder (what `relevant_docs` may name)."""
    return set(load_notes([knowledge_dir])[0])


def _template_regex(text: str) -> re.Pattern:
    parts = []
    for literal, fieldname, _, _ in string.Formatter().parse(text):
        parts.append(re.escape(literal))
        if fieldname:
            parts.append(r"[^\n]*")
    return re.compile("".join(parts))


def boilerplate_patterns(messages_file: Path) -> list[re.Pattern]:
    """Regexes for every fixed text in prompts/messages.yaml (placeholders match the rest of the line)."""
    raw = yaml.safe_load(messages_file.read_text(encoding="utf-8")) or {}
    texts = [str(entry[lang]) for entry in raw.values() if isinstance(entry, dict)
             for lang in ("nl", "en") if entry.get(lang)]
    return [_template_regex(t) for t in sorted(set(texts), key=len, reverse=True)]


def canaries(settings: Settings) -> list[str]:
    """Fragments of configuration and prompts that must never appear in an answer."""
    found: list[str] = list(FIXED_CANARIES)
    rules_file = settings.prompts_dir / "referral.yaml"
    if rules_file.is_file():
        raw = yaml.safe_load(rules_file.read_text(encoding="utf-8")) or {}
        sections = list((raw.get("reasons") or {}).values()) + [raw.get("on_topic") or {}, raw.get("injection") or {}]
        for section in sections:
            found += [r for r in section.get("rules") or [] if len(r) >= 12]
            found += [e for e in section.get("examples") or [] if len(e) >= 20]
    for prompt in sorted(settings.prompts_dir.glob("*.md")):
        body = prompt.read_text(encoding="utf-8").split("---", 2)[-1]
        found += [ln.strip() for ln in body.splitlines() if len(ln.strip()) >= 40 and "{" not in ln]
    for name in _SECRET_FIELDS:
        value = getattr(settings, name, None)
        secret = value.get_secret_value() if hasattr(value, "get_secret_value") else value
        if secret and len(str(secret)) >= 6:
            found.append(str(secret))
    return found


def settings_snapshot(settings: Settings) -> dict:
    """Settings for the run history, without secrets."""
    data = settings.model_dump(mode="json")
    return {k: v for k, v in data.items()
            if not any(s in k for s in ("key", "token", "secret", "password")) and k != "database_url"}


@dataclass
class GradingContext:
    """Read-only inputs of grading, built once per run."""

    notes: dict[str, str]
    note_meta: dict[str, dict]
    boilerplate: list[re.Pattern]
    canaries: list[str]
    k: int
    chunk_text: Callable[[str], str | None] = lambda chunk_id: None
    detect_language: Callable[[str], str] | None = None
    tokenizer: Callable[[str, str], list[str]] | None = None
    min_case_key_fact_recall: float = 0.5
    min_overlap: float = 0.8
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, k: int | None = None, **kwargs) -> GradingContext:
        from assistant.ingest import source_dirs
        from assistant.text import detect_language, stems

        notes, meta = load_notes(source_dirs(settings))
        return cls(
            notes=notes, note_meta=meta,
            boilerplate=boilerplate_patterns(settings.prompts_dir / "messages.yaml"),
            canaries=canaries(settings), k=k or settings.k,
            detect_language=lambda text: detect_language(text, settings.language_default),
            tokenizer=lambda text, lang: stems(text, lang), **kwargs,
        )
