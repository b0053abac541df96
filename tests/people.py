"""Who is signed in, for CRM, report and coaching tests: an operator row and its Principal."""

from __future__ import annotations

from softphone.crm.auth import Principal, Role
from softphone.crm.db import Database
from softphone.crm.operators import OperatorService


def person(db: Database, login: str, name: str, role: Role) -> Principal:
    operator = OperatorService(db).ensure(login, display_name=name)
    return Principal(operator.id, operator.id, login, name, role)


def team(db: Database) -> dict[str, Principal]:
    """Two operators, a supervisor and an admin."""
    return {
        "anna": person(db, "anna", "Анна", Role.OPERATOR),
        "ivan": person(db, "ivan", "Иван", Role.OPERATOR),
        "boss": person(db, "boss", "Ольга", Role.SUPERVISOR),
        "admin": person(db, "admin", "Админ", Role.ADMIN),
    }
