"""Two instances over one index: a real Chroma server (`chroma run`) on loopback, one shared database and one shared
uploads folder. An upload indexed by one instance is answered by the other after it notices the new generation;
two indexing runs started at once index once; a stopped Chroma server gives a clear 503 and service comes back."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.pipeline import Assistant
from bench.loopback_services import free_port

pytest_plugins = ["web_server"]
pytestmark = pytest.mark.integration

UPLOAD = """# Spreekuur sociale media Kamer Zuid

Het spreekuur sociale media van Kamer Zuid is elke donderdag van 14.00 tot 16.00 uur in het Makerslab aan de
Stationsweg 12. Aanmelden hoeft niet; neem je telefoon en je inloggegevens mee.
"""
QUESTION = "Wanneer is het spreekuur sociale media van Kamer Zuid?"



class ChromaServer:
    def __init__(self, path: Path):
        self.path, self.port = path, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        chroma = Path(sys.executable).with_name("chroma")
        self.process = subprocess.Popen([str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1",
                                         "--port", str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise TimeoutError("the Chroma server did not start within 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    root = tmp_path_factory.mktemp("shared")
    chroma = ChromaServer(root / "chroma")
    chroma.start()
    knowledge = root / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge)

    from sqlalchemy import create_engine

    from assistant.migrate import upgrade

    upgrade(create_engine(f"sqlite:///{root / 'shared.sqlite'}"))  # `assistant db upgrade`, once for all instances

    def settings(name: str) -> Settings:
        return Settings(_env_file=None, data_dir=root / name, knowledge_dir=knowledge, chroma_url=chroma.url,
                        database_url=f"sqlite:///{root / 'shared.sqlite'}", uploads_dir=root / "uploads",
                        index_poll_seconds=0.5)

    yield {"chroma": chroma, "settings": settings, "root": root}
    chroma.stop()


def test_two_index_runs_at_once_index_once(shared):
    one, two = Assistant(shared["settings"]("one")), Assistant(shared["settings"]("two"))
    results: dict[str, object] = {}

    def run(name: str, assistant: Assistant) -> None:
        results[name] = assistant.index()

    threads = [threading.Thread(target=run, args=(n, a)) for n, a in (("one", one), ("two", two))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    added = [results["one"].num_added, results["two"].num_added]
    assert sorted(added)[0] == 0 and sorted(added)[1] > 100, added  # one run wrote every chunk, the other none
    assert one.chunk_count() == two.chunk_count() == max(added)
    assert one.coordinator.generation() == 1


def test_an_upload_indexed_by_one_instance_is_answered_by_the_other(shared):
    one, two = Assistant(shared["settings"]("one")), Assistant(shared["settings"]("two"))
    two.warm_up()
    stop = threading.Event()
    two.watch_index(stop)
    try:
        before = two.ask(QUESTION)
        assert "donderdag" not in before.text
        uploads = shared["root"] / "uploads"
        uploads.mkdir(exist_ok=True)
        (uploads / "spreekuur.md").write_text(UPLOAD, encoding="utf-8")
        result = one.index()
        assert result.num_added >= 1
        deadline = time.monotonic() + 30
        while two._generation != one.coordinator.generation() and time.monotonic() < deadline:
            time.sleep(0.2)
        after = two.ask(QUESTION)
        assert "donderdag" in after.text and after.sources, after.text
        assert any("spreekuur" in s.title.lower() or "spreekuur" in s.doc_id for s in after.sources)
    finally:
        stop.set()


def test_a_stopped_chroma_server_gives_503_with_retry_after_and_service_comes_back(shared, new_client):
    from assistant.web.app import create_app
    from web_server import running

    settings = shared["settings"]("web")
    assistant = Assistant(settings)
    assistant.warm_up()
    with running(create_app(settings, assistant, with_ui=False)) as base:
        client = new_client(base)
        assert client.get("/api/health").status_code == 200
        assert client.post("/api/chat", json={"message": "Hoe vaak moet ik posten?"}).status_code == 200
        shared["chroma"].stop()
        try:
            health = client.get("/api/health")
            assert health.status_code == 503 and health.headers.get("retry-after"), health.text
            chat = client.post("/api/chat", json={"message": "Welke kanalen passen bij een bakkerij?"})
            assert chat.status_code == 503 and chat.headers.get("retry-after"), chat.text
            assert "not reachable" in chat.json()["detail"]
        finally:
            shared["chroma"].start()
        assert client.get("/api/health").status_code == 200
        assert client.post("/api/chat", json={"message": "Welke kanalen passen bij een bakkerij?"}).status_code == 200
