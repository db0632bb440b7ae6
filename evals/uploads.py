"""The "own documents" suite: a chamber's documents uploaded through the real admin API before the questions.

The app is served by uvicorn on a loopback port with a one-off admin token, and every file of the folder is
posted to `/api/admin/documents?reindex=true`, as staff would upload it in `/admin` or from a script.
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from pydantic import SecretStr

from assistant.ingest import SUPPORTED


@contextmanager
def serve(app, timeout: float = 120.0, **config) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port in a thread; yields the base URL once /api/health answers
    (200, or 503 while there is no index). `config`: more uvicorn.Config options (forwarded_allow_ips, ...)."""
    import uvicorn

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    options = {"log_level": "warning", "access_log": False, "lifespan": "on", **config}
    server = uvicorn.Server(uvicorn.Config(app, **options))
    port = sock.getsockname()[1]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                httpx.get(f"{base}/api/health", timeout=10)
                break
            except httpx.TransportError:
                if not thread.is_alive():
                    raise RuntimeError(f"the server at {base} stopped before it answered") from None
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no answer from {base}/api/health within {timeout:.0f} s") from None
                time.sleep(0.1)
        yield base
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


def upload_folder(assistant, folder: Path, console) -> list[dict]:
    """Upload every supported file of `folder` through the admin API (reindexed each time); their responses.

    Raises RuntimeError when an upload is refused or not indexed: the suite measures answers, not a broken upload."""
    from assistant.web.app import create_app

    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED)
    if not files:
        raise RuntimeError(f"no documents to upload in {folder} (.md, .txt, .html or .pdf)")
    token = secrets.token_urlsafe(32)
    assistant.settings = assistant.settings.model_copy(update={"admin_token": SecretStr(token)})
    app = create_app(assistant.settings, assistant, with_ui=False)
    responses = []
    with serve(app) as base, httpx.Client(base_url=base, timeout=300,
                                          headers={"Authorization": f"Bearer {token}"}) as client:
        for path in files:
            started = time.perf_counter()
            with path.open("rb") as handle:
                response = client.post("/api/admin/documents", params={"reindex": "true"},
                                       files={"file": (path.name, handle)})
            if response.status_code != 201 or not response.json().get("indexed"):
                raise RuntimeError(f"upload of {path.name} failed: {response.status_code} {response.text[:300]}")
            body = response.json()
            console.print(f"uploaded {path.name}: {body['title']!r} ({body['language']}), "
                          f"{body['index']['num_added']} chunks added in {time.perf_counter() - started:.2f} s")
            responses.append(body)
    return responses
