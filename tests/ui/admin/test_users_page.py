"""The admin's «Пользователи» tab in the real window's settings dialog (SQLite): edit a user's
name for the script, role, transfer number and state, reset a password; bad input gets the
CRM's Russian message and changes nothing. Operators get no such tab."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from softphone.crm.auth import Role, SignInFailed, UserService
from softphone.crm.auth.profiles import ProfileService
from softphone.crm.db import Database
from softphone.ui.admin.users_page import UsersPage
from softphone.ui.settings.dialog import SettingsDialog
from tests.ui.call_panel_helpers import PanelDesk, close_desk, open_desk
from tests.ui.session_helpers import PASSWORD, create_user, principal_of

pytestmark = pytest.mark.timeout(90)


def _anna(db: Database) -> None:
    create_user(db, "anna", Role.OPERATOR, name="Аня")


@pytest.fixture
def admin_desk(tmp_path: Path, qtbot) -> Iterator[PanelDesk]:
    desk = open_desk(f"sqlite:///{tmp_path / 'crm.sqlite3'}", tmp_path, qtbot, role=Role.ADMIN,
                     seed=_anna, all_features=True)
    try:
        yield desk
    finally:
        close_desk(desk)


def _settings(desk: PanelDesk, qtbot) -> SettingsDialog:
    desk.window.open_settings()
    dialog = desk.window.findChild(SettingsDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    return dialog


def _profile(desk: PanelDesk, login: str = "anna"):
    admin = principal_of(desk.db, "admin")
    return {p.login: p for p in ProfileService(desk.db, admin).list()}[login]


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_admin_edits_a_user_in_the_users_tab(admin_desk: PanelDesk, qtbot) -> None:
    desk = admin_desk
    dialog = _settings(desk, qtbot)
    page = next(p for p in dialog.pages if isinstance(p, UsersPage))
    dialog.tabs.setCurrentWidget(page)
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Users"
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=5000)
    logins = [page.table.item(r, 0).text() for r in range(2)]
    assert logins == ["admin", "anna"]
    page.table.setCurrentCell(1, 0)
    assert page.login.text() == "anna" and page.name.text() == "Аня"

    page.name.setText("   ")  # bad input: the CRM's message, nothing saved
    page.role.setCurrentIndex(page.role.findData(Role.SUPERVISOR.value))
    _click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: "Укажите имя" in page.message.text(), timeout=5000)
    assert _profile(desk).display_name == "Аня" and _profile(desk).role is Role.OPERATOR
    page.name.setText("Анна")
    page.target.setText("позвоните Ане")
    _click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: "не номер и не SIP-адрес" in page.message.text(), timeout=5000)
    assert _profile(desk).transfer_target == ""

    page.target.setText("104")
    _click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: page.message.text() == "Saved: anna", timeout=5000)
    saved = _profile(desk)
    assert (saved.display_name, saved.role, saved.transfer_target) == (
        "Анна", Role.SUPERVISOR, "104")
    qtbot.waitUntil(lambda: page.table.item(1, 1).text() == "Анна", timeout=5000)
    assert page.table.item(1, 3).text() == "104" and page.login.text() == "anna"
    # the script's «Меня зовут …» takes the profile's name at her next sign-in
    assert UserService(desk.db).sign_in("anna", PASSWORD).display_name == "Анна"

    page.active.setChecked(False)
    _click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: not _profile(desk).active, timeout=5000)
    with pytest.raises(SignInFailed):
        UserService(desk.db).sign_in("anna", PASSWORD)
    qtbot.waitUntil(lambda: page.table.item(1, 4).text() == "disabled", timeout=5000)
    page.active.setChecked(True)
    _click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: _profile(desk).active, timeout=5000)

    page.password.setText("123")
    _click(qtbot, page.reset_button)
    qtbot.waitUntil(lambda: "не короче" in page.message.text(), timeout=5000)
    page.password.setText("новый пароль Анны 7")
    _click(qtbot, page.reset_button)
    qtbot.waitUntil(lambda: "was changed" in page.message.text(), timeout=10_000)
    assert page.password.text() == ""
    assert UserService(desk.db).sign_in("anna", "новый пароль Анны 7").login == "anna"

    page.table.setCurrentCell(0, 0)  # oneself: not disabled by accident
    assert page.login.text() == "admin"
    page.active.setChecked(False)
    _click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: "собственную" in page.message.text(), timeout=5000)
    assert _profile(desk, "admin").active
    dialog.reject()


def test_operators_get_no_users_tab(tmp_path: Path, qtbot) -> None:
    desk = open_desk(f"sqlite:///{tmp_path / 'crm.sqlite3'}", tmp_path, qtbot, all_features=True)
    try:
        dialog = _settings(desk, qtbot)
        assert not any(isinstance(p, UsersPage) for p in dialog.pages)
        dialog.reject()
    finally:
        close_desk(desk)
