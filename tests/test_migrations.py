"""The database schema under Alembic: created at the current revision, out-of-date databases refused with the
command to run, databases of the release before migrations recognised, and the models agreeing with the
migrations (a model change without a migration fails here)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

import assistant.indexstate  # noqa: F401 - every table on the metadata
import assistant.staff  # noqa: F401
from assistant.config import Settings
from assistant.migrate import MIGRATIONS, SchemaError, current, head, upgrade
from assistant.store import Base, Store


def test_the_default_sqlite_database_is_created_at_the_current_revision(tmp_path):
    store = Store(Settings(_env_file=None, data_dir=tmp_path / "data"))
    assert current(store.engine) == head()
    assert {"conversations", "messages", "feedback", "referral_requests", "staff_users", "index_state"} <= set(
        inspect(store.engine).get_table_names())


def test_a_configured_database_that_is_not_migrated_is_refused_with_the_command(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", database_url=url)
    with pytest.raises(SchemaError, match="assistant db upgrade"):
        Store(settings)
    before, after = upgrade(create_engine(url))
    assert before is None and after == head()
    Store(settings).add_feedback("s" * 16, "up")  # works once migrated


def test_the_command_line_refuses_then_upgrades(tmp_path):
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
           "PATH": "/usr/bin:/bin"}
    run = lambda *args: subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True,  # noqa: E731
                                       text=True, timeout=300)
    refused = run("index")
    assert refused.returncode == 2 and "assistant db upgrade" in refused.stderr and "Traceback" not in refused.stderr
    assert run("db", "current").returncode == 1
    upgraded = run("db", "upgrade")
    assert upgraded.returncode == 0 and head() in upgraded.stdout
    assert run("db", "current").returncode == 0
    assert "unchanged" in run("db", "upgrade").stdout


def _alembic(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def test_a_database_of_the_release_before_migrations_keeps_its_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    # What release 0.1 made at every start (create_all of its models: the tables of revision 0001), no version.
    command.upgrade(_alembic(url), "0001")
    with engine.begin() as db:
        db.execute(text("drop table alembic_version"))
    with engine.begin() as db:
        db.execute(text("insert into conversations (session_id, language, created_at, updated_at) "
                        "values ('abcdefghijkl', 'nl', '2026-01-01 10:00:00', '2026-01-01 10:00:00')"))
    before, after = upgrade(engine)
    assert before is None and after == head()
    with engine.connect() as db:
        assert db.execute(text("select count(*) from conversations")).scalar_one() == 1


def test_the_models_agree_with_the_migrations(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'head.sqlite'}")
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": False}), Base.metadata)
    assert diff == [], f"the models changed without a migration (alembic revision --autogenerate): {diff}"


def test_the_decision_column_is_added_to_stored_messages_and_taken_out_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'decision.sqlite'}"
    engine = create_engine(url)
    command.upgrade(_alembic(url), "0001")
    with engine.begin() as db:
        db.execute(text("insert into conversations (session_id, language, created_at, updated_at) "
                        "values ('abcdefghijkl', 'nl', '2026-01-01 10:00:00', '2026-01-01 10:00:00')"))
        db.execute(text("insert into messages (session_id, role, text, route, created_at) "
                        "values ('abcdefghijkl', 'assistant', 'Een antwoord', 'answer', '2026-01-01 10:00:00')"))
    upgrade(engine)
    with engine.connect() as db:  # an answer stored before 0002 keeps its row, without a decision
        assert db.execute(text("select text, decision from messages")).one() == ("Een antwoord", None)
    command.downgrade(_alembic(url), "0001")
    assert "decision" not in {c["name"] for c in inspect(engine).get_columns("messages")}
    with engine.connect() as db:
        assert db.execute(text("select count(*) from messages")).scalar_one() == 1
