"""The built wheel runs outside the repository: the default knowledge, prompts and the widget ship inside it.

Built with pip from this checkout, installed into a temporary folder, and run from another folder with the
environment's dependencies: `assistant index`, `assistant ask` and `assistant serve` (page, widget, API).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest
from web_server import wait_for_health

from assistant.config import PROJECT_ROOT

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """The wheel, its install folder, and an environment that uses it from a folder outside the checkout."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(root / "dist"), str(PROJECT_ROOT)], check=True, cwd=root, timeout=300)
    wheel = next((root / "dist").glob("social_media_assistant-*.whl"))
    target = root / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, cwd=root, timeout=300)
    work = root / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(PYTHONPATH=str(target), XDG_DATA_HOME=str(root / "xdg"), ASSISTANT_LOG_LEVEL="WARNING")
    return {"wheel": wheel, "target": target, "work": work, "env": env, "data": root / "xdg" / "social-media-assistant"}


def cli(installed: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    code = "import sys; from assistant.cli import app; sys.argv[0] = 'assistant'; app()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=installed["work"], env=installed["env"],
                          capture_output=True, text=True, timeout=timeout)


def test_wheel_carries_knowledge_prompts_and_widget(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for path in ("assistant/bundled/knowledge/specialists.yaml", "assistant/bundled/knowledge/cards/care.yaml",
                 "assistant/bundled/knowledge/nl/guide-start-small.md", "assistant/bundled/prompts/messages.yaml",
                 "assistant/bundled/prompts/routing.yaml", "assistant/web/static/widget.js",
                 "assistant/migrations/env.py", "assistant/migrations/versions/0001_initial.py"):
        assert path in names, f"{path} is missing from the wheel"
    notes = {p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "knowledge").rglob("*") if p.is_file()}
    assert {f"assistant/bundled/{n}" for n in notes} <= names, "every file of knowledge/ ships in the wheel"


def test_installed_wheel_indexes_and_answers_outside_the_checkout(installed):
    where = cli(installed, "status")
    assert where.returncode == 0, where.stderr
    assert str(installed["target"] / "assistant" / "bundled" / "knowledge") in where.stdout
    assert str(PROJECT_ROOT) not in where.stdout, "the installed package must not read the checkout"

    built = cli(installed, "index")
    assert built.returncode == 0, built.stderr
    assert (installed["data"] / "chroma").is_dir(), "the data lives in the user's data folder"

    asked = cli(installed, "ask", "--json", "Is LinkedIn nuttig voor mijn kleine bedrijf?")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["route"] == "answer" and answer["sources"], answer
    assert answer["language"] == "nl"


def test_installed_wheel_serves_page_widget_and_api(installed):
    if not (installed["data"] / "chroma").is_dir():
        assert cli(installed, "index").returncode == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = "import sys; from assistant.cli import app; sys.argv[0] = 'assistant'; app()"
    server = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port)], cwd=installed["work"],
                              env=installed["env"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for_health(base, timeout=240, alive=lambda: server.poll() is None).status_code == 200
        widget = httpx.get(f"{base}/widget.js", timeout=10)
        assert widget.status_code == 200 and "Shadow DOM" in widget.text
        assert httpx.get(f"{base}/", timeout=30).status_code == 200
        reply = httpx.post(f"{base}/api/chat", json={"message": "How often should I post on Instagram?"}, timeout=60)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body["route"] == "answer" and body["sources"] and body["language"] == "en"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def test_every_python_package_of_the_checkout_is_in_the_wheel(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for init in (PROJECT_ROOT / "assistant").rglob("__init__.py"):
        if "bundled" not in init.parts:
            path = init.relative_to(PROJECT_ROOT).as_posix()
            assert path in names, f"{path}: add its package to [tool.setuptools] packages in pyproject.toml"
