"""The database schema is versioned with Alembic (assistant/migrations, shipped inside the package).

`assistant db upgrade` brings a database to the schema this release needs. Servers and the indexer check the
revision at start and refuse an out-of-date database with that command, so an upgrade is always a deliberate step.
One exception keeps the first start a single command: the embedded SQLite database under the data dir (the
default, owned by this one process) is created at the current revision when it does not exist yet.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from assistant.config import Settings

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LEGACY_TABLES = {"conversations", "messages", "feedback", "referral_requests"}  # made by create_all before 0001
_checked: set[str] = set()
_lock = threading.Lock()


class SchemaError(RuntimeError):
    """The database is not at the schema this release needs; the message gives the command to run."""


def _config(url: str, connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config("sqlite://")).get_current_head()


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to the head revision; (revision before, revision after). A database made by an
    earlier release without migrations (its tables, no version) is recognised as revision 0001 first."""
    from alembic import command

    before = current(engine)
    with engine.begin() as connection:
        config = _config(str(engine.url), connection)
        tables = set(inspect(connection).get_table_names())
        if before is None and _LEGACY_TABLES <= tables:
            command.stamp(config, "0001")
            log.info("database made before migrations: recognised as revision 0001")
        command.upgrade(config, "head")
    _checked.discard(str(engine.url))
    return before, current(engine) or ""


def _is_default_sqlite(settings: Settings) -> bool:
    return settings.database_url is None


def ensure_current(engine: Engine, settings: Settings) -> None:
    """Refuse a database that is not at the head revision, saying what to run (checked once per process and URL).
    The default embedded SQLite database is created (or brought up to date) here instead."""
    key = str(engine.url)
    if key in _checked:
        return
    with _lock:
        if key in _checked:
            return
        revision, wanted = current(engine), head()
        if revision != wanted:
            if _is_default_sqlite(settings):
                before, _ = upgrade(engine)
                if before is not None:
                    log.info("database schema upgraded from %s to %s", before, wanted)
            else:
                where = engine.url.render_as_string(hide_password=True)
                state = f"at revision {revision}" if revision else "not set up (no schema version)"
                raise SchemaError(f"The database {where} is {state}; this release needs revision {wanted}. "
                                  "Run `assistant db upgrade` (with the same ASSISTANT_DATABASE_URL), then start again.")
        _checked.add(key)
