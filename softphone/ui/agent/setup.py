"""Installs the agent status on a signed-in desk: the control in the status bar (F9), the
engine's refusal policy, after-call work, auto-answer, and the settings tabs.

The wrap-up's `saved` signal comes in as a parameter (the caller feature owns the wrap-up), so
this package needs no other feature's modules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, SignalInstance

from softphone.crm.agent.policy import AgentPolicyService
from softphone.crm.agent.status import AgentService
from softphone.crm.auth import Permission, signed_in, start_session
from softphone.crm.auth.profiles import ProfileService
from softphone.crm.operators import OperatorInfo, OperatorService
from softphone.ui.agent.auto_answer import AutoAnswer
from softphone.ui.agent.colleagues import ColleagueList
from softphone.ui.agent.desk_status import AgentDesk
from softphone.ui.agent.status_control import StatusControl
from softphone.ui.desk import Desk

if TYPE_CHECKING:
    from softphone.ui.settings.dialog import SettingsDialog


@dataclass(frozen=True)
class AgentSetup:
    agent: AgentDesk
    control: StatusControl
    auto_answer: AutoAnswer
    colleagues: ColleagueList
    services: tuple[AgentService, AgentPolicyService]


def install_agent(desk: Desk, wrap_up_saved: SignalInstance | None = None) -> AgentSetup:
    principal = desk.principal
    if principal is None:
        raise ValueError("the agent status needs a signed-in operator")
    agents = AgentService(desk.db, principal)
    policies = AgentPolicyService(desk.db, principal)
    owner = desk.window.owner
    agent = AgentDesk(desk.bridge, desk.runner, agents, policies, owner,
                      operator_id=principal.operator_id, link=desk.window.crm_link)
    agent.failed.connect(desk.window.show_error)
    control = StatusControl(agent)
    desk.window.add_status_widget(control)
    auto = AutoAnswer(desk.bridge, agent, owner)
    colleagues = ColleagueList(agents, desk.runner, owner)
    if desk.window.offer_colleagues is not None:
        desk.window.offer_colleagues(colleagues.offered)
    if wrap_up_saved is not None:
        wrap_up_saved.connect(agent.wrap_up_saved)
    app = QCoreApplication.instance()
    if app is not None:  # the time after closing is not working time
        app.aboutToQuit.connect(agent.go_offline)

    def own_name_saved(name: str) -> None:
        """The session's principal carries the new name (the script reads it from there)."""
        current = signed_in(desk.db) or principal
        start_session(desk.db, replace(current, display_name=name))
        agent.name_saved.emit(name)

    def add_pages(dialog: SettingsDialog) -> None:
        from softphone.ui.agent.pages import AgentPolicyPage, OperatorOptionsPage

        manages_users = principal.can(Permission.MANAGE_USERS)
        operators = OperatorService(desk.db)

        def listed() -> list[OperatorInfo]:
            everyone = operators.list()
            return everyone if manages_users else [
                o for o in everyone if o.id == principal.operator_id]

        profiles = ProfileService(desk.db, principal)
        page = OperatorOptionsPage(agents, desk.runner, listed, principal.operator_id,
                                   agent.options_saved,
                                   save_own_name=profiles.set_own_display_name)
        page.saved.connect(colleagues.refresh)
        page.name_saved.connect(own_name_saved)
        dialog.add_page(page)
        if principal.can(Permission.MANAGE_SERVICE_LEVELS):
            dialog.add_page(AgentPolicyPage(policies, desk.runner, agent.policy_saved))

    desk.window.settings_opened.connect(add_pages)
    agent.load()
    return AgentSetup(agent, control, auto, colleagues, (agents, policies))
