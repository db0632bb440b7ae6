"""Templates under prompts/: declared variables must match the placeholders, at load time and at render time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.config import PROJECT_ROOT
from assistant.templates import Messages, TemplateError, load_prompt
from assistant.types import REFERRAL_REASONS

PROMPTS = PROJECT_ROOT / "prompts"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_project_messages_load_with_both_languages():
    messages = Messages(PROMPTS / "messages.yaml")
    raw = yaml.safe_load((PROMPTS / "messages.yaml").read_text(encoding="utf-8"))
    assert messages.keys() == set(raw)
    for key in ("answer_intro", "general_knowledge_intro", "referral", "referral_contact_hint", "out_of_scope",
                "injection_notice"):
        assert key in messages.keys()


@pytest.mark.parametrize("reason", REFERRAL_REASONS)
def test_every_referral_reason_has_a_one_sentence_reason_in_both_languages(reason):
    messages = Messages(PROMPTS / "messages.yaml")
    for language in ("nl", "en"):
        why = messages.get(f"why_{reason}", language)
        assert why.endswith(".")
        # One sentence: no sentence end before the last character.
        assert not any(mark in why[:-1] for mark in (". ", "! ", "? "))


def test_rendering_fills_declared_variables():
    messages = Messages(PROMPTS / "messages.yaml")
    text = messages.get("referral", "en", specialist="Account security helpdesk", why="It is urgent.")
    assert text == "For this question the best place to go is: Account security helpdesk. It is urgent."


def test_rendering_without_a_declared_variable_fails():
    messages = Messages(PROMPTS / "messages.yaml")
    with pytest.raises(TemplateError, match="why"):
        messages.get("referral", "nl", specialist="Helpdesk")


def test_unknown_message_key_fails():
    messages = Messages(PROMPTS / "messages.yaml")
    with pytest.raises(TemplateError, match="no_such_message"):
        messages.get("no_such_message", "nl")


def test_placeholder_that_is_not_declared_fails_at_load(tmp_path):
    path = write(tmp_path / "messages.yaml", 'greeting:\n  nl: "Hallo {name}"\n  en: "Hello {name}"\n')
    with pytest.raises(TemplateError, match="name"):
        Messages(path)


def test_declared_variable_that_is_not_used_fails_at_load(tmp_path):
    path = write(
        tmp_path / "messages.yaml",
        'greeting:\n  variables: [name, city]\n  nl: "Hallo {name}"\n  en: "Hello {name}"\n',
    )
    with pytest.raises(TemplateError, match="city"):
        Messages(path)


def test_languages_disagreeing_on_placeholders_fail_at_load(tmp_path):
    path = write(
        tmp_path / "messages.yaml",
        'greeting:\n  variables: [name]\n  nl: "Hallo {name}"\n  en: "Hello {naam}"\n',
    )
    with pytest.raises(TemplateError):
        Messages(path)


def test_message_missing_a_language_fails_at_load(tmp_path):
    path = write(tmp_path / "messages.yaml", 'greeting:\n  nl: "Hallo"\n')
    with pytest.raises(TemplateError, match="en"):
        Messages(path)


def test_markdown_prompt_with_declared_variables_renders(tmp_path):
    path = write(
        tmp_path / "answer.md",
        "---\nvariables: [question, context]\n---\nAnswer {question} from:\n{context}\n",
    )
    template = load_prompt(path)
    assert template.variables == {"question", "context"}
    assert template.render(question="Q?", context="C.") == "Answer Q? from:\nC.\n"
    with pytest.raises(TemplateError, match="context"):
        template.render(question="Q?")


def test_markdown_prompt_with_undeclared_placeholder_fails_at_load(tmp_path):
    path = write(tmp_path / "answer.md", "---\nvariables: [question]\n---\nAnswer {question} from {context}.\n")
    with pytest.raises(TemplateError, match="context"):
        load_prompt(path)


@pytest.mark.parametrize("path", sorted(PROMPTS.glob("*.md")), ids=lambda p: p.name)
def test_project_markdown_prompts_load(path):
    load_prompt(path)
