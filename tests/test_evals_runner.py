"""End to end: the runner on three golden cases with the real models, index, store and report writers."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from rich.console import Console

from assistant.config import PROJECT_ROOT, Settings
from evals.indexcache import cache_key
from evals.reports import terminal
from evals.runner import RunOptions, run

GOLDEN = PROJECT_ROOT / "evals" / "datasets" / "golden.jsonl"
IDS = ("fact-nsmo-no-goals-nl", "refer-security-en-1", "oos-weather-nl")


@pytest.mark.integration
def test_runner_end_to_end_on_three_golden_cases(tmp_path, monkeypatch):
    monkeypatch.delenv("ASSISTANT_DATA_DIR", raising=False)  # this test is about the runner building its own index
    rows = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    dataset = tmp_path / "three.jsonl"
    dataset.write_text("".join(json.dumps(r) + "\n" for r in rows if r["id"] in IDS), encoding="utf-8")
    # The quality of these answers is the golden run's business; here only errors may fail the gate.
    floors = tmp_path / "floors.toml"
    floors.write_text('[min]\n[max]\n"cases.errors" = 0\n', encoding="utf-8")
    out = tmp_path / "out"

    # A fresh out dir, no ASSISTANT_DATA_DIR: the runner builds its own index under out/data (fresh-clone path).
    code = run(RunOptions(dataset=dataset, out=out, thresholds=floors, judge="off"), settings=Settings(_env_file=None))
    assert code == 0

    assert (out / "data" / "chroma").is_dir()
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert doc["schema_version"] == 1 and doc["run"]["dataset"]["cases"] == 3
    assert doc["run"]["answered_by"] == ["extractive"]
    cases = {c["id"]: c for c in doc["cases"]}
    assert set(cases) == set(IDS)
    for c in cases.values():
        assert c["error"] is None and c["route"] in ("answer", "refer", "out_of_scope")
        assert c["timings_ms"]["total"] > 0
    answered = cases["fact-nsmo-no-goals-nl"]
    assert answered["retrieved_docs"] and answered["scores"]["context_fact_recall"] is not None
    assert doc["latency"]["total"]["n"] == 3
    assert set(doc["routing"]["confusion"]) == {"answer", "refer", "out_of_scope"}

    testcases = ET.parse(out / "junit.xml").getroot().find("testsuite").findall("testcase")
    assert sorted(t.get("name") for t in testcases) == sorted(IDS)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert all(i in html for i in IDS) and html.count("<svg") >= 3
    assert (out / "history.sqlite").is_file()

    # `--no-cases` (a frozen split): the terminal counts the failed cases and never lists them, as CI's log is read.
    failed = {**doc, "cases": [dict(c, passed=False, failures=["key facts missing: x"]) for c in doc["cases"]]}
    listed, counted = io.StringIO(), io.StringIO()
    terminal.render(failed, Console(file=listed, width=200))
    terminal.render(failed, Console(file=counted, width=200), show_cases=False)
    assert all(i in listed.getvalue() for i in IDS) and "key facts missing" in listed.getvalue()
    assert "3 of 3 cases failed" in counted.getvalue()
    assert not any(i in counted.getvalue() for i in IDS) and "key facts missing" not in counted.getvalue()


@pytest.mark.integration
def test_a_fresh_index_is_kept_and_the_next_run_starts_from_its_copy(tmp_path, monkeypatch):
    monkeypatch.delenv("ASSISTANT_DATA_DIR", raising=False)  # runs in data dirs of their own
    knowledge = tmp_path / "knowledge"
    for lang in ("nl", "en"):
        (knowledge / lang).mkdir(parents=True)
        shutil.copy(PROJECT_ROOT / "knowledge" / lang / "guide-choosing-networks.md", knowledge / lang)
    shutil.copy(PROJECT_ROOT / "knowledge" / "specialists.yaml", knowledge)
    rows = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["relevant_docs"] and all(d.startswith("guide-choosing-networks-")
                                                          for d in r["relevant_docs"])][:3]
    dataset = tmp_path / "networks.jsonl"
    dataset.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    floors = tmp_path / "floors.toml"
    floors.write_text('[min]\n[max]\n"cases.errors" = 0\n', encoding="utf-8")
    settings, cache = Settings(_env_file=None, knowledge_dir=knowledge), tmp_path / "index-cache"

    def run_into(name: str) -> tuple[dict, str]:
        log = io.StringIO()
        code = run(RunOptions(dataset=dataset, out=tmp_path / name, thresholds=floors, judge="off", index_cache=cache),
                   settings=settings, console=Console(file=log, width=300))
        assert code == 0, log.getvalue()
        return json.loads((tmp_path / name / "results.json").read_text(encoding="utf-8")), log.getvalue()

    first, said = run_into("first")
    assert "Index kept in" in said, said
    [entry] = list(cache.iterdir())
    assert entry.name == cache_key(settings.model_copy(update={"llm": None}))
    assert (entry / "chroma").is_dir() and (entry / "records.sqlite").is_file()
    assert list((entry / "cache").glob("query-encoder-*.onnx")), "the exported question encoder is kept too"
    assert not list(entry.glob("assistant.sqlite*")), "conversations are no part of an index"

    second, said = run_into("second")
    assert "Index copied from" in said, said
    assert (tmp_path / "second" / "data" / "chroma").is_dir(), "the copy is the second run's own data dir"

    def answers(doc: dict) -> list[tuple]:
        return [(c["id"], c["route"], c["text"], c["retrieved_docs"], c["scores"]) for c in doc["cases"]]

    assert answers(second) == answers(first) and second["metrics"] == first["metrics"]

    # The key follows the knowledge: an edited note is another index, which a run builds (and keeps) anew.
    note = knowledge / "en" / "guide-choosing-networks.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more sentence about networks.\n", encoding="utf-8")
    assert cache_key(settings) != entry.name
