"""Prompts and fixed user-facing texts live as files under prompts/; a template declares its variables.

`prompts/messages.yaml` holds short texts per language; `prompts/*.md` hold longer prompts with front matter
`variables: [...]`. A template whose placeholders differ from its declared variables is an error at load time;
rendering without a declared variable is an error too.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

import yaml


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class Template:
    name: str
    text: str
    variables: frozenset[str]

    def render(self, **values: object) -> str:
        missing = self.variables - values.keys()
        if missing:
            raise TemplateError(f"template {self.name!r} needs {', '.join(sorted(missing))}")
        return self.text.format(**{k: values[k] for k in self.variables})


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def _checked(name: str, text: str, declared: list[str] | None) -> Template:
    found = _placeholders(text)
    declared_set = set(declared or [])
    if found != declared_set:
        raise TemplateError(
            f"template {name!r} declares {sorted(declared_set)} but uses {sorted(found)}; make them agree"
        )
    return Template(name, text, frozenset(declared_set))


class Messages:
    """Fixed user-facing texts in Dutch and English, from prompts/messages.yaml."""

    def __init__(self, path: Path):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        self._templates: dict[tuple[str, str], Template] = {}
        for key, entry in raw.items():
            for lang in ("nl", "en"):
                if lang not in entry:
                    raise TemplateError(f"message {key!r} in {path} has no {lang!r} text")
                self._templates[(key, lang)] = _checked(f"{key}.{lang}", entry[lang], entry.get("variables"))

    def get(self, key: str, language: str, **values: object) -> str:
        try:
            template = self._templates[(key, language if language in ("nl", "en") else "nl")]
        except KeyError:
            raise TemplateError(f"no message {key!r} in prompts/messages.yaml") from None
        return template.render(**values)

    def keys(self) -> set[str]:
        return {k for k, _ in self._templates}


def load_prompt(path: Path) -> Template:
    """A Markdown prompt with front matter `variables: [...]`."""
    import frontmatter

    post = frontmatter.loads(path.read_text(encoding="utf-8"))
    return _checked(path.stem, post.content.strip() + "\n", post.metadata.get("variables"))
