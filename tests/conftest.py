"""Shared fixtures: settings pointing at a temp data dir, and one real assistant over the real knowledge."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from filelock import FileLock

# Test modules import helpers from these before pytest_plugins would load it; its asserts still get rewritten.
pytest.register_assert_rewrite("browser_pages", "web_server")

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.config import PROJECT_ROOT, Settings  # noqa: E402
from assistant.providers import wait_for_questions  # noqa: E402


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh data dir; knowledge and prompts are the project's own."""
    return Settings(_env_file=None, data_dir=tmp_path / "data")


def _indexed(data: Path):
    from assistant.pipeline import Assistant

    assistant = Assistant(Settings(_env_file=None, data_dir=data, knowledge_dir=PROJECT_ROOT / "knowledge"))
    assistant.index()
    assistant.warm_up()
    # The question encoder is exported in the background (assistant.query_encoder): wait for it, so that the tests
    # that copy this data dir copy the finished model, never a half-written temporary file (CI saw that race).
    wait_for_questions(assistant.embeddings)
    return assistant


@pytest.fixture(scope="session")
def indexed_assistant(tmp_path_factory):
    """A real Assistant over the real knowledge base, indexed once per test session. With `pytest -n 2` (make
    test) the first worker builds the index under a lock and the other starts from a copy of it: each worker has a
    data dir of its own, and the knowledge is embedded once."""
    from assistant.pipeline import Assistant

    data = tmp_path_factory.mktemp("indexed") / "data"
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _indexed(data)
    shared = tmp_path_factory.getbasetemp().parent / "shared-index"
    with FileLock(str(shared) + ".lock"):
        if not (shared / "done").exists():
            _indexed(shared / "data")
            (shared / "done").touch()
    shutil.copytree(shared / "data", data, ignore=shutil.ignore_patterns("*.lock", "*.tmp"))
    assistant = Assistant(Settings(_env_file=None, data_dir=data, knowledge_dir=PROJECT_ROOT / "knowledge"))
    assistant.warm_up()
    return assistant


@pytest.fixture(scope="module")
def ask(indexed_assistant):
    """`ask(question)` on the shared assistant, each question answered once per test module."""
    cache: dict = {}

    def _ask(question: str):
        if question not in cache:
            cache[question] = indexed_assistant.ask(question)
        return cache[question]

    return _ask


@pytest.fixture(scope="session")
def passage_assistant(indexed_assistant):
    """The same index answered without cards (ASSISTANT_ANSWER_CARDS=false): the quoting answerer alone."""
    from assistant.pipeline import Assistant

    settings = indexed_assistant.settings.model_copy(update={"answer_cards": False})
    assistant = Assistant(settings)
    assistant.warm_up()
    return assistant


@pytest.fixture(scope="module")
def passage_ask(passage_assistant):
    """`passage_ask(question)`: like `ask`, answered from passages only."""
    cache: dict = {}

    def _ask(question: str):
        if question not in cache:
            cache[question] = passage_assistant.ask(question)
        return cache[question]

    return _ask


def pytest_addoption(parser):
    parser.addoption("--topology", action="store_true", default=False,
                     help="also run the tests marked `topology`: PostgreSQL, Redis, Chroma's server and two instances "
                          "behind nginx on loopback (tests/topology.py; same as ASSISTANT_TEST_TOPOLOGY=1)")
