"""Alembic environment: the application's tables (assistant.store, assistant.staff, assistant.indexstate) on the
URL the caller put in the config (`assistant db upgrade` passes the settings' database URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import assistant.indexstate  # noqa: F401 - the index state table
import assistant.staff  # noqa: F401 - staff accounts, service tokens, audit trail
from assistant.store import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # handed in by assistant.migrate
        _run(connection)
        return
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(connection)


def _run(connection) -> None:
    # render_as_batch: SQLite alters tables by copying them; PostgreSQL alters in place
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
