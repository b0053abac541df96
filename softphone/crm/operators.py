"""Operators: who worked a call; the script greets the caller in the operator's name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from softphone.crm.db import Database
from softphone.crm.folding import clean
from softphone.crm.models import Operator


@dataclass(frozen=True)
class OperatorInfo:
    id: int
    login: str
    full_name: str
    display_name: str


def _info(row: Operator) -> OperatorInfo:
    return OperatorInfo(row.id, row.login, row.full_name, row.display_name)


class OperatorService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def ensure(self, login: str, *, full_name: str = "", display_name: str = "") -> OperatorInfo:
        """The operator with this login, created on first sign-in (race-safe like customers)."""
        login, full_name, display_name = clean(login).strip(), clean(full_name), clean(display_name)
        if not login:
            raise ValueError("Не указан логин оператора")
        with self._db.session(write=True) as session:
            query = select(Operator).where(Operator.login == login)
            row = session.execute(query).scalar_one_or_none()
            if row is None:
                try:
                    with session.begin_nested():
                        row = Operator(
                            login=login,
                            full_name=full_name.strip(),
                            display_name=display_name.strip() or full_name.strip() or login,
                        )
                        session.add(row)
                        session.flush()
                except IntegrityError:
                    row = session.execute(query).scalar_one()
            return _info(row)

    def list(self) -> list[OperatorInfo]:
        with self._db.session() as session:
            rows = session.execute(select(Operator).order_by(Operator.login)).scalars()
            return [_info(r) for r in rows]
