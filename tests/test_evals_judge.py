"""The optional LLM judge tier, driven by LangChain's fake chat model: parsing, caching, and never gating."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.config import Settings
from evals.judge import Judge, JudgeCache, build_judge, parse_verdict


def test_parse_verdict_scales_scores_and_rejects_garbage():
    v = parse_verdict('Oordeel: {"correctheid": 2, "getrouwheid": 1, "toelichting": "mist een bron"}')
    assert (v.correctness, v.faithfulness, v.rationale) == (1.0, 0.5, "mist een bron")
    assert parse_verdict("geen json") is None
    assert parse_verdict('{"correctheid": 3, "getrouwheid": 1}') is None
    assert parse_verdict('{"correct": 2}') is None


def test_judge_renders_the_dutch_rubric_and_caches_verdicts(tmp_path):
    model = FakeListChatModel(responses=['{"correctheid": 2, "getrouwheid": 2, "toelichting": "goed"}', "onzin"])
    judge = Judge(model, "fake:judge", JudgeCache(tmp_path / "cache.sqlite"))
    args = ("Hoeveel organisaties stellen geen doelen?", "29,2 procent [1]", "[1] 29,2 procent ...", [["29,2"]])
    first = judge.grade(*args)
    assert first is not None and first.correctness == 1.0
    # the second reply would be garbage: a cached verdict means the model is not asked again
    assert judge.grade(*args) == first
    fresh = Judge(FakeListChatModel(responses=["onzin"]), "fake:judge", JudgeCache(tmp_path / "cache.sqlite"))
    assert fresh.grade(*args) == first  # the cache is on disk
    assert fresh.grade("Andere vraag?", "x", "", []) is None  # an unusable reply is no verdict, not a failure
    prompt = judge.prompt.render(question="Q", answer="A", context="C", key_facts="- F")
    assert "correctheid" in prompt and "getrouwheid" in prompt and "Q" in prompt


def test_no_llm_no_judge(tmp_path):
    judge, why = build_judge(Settings(_env_file=None, data_dir=tmp_path, llm=None), tmp_path / "c.sqlite")
    assert judge is None and "ASSISTANT_LLM" in why


def test_judge_metrics_never_gate(tmp_path):
    from evals.gate import ConfigError, Thresholds

    path = tmp_path / "t.toml"
    path.write_text('[min]\n"judge.faithfulness" = 0.9\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="never gates"):
        Thresholds.load(path)


def test_a_run_with_a_judge_reports_judge_metrics_but_gates_without_them(tmp_path):
    import json

    from test_evals_gate import CASES, OracleAssistant

    from evals.runner import RunOptions, run

    dataset = tmp_path / "tiny.jsonl"
    dataset.write_text("".join(json.dumps(c) + "\n" for c in CASES), encoding="utf-8")
    # a harsh judge: it scores everything 0, and the run still passes on the offline metrics
    model = FakeListChatModel(responses=['{"correctheid": 0, "getrouwheid": 0, "toelichting": "streng"}'])
    judge = Judge(model, "fake:judge", JudgeCache(tmp_path / "cache.sqlite"))
    code = run(RunOptions(dataset=dataset, out=tmp_path / "out", judge="on"), assistant=OracleAssistant(),
               settings=Settings(_env_file=None, data_dir=tmp_path / "data"), judge=judge)
    doc = json.loads((tmp_path / "out" / "results.json").read_text())
    assert code == 0
    assert doc["metrics"]["judge.correctness"] == 0.0 and doc["run"]["judge"] == "judge: fake:judge"
    judged = [c["id"] for c in doc["cases"] if c["judge"]]
    assert judged == ["t-fact", "t-hacked"]  # out-of-scope answers are not judged
