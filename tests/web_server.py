"""Real servers on loopback for the web tests: uvicorn in a thread, a temp data dir, the real index.

Use from a test module with `pytest_plugins = ["web_server"]` (and reach the helpers through fixtures, so that
pytest imports this module first). Every test client gets its own client address
(sent as X-Forwarded-For, which uvicorn trusts from 127.0.0.1 as it would from a reverse proxy), so the per-client
rate limit of one test never spends another test's budget.
"""

from __future__ import annotations

import itertools
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from assistant.config import PROJECT_ROOT, Settings
from bench.loopback_services import free_port

ADMIN_TOKEN = "test-admin-token-0123456789-abcdefghij"
ALLOWED_ORIGIN = "http://allowed.example"
RATE_LIMIT = "25/2 seconds"
MAX_UPLOAD_BYTES = 200_000
# A chamber's website on loopback that embeds the widget from the distributed topology (tests/test_topology.py).
WIDGET_SITE_PORT = free_port()
WIDGET_SITE_ORIGIN = f"http://127.0.0.1:{WIDGET_SITE_PORT}"

_client_numbers = itertools.count(1)


def wait_for_health(base_url: str, timeout: float = 120.0, alive=lambda: True) -> httpx.Response:
    """Poll /api/health until the server answers at all (200, or 503 while it has no index)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"the server at {base_url} stopped before it answered")
        try:
            return httpx.get(f"{base_url}/api/health", timeout=10)
        except httpx.TransportError:
            time.sleep(0.1)
    raise TimeoutError(f"no answer from {base_url}/api/health within {timeout:.0f} s")


@contextmanager
def running(app, forwarded_allow_ips: str = "127.0.0.1") -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port in a thread (the evals' server); yields the base URL."""
    from evals.uploads import serve

    with serve(app, forwarded_allow_ips=forwarded_allow_ips, timeout_graceful_shutdown=5) as base_url:
        yield base_url


def web_settings_for(data_dir, **overrides) -> Settings:
    values = dict(admin_token=ADMIN_TOKEN, cors_origins=[ALLOWED_ORIGIN], rate_limit=RATE_LIMIT,
                  max_upload_bytes=MAX_UPLOAD_BYTES, knowledge_dir=PROJECT_ROOT / "knowledge")
    values.update(overrides)
    return Settings(_env_file=None, data_dir=data_dir, **values)


@pytest.fixture(scope="session")
def web_settings(indexed_assistant, tmp_path_factory) -> Settings:
    """Settings over a copy of the session's real index (uploads and reindexing here touch only the copy)."""
    data = tmp_path_factory.mktemp("web") / "data"
    shutil.copytree(indexed_assistant.settings.data_dir, data, ignore=shutil.ignore_patterns("*.lock", "*.tmp"))
    return web_settings_for(data)


@pytest.fixture(scope="session")
def web_app(web_settings):
    """The API app around a real, warmed-up Assistant (the pages are tested by their own suite)."""
    from assistant.pipeline import Assistant
    from assistant.web.app import create_app

    assistant = Assistant(web_settings)
    assistant.warm_up()
    return create_app(web_settings, assistant, with_ui=False)


@pytest.fixture(scope="session")
def web_server(web_app) -> Iterator[str]:
    """Base URL of the real API server on loopback."""
    with running(web_app) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def bare_settings(tmp_path_factory) -> Settings:
    """A server that was never indexed and has no admin token."""
    return web_settings_for(tmp_path_factory.mktemp("bare") / "data", admin_token=None)


@pytest.fixture(scope="session")
def bare_server(bare_settings) -> Iterator[str]:
    from assistant.web.app import create_app

    with running(create_app(bare_settings, with_ui=False)) as base_url:
        yield base_url


def client_for(base_url: str, **headers: str) -> httpx.Client:
    n = next(_client_numbers)
    address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
    return httpx.Client(base_url=base_url, timeout=60, headers={"X-Forwarded-For": address, **headers})


@pytest.fixture
def new_client() -> Iterator:
    """A factory of HTTP clients, each a client of its own: new_client(base_url, **headers)."""
    clients: list[httpx.Client] = []

    def make(base_url: str, **headers: str) -> httpx.Client:
        clients.append(client_for(base_url, **headers))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def admin_token(web_settings) -> str:
    return web_settings.admin_token.get_secret_value()


@pytest.fixture
def api(web_server) -> Iterator[httpx.Client]:
    """An HTTP client for the API server, as a client of its own (own address, own rate-limit budget)."""
    with client_for(web_server) as client:
        yield client


@pytest.fixture
def admin(web_server) -> Iterator[httpx.Client]:
    """An HTTP client with the staff bearer token."""
    with client_for(web_server, Authorization=f"Bearer {ADMIN_TOKEN}") as client:
        yield client
