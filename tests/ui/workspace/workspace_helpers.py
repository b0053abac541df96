"""The call workspace tests' desk: the real window with every CRM feature, a known customer
(Наталья, a VIP) and the operator Анна by her profile; sipp calls come from
tests/ui/call_panel_helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from softphone.crm.auth import Role
from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from tests.ui.call_panel_helpers import PanelDesk, close_desk, open_desk
from tests.ui.session_helpers import create_user

NUMBER = "+79161234567"


def known_customer(db: Database) -> None:
    """Наталья, a customer; and the desk's operator, whose profile says her name is Анна."""
    create_user(db, "operator", Role.OPERATOR, name="Анна")
    CustomerService(db).create_for_number(
        NUMBER, address_as="Наталья", full_name="Соколова Наталья Андреевна",
        notes="Постоянный клиент, тариф «Домашний 500»", vip=True,
    )


@contextmanager
def workspace_desk(tmp_path: Path, qtbot: Any,
                   seed: Callable[[Database], object] = known_customer) -> Iterator[PanelDesk]:
    """Every feature installed as the app does; the script's names come from the CRM and the
    profile (the desk's own operator name is left empty)."""
    desk = open_desk(f"sqlite:///{tmp_path / 'crm.sqlite3'}", tmp_path, qtbot, seed=seed,
                     all_features=True, operator_name="")
    try:
        yield desk
    finally:
        close_desk(desk)
