"""Operators are created on first sign-in and found again by login."""

from __future__ import annotations

import pytest

from softphone.crm.db import Database
from softphone.crm.operators import OperatorService


def test_ensure_creates_once_and_lists(database: Database) -> None:
    service = OperatorService(database)
    anna = service.ensure("a.sokolova", full_name="Соколова Анна Сергеевна", display_name="Анна")
    again = service.ensure(" a.sokolova ", full_name="другое")
    assert again == anna
    oleg = service.ensure("o.petrov", full_name="Петров Олег")
    assert oleg.display_name == "Петров Олег"
    assert [o.login for o in service.list()] == ["a.sokolova", "o.petrov"]
    with pytest.raises(ValueError, match="логин"):
        service.ensure("  ")
