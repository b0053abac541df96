"""The company's name in the call script, one for the whole CRM: «компания «{company}»» says
the same on every desk, and an admin changes it in one place.

Reading is open to every desk (the script needs it for every call); changing it is part of
editing the call guide, so it needs Permission.EDIT_CALL_GUIDE and is written to the audit log.
"""

from __future__ import annotations

from sqlalchemy import select

from softphone.crm.auth import audit
from softphone.crm.auth.roles import Permission, Principal, require
from softphone.crm.db import Database
from softphone.crm.folding import clean
from softphone.crm.models.guide import CompanySettings

MAX_NAME = 255


class CompanyNameError(ValueError):
    """The name cannot be stored; the message is shown to the admin as is."""


class CompanyService:
    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        self._db, self._principal = db, principal

    def name(self) -> str:
        """The CRM-wide company name; "" while no admin has set one."""
        with self._db.session() as session:
            row = session.scalar(select(CompanySettings).where(CompanySettings.id == 1))
            return row.company_name if row is not None else ""

    def set_name(self, name: str) -> str:
        """Store the name (spaces and control characters trimmed); "" clears it."""
        who = require(self._principal, Permission.EDIT_CALL_GUIDE, db=self._db)
        cleaned = " ".join(clean(name).split())
        if len(cleaned) > MAX_NAME:
            raise CompanyNameError(f"Название компании длиннее {MAX_NAME} символов")
        with self._db.session(write=True) as session:
            row = session.get(CompanySettings, 1)
            if row is None:
                row = CompanySettings(id=1, company_name=cleaned)
                session.add(row)
            elif row.company_name == cleaned:
                return cleaned
            row.company_name = cleaned
            audit.write(session, who, "company.name", cleaned)
        return cleaned
