"""The agent settings tabs on the real window and CRM (issue 17): an admin edits the team's rules
(a bad list is refused in Russian and nothing saved is lost; a good one applies on the desk at
once) and an operator's auto-answer and transfer number; an operator gets only their own tab."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.agent.policy import AgentPolicyService, Refusal
from softphone.crm.agent.status import AgentService
from softphone.crm.auth import Role
from softphone.ui.agent.pages import AgentPolicyPage, OperatorOptionsPage
from softphone.ui.settings.dialog import SettingsDialog
from tests.ui.agent.agent_helpers import agent_of, open_agent_desk
from tests.ui.call_panel_helpers import PanelDesk, close_desk
from tests.ui.session_helpers import create_user

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def admin_desk(tmp_path: Path, qtbot) -> Iterator[PanelDesk]:
    desk = open_agent_desk(tmp_path, qtbot, Role.ADMIN)
    try:
        yield desk
    finally:
        close_desk(desk)


def open_dialog(desk: PanelDesk, qtbot) -> SettingsDialog:
    opened: list[SettingsDialog] = []
    desk.window.settings_dialog_opened.connect(opened.append)
    desk.window.open_settings()
    assert opened
    dialog = opened[-1]
    qtbot.waitUntil(lambda: not desk.runner.busy, timeout=5000)
    return dialog


def page_of(dialog: SettingsDialog, kind: type) -> object | None:
    return next((p for p in dialog.pages if isinstance(p, kind)), None)


def test_admin_edits_the_team_rules_and_a_bad_list_loses_nothing(
    admin_desk: PanelDesk, qtbot
) -> None:
    agent = agent_of(admin_desk).agent
    dialog = open_dialog(admin_desk, qtbot)
    page = page_of(dialog, AgentPolicyPage)
    assert isinstance(page, AgentPolicyPage)
    assert "Обед" in page.reasons.toPlainText()  # the seeded defaults

    page.reasons.setPlainText("  \n ")
    page.save()
    qtbot.waitUntil(lambda: "хотя бы одну причину" in page.message.text(), timeout=5000)
    assert "Обед" in AgentPolicyService(admin_desk.db).policy().break_reasons

    page.refusal.setCurrentIndex(page.refusal.findData(Refusal.UNAVAILABLE))
    page.wrap_up.setValue(12)
    page.delay.setValue(1.5)
    page.reasons.setPlainText("Обед\nСовещание\nобед")
    page.save()
    qtbot.waitUntil(lambda: agent.policy.wrap_up_s == 12, timeout=5000)
    stored = AgentPolicyService(admin_desk.db).policy()
    assert (stored.refusal, stored.wrap_up_s, stored.auto_answer_delay_ms, stored.break_reasons) \
        == (Refusal.UNAVAILABLE, 12, 1500, ("Обед", "Совещание"))
    menu = agent_of(admin_desk).control.menu
    breaks = next(a for a in menu.actions() if a.menu() is not None).menu()
    assert [a.text() for a in breaks.actions()] == ["&1 Обед", "&2 Совещание"]
    dialog.reject()


def test_operator_options_auto_answer_and_transfer_number(admin_desk: PanelDesk, qtbot) -> None:
    agent = agent_of(admin_desk).agent
    ivan = create_user(admin_desk.db, "ivan", name="Иван")
    dialog = open_dialog(admin_desk, qtbot)
    page = page_of(dialog, OperatorOptionsPage)
    assert isinstance(page, OperatorOptionsPage)
    assert page.operator.count() == 2  # an admin sets anyone's

    page.auto_answer.setChecked(True)  # their own: applies on this desk at once
    page.target.setText("101")
    page.save()
    qtbot.waitUntil(lambda: agent.options.auto_answer, timeout=5000)

    page.operator.setCurrentIndex(page.operator.findData(ivan.operator_id))
    qtbot.waitUntil(lambda: page.target.text() == "" and not page.auto_answer.isChecked(),
                    timeout=5000)
    page.target.setText("Иван Петров")
    page.save()
    qtbot.waitUntil(lambda: "не номер и не SIP-адрес" in page.message.text(), timeout=5000)
    page.target.setText("sip:ivan@pbx.office")
    page.save()
    qtbot.waitUntil(lambda: page.message.text() != "" and "не номер" not in page.message.text(),
                    timeout=5000)
    assert AgentService(admin_desk.db).options(ivan.operator_id).transfer_target \
        == "sip:ivan@pbx.office"
    assert agent.options.transfer_target == "101"  # Ivan's save did not touch this desk
    dialog.reject()


def test_an_operator_gets_only_their_own_tab(tmp_path: Path, qtbot) -> None:
    desk = open_agent_desk(tmp_path, qtbot, Role.OPERATOR)
    try:
        create_user(desk.db, "ivan", name="Иван")
        dialog = open_dialog(desk, qtbot)
        assert page_of(dialog, AgentPolicyPage) is None
        page = page_of(dialog, OperatorOptionsPage)
        assert isinstance(page, OperatorOptionsPage) and page.operator.count() == 1
        dialog.reject()
    finally:
        close_desk(desk)
