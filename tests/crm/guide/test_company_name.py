"""The company name the script says: one for the whole CRM, changed only by who edits the guide."""

from __future__ import annotations

import pytest

from softphone.crm.auth.audit import AuditService
from softphone.crm.auth.roles import PermissionDenied, Principal, Role
from softphone.crm.db import Database
from softphone.crm.guide.company import CompanyNameError, CompanyService


def test_unset_then_set_trimmed_then_cleared(database: Database) -> None:
    company = CompanyService(database)
    assert company.name() == ""
    assert company.set_name("  Связь\tПлюс \x07") == "Связь Плюс"
    assert CompanyService(database).name() == "Связь Плюс"  # another desk reads the same
    assert company.set_name("Связь Плюс") == "Связь Плюс"  # unchanged: nothing to write
    with pytest.raises(CompanyNameError, match="длиннее 255"):
        company.set_name("Я" * 256)
    assert company.name() == "Связь Плюс"  # a refused name changes nothing
    company.set_name("")
    assert company.name() == ""
    boss = Principal(1, 1, "admin", "Админ", Role.ADMIN)
    actions = [e.action for e in AuditService(database).entries(boss)]
    assert actions.count("company.name") == 2


def test_an_operator_cannot_rename_the_company(database: Database) -> None:
    CompanyService(database).set_name("Связь Плюс")
    anna = Principal(3, 3, "anna", "Анна", Role.OPERATOR)
    with pytest.raises(PermissionDenied, match="изменять скрипт"):
        CompanyService(database, anna).set_name("Другая")
    assert CompanyService(database, anna).name() == "Связь Плюс"
