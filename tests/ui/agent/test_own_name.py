"""An operator names themself for the script in the «Оператор» tab of the real window (SQLite):
the profile keeps it, the running script says it at once, bad input gets a Russian message and
changes nothing; an admin's tab shows the name field only for their own row."""

from __future__ import annotations

from pathlib import Path

import pytest

from softphone.crm.auth import Role, UserService
from softphone.ui.agent.pages import OperatorOptionsPage
from tests.ui.agent.agent_helpers import open_agent_desk
from tests.ui.agent.test_agent_pages import open_dialog, page_of
from tests.ui.call_panel_helpers import close_desk
from tests.ui.session_helpers import PASSWORD, create_user

pytestmark = pytest.mark.timeout(60)


def test_an_operator_sets_their_own_name_for_the_script(tmp_path: Path, qtbot) -> None:
    desk = open_agent_desk(tmp_path, qtbot, Role.OPERATOR)
    try:
        script = desk.panels.script
        assert script.values["operator"] == "Анна"  # the desk's setting: the profile has none
        dialog = open_dialog(desk, qtbot)
        page = page_of(dialog, OperatorOptionsPage)
        assert isinstance(page, OperatorOptionsPage)
        assert page.own_name.isVisibleTo(page) and page.own_name.text() == "operator"

        page.own_name.setText("  ")
        page.save()
        qtbot.waitUntil(lambda: "Укажите имя" in page.message.text(), timeout=5000)
        assert script.values["operator"] == "Анна"

        page.own_name.setText("Мария")
        page.save()
        qtbot.waitUntil(lambda: script.values["operator"] == "Мария", timeout=5000)
        assert page.message.text() == "Saved."
        assert UserService(desk.db).sign_in("operator", PASSWORD).display_name == "Мария"
        dialog.reject()
    finally:
        close_desk(desk)


def test_an_admin_sees_the_name_field_only_on_their_own_row(tmp_path: Path, qtbot) -> None:
    desk = open_agent_desk(tmp_path, qtbot, Role.ADMIN)
    try:
        ivan = create_user(desk.db, "ivan", name="Иван")
        dialog = open_dialog(desk, qtbot)
        page = page_of(dialog, OperatorOptionsPage)
        assert isinstance(page, OperatorOptionsPage)
        assert page.own_name.isVisibleTo(page)
        page.operator.setCurrentIndex(page.operator.findData(ivan.operator_id))
        assert not page.own_name.isVisibleTo(page)  # others' names: the «Пользователи» tab
        dialog.reject()
    finally:
        close_desk(desk)
