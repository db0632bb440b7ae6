"""The command line, run in-process with typer's CliRunner and ASSISTANT_* variables pointing at temp dirs."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def note(doc_id: str, title: str, body: str, language: str = "nl") -> str:
    return f"---\nid: {doc_id}\ntitle: \"{title}\"\nlanguage: {language}\nkind: guide\n---\n# {title}\n\n{body}\n"


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("index", "ask", "status"):
        assert command in result.stdout


def test_ask_without_a_question_says_what_to_give(tmp_path):
    result = runner.invoke(app, ["ask"], env={"ASSISTANT_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 2
    assert "--batch" in result.stderr


def test_serve_with_workers_on_the_embedded_store_is_refused_with_what_to_set(tmp_path):
    """The embedded Chroma store serves one process; several workers need a Chroma server they share."""
    result = runner.invoke(app, ["serve", "--workers", "2"], env={"ASSISTANT_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 2
    assert "ASSISTANT_CHROMA_URL" in result.stderr
    assert not (tmp_path / "data" / "chroma").exists()  # refused before anything was built


@pytest.mark.integration
def test_index_twice_says_up_to_date_the_second_time(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "reviews.md").write_text(note("reviews", "Reviews", "Beantwoord elke review binnen een dag."), "utf-8")
    (knowledge / "linkedin.md").write_text(note("linkedin", "LinkedIn", "LinkedIn past bij zakelijke dienstverleners."), "utf-8")
    (knowledge / "kapot.md").write_text("---\nid: [kapot\n---\nTekst.\n", "utf-8")
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_KNOWLEDGE_DIR": str(knowledge)}

    first = runner.invoke(app, ["index"], env=env)
    assert first.exit_code == 0, first.output
    assert "Indexed 2 documents into 2 chunks: 2 added, 0 deleted" in first.stdout
    assert "kapot.md" in first.stderr and "front matter" in first.stderr

    second = runner.invoke(app, ["index"], env=env)
    assert second.exit_code == 0, second.output
    assert "up to date" in second.stdout
    assert "nothing added or deleted (2 chunks" in second.stdout

    (knowledge / "reviews.md").write_text(note("reviews", "Reviews", "Beantwoord elke review binnen twee dagen."), "utf-8")
    third = runner.invoke(app, ["index"], env=env)
    assert third.exit_code == 0, third.output
    assert "1 added, 1 deleted, 1 unchanged" in third.stdout

    status = runner.invoke(app, ["status"], env=env)
    assert status.exit_code == 0
    assert "chunks:        2" in status.stdout
    assert str(knowledge) in status.stdout


@pytest.mark.integration
def test_ask_json_prints_the_structured_answer(indexed_assistant):
    env = {"ASSISTANT_DATA_DIR": str(indexed_assistant.settings.data_dir)}
    result = runner.invoke(app, ["ask", "--json", "Hoeveel procent van de organisaties stelt geen doelen voor social media?"],
                           env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"text", "language", "route", "referral", "sources", "retrieved", "timings_ms"} <= set(data)
    assert (data["language"], data["route"], data["referral"]) == ("nl", "answer", None)
    assert "29,2" in data["text"]
    assert "nsmo-2018-no-goals-nl" in [r["doc_id"] for r in data["retrieved"][:3]]
    assert [s["n"] for s in data["sources"]] == list(range(1, len(data["sources"]) + 1))


@pytest.mark.integration
def test_ask_batch_keeps_ids_and_reports_bad_lines(indexed_assistant, tmp_path):
    batch = tmp_path / "in.jsonl"
    out = tmp_path / "out.jsonl"
    lines = [
        json.dumps({"id": 1, "question": "Is LinkedIn useful for a small business?"}),
        json.dumps({"id": "follow-up", "question": "En hoeveel tijd kost dat?", "history": [
            {"role": "user", "content": "Hoe kan ik als klein bedrijf met weinig tijd met social media beginnen?"},
            {"role": "assistant", "content": "Kies één kanaal."}]}),
        "this is not json",
        json.dumps({"id": 4}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": 6, "question": "Mijn Instagram-account is gehackt, wat moet ik doen?"}),
        json.dumps({"id": 7, "question": "   "}),
    ]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {"ASSISTANT_DATA_DIR": str(indexed_assistant.settings.data_dir)}

    result = runner.invoke(app, ["ask", "--batch", str(batch), "--out", str(out)], env=env)

    assert result.exit_code == 0, result.output
    for line_number in (3, 4, 5):
        assert f"{batch}:{line_number}:" in result.stderr
    assert f"{batch}:6:" not in result.stderr  # a blank line is not an error
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == [1, "follow-up", 6, 7]
    assert rows[0]["route"] == "answer" and rows[0]["language"] == "en"
    assert "half uur tot twee uur" in rows[1]["text"]
    assert rows[2]["route"] == "refer" and rows[2]["referral"]["reason"] == "account_security"
    assert "error" in rows[3] and "text" not in rows[3]
    assert f"Wrote 4 answers to {out}" in result.stdout
