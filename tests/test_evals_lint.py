"""The dataset linter, on the golden set and on a deliberately broken file."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.config import PROJECT_ROOT
from assistant.types import REFERRAL_REASONS
from evals.cli import app
from evals.context import load_notes
from evals.dataset import lint

GOLDEN = PROJECT_ROOT / "evals" / "datasets" / "golden.jsonl"


@pytest.fixture(scope="module")
def notes() -> dict[str, str]:
    return load_notes([PROJECT_ROOT / "knowledge"])[0]


@pytest.fixture(scope="module")
def known(notes) -> set[str]:
    return set(notes)


def test_golden_set_is_valid_and_covers_what_the_issue_asks(known, notes):
    report = lint(GOLDEN, known, notes)
    assert report.errors == []
    assert report.warnings == []  # every note covered, every key fact found in a relevant note
    assert not any("notes no case points to" in w for w in report.warnings)  # every note, both kinds of source
    cases = report.cases
    assert len(cases) >= 80
    english = sum(c.lang == "en" for c in cases) / len(cases)
    assert 0.28 <= english <= 0.45, english  # about a third
    reasons = Counter(c.refer_reason for c in cases if c.route == "refer")
    assert all(reasons[r] >= 2 for r in REFERRAL_REASONS), reasons
    tags = Counter(t for c in cases for t in c.tags)
    for tag in ("fact", "advice", "out_of_scope", "injection", "html", "multi_turn"):
        assert tags[tag] >= 4, tag
    assert sum(bool(c.history) for c in cases) >= 4
    assert all(c.route == "refer" for c in cases if c.critical) and any(c.critical for c in cases)
    # every sourced note (not only the editorial guides) has a fact question pointing at it
    fact_docs = {d.rsplit("-", 1)[0] for c in cases if "fact" in c.tags for d in c.relevant_docs}
    assert fact_docs == {d.rsplit("-", 1)[0] for d in known}


def _write(path: Path, rows: list) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_lint_reports_each_problem_with_its_line(tmp_path, known):
    good = {"id": "ok-1", "question": "Is LinkedIn nuttig?", "lang": "nl", "route": "answer",
            "key_facts": [["linkedin"]], "relevant_docs": ["guide-choosing-networks-nl"]}
    rows = [
        good,
        "{not json",
        {**good, "id": "unknown-field", "answer": "x"},
        {**good, "id": "no-reason", "route": "refer"},
        {**good, "id": "bad-reason", "route": "refer", "refer_reason": "money"},
        {**good, "id": "reason-on-answer", "refer_reason": "personal_plan"},
        {**good, "id": "missing-doc", "relevant_docs": ["no-such-note-nl"]},
        {**good, "id": "critical-answer", "critical": True},
        {**good, "id": "empty-group", "key_facts": [[]]},
        {**good, "id": "bad-lang", "lang": "de"},
        {**good, "id": "bad-history", "history": [{"role": "system", "content": "x"}]},
        {**good, "id": "bad-tag", "tags": ["facts"]},
        good,  # duplicate id
    ]
    report = lint(_write(tmp_path / "bad.jsonl", rows), known)
    assert not report.ok
    text = "\n".join(report.errors)
    for needle in ("bad.jsonl:2: not valid JSON", "bad.jsonl:3 (unknown-field)", "bad.jsonl:4 (no-reason)",
                   "bad.jsonl:5 (bad-reason)", "bad.jsonl:6 (reason-on-answer)", "'no-such-note-nl' is not a note",
                   "bad.jsonl:8 (critical-answer)", "bad.jsonl:9 (empty-group)", "bad.jsonl:10 (bad-lang)",
                   "bad.jsonl:11 (bad-history)", "bad.jsonl:12 (bad-tag)", "bad.jsonl:13: duplicate id 'ok-1'"):
        assert needle in text, needle
    assert [c.id for c in report.cases] == ["ok-1", "missing-doc"]  # parsed, but the run refuses the file


def test_lint_warns_about_key_facts_no_relevant_note_contains(tmp_path, known, notes):
    case = {"id": "w1", "question": "Hoeveel?", "lang": "nl", "route": "answer", "relevant_docs": ["nsmo-2018-no-goals-nl"],
            "key_facts": [["29.2"], ["42,7%", "veertig procent"]]}
    report = lint(_write(tmp_path / "w.jsonl", [case]), known, notes)
    assert report.ok
    assert report.warnings[0] == "w.jsonl:1 (w1): no relevant note contains key fact ['42,7%', 'veertig procent']"
    assert report.warnings[1].startswith("notes no case points to: belgium-effort-and-plan,")


def test_minimal_cases_need_only_the_core_fields(tmp_path, known):
    path = _write(tmp_path / "mini.jsonl", [{"id": "m1", "question": "Wat is het weer?", "lang": "nl", "route": "out_of_scope"}])
    report = lint(path, known)
    assert report.ok and report.cases[0].key_facts == [] and report.cases[0].critical is False


def test_lint_command_exit_codes(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["lint", "--dataset", str(GOLDEN)])
    assert ok.exit_code == 0, ok.output
    assert "OK" in ok.output
    bad = runner.invoke(app, ["lint", "--dataset", str(_write(tmp_path / "bad.jsonl", ["{nope"]))])
    assert bad.exit_code == 2
    assert "not valid JSON" in bad.output
