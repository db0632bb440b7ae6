"""Broken dependencies and personal data, against real servers on loopback: a missing or corrupt index directory,
a read-only or locked database, and no name, email or phone number from a referral form in the server's logs.

(An LLM endpoint that is down or slow is covered by test_llm.py and test_llm_server.py.)
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest
from load_client import ADMIN_TOKEN, server_env, start_server

from assistant.config import PROJECT_ROOT
from assistant.store import Store

pytest_plugins = ["web_server"]
pytestmark = pytest.mark.integration

QUESTION = "Is LinkedIn nuttig voor een klein bedrijf?"


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    """(knowledge dir, data dir) of two notes indexed by `assistant index`, to copy for each fault."""
    root = tmp_path_factory.mktemp("small")
    knowledge, data = root / "knowledge", root / "data"
    for lang in ("nl", "en"):
        (knowledge / lang).mkdir(parents=True)
        shutil.copy(PROJECT_ROOT / "knowledge" / lang / "guide-choosing-networks.md", knowledge / lang)
    shutil.copy(PROJECT_ROOT / "knowledge" / "specialists.yaml", knowledge)
    subprocess.run([sys.executable, "-m", "assistant.cli", "index"], cwd=PROJECT_ROOT, check=True,
                   env=server_env(data, knowledge), capture_output=True, timeout=300)
    return knowledge, data


def _copy(small_index, tmp_path):
    knowledge, data = small_index
    shutil.copytree(data, tmp_path / "data", ignore=shutil.ignore_patterns("*.lock", "*.tmp"))
    return knowledge, tmp_path / "data"


def _serve(knowledge, data, tmp_path):
    return start_server(data, tmp_path / "server.log", knowledge_dir=knowledge, timeout=300)


# -- the index ---------------------------------------------------------------------------------------------------------
def test_a_corrupt_lexical_index_is_rebuilt_at_start(small_index, tmp_path):
    knowledge, data = _copy(small_index, tmp_path)
    files = [p for p in (data / "lexical").rglob("*") if p.is_file()]
    assert any(p.name == "manifest.json" for p in files) and not any(p.suffix == ".pkl" for p in files)
    for path in files:
        if path.name != "CURRENT":  # the pointer stays; what it points to is garbage
            path.write_bytes(b"\x80\x04garbage" * 100)
    server = _serve(knowledge, data, tmp_path)
    try:
        assert httpx.get(f"{server.base_url}/api/health", timeout=30).status_code == 200
        answer = httpx.post(f"{server.base_url}/api/chat", json={"message": QUESTION}, timeout=60)
        assert answer.status_code == 200 and answer.json()["sources"], answer.text
    finally:
        server.stop()


def test_a_lost_chroma_directory_with_the_records_kept_is_rebuilt(small_index, tmp_path):
    knowledge, data = _copy(small_index, tmp_path)
    shutil.rmtree(data / "chroma")
    server = _serve(knowledge, data, tmp_path)
    try:
        health = httpx.get(f"{server.base_url}/api/health", timeout=30)
        assert health.status_code == 200 and health.json()["chunks"] > 0, health.text
    finally:
        server.stop()


def test_a_corrupt_vector_store_says_what_to_run(small_index, tmp_path):
    """Garbage in Chroma's database: the server either rebuilds or tells exactly what to run, without a traceback."""
    knowledge, data = _copy(small_index, tmp_path)
    for path in (data / "chroma").rglob("*"):
        if path.is_file():
            path.write_bytes(b"this is not a database" * 1000)
    log = tmp_path / "server.log"
    try:
        server = _serve(knowledge, data, tmp_path)
    except RuntimeError:  # it stopped: its last words must say what to do
        output = log.read_text(errors="replace")
        assert "Traceback" not in output, output[-3000:]
        assert "assistant index" in output or "delete" in output.lower(), output[-3000:]
        return
    try:
        health = httpx.get(f"{server.base_url}/api/health", timeout=30)
        chat = httpx.post(f"{server.base_url}/api/chat", json={"message": QUESTION}, timeout=60)
        rebuilt = health.status_code == 200 and chat.status_code == 200
        assert rebuilt or (chat.status_code == 503 and "assistant index" in chat.json()["detail"]), (health.text,
                                                                                                     chat.text)
    finally:
        server.stop()


# -- the database ------------------------------------------------------------------------------------------------------
@pytest.fixture
def database_app(web_app, tmp_path):
    """A factory: a server of its own around the session's assistant, over the database URL given."""
    from web_server import running, web_settings_for

    from assistant.web.app import create_app

    def serve(**overrides):
        settings = web_settings_for(tmp_path / "data", rate_limit="100000/second", **overrides)
        return settings, running(create_app(settings, web_app.state.assistant, with_ui=False))

    return serve


def _writes(client: httpx.Client, session_id: str) -> dict[str, httpx.Response]:
    return {
        "chat": client.post("/api/chat", json={"message": QUESTION, "session_id": session_id}),
        "feedback": client.post("/api/feedback", json={"session_id": session_id, "rating": "up", "question": QUESTION}),
        "referral": client.post("/api/referrals", json={"name": "Ria Ro", "email": "ria@ro.example",
                                                        "question": QUESTION, "consent": True,
                                                        "session_id": session_id}),
    }


def _assert_refused_clearly(responses: dict[str, httpx.Response]) -> None:
    for kind, response in responses.items():
        assert response.status_code == 503, (kind, response.status_code, response.text)
        assert "nothing was saved" in response.json()["detail"] and response.headers["Retry-After"]


def test_a_read_only_database_refuses_writes_clearly_and_writes_nothing(database_app, tmp_path, new_client):
    settings, _ = database_app()
    writable = Store(settings)
    writable.add_referral(name="Earlier", email="earlier@example.org", question="Eerder", consent=True)
    before = writable.counts()
    writable.close()
    path = settings.data_dir / "assistant.sqlite"
    _settings, server = database_app(database_url=f"sqlite:///file:{path}?mode=ro&uri=true")
    with server as base_url:
        client = new_client(base_url)
        _assert_refused_clearly(_writes(client, "read-only-session-1"))
        assert client.get("/api/health").status_code == 200  # reads still work
    after = Store(settings)
    assert after.counts() == before
    after.close()


def test_a_locked_database_refuses_writes_clearly_then_recovers(database_app, new_client):
    settings, server = database_app()
    with server as base_url:
        client = new_client(base_url)
        assert client.post("/api/feedback", json={"session_id": "before-lock-1", "rating": "up",
                                                  "question": QUESTION}).status_code == 201
        store = Store(settings)
        before = store.counts()
        locker = sqlite3.connect(settings.data_dir / "assistant.sqlite", timeout=1, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")  # another process (a backup, a staff tool) holds the write lock
        try:
            started = time.monotonic()
            responses = _writes(client, "locked-session-1")
            waited = time.monotonic() - started
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        _assert_refused_clearly(responses)
        assert waited < 3 * 10, f"three writes took {waited:.0f} s to give up"  # the busy timeout, not forever
        assert store.counts() == before, "a refused write left part of itself behind"
        assert store.messages("locked-session-1") == []
        again = _writes(client, "locked-session-1")
        assert {k: r.status_code for k, r in again.items()} == {"chat": 200, "feedback": 201, "referral": 201}
        store.close()


# -- personal data -----------------------------------------------------------------------------------------------------
PERSON = {"name": "Wilhelmina Zeldzaamheid", "email": "w.zeldzaamheid@voorbeeld-privacy.example",
          "phone": "+31 6 9876 5432"}


def _needles() -> list[str]:
    digits = "".join(ch for ch in PERSON["phone"] if ch.isdigit())
    return [PERSON["name"], "Zeldzaamheid", PERSON["email"], "zeldzaamheid@", PERSON["phone"], digits, digits[-8:]]


def test_no_name_email_or_phone_from_a_referral_lands_in_the_logs(small_index, tmp_path):
    knowledge, data = _copy(small_index, tmp_path)
    log = tmp_path / "server.log"
    server = start_server(data, log, knowledge_dir=knowledge, timeout=300)
    sent = {}
    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
            chat = client.post("/api/chat", json={"message": "Kun je een marketingplan voor mijn bakkerij schrijven?"})
            session = chat.json()["session_id"]
            form = {**PERSON, "question": "Een plan graag", "consent": True, "session_id": session}
            sent["stored"] = client.post("/api/referrals", json=form).status_code
            sent["no consent"] = client.post("/api/referrals", json={**form, "consent": False}).status_code
            bad_phone = {**form, "phone": PERSON["phone"] + " x"}
            sent["bad phone"] = client.post("/api/referrals", json=bad_phone).status_code
            sent["bad email"] = client.post("/api/referrals", json={**form, "email": PERSON["email"] + "@"}).status_code
            sent["feedback"] = client.post("/api/feedback", json={"session_id": session, "rating": "down",
                                                                  "question": QUESTION}).status_code
            sent["export"] = client.post("/api/admin/people/export", json={"email": PERSON["email"]},
                                         headers=admin).status_code
            sent["listed"] = client.get("/api/admin/referrals.csv", headers=admin).status_code
            # A failing write logs an error: the failure must not carry the person's details either.
            locker = sqlite3.connect(data / "assistant.sqlite", timeout=1, isolation_level=None)
            locker.execute("BEGIN EXCLUSIVE")
            try:
                sent["locked"] = client.post("/api/referrals", json=form).status_code
            finally:
                locker.execute("ROLLBACK")
                locker.close()
            sent["deleted"] = client.post("/api/admin/people/delete", json={"email": PERSON["email"]},
                                          headers=admin).status_code
    finally:
        server.stop()
    assert sent == {"stored": 201, "no consent": 422, "bad phone": 422, "bad email": 422, "feedback": 201,
                    "export": 200, "listed": 200, "locked": 503, "deleted": 200}, sent
    output = log.read_text(errors="replace")
    assert "POST /api/referrals" in output and "database unavailable" in output  # the log was captured
    found = [needle for needle in _needles() if needle.lower() in output.lower()]
    assert found == [], f"personal data in the server log: {found}"
