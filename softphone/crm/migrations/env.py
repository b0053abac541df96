"""Alembic environment: runs on the connection softphone.crm.migrate hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from softphone.crm.customers.index import is_search_index
from softphone.crm.kb.models import is_index_table
from softphone.crm.models import Base

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs table rebuilds for most ALTERs
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Autogenerate leaves the dialect-specific full-text indexes alone."""
    return not (type_ == "table" and is_index_table(name)) and not is_search_index(name, type_)


def run() -> None:
    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=target_metadata,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    # Only reached when someone runs the alembic CLI by hand with sqlalchemy.url set.
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _configure_and_run(conn)
    engine.dispose()


run()
