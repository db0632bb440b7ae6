"""The deployment folder: the compose file's structure (we cannot run Docker here), nginx.conf through `nginx -t`, and
the systemd unit through `systemd-analyze verify`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assistant.config import PROJECT_ROOT, Settings
from bench.loopback_services import ServiceMissing, find_binary, nginx_command, write_nginx_prefix

DEPLOY = PROJECT_ROOT / "deploy"
SHARED_SERVICES = {"chroma", "postgres", "redis"}
INSTANCES = {"assistant-1", "assistant-2"}
# What every instance must be told to share (the contract of issue 15).
SHARED_SETTINGS = {"ASSISTANT_CHROMA_URL", "ASSISTANT_DATABASE_URL", "ASSISTANT_RATE_LIMIT_STORAGE",
                   "ASSISTANT_UPLOADS_DIR"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def _env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#"))
    return {name.strip(): value for name, value in pairs}


def _known_setting(name: str) -> bool:
    return name.startswith("ASSISTANT_") and name.removeprefix("ASSISTANT_").lower() in Settings.model_fields


def test_compose_has_the_services_with_pinned_images(compose):
    services = compose["services"]
    assert set(services) == SHARED_SERVICES | INSTANCES | {"migrate", "nginx"}
    images = {name: s["image"] for name, s in services.items() if "build" not in s}
    assert set(images) == SHARED_SERVICES | {"nginx"}
    assert images["chroma"].startswith("chromadb/chroma:")
    for name, image in images.items():
        tag = image.rpartition(":")[2]
        assert ":" in image and re.fullmatch(r"\d+(\.\d+)+(-[a-z]+)?", tag), f"{name}: {image} is not pinned"
    # The instances and the migration job are the project's own image, built by deploy/Dockerfile.
    for name in INSTANCES | {"migrate"}:
        assert services[name]["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
        assert not services[name]["image"].endswith(":latest")


def test_compose_starts_in_order_and_checks_health(compose):
    services = compose["services"]
    for name in SHARED_SERVICES | INSTANCES | {"nginx"}:
        check = services[name]["healthcheck"]["test"]
        assert check[0] == "CMD" and len(check) > 1, name
    assert services["migrate"]["command"] == ["assistant", "db", "upgrade"]
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in INSTANCES:
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}
        assert all(depends[s] == {"condition": "service_healthy"} for s in SHARED_SERVICES), name
        # the shared volume holds the uploads and, beside them, the card phrasings staff accept (../cards)
        assert "uploads:/shared" in services[name]["volumes"]
    assert {n: c["condition"] for n, c in services["nginx"]["depends_on"].items()} == dict.fromkeys(
        INSTANCES, "service_healthy")
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in services["nginx"]["volumes"]
    assert set(compose["volumes"]) >= {"uploads", "postgres", "chroma"}


def test_compose_environment_names_are_settings(compose):
    services = compose["services"]
    for name in INSTANCES | {"migrate"}:
        environment = services[name]["environment"]
        assert SHARED_SETTINGS <= set(environment), name
        assert services[name]["env_file"] == "assistant.env"
        unknown = [key for key in environment if not _known_setting(key)]
        assert not unknown, f"{name}: {unknown} are not fields of assistant/config.py's Settings"
    assert environment["ASSISTANT_UPLOADS_DIR"] == "/shared/uploads"
    assert environment["ASSISTANT_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert environment["ASSISTANT_RATE_LIMIT_STORAGE"].startswith("redis://redis:")


def test_the_env_example_names_only_settings_with_a_placeholder_token_and_no_llm():
    example = _env_file(DEPLOY / "assistant.env.example")
    unknown = [key for key in example if not _known_setting(key)]
    assert not unknown, f"{unknown} are not fields of assistant/config.py's Settings"
    token = example["ASSISTANT_ADMIN_TOKEN"]
    assert token.startswith("change-me") and len(token) >= 32  # passes the length check, obviously a placeholder
    assert "ASSISTANT_LLM" not in example
    settings = Settings(_env_file=DEPLOY / "assistant.env.example")  # read as the instances read it
    assert settings.admin_token.get_secret_value() == token and settings.llm is None
    assert settings.cors_origins == ["https://www.example.org"]


def test_the_dockerfile_installs_cpu_torch_then_the_project():
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM python:3.12-slim" in text
    torch = text.index("--index-url https://download.pytorch.org/whl/cpu torch==2.13.0")
    assert torch < text.index("pip install .")
    assert "USER assistant" in text


@pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()), reason="nginx is not installed")
@pytest.mark.parametrize("ports", [[7861, 7862], [7861]])  # the topology's nginx, and the benchmark's for one
def test_nginx_conf_passes_nginx_t(tmp_path, ports):
    write_nginx_prefix(tmp_path, listen_port=8080, instance_ports=ports)
    rendered = (tmp_path / "nginx.conf").read_text()
    assert "server 127.0.0.1:7861" in rendered and "assistant-" not in rendered
    assert rendered.count("server 127.0.0.1:7862") == (2 if 7862 in ports else 0)  # in both upstreams
    assert rendered.count("server 127.0.0.1:7861 max_fails=1 fail_timeout=10s;\n") == 2
    command = nginx_command(tmp_path)
    command[command.index("-g") + 1] = f"pid {tmp_path / 'nginx.pid'};"
    done = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr


def test_nginx_conf_streams_sse_and_fails_over_only_idempotent_requests():
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    stream = re.search(r"location = /api/chat/stream \{(.*?)\}", text, re.S).group(1)
    assert "proxy_buffering off;" in stream and "proxy_read_timeout 1h;" in stream
    assert "proxy_next_upstream error timeout http_502 http_503;" in text
    assert "non_idempotent" not in text  # nginx's default: a POST that reached an instance is never re-sent
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in text


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_unit_verifies(tmp_path):
    unit = (DEPLOY / "systemd" / "social-media-assistant.service").read_text(encoding="utf-8")
    for needed in ("DynamicUser=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/social-media-assistant",
                   "Restart=on-failure", "EnvironmentFile=/etc/social-media-assistant/assistant.env",
                   "ExecStartPre=/opt/social-media-assistant/bin/assistant db upgrade"):
        assert needed in unit.splitlines(), needed
    # verify checks that the commands exist: point them at this environment's `assistant`.
    local = unit.replace("/opt/social-media-assistant/bin/assistant", str(Path(sys.executable).parent / "assistant"))
    (tmp_path / "social-media-assistant.service").write_text(local)
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "social-media-assistant.service")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_a_missing_service_binary_says_which_package_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing installed
    with pytest.raises(ServiceMissing, match=r"needs `redis-server`.*\(apt-get install redis-server;"):
        find_binary("redis-server", "/nonexistent/redis-server")
    with pytest.raises(ServiceMissing, match=r"needs `chroma`.*\(pip install chromadb;"):
        find_binary("chroma")
