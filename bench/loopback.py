"""The distributed topology on loopback, without containers: Debian's PostgreSQL, Redis and nginx, Chroma's own
server, and two `assistant serve` instances behind nginx (running deploy/nginx.conf), each with its own data
folder and one shared uploads folder. All on free ports, in a folder the caller gives, as the current user.

`build`, `start`, `stop`: the pytest fixture of tests/topology.py and the benchmark's topology section
(bench/topology.py) start the same deployment; a missing binary raises `ServiceMissing` naming its package.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from assistant.config import PROJECT_ROOT
from bench.loopback_services import (Postgres, Process, accepts_connections, find_binary, free_port, nginx_command,
                                     wait_ready, write_nginx_prefix)

STARTUP_SECONDS = 300.0  # two instances loading their models at once on a shared 2-core machine


def _healthy(base_url: str) -> bool:
    return httpx.get(f"{base_url}/api/health", timeout=10).status_code == 200


@dataclass
class Instance:
    """One `assistant serve` with its own data folder."""

    name: str
    url: str
    port: int
    data_dir: Path
    service: Process

    @property
    def process(self) -> subprocess.Popen | None:
        return self.service.process


@dataclass
class Topology:
    """What the tests reach: nginx's base URL, the instances, and switches for the shared services."""

    root: Path
    postgres: Postgres
    redis: Process
    redis_port: int
    chroma: Process
    chroma_port: int
    nginx: Process
    base_url: str
    settings_env: dict[str, str] = field(default_factory=dict)  # ASSISTANT_* values of the caller (rate limit...)
    instances: list[Instance] = field(default_factory=list)

    @property
    def chroma_url(self) -> str:
        return f"http://127.0.0.1:{self.chroma_port}"

    @property
    def uploads_dir(self) -> Path:
        return self.root / "shared" / "uploads"

    def env(self, data_dir: Path) -> dict[str, str]:
        """The environment of an assistant process: only the contract's variables, nothing inherited."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        env.update({
            "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
            "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
            "ASSISTANT_DATA_DIR": str(data_dir),
            "ASSISTANT_KNOWLEDGE_DIR": str(PROJECT_ROOT / "knowledge"),
            "ASSISTANT_CHROMA_URL": self.chroma_url,
            "ASSISTANT_DATABASE_URL": self.postgres.url,
            "ASSISTANT_RATE_LIMIT_STORAGE": f"redis://127.0.0.1:{self.redis_port}",
            "ASSISTANT_UPLOADS_DIR": str(self.uploads_dir),
            "ASSISTANT_FORWARDED_ALLOW_IPS": "127.0.0.1",
            **self.settings_env,
        })
        return env

    def settings(self, data_dir: Path | None = None):
        """Settings as the instances have them, for reading the shared database from a test."""
        from assistant.config import Settings

        data_dir = data_dir or self.instances[0].data_dir
        env = {k.removeprefix("ASSISTANT_").lower(): v for k, v in self.env(data_dir).items()
               if k.startswith("ASSISTANT_")}
        if "cors_origins" in env:
            env["cors_origins"] = json.loads(env["cors_origins"])
        return Settings(_env_file=None, **env)

    def cli(self, *args: str, data_dir: Path | None = None, timeout: float = 300.0,
            check: bool = True) -> subprocess.CompletedProcess:
        """Run `assistant ARGS` as an operator would on this topology."""
        data_dir = data_dir or self.root / "cli" / "data"
        done = subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=self.env(data_dir),
                              cwd=self.root, capture_output=True, text=True, timeout=timeout)
        if check and done.returncode:
            raise RuntimeError(f"`assistant {' '.join(args)}` exited with {done.returncode}:\n"
                               f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done

    def cli_process(self, *args: str, data_dir: Path, log: Path) -> Process:
        """`assistant ARGS` started in the background (for commands that must overlap)."""
        process = Process(f"assistant {' '.join(args)}", [sys.executable, "-m", "assistant.cli", *args], log,
                          env=self.env(data_dir), cwd=self.root)
        process.start()
        return process

    # -- switches ------------------------------------------------------------------------------------------------
    def start_chroma(self) -> None:
        self.chroma.start()
        wait_ready("chroma", lambda: httpx.get(f"{self.chroma_url}/api/v2/heartbeat", timeout=2).status_code == 200,
                   self.chroma)

    def stop_chroma(self) -> None:
        self.chroma.stop()

    def start_postgres(self) -> None:
        self.postgres.start()

    def stop_postgres(self) -> None:
        self.postgres.stop()

    def start_instance(self, n: int) -> None:
        self.instances[n].service.start()
        self.wait_instance(n)

    def wait_instance(self, n: int) -> None:
        instance = self.instances[n]
        wait_ready(instance.name, lambda: _healthy(instance.url), instance.service, timeout=STARTUP_SECONDS)

    def kill_instance(self, n: int) -> None:
        """kill -9: no shutdown, no flushing, as when a machine dies."""
        self.instances[n].service.stop(signal.SIGKILL)

    def wait_healthy(self, timeout: float = 60.0) -> None:
        """Until nginx and every instance answer /api/health with 200 (after a service came back)."""
        for url in [self.base_url] + [i.url for i in self.instances]:
            wait_ready(f"{url}/api/health", lambda url=url: _healthy(url), timeout=timeout)


def build(root: Path, settings_env: dict[str, str]) -> Topology:
    """Every service with its ports, folders and command line, under `root`; nothing started yet."""
    if os.geteuid() == 0:
        find_binary("runuser")
    redis_port, chroma_port, nginx_port = free_port(), free_port(), free_port()
    logs = root / "logs"
    logs.mkdir()
    chroma_bin = find_binary("chroma", str(Path(sys.executable).parent / "chroma"))
    topology = Topology(
        root=root, postgres=Postgres(Path(tempfile.mkdtemp(prefix="topology-postgres-"))),
        redis_port=redis_port, chroma_port=chroma_port,
        redis=Process("redis", [find_binary("redis-server", "/usr/bin/redis-server"), "--port", str(redis_port),
                                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(root)],
                      logs / "redis.log"),
        chroma=Process("chroma", [chroma_bin, "run", "--path", str(root / "chroma"), "--host", "127.0.0.1",
                                  "--port", str(chroma_port)], logs / "chroma.log", cwd=root),
        nginx=Process("nginx", nginx_command(root / "nginx"), logs / "nginx.log"),
        base_url=f"http://127.0.0.1:{nginx_port}", settings_env=settings_env,
    )
    for n in (1, 2):
        port, data_dir = free_port(), root / f"instance-{n}" / "data"
        argv = [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        service = Process(f"instance {n}", argv, logs / f"instance-{n}.log", env=topology.env(data_dir), cwd=root)
        topology.instances.append(Instance(f"instance {n}", f"http://127.0.0.1:{port}", port, data_dir, service))
    write_nginx_prefix(root / "nginx", listen_port=nginx_port, instance_ports=[i.port for i in topology.instances])
    return topology


def start(topology: Topology) -> None:
    """Start in dependency order: database, Redis, Chroma, migrations, the index, the instances, then nginx."""
    topology.uploads_dir.mkdir(parents=True)
    topology.postgres.create()
    topology.redis.start()
    wait_ready("redis", lambda: accepts_connections(topology.redis_port), topology.redis)
    topology.start_chroma()
    topology.cli("db", "upgrade")
    topology.cli("index")
    for instance in topology.instances:
        instance.service.start()  # both load their models at the same time
    for n in range(len(topology.instances)):
        topology.wait_instance(n)
    topology.nginx.start()
    wait_ready("nginx", lambda: httpx.get(f"{topology.base_url}/nginx-health", timeout=2).status_code == 200,
               topology.nginx)


def stop(topology: Topology) -> None:
    """Every service stopped and the PostgreSQL cluster's folder removed; safe after a partial start."""
    for process in [topology.nginx, *(i.service for i in topology.instances), topology.chroma, topology.redis]:
        process.stop()
    if (topology.postgres.data / "postmaster.pid").exists():
        try:
            topology.postgres.stop("immediate")
        except RuntimeError:
            pass  # the report of the failing test matters more than this one
    shutil.rmtree(topology.postgres.root, ignore_errors=True)
