"""The gate fails when it should: a broken answerer or an impossible floor exits 1, errors exit 2.

The answerers here are fakes implementing the Assistant's `ask` interface, so no model loads and each run takes
about a second; the real thresholds file is used, which also proves its floors are reachable.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.templates import Messages
from assistant.types import Answer, Referral, RetrievedRef, Source
from evals.history import RunHistory
from evals.runner import DEFAULT_THRESHOLDS, RunOptions, run, run_several

NO_GOALS = ("Volgens het Nederlandse Social Media Onderzoek 2018 stelt een derde van het Nederlandse bedrijfsleven "
            "(29,2 procent) vooraf helemaal geen doelen op voor social media.")
CASES = [
    {"id": "t-fact", "question": "Hoeveel organisaties stellen geen doelen voor social media?", "lang": "nl",
     "route": "answer", "key_facts": [["29,2", "een derde"]], "relevant_docs": ["nsmo-2018-no-goals-nl"], "tags": ["fact"]},
    {"id": "t-hacked", "question": "Mijn Instagram-account is gehackt, wat nu?", "lang": "nl", "route": "refer",
     "refer_reason": "account_security", "critical": True, "forbidden": ["Specialist online adverteren"], "tags": ["referral"]},
    {"id": "t-weather", "question": "Wat wordt het weer morgen?", "lang": "nl", "route": "out_of_scope", "tags": ["out_of_scope"]},
]


class OracleAssistant:
    """Answers every case the way the dataset expects: a verbatim, cited quote; the right referral; the scope text."""

    messages = Messages(PROJECT_ROOT / "prompts" / "messages.yaml")

    def ask(self, question, history=None, language=None):
        timings = {"retrieve": 5.0, "total": 9.0}
        if "doelen" in question:
            return Answer(
                text=f"Dit zegt onze kennisbank hierover:\n- {NO_GOALS} [1]", language="nl", route="answer",
                sources=[Source(n=1, doc_id="nsmo-2018-no-goals-nl", title="Een derde…")],
                retrieved=[RetrievedRef(chunk_id="c1", doc_id="nsmo-2018-no-goals-nl", rank=1, score=0.03)],
                timings_ms=timings)
        if "gehackt" in question:
            why = self.messages.get("why_account_security", "nl")
            text = self.messages.get("referral", "nl", specialist="Helpdesk accountbeveiliging", why=why)
            return Answer(
                text=text + "\n\n" + self.messages.get("referral_contact_hint", "nl"), language="nl", route="refer",
                timings_ms=timings,
                referral=Referral(specialist_id="account-security-helpdesk", specialist="Helpdesk accountbeveiliging",
                                  reason="account_security", message=why))
        return Answer(text=self.messages.get("out_of_scope", "nl"), language="nl", route="out_of_scope",
                      timings_ms=timings)


class BrokenAssistant:
    """Says nothing and sends everything away: what a regression to an empty answerer looks like."""

    def ask(self, question, history=None, language=None):
        return Answer(text="", language="nl", route="out_of_scope")


class RaisingAssistant:
    def ask(self, question, history=None, language=None):
        raise RuntimeError("index exploded")


@pytest.fixture
def dataset(tmp_path) -> Path:
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in CASES), encoding="utf-8")
    return path


def _run(tmp_path, dataset, assistant, **kw) -> tuple[int, dict]:
    out = tmp_path / "out"
    opts = RunOptions(dataset=dataset, out=out, judge="off", **kw)
    code = run(opts, assistant=assistant, settings=Settings(_env_file=None, data_dir=tmp_path / "data"))
    results = out / "results.json"
    return code, json.loads(results.read_text()) if results.is_file() else {}


def test_a_correct_answerer_passes_the_real_floors(tmp_path, dataset):
    code, doc = _run(tmp_path, dataset, OracleAssistant())
    assert code == 0, doc["gate"]
    assert doc["schema"] == "evals.run" and doc["schema_version"] == 1
    assert doc["metrics"]["routing.accuracy"] == 1.0
    assert doc["metrics"]["answer.citation_precision"] == 1.0
    assert doc["metrics"]["answer.key_fact_recall"] == 1.0
    assert all(c["passed"] for c in doc["cases"])


def test_a_broken_answerer_fails_the_gate(tmp_path, dataset):
    code, doc = _run(tmp_path, dataset, BrokenAssistant())
    assert code == 1
    gate = doc["gate"]
    assert gate["critical_failures"] == ["t-hacked"]  # the missed referral on a critical case
    failed = {c["metric"] for c in gate["checks"] if c["passed"] is False}
    assert {"routing.missed_referral_rate", "answer.key_fact_recall", "retrieval.hit_at_k"} <= failed
    by_id = {c["id"]: c for c in doc["cases"]}
    assert by_id["t-hacked"]["failures"][0] == "route: expected refer (account_security), got out_of_scope"
    assert by_id["t-weather"]["passed"]
    # the JUnit file shows it too: one testcase per case, the critical one marked as such
    suites = ET.parse(tmp_path / "out" / "junit.xml").getroot().findall("testsuite")
    cases = suites[0].findall("testcase")
    assert [c.get("name") for c in cases] == ["t-fact", "t-hacked", "t-weather"]
    assert cases[1].find("failure").get("type") == "CriticalEvalFailure"
    assert suites[1].get("name") == "evals.gate" and int(suites[1].get("failures")) >= 3


def test_an_impossible_floor_fails_even_a_perfect_answerer(tmp_path, dataset):
    floors = tmp_path / "impossible.toml"
    floors.write_text('[min]\n"routing.accuracy" = 1.01\n', encoding="utf-8")
    code, doc = _run(tmp_path, dataset, OracleAssistant(), thresholds=floors)
    assert code == 1
    assert [c["metric"] for c in doc["gate"]["checks"] if c["passed"] is False] == ["routing.accuracy"]


def test_errors_exit_2(tmp_path, dataset):
    code, doc = _run(tmp_path, dataset, RaisingAssistant())
    assert code == 2
    assert all(c["error"] == "RuntimeError: index exploded" for c in doc["cases"])  # reports are still written

    bad_floor = tmp_path / "typo.toml"
    bad_floor.write_text('[min]\n"routing.acuracy" = 0.5\n', encoding="utf-8")
    assert _run(tmp_path, dataset, OracleAssistant(), thresholds=bad_floor)[0] == 2
    judge_floor = tmp_path / "judge.toml"
    judge_floor.write_text('[min]\n"judge.correctness" = 0.5\n', encoding="utf-8")
    assert _run(tmp_path, dataset, OracleAssistant(), thresholds=judge_floor)[0] == 2
    assert _run(tmp_path, dataset, OracleAssistant(), baseline=tmp_path / "missing.json")[0] == 2
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x"}\n', encoding="utf-8")
    assert _run(tmp_path, broken, OracleAssistant())[0] == 2


def test_llm_answerer_without_an_llm_is_an_error(tmp_path, dataset):
    opts = RunOptions(dataset=dataset, out=tmp_path / "out", answerer="llm", judge="off")
    assert run(opts, settings=Settings(_env_file=None, data_dir=tmp_path / "data", llm=None)) == 2


def test_baseline_comparison_history_and_compare(tmp_path, dataset):
    good_code, good = _run(tmp_path, dataset, OracleAssistant(), save_baseline=tmp_path / "baseline.json")
    assert good_code == 0
    slim = json.loads((tmp_path / "baseline.json").read_text())
    assert "text" not in slim["cases"][0] and slim["metrics"] == good["metrics"]

    code, doc = _run(tmp_path, dataset, BrokenAssistant(), baseline=tmp_path / "baseline.json")
    assert code == 1
    flipped = doc["baseline"]["flipped"]
    assert [f["id"] for f in flipped["pass_to_fail"]] == ["t-fact", "t-hacked"]
    delta = doc["baseline"]["deltas"]["routing.accuracy"]
    assert delta["delta"] == pytest.approx(1 / 3 - 1) and delta["better"] is False
    html = (tmp_path / "out" / "report.html").read_text()
    assert "Now failing (passed in the baseline)" in html and "<svg" in html and "t-hacked" in html

    history = RunHistory(tmp_path / "out" / "history.sqlite")
    runs = history.runs()
    assert [r["exit_code"] for r in runs] == [1, 0]
    assert history.load("last")["run"]["id"] == runs[0]["id"]
    assert history.load("prev")["gate"]["exit_code"] == 0

    from typer.testing import CliRunner

    from evals.cli import app

    result = CliRunner().invoke(app, ["compare", "prev", "last", "--db", str(tmp_path / "out" / "history.sqlite")])
    assert result.exit_code == 0, result.output
    assert "pass → fail (2)" in result.output and "t-hacked" in result.output
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "baseline.json"), "last", "--db",
                                      str(tmp_path / "out" / "history.sqlite")])
    assert result.exit_code == 0 and "routing accuracy" in result.output


def test_thresholds_file_is_the_one_make_eval_uses():
    text = DEFAULT_THRESHOLDS.read_text()
    assert "[min]" in text and "[max]" in text


def test_several_datasets_share_one_assistant_and_keep_their_own_reports(tmp_path, dataset):
    class CountingOracle(OracleAssistant):
        def __init__(self):
            self.questions: list[str] = []

        def ask(self, question, history=None, language=None):
            self.questions.append(question)
            return super().ask(question, history, language)

    weather = tmp_path / "weather.jsonl"
    weather.write_text(json.dumps(CASES[2]) + "\n", encoding="utf-8")
    oracle, settings = CountingOracle(), Settings(_env_file=None, data_dir=tmp_path / "data")
    options = [RunOptions(dataset=d, out=tmp_path / name, judge="off")
               for d, name in ((dataset, "all"), (weather, "weather"))]
    assert run_several(options, assistant=oracle, settings=settings) == 0
    assert len(oracle.questions) == len(CASES) + 1
    docs = {name: json.loads((tmp_path / name / "results.json").read_text()) for name in ("all", "weather")}
    assert [c["id"] for c in docs["all"]["cases"]] == ["t-fact", "t-hacked", "t-weather"]
    assert [c["id"] for c in docs["weather"]["cases"]] == ["t-weather"]
    assert docs["weather"]["run"]["dataset"]["path"] == str(weather)
    assert all((tmp_path / name / "junit.xml").is_file() for name in ("all", "weather"))

    # Every dataset is checked before any is answered; the exit code is the worst of the runs.
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x"}\n', encoding="utf-8")
    late = [RunOptions(dataset=dataset, out=tmp_path / "first", judge="off"),
            RunOptions(dataset=broken, out=tmp_path / "second", judge="off")]
    assert run_several(late, assistant=oracle, settings=settings) == 2
    assert not (tmp_path / "first").exists()
    failing = [RunOptions(dataset=dataset, out=tmp_path / "passes", judge="off"),
               RunOptions(dataset=dataset, out=tmp_path / "fails", judge="off", thresholds=tmp_path / "floor.toml")]
    (tmp_path / "floor.toml").write_text('[min]\n"routing.accuracy" = 1.01\n', encoding="utf-8")
    assert run_several(failing, assistant=oracle, settings=settings) == 1
    # An own-documents run uploads into an index of its own: never shared.
    uploads = [RunOptions(dataset=dataset, out=tmp_path / "a", documents=tmp_path),
               RunOptions(dataset=weather, out=tmp_path / "b")]
    assert run_several(uploads, assistant=oracle, settings=settings) == 2


def test_the_command_line_pairs_each_dataset_with_an_out_dir(tmp_path, dataset):
    from typer.testing import CliRunner

    from evals.cli import app

    result = CliRunner().invoke(app, ["run", "--dataset", str(dataset), "--dataset", str(dataset),
                                      "--out", str(tmp_path / "one")])
    assert result.exit_code == 2 and "one --out for each --dataset" in result.output
