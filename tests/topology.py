"""The `topology` fixture: the distributed deployment on loopback of bench/loopback.py (Debian's PostgreSQL, Redis and
nginx, Chroma's server, two `assistant serve` instances behind nginx), with the web_server plugin's admin token,
CORS origin, low rate limit and upload size, in a temporary folder, for the whole session.

Use from a test module with `pytest_plugins = ["topology"]` and the `topology` fixture. It runs only with
`pytest --topology` (or ASSISTANT_TEST_TOPOLOGY=1); without it the tests that use it are skipped. With it, a missing
service binary is a failure that says what to install.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest

from bench.loopback import Topology, build, start, stop
from bench.loopback_services import INSTALL_HINT, ServiceMissing
from web_server import ADMIN_TOKEN, ALLOWED_ORIGIN, MAX_UPLOAD_BYTES, RATE_LIMIT, WIDGET_SITE_ORIGIN
SETTINGS_ENV = {
    "ASSISTANT_ADMIN_TOKEN": ADMIN_TOKEN,
    "ASSISTANT_CORS_ORIGINS": json.dumps([ALLOWED_ORIGIN, WIDGET_SITE_ORIGIN]),
    "ASSISTANT_RATE_LIMIT": RATE_LIMIT,
    "ASSISTANT_MAX_UPLOAD_BYTES": str(MAX_UPLOAD_BYTES),
}


def enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("--topology", default=False)) or os.environ.get("ASSISTANT_TEST_TOPOLOGY") == "1"


@pytest.fixture(scope="session")
def topology(request, tmp_path_factory) -> Iterator[Topology]:
    """The whole distributed deployment on loopback (see the module docstring); stopped at the end of the session."""
    if not enabled(request.config):
        pytest.skip("the distributed topology runs only with --topology or ASSISTANT_TEST_TOPOLOGY=1 "
                    f"(needs {INSTALL_HINT})")
    try:
        topology = build(tmp_path_factory.mktemp("topology"), SETTINGS_ENV)
    except ServiceMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        start(topology)
        yield topology
    finally:
        stop(topology)
