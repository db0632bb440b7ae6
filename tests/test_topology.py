"""The distributed deployment on loopback (tests/topology.py): two instances behind nginx sharing PostgreSQL, Chroma's
server, Redis and an uploads folder. Run with `python -m pytest tests/test_topology.py --topology`.

The public API checks of tests/test_api.py and staff checks of tests/test_admin_api.py run here too, through nginx,
beside the chat page, the widget on a chamber's site and the admin page in Chromium: they are imported below and get this module's `api`, `admin`,
`web_server`, `web_settings` and `new_client`, which point at the topology.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
from pathlib import Path

import httpx
import pytest

from test_api import (  # noqa: F401 - collected here, against the topology
    test_a_follow_up_uses_the_conversation_kept_by_the_server,
    test_a_referral_request_is_stored_and_acknowledged,
    test_chat_answers_with_sources_and_a_session,
    test_cors_allows_the_listed_origin,
    test_feedback_on_an_answer_is_stored,
    test_health_reports_the_index,
    test_rate_limit_429_with_retry_after_then_recovery,
    test_specialists_for_the_referral_form,
    test_streaming_sends_deltas_then_the_answer,
)
from test_admin_api import (  # noqa: F401 - staff work through nginx: the rows live in the shared database
    test_a_persons_data_is_exported_and_deleted_on_request,
    test_a_submitted_referral_is_listed_marked_handled_and_exported,
    test_admin_needs_the_right_token,
    test_feedback_is_listed_and_exported,
)
from browser_pages import _QuietHandler, ask_in_widget, ask_on_page
from web_server import ADMIN_TOKEN, WIDGET_SITE_PORT, client_for

pytest_plugins = ["web_server", "topology", "browser_pages"]  # api, admin, new_client over `web_server` below; Chromium
pytestmark = [pytest.mark.topology, pytest.mark.integration]
SHOTS = Path("/tmp/shots/topology")

BEEKEEPERS = """---
id: bluesky-for-beekeepers-en
title: Bluesky for beekeepers
kind: guide
source: editorial
language: en
---
# Bluesky for beekeepers

Beekeepers who sell honey at markets use Bluesky to announce the harvest dates of their hives. Post a photo of
the frames on harvest day, pin the market calendar, and answer questions about pollen and swarms within a day.
"""


# -- the fixtures test_api's checks expect, pointing at the topology -------------------------------------------
@pytest.fixture(scope="module")
def web_server(topology) -> str:
    return topology.base_url


@pytest.fixture(scope="module")
def web_settings(topology):
    return topology.settings()



@pytest.fixture
def admin_token() -> str:
    return ADMIN_TOKEN


def _messages(topology, session_id: str) -> list[dict]:
    from assistant.store import Store

    return Store(topology.settings()).messages(session_id)


# -- the topology itself ----------------------------------------------------------------------------------------
def test_nginx_spreads_chats_over_both_instances(topology, api):
    for _ in range(6):
        response = api.post("/api/chat", json={"message": "Is LinkedIn nuttig voor een klein bedrijf?"})
        assert response.status_code == 200, response.text
        assert "LinkedIn" in response.json()["text"]
    # nginx's log (deploy/nginx.conf's `upstream` format) names the instance that answered each request.
    lines = [line for line in topology.nginx.log.read_text().splitlines() if '"POST /api/chat"' in line]
    answered_by = {re.search(r"upstream=(\S+)", line).group(1) for line in lines[-6:]}
    assert answered_by == {f"127.0.0.1:{i.port}" for i in topology.instances}, lines[-6:]
    assert api.headers["X-Forwarded-For"] not in topology.nginx.log.read_text()  # no client addresses logged


@pytest.mark.browser
def test_the_chat_page_through_nginx_answers(topology, page):
    """Gradio's queue lives in one process: nginx keeps the page's requests on one instance, or no answer comes."""
    page.goto(f"{topology.base_url}/")
    page.locator("#send").wait_for()
    ask_on_page(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    answer = page.locator("#chat .msg-a").last
    assert "LinkedIn" in answer.inner_text() and answer.locator("sup.cite").count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "chat-page-through-nginx.png"), full_page=True)


@pytest.fixture(scope="module")
def widget_site(topology, tmp_path_factory):
    """A chamber's website on another origin (listed in the topology's CORS origins) with the widget snippet."""
    folder = tmp_path_factory.mktemp("widget-site")
    (folder / "index.html").write_text(f"""<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Kamer Voorbeeldstad</title></head><body><h1>Ondernemersplein</h1>
<script src="{topology.base_url}/widget.js" data-title="Vraag het de Kamer" data-language="nl"></script>
</body></html>""", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", WIDGET_SITE_PORT),
                                             functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{WIDGET_SITE_PORT}/index.html"
    server.shutdown()
    server.server_close()


def test_the_widget_and_the_admin_page_through_nginx(topology, page, widget_site):
    """The widget on a chamber's site answers and takes a contact request through nginx; a member of staff sees
    the request on /admin, whichever instance served either (the rows live in the shared PostgreSQL)."""
    page.goto(widget_site)
    page.locator("button.launcher").click()
    ask_in_widget(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    answer = page.locator(".msg.bot").last
    assert "LinkedIn" in answer.inner_text() and answer.locator(".source").count() >= 1
    ask_in_widget(page, "Mijn Instagram-account is gehackt, wat moet ik doen?")
    page.locator(".msg.bot").last.get_by_role("button", name="Vraag contact aan").click()
    form = page.locator("form.contact")
    form.locator("input[name=name]").fill("Topo Tester")
    form.locator("input[name=email]").fill("topo-widget@example.nl")
    form.locator("input[name=consent]").check()
    form.get_by_role("button", name="Verstuur aanvraag").click()
    page.locator(".msg.notice.ok").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "widget-through-nginx.png"))

    page.goto(f"{topology.base_url}/admin")
    page.locator("input[type=password]").wait_for()
    page.locator("input[type=text]").first.fill("admin")
    page.locator("input[type=password]").fill(ADMIN_TOKEN)
    page.keyboard.press("Enter")
    page.locator("#admin-referrals").wait_for()
    page.locator("#admin-referrals-refresh").click()
    row = page.locator("#admin-referrals tr", has_text="topo-widget@example.nl")
    row.wait_for()
    assert "Helpdesk" in row.inner_text()  # the specialist by name
    page.screenshot(path=str(SHOTS / "admin-through-nginx.png"), full_page=True)


def test_an_upload_on_one_instance_is_answered_by_the_other(topology):
    first, second = topology.instances
    with client_for(first.url, Authorization=f"Bearer {ADMIN_TOKEN}") as admin:
        uploaded = admin.post("/api/admin/documents", params={"reindex": "true"},
                              files={"file": ("Bluesky for beekeepers.md", BEEKEEPERS.encode(), "text/markdown")})
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["indexed"] and uploaded.json()["index"]["num_added"] >= 1
    assert (topology.uploads_dir / "Bluesky-for-beekeepers.md").is_file()  # the shared folder, not instance 1's own

    # Instance 2 picks up the new index generation within seconds.
    doc_ids: list[str] = []
    with client_for(second.url) as other:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and "bluesky-for-beekeepers-en" not in doc_ids:
            answer = other.post("/api/chat", json={"message": "How do beekeepers use Bluesky?"}).json()
            doc_ids = [s["doc_id"] for s in answer["sources"]]
            time.sleep(1)
        assert "bluesky-for-beekeepers-en" in doc_ids, answer
        assert "Bluesky-for-beekeepers.md" in [d["name"] for d in other.get(
            "/api/admin/documents", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()]


def test_a_phrasing_accepted_on_one_instance_answers_on_the_other(topology):
    """Staff add a visitor's words as a phrasing of a card on one instance; both instances answer those words with
    that card within seconds, without a reindex (the phrasings live beside the shared uploads; the generation
    tells the other instance)."""
    first, second = topology.instances
    question = "wat zet ik bij het kopje over ons van mijn bijenhouderij"
    with client_for(second.url) as other:
        assert other.post("/api/chat", json={"message": question}).json()["card_id"] != "care-profile-description"
    with client_for(first.url, Authorization=f"Bearer {ADMIN_TOKEN}") as admin:
        added = admin.post("/api/admin/phrasings", json={"card_id": "care-profile-description", "language": "nl",
                                                         "question": question})
        assert added.status_code == 201, added.text
        assert admin.post("/api/chat", json={"message": question}).json()["card_id"] == "care-profile-description"
    card_id = None
    with client_for(second.url) as other:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and card_id != "care-profile-description":
            card_id = other.post("/api/chat", json={"message": question}).json()["card_id"]
            time.sleep(1)
    assert card_id == "care-profile-description"


def _unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) >= 1


def test_serve_with_two_workers_answers_from_the_shared_deployment(topology, tmp_path):
    """`assistant serve --workers 2` on the shared services: two worker processes, each with its models, answer;
    the workers share one data folder for their caches and lexical index."""
    import psutil

    from bench.loopback import STARTUP_SECONDS, _healthy
    from bench.loopback_services import free_port, wait_ready

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    service = topology.cli_process("serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
                                   data_dir=tmp_path / "data", log=tmp_path / "workers.log")
    try:
        wait_ready("serve --workers 2", lambda: _healthy(url), service, timeout=STARTUP_SECONDS)
        # uvicorn spawns its workers with multiprocessing ("... spawn_main(...)"); its resource tracker is not one
        workers = [c for c in psutil.Process(service.process.pid).children(recursive=True)
                   if "spawn_main" in " ".join(c.cmdline())]
        assert len(workers) == 2, [c.cmdline() for c in workers]
        with client_for(url) as client:
            for question in ("Is LinkedIn nuttig voor een klein bedrijf?", "How often should I post?",
                             "Hoe reageer ik op een negatieve review?", "Wat kost adverteren op Facebook?"):
                response = client.post("/api/chat", json={"message": question})
                assert response.status_code == 200, response.text
                assert response.json()["route"] in ("answer", "refer") and response.json()["text"]
    finally:
        service.stop()
    assert "Traceback" not in (tmp_path / "workers.log").read_text(errors="replace")


@pytest.mark.parametrize("service", ["chroma", "postgres"])
def test_a_stopped_shared_service_is_a_503_with_retry_after_then_service_returns(topology, service):
    stop, start = getattr(topology, f"stop_{service}"), getattr(topology, f"start_{service}")
    stop()
    try:
        direct, proxied = client_for(topology.instances[0].url), client_for(topology.base_url)
        with direct, proxied:
            for client in (direct, proxied):
                _unavailable(client.get("/api/health"))
                _unavailable(client.post("/api/chat", json={"message": "Is LinkedIn nuttig voor een klein bedrijf?"}))
            assert "detail" in direct.post("/api/chat", json={"message": "Is LinkedIn nuttig?"}).json()
    finally:
        start()
    topology.wait_healthy(timeout=60)
    with client_for(topology.base_url) as client:
        response = client.post("/api/chat", json={"message": "Is LinkedIn nuttig voor een klein bedrijf?"})
    assert response.status_code == 200, response.text
    assert _messages(topology, response.json()["session_id"])[-1]["id"] == response.json()["message_id"]


def test_two_index_runs_at_once_index_once(topology):
    import chromadb
    from sqlalchemy import create_engine, text

    note = BEEKEEPERS.replace("bluesky-for-beekeepers-en", "threads-for-cheesemakers-en").replace(
        "Bluesky for beekeepers", "Threads for cheesemakers").replace("Beekeepers", "Cheesemakers")
    (topology.uploads_dir / "Threads-for-cheesemakers.md").write_text(note, encoding="utf-8")
    runs = [topology.cli_process("index", data_dir=topology.root / f"indexer-{n}" / "data",
                                 log=topology.root / "logs" / f"index-{n}.log") for n in (1, 2)]
    for run in runs:
        assert run.process.wait(300) == 0, run.log_tail()
    outputs = [run.log.read_text() for run in runs]
    added = [int(m.group(1)) if (m := re.search(r"(\d+) added", out)) else 0 for out in outputs]
    # One run indexed the new note; the other waited and found nothing to do, or said a run is under way.
    assert sorted(added)[0] == 0 and sorted(added)[1] >= 1, outputs
    quiet = outputs[added.index(0)]
    assert "up to date" in quiet or "under way" in quiet, quiet

    engine = create_engine(topology.postgres.url)
    with engine.connect() as connection:
        records = connection.execute(text("SELECT key FROM upsertion_record WHERE group_id LIKE :g"),
                                     {"g": "%Threads-for-cheesemakers.md"}).scalars().all()
    engine.dispose()
    client = chromadb.HttpClient(host="127.0.0.1", port=topology.chroma_port)
    chunks = [i for c in client.list_collections()
              for i in client.get_collection(c.name).get(where={"doc_id": "threads-for-cheesemakers-en"})["ids"]]
    # Each chunk written once: as many records as chunks, as many as were added, no key twice.
    assert len(records) == len(set(records)) == len(chunks) == max(added), (records, chunks, added)


def test_kill_9_of_an_instance_under_load_loses_no_acknowledged_row(topology):
    """40 chats from 4 clients; instance 1 is killed after the 8th answer. Every 200 has its row in PostgreSQL, only
    requests in flight at the kill fail, and nginx keeps serving from instance 2."""
    results: list[dict] = []
    lock, answered, killed_at = threading.Lock(), threading.Event(), []

    def client_thread(n: int) -> None:
        with client_for(topology.base_url) as client:
            for i in range(10):
                started = time.monotonic()
                try:
                    response = client.post("/api/chat", json={"message": f"Hoe begin ik met Instagram? ({n}-{i})"})
                    status, body = response.status_code, response.json()
                except httpx.HTTPError as exc:
                    status, body = type(exc).__name__, {}
                with lock:
                    results.append({"status": status, "body": body, "started": started, "ended": time.monotonic(),
                                    "client": n})
                    if sum(r["status"] == 200 for r in results) >= 8:
                        answered.set()

    threads = [threading.Thread(target=client_thread, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    try:
        assert answered.wait(120), results
        killed_at.append(time.monotonic())
        topology.kill_instance(0)  # SIGKILL, then until the process is reaped
        killed_at.append(time.monotonic())
        for thread in threads:
            thread.join(300)
        ok = [r for r in results if r["status"] == 200]
        failed = [r for r in results if r["status"] != 200]
        assert len(results) == 40
        # Only requests under way while the instance died failed, each a 503 from nginx. That is one per client, or
        # two: a dying process's listening socket takes connections until the kernel has torn it down (freeing a
        # few GB of model memory takes a moment), so the next chat of a client whose chat just failed can be sent
        # into it and fail too (seen once in CI: 5 failures of 40); nginx never resends a sent POST.
        per_client = [sum(r["client"] == n for r in failed) for n in range(4)]
        assert max(per_client) <= 2, failed
        in_flight = [r for r in failed if r["started"] < killed_at[1] and r["ended"] > killed_at[0]]
        assert in_flight == failed, (killed_at, failed)
        assert all(r["status"] == 503 for r in failed), failed
        for r in ok:  # acknowledged means committed
            assert _messages(topology, r["body"]["session_id"])[-1]["id"] == r["body"]["message_id"], r
        with client_for(topology.base_url) as client:
            after = [client.post("/api/chat", json={"message": "Is LinkedIn nuttig?"}).status_code for _ in range(4)]
        assert after == [200] * 4
    finally:
        for thread in threads:
            thread.join(300)
        topology.start_instance(0)
