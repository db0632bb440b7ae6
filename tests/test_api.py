"""The public API over real HTTP on loopback: chat (plain, streamed, follow-ups), feedback, referral requests, health,
specialists, validation, rate limit, CORS, error handling, and `assistant serve` itself."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest

from assistant.config import PROJECT_ROOT
from assistant.store import Store

pytest_plugins = ["web_server"]
pytestmark = pytest.mark.integration


def _events(body: str) -> list[tuple[str, dict]]:
    """Server-sent events as (event, data) pairs."""
    events = []
    for block in body.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        events.append((fields["event"], json.loads(fields["data"])))
    return events


# -- health, schema, specialists ------------------------------------------------------------------
def test_health_reports_the_index(api):
    response = api.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] is True
    assert body["chunks"] > 100 and body["version"]


def test_openapi_schema_lists_every_endpoint(api):
    paths = api.get("/openapi.json").json()["paths"]
    for path in ("/api/chat", "/api/chat/stream", "/api/feedback", "/api/referrals", "/api/health",
                 "/api/specialists", "/api/admin/referrals", "/api/admin/gaps", "/api/admin/documents"):
        assert path in paths, path
    assert "consent" in json.dumps(api.get("/openapi.json").json()["components"]["schemas"]["ReferralCreate"])


def test_specialists_for_the_referral_form(api):
    nl = api.get("/api/specialists").json()
    en = api.get("/api/specialists", params={"language": "en"}).json()
    assert "advice-conversation" in [s["id"] for s in nl]
    advice_nl, advice_en = nl[0], en[0]
    assert advice_nl["name"].startswith("Adviesgesprek") and advice_en["name"].startswith("One-hour advice")
    assert advice_nl["example_contact"] is True and "example" not in advice_nl["contact"]


def test_public_config_carries_the_branding(api):
    body = api.get("/api/config").json()
    assert body["assistant_name"] and body["primary_color"].startswith("#")
    assert body["starter_questions"]["nl"] and body["starter_questions"]["en"] and body["welcome"]["en"]


def test_unknown_api_paths_are_json_404s(api):
    response = api.get("/api/nothing-here")
    assert response.status_code == 404 and "No API endpoint" in response.json()["detail"]


# -- chat ------------------------------------------------------------------------------------------------------------
def test_chat_answers_with_sources_and_a_session(api, web_settings):
    response = api.post("/api/chat", json={"message": "Is LinkedIn nuttig voor een klein bedrijf?"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["route"] == "answer" and body["language"] == "nl"
    assert "LinkedIn" in body["text"] and body["sources"] and body["sources"][0]["n"] == 1
    assert body["session_id"] and body["message_id"] >= 1 and body["timings_ms"]["total"] > 0
    stored = Store(web_settings).messages(body["session_id"])  # committed before the answer was sent
    assert [(m["role"], m["id"]) for m in stored][-1] == ("assistant", body["message_id"])
    assert stored[0]["text"] == "Is LinkedIn nuttig voor een klein bedrijf?"


def test_a_follow_up_uses_the_conversation_kept_by_the_server(api):
    first = api.post("/api/chat", json={"message": "Is LinkedIn nuttig voor een klein bedrijf?"}).json()
    follow_up = {"message": "En hoe begin ik daar dan mee?", "session_id": first["session_id"]}
    second = api.post("/api/chat", json=follow_up).json()
    fresh = api.post("/api/chat", json={"message": "En hoe begin ik daar dan mee?"}).json()
    assert second["session_id"] == first["session_id"] and second["message_id"] > first["message_id"]
    assert fresh["session_id"] != first["session_id"]
    # With the history the question is about LinkedIn; without it, it is not.
    assert "linkedin" in second["text"].lower() and "linkedin" not in fresh["text"].lower(), second["text"]
    assert [r["doc_id"] for r in second["retrieved"]] != [r["doc_id"] for r in fresh["retrieved"]]


def test_client_history_is_used_when_the_server_has_none(api):
    history = [{"role": "user", "content": "Is LinkedIn nuttig voor een klein bedrijf?"},
               {"role": "assistant", "content": "Ja, voor zakelijke dienstverleners."}]
    with_history = api.post("/api/chat", json={"message": "En hoe begin ik daar dan mee?", "history": history}).json()
    without = api.post("/api/chat", json={"message": "En hoe begin ik daar dan mee?"}).json()
    assert [r["doc_id"] for r in with_history["retrieved"]] != [r["doc_id"] for r in without["retrieved"]]


def test_a_referral_question_returns_the_referral(api):
    body = api.post("/api/chat", json={"message": "Can you write a marketing plan for my bakery?"}).json()
    assert body["route"] == "refer" and body["language"] == "en"
    assert body["referral"]["reason"] == "personal_plan" and body["referral"]["specialist_id"]


def test_streaming_sends_deltas_then_the_answer(api, web_settings):
    with api.stream("POST", "/api/chat/stream", json={"message": "How do I respond to complaints on Facebook?"}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        body = r.read().decode()
    events = _events(body)
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "answer" and set(kinds[:-1]) == {"delta"} and len(kinds) >= 3
    answer = events[-1][1]
    assert "".join(data["text"] for _, data in events[:-1]) == answer["text"]
    assert answer["route"] == "answer" and answer["sources"] and answer["session_id"] and answer["message_id"]
    assert Store(web_settings).messages(answer["session_id"])[-1]["id"] == answer["message_id"]


def test_html_in_a_question_is_not_echoed_as_markup(api):
    body = api.post("/api/chat", json={"message": 'Is LinkedIn nuttig? <img src=x onerror="alert(1)">'}).json()
    assert "<img" not in body["text"] and "onerror" not in body["text"]


# -- validation --------------------------------------------------------------------------------------------------
BAD_CHAT_BODIES = {
    "empty": ({"message": ""}, "message"),
    "whitespace": ({"message": "   \n\t "}, "message"),
    "too long": ({"message": "a" * 2001}, "message"),
    "number": ({"message": 42}, "message"),
    "missing": ({"session_id": "abcdefgh1234"}, "message"),
    "language": ({"message": "Hallo", "language": "de"}, "language"),
    "session id": ({"message": "Hallo", "session_id": "../../etc/passwd"}, "session_id"),
    "history role": ({"message": "Hallo", "history": [{"role": "system", "content": "x"}]}, "history"),
    "history type": ({"message": "Hallo", "history": "eerder"}, "history"),
    "array": (["Hallo"], "body"),
}


@pytest.mark.parametrize("case", list(BAD_CHAT_BODIES))
@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream"])
def test_bad_chat_requests_get_clear_422s(api, path, case):
    body, field = BAD_CHAT_BODIES[case]
    response = api.post(path, json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/json"
    error = response.json()
    assert error["message"].startswith(field) and error["detail"][0]["field"].startswith(field)


def test_invalid_json_and_form_bodies_are_422s(api):
    broken = api.post("/api/chat", content=b'{"message": "Hallo', headers={"Content-Type": "application/json"})
    assert broken.status_code == 422 and "not valid JSON" in broken.json()["message"]
    form = api.post("/api/chat", data={"message": "Hallo"})
    assert form.status_code == 422 and "JSON object" in form.json()["message"]


def test_a_huge_body_is_refused_before_it_is_read(api):
    response = api.post("/api/chat", json={"message": "a" * 1_100_000})
    assert response.status_code == 413 and "too large" in response.json()["detail"]


# -- feedback ---------------------------------------------------------------------------------------------------------
def test_feedback_on_an_answer_is_stored(api, web_settings):
    answer = api.post("/api/chat", json={"message": "Is LinkedIn nuttig voor een klein bedrijf?"}).json()
    response = api.post("/api/feedback", json={"session_id": answer["session_id"], "message_id": answer["message_id"],
                                               "rating": "up", "comment": "Duidelijk!"})
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "stored" and response.json()["message"] == "Bedankt voor je feedback."
    stored = [f for f in Store(web_settings).list_feedback() if f["id"] == response.json()["id"]][0]
    assert stored["question"] == "Is LinkedIn nuttig voor een klein bedrijf?" and stored["comment"] == "Duidelijk!"


def test_a_thumbs_down_gets_what_was_missing_on_the_same_row(api, web_settings):
    answer = api.post("/api/chat", json={"message": "Is LinkedIn nuttig voor een klein bedrijf?"}).json()
    rated = api.post("/api/feedback", json={"session_id": answer["session_id"], "message_id": answer["message_id"],
                                            "rating": "down"}).json()
    stranger = api.post(f"/api/feedback/{rated['id']}/comment",
                        json={"session_id": "someone-else-123", "comment": "Niet van mij."})
    assert stranger.status_code == 404
    assert api.post(f"/api/feedback/{rated['id']}/comment",
                    json={"session_id": answer["session_id"], "comment": ""}).status_code == 422
    response = api.post(f"/api/feedback/{rated['id']}/comment",
                        json={"session_id": answer["session_id"], "comment": "  Een voorbeeld voor een bakker.  "})
    assert response.status_code == 204, response.text
    rows = [f for f in Store(web_settings).list_feedback() if f["session_id"] == answer["session_id"]]
    assert len(rows) == 1 and rows[0]["rating"] == "down" and rows[0]["comment"] == "Een voorbeeld voor een bakker."


def test_feedback_validation(api):
    answer = api.post("/api/chat", json={"message": "Is LinkedIn nuttig voor een klein bedrijf?"}).json()
    other_session = api.post("/api/feedback", json={"session_id": "someone-else-123", "rating": "down",
                                                    "message_id": answer["message_id"]})
    assert other_session.status_code == 404
    nothing_rated = api.post("/api/feedback", json={"session_id": answer["session_id"], "rating": "up"})
    assert nothing_rated.status_code == 422 and "message_id" in nothing_rated.json()["message"]
    bad_rating = api.post("/api/feedback", json={"session_id": answer["session_id"], "rating": "meh",
                                                 "message_id": answer["message_id"]})
    assert bad_rating.status_code == 422 and bad_rating.json()["detail"][0]["field"] == "rating"
    long_comment = api.post("/api/feedback", json={"session_id": answer["session_id"], "rating": "up",
                                                   "message_id": answer["message_id"], "comment": "x" * 2001})
    assert long_comment.status_code == 422
    by_question = api.post("/api/feedback", json={"session_id": "no-answer-yet-1", "rating": "down",
                                                  "question": "Wat kost adverteren?"})
    assert by_question.status_code == 201


# -- referral requests ----------------------------------------------------------------------------------------------
def test_a_referral_request_is_stored_and_acknowledged(api, web_settings):
    chat = api.post("/api/chat", json={"message": "Can you write a marketing plan for my bakery?"}).json()
    request = {"session_id": chat["session_id"], "name": "Anna Baker", "email": "anna@bakery.example",
               "phone": "+31 6 1234 5678", "question": "A marketing plan for my bakery",
               "specialist_id": chat["referral"]["specialist_id"], "consent": True}
    response = api.post("/api/referrals", json=request)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "new" and body["message"].startswith("Thank you")  # the conversation was English
    stored = [r for r in Store(web_settings).list_referrals() if r["id"] == body["id"]][0]
    assert (stored["name"], stored["email"], stored["language"]) == ("Anna Baker", "anna@bakery.example", "en")


@pytest.mark.parametrize(("change", "field"), [
    ({"consent": False}, "consent"),
    ({"consent": None}, "consent"),
    ({"consent": "yes"}, "consent"),
    ({"email": "anna-at-bakery"}, "email"),
    ({"email": "anna@bakery"}, "email"),
    ({"phone": "call me maybe"}, "phone"),
    ({"name": "   "}, "name"),
    ({"question": ""}, "question"),
    ({"specialist_id": "no-such-person"}, "unknown specialist_id"),
])
def test_bad_referral_requests_are_refused(api, change, field):
    request = {"name": "Anna", "email": "anna@bakery.example", "question": "Help", "consent": True}
    request.update(change)
    if change.get("consent") is None and "consent" in change:
        del request["consent"]
    response = api.post("/api/referrals", json=request)
    assert response.status_code == 422, response.text
    text = response.json().get("message") or response.json()["detail"]
    assert text.startswith(field)
    if field == "consent":
        assert "required" in text or "boolean" in text


# -- rate limit --------------------------------------------------------------------------------------------------------
def test_rate_limit_429_with_retry_after_then_recovery(web_server, new_client):
    client, neighbour = new_client(web_server), new_client(web_server)
    statuses = [client.post("/api/feedback", json={}).status_code for _ in range(25)]
    assert set(statuses) == {422}  # invalid requests count too
    limited = client.post("/api/chat", json={"message": "Is LinkedIn nuttig?"})
    assert limited.status_code == 429
    retry = int(limited.headers["Retry-After"])
    assert 1 <= retry <= 2 and "try again" in limited.json()["detail"]
    assert neighbour.post("/api/feedback", json={}).status_code == 422  # another client is not limited
    assert client.get("/api/health").status_code == 200  # reads are not limited
    time.sleep(retry + 0.2)
    assert client.post("/api/feedback", json={"session_id": "recovered-123", "rating": "up",
                                               "question": "Werkt het weer?"}).status_code == 201


# -- CORS ----------------------------------------------------------------------------------------------------------------
def test_cors_allows_the_listed_origin(api, web_settings):
    allowed = web_settings.cors_origins[0]
    preflight = api.options("/api/chat", headers={"Origin": allowed, "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == allowed
    assert "POST" in preflight.headers["access-control-allow-methods"]
    response = api.post("/api/feedback", json={}, headers={"Origin": allowed})
    assert response.headers["access-control-allow-origin"] == allowed  # errors are readable too


def test_cors_gives_other_origins_nothing(api, web_settings):
    preflight = api.options("/api/chat", headers={"Origin": "http://evil.example",
                                                  "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 400 and "access-control-allow-origin" not in preflight.headers
    response = api.get("/api/health", headers={"Origin": "http://evil.example"})
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers
    admin_preflight = api.options("/api/admin/referrals", headers={
        "Origin": web_settings.cors_origins[0], "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization"})
    assert admin_preflight.status_code == 400  # browsers may not send the admin token cross-site


# -- a server without an index or database ---------------------------------------------------------------------
def test_without_an_index_chat_is_503_with_what_to_run(bare_server, new_client):
    client = new_client(bare_server)
    health = client.get("/api/health")
    assert health.status_code == 503 and health.json()["status"] == "index_missing"
    response = client.post("/api/chat", json={"message": "Is LinkedIn nuttig voor een klein bedrijf?"})
    assert response.status_code == 503 and "assistant index" in response.json()["detail"]


def test_unexpected_errors_are_a_generic_500(bare_server, bare_settings, new_client):
    client = new_client(bare_server)
    assert client.post("/api/feedback", json={"session_id": "before-the-break", "rating": "up",
                                              "question": "Werkt het?"}).status_code == 201
    with sqlite3.connect(bare_settings.data_dir / "assistant.sqlite") as db:
        db.execute("DROP TABLE feedback")  # the database breaks under the running server
    response = client.post("/api/feedback", json={"session_id": "after-the-break", "rating": "up",
                                                  "question": "Werkt het nog?"})
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on our side. Please try again later."}
    assert "Traceback" not in response.text and "feedback" not in response.text.lower()


# -- assistant serve -------------------------------------------------------------------------------------------------
def test_serve_indexes_an_empty_store_then_serves(tmp_path):
    from bench.loopback_services import free_port
    from web_server import wait_for_health  # loaded by pytest_plugins by now

    knowledge = tmp_path / "knowledge"
    for lang in ("nl", "en"):
        (knowledge / lang).mkdir(parents=True)
        shutil.copy(PROJECT_ROOT / "knowledge" / lang / "guide-choosing-networks.md", knowledge / lang)
    shutil.copy(PROJECT_ROOT / "knowledge" / "specialists.yaml", knowledge)
    port = free_port()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_KNOWLEDGE_DIR": str(knowledge),
           "PYTHONUNBUFFERED": "1"}
    started = time.monotonic()
    server = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], cwd=PROJECT_ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        health = wait_for_health(f"http://127.0.0.1:{port}", timeout=180, alive=lambda: server.poll() is None)
        seconds = time.monotonic() - started
        assert health.status_code == 200 and health.json()["chunks"] > 0
        answer = httpx.post(f"http://127.0.0.1:{port}/api/chat", json={"message": "Is LinkedIn nuttig voor een klein bedrijf?"},
                            timeout=60)
        assert answer.status_code == 200 and answer.json()["sources"]
        assert httpx.get(f"http://127.0.0.1:{port}/api/nope").status_code == 404
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "No index yet" in output and "indexed" in output and f"http://127.0.0.1:{port}/" in output
    assert seconds < 120, f"serve took {seconds:.0f} s to answer health checks"
