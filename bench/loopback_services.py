"""The services of the loopback topology (bench/loopback.py), one class or function each: finding Debian's binaries,
a process that can be stopped and started again, a throwaway PostgreSQL cluster, and deploy/nginx.conf rendered for
loopback. Here rather than in tests/ because both the topology tests and the benchmark start them; nothing here
imports pytest."""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.config import PROJECT_ROOT

NGINX_CONF = PROJECT_ROOT / "deploy" / "nginx.conf"
INSTALL_HINT = "apt-get install postgresql redis-server nginx"
# The Debian package of each binary the topology runs (`chroma` comes with the chromadb package from PyPI).
PACKAGES = {"initdb": "apt-get install postgresql", "redis-server": "apt-get install redis-server",
            "nginx": "apt-get install nginx", "runuser": "apt-get install util-linux", "chroma": "pip install chromadb"}


class ServiceMissing(RuntimeError):
    """A service binary is not installed; the message names the package to install."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- finding the service binaries -------------------------------------------------------------------------------------
def find_binary(name: str, *candidates: str) -> str:
    found = shutil.which(name) or next((c for c in candidates if os.access(c, os.X_OK)), None)
    if not found:
        raise ServiceMissing(f"the loopback topology needs `{name}`, which is not installed "
                             f"({PACKAGES.get(name, INSTALL_HINT)}; all of Debian's: {INSTALL_HINT})")
    return found


def _postgres_bin() -> Path:
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(find_binary("initdb", *reversed(versions))).resolve().parent


# -- nginx: the deployed configuration on loopback ------------------------------------------------------------------
def render_nginx_conf(text: str, *, listen_port: int, instance_ports: list[int]) -> str:
    """deploy/nginx.conf with the compose host names replaced by loopback ports and its temp files in the prefix.

    Fewer ports than the file has instances drops the upstream lines of the others (the benchmark's nginx in front
    of one instance: the same configuration, one server)."""
    def upstream(match: re.Match) -> str:
        indent, n, rest = match.group(1), int(match.group(2)), match.group(3)
        return f"{indent}server 127.0.0.1:{instance_ports[n - 1]}{rest}" if n <= len(instance_ports) else ""

    text, servers = re.subn(r"^( *)server assistant-(\d+):7860(.*\n)", upstream, text, flags=re.M)
    text, listens = re.subn(r"listen 80;", f"listen 127.0.0.1:{listen_port};", text)
    temp_paths = "".join(f"\n  {kind}_temp_path tmp/{kind};" for kind in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    text, https = re.subn(r"^http \{", "http {" + temp_paths, text, flags=re.M)
    if not (servers and listens == 1 and https == 1):
        raise ValueError("deploy/nginx.conf no longer has the `server assistant-N:7860`, `listen 80;` and `http {` "
                         "lines this renderer replaces")
    return text


def nginx_command(prefix: Path) -> list[str]:
    """nginx in the foreground with everything (config, pid, logs, temp files) under `prefix`."""
    return [find_binary("nginx", "/usr/sbin/nginx"), "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf"),
            "-e", str(prefix / "error.log"), "-g", f"daemon off; pid {prefix / 'nginx.pid'};"]


def write_nginx_prefix(prefix: Path, *, listen_port: int, instance_ports: list[int]) -> None:
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    (prefix / "nginx.conf").write_text(render_nginx_conf(
        NGINX_CONF.read_text(encoding="utf-8"), listen_port=listen_port, instance_ports=instance_ports))
    mime = Path("/etc/nginx/mime.types")
    (prefix / "mime.types").write_text(mime.read_text() if mime.is_file() else
                                       "types { text/html html; application/javascript js; text/css css; }\n")


# -- processes -----------------------------------------------------------------------------------------------------
@dataclass
class Process:
    """A service started in its own process group, its output in a log file; can be stopped and started again."""

    name: str
    argv: list[str]
    log: Path
    env: dict[str, str] | None = None
    cwd: Path | None = None
    process: subprocess.Popen | None = None

    def start(self) -> subprocess.Popen:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(self.argv, stdout=out, stderr=subprocess.STDOUT, env=self.env,
                                            cwd=self.cwd, start_new_session=True)
        return self.process

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> None:
        if not self.alive():
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def wait_ready(what: str, ready, process: Process | None = None, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and not process.alive():
            raise RuntimeError(f"{what} exited with {process.process.returncode}:\n{process.log_tail()}")
        try:
            if ready():
                return
        except (OSError, httpx.HTTPError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} was not ready within {timeout:.0f} s" +
                       (f":\n{process.log_tail()}" if process else ""))


def accepts_connections(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


class Postgres:
    """A throwaway PostgreSQL cluster on a Unix socket in its own folder. PostgreSQL refuses to run as root, so as
    root the cluster belongs to `nobody` and its server commands run through runuser."""

    def __init__(self, root: Path):
        self.bin = _postgres_bin()
        self.root, self.port = root, free_port()
        self.data, self.socket_dir, self.log = root / "data", root / "socket", root / "postgres.log"
        self.as_user = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://assistant@/assistant?host={self.socket_dir}&port={self.port}"

    def _run(self, *argv: str, server: bool = True) -> None:
        command = (self.as_user if server else []) + [str(self.bin / argv[0]), *argv[1:]]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}\n"
                               + (self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""))

    def create(self) -> None:
        self.socket_dir.mkdir(parents=True)
        if self.as_user:
            os.chmod(self.root, 0o755)  # mkdtemp makes it 0700: nobody must reach its folders
            shutil.chown(self.root, "nobody")
            shutil.chown(self.socket_dir, "nobody")
        self._run("initdb", "-D", str(self.data), "-U", "assistant", "--auth=trust", "-E", "UTF8", "--no-locale")
        with (self.data / "postgresql.conf").open("a") as conf:
            # Socket only (no TCP port to collide with); durability is not what these tests measure.
            conf.write(f"\nlisten_addresses = ''\nunix_socket_directories = '{self.socket_dir}'\nport = {self.port}\n"
                       "fsync = off\nfull_page_writes = off\nmax_connections = 200\n")
        self.start()
        self._run("createdb", "-h", str(self.socket_dir), "-p", str(self.port), "-U", "assistant", "assistant",
                  server=False)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")
