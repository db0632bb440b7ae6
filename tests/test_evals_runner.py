"""End to end: the runner on three golden cases with the real models, index, store and report writers."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from assistant.config import PROJECT_ROOT, Settings
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
