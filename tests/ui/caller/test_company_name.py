"""The company name in the script is the CRM's: an admin changes it on the settings page once
for every desk; an operator's page shows it read-only; a desk's own setting is the fallback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.auth import Role
from softphone.crm.db import Database
from softphone.crm.guide.company import CompanyService
from softphone.settings import Settings
from softphone.ui.caller.settings_page import CallCenterPage
from softphone.ui.settings.dialog import SettingsDialog
from tests.ui.call_panel_helpers import PanelDesk, close_desk, open_desk

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def admin_desk(tmp_path: Path, qtbot) -> Iterator[PanelDesk]:
    desk = open_desk(f"sqlite:///{tmp_path / 'crm.sqlite3'}", tmp_path, qtbot, role=Role.ADMIN)
    try:
        yield desk
    finally:
        close_desk(desk)


def script_text(desk: PanelDesk) -> str:
    return desk.panels.script.view.toPlainText()


def test_the_admin_names_the_company_for_every_desk(admin_desk: PanelDesk, qtbot) -> None:
    desk = admin_desk
    assert "компания «Связь Плюс»" in script_text(desk)  # no CRM name yet: the desk's own
    desk.window.open_settings()
    dialog = desk.window.findChild(SettingsDialog)
    page = next(p for p in dialog.pages if isinstance(p, CallCenterPage))
    assert not page.company_edit.isReadOnly()
    page.company_edit.setText("  Ромашка ")
    assert dialog.save()
    dialog.close()
    qtbot.waitUntil(lambda: "компания «Ромашка»" in script_text(desk), timeout=5000)
    assert CompanyService(desk.db).name() == "Ромашка"  # in the CRM, for every desk
    assert Settings.load(desk.window.settings.path).call_center.company == "Связь Плюс"


def test_a_desk_says_the_crm_name_over_its_own(tmp_path: Path, qtbot) -> None:
    def named(db: Database) -> None:
        CompanyService(db).set_name("Ромашка")

    desk = open_desk(f"sqlite:///{tmp_path / 'crm.sqlite3'}", tmp_path, qtbot, seed=named)
    try:
        qtbot.waitUntil(lambda: "компания «Ромашка»" in script_text(desk), timeout=5000)
        desk.window.open_settings()
        dialog = desk.window.findChild(SettingsDialog)
        page = next(p for p in dialog.pages if isinstance(p, CallCenterPage))
        assert page.company_edit.text() == "Ромашка" and page.company_edit.isReadOnly()
        dialog.close()
    finally:
        close_desk(desk)
