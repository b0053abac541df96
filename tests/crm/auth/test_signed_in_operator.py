"""The signed-in person is the operator of the calls the desk logs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from softphone.crm.auth import Role, UserService, start_session
from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.crm.models import Interaction

PASSWORD = "пароль для теста"


def test_calls_are_logged_for_the_signed_in_operator(database: Database) -> None:
    calls = CallLogService(database)
    at = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

    def log_one() -> int:
        record = calls.record_call(
            inbound=True,
            remote="+79161234567",
            display_name="",
            started_at=at,
            answered_at=at,
            ended_at=at + timedelta(minutes=2),
        )
        return record.id

    before = log_one()  # no sign-in yet: nobody
    UserService(database).create("admin", PASSWORD, Role.ADMIN)
    admin = UserService(database).sign_in("admin", PASSWORD)
    UserService(database, admin).create("anna", PASSWORD, Role.OPERATOR)
    anna = UserService(database).sign_in("anna", PASSWORD)
    start_session(database, anna)
    after = log_one()
    with database.session() as session:
        owners = dict(session.execute(select(Interaction.id, Interaction.operator_id)).all())
    assert owners[before] is None and owners[after] == anna.operator_id
