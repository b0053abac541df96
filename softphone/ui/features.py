"""The CRM features of a desk with a database, installed in one place and in screen order.

Each feature's setup lives in its own package and receives the `Desk`; this module only says
which features a desk gets and keeps what they return. Imports are lazy: a desk without a
database never loads the CRM's screens.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from softphone.ui.desk import Desk

if TYPE_CHECKING:
    from softphone.sip.events import CallInfo
    from softphone.ui.admin.setup import AdminPages
    from softphone.ui.agent.setup import AgentSetup
    from softphone.ui.caller.setup import CallPanels
    from softphone.ui.coaching.controller import CoachController
    from softphone.ui.documents.panel import DocumentsPanel
    from softphone.ui.kb.panel import KnowledgeBasePanel
    from softphone.ui.kb.setup import KbEditorLauncher
    from softphone.ui.queue.setup import QueueSetup
    from softphone.ui.reports.window import ReportsLauncher
    from softphone.ui.workspace.setup import WorkspaceSetup


@dataclass(frozen=True)
class CrmFeatures:
    kb_panel: KnowledgeBasePanel
    call_panels: CallPanels
    queue: QueueSetup
    documents: DocumentsPanel
    reports: ReportsLauncher
    admin: AdminPages | None  # with a signed-in person only
    kb_editor: KbEditorLauncher | None
    workspace: WorkspaceSetup | None = None
    agent: AgentSetup | None = None  # with a signed-in person only
    coaching: CoachController | None = None

    def catch_up(self, calls: list[CallInfo]) -> None:
        """Calls that began before the CRM was installed (the app installs it after the
        window is up): pop the card and the documents for the live one, as a signal would."""
        from softphone.sip.events import CallState

        live = [call for call in calls if call.state is not CallState.DISCONNECTED]
        if not live:
            return
        call = next((c for c in live if c.state is CallState.CONFIRMED), live[-1])
        self.call_panels.pop(call)
        self.documents.set_caller(call)
        if self.workspace is not None:
            self.workspace.enter()  # the call's workspace, as its ring would have shown it


def install_crm_features(desk: Desk) -> CrmFeatures:
    """Everything at once (tests, tools); the app uses crm_feature_steps between events."""
    steps = crm_feature_steps(desk)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            features: CrmFeatures = done.value
            return features


def crm_feature_steps(desk: Desk) -> Generator[None, None, CrmFeatures]:
    """Install the features one by one in screen order, yielding between them so the caller
    can let the event loop run (the window stays responsive); returns what they gave."""
    from softphone.crm.kb.service import KnowledgeBaseService
    from softphone.ui.kb.panel import KnowledgeBasePanel

    kb_panel = KnowledgeBasePanel(KnowledgeBaseService(desk.db), desk.runner, desk.window.owner)
    desk.window.add_side_panel(kb_panel, kb_panel.title())
    yield
    from softphone.ui.caller.setup import install_call_panels

    call_panels = install_call_panels(desk)
    yield
    from softphone.ui.queue.setup import install_queue_panel

    queue = install_queue_panel(desk)
    yield
    from softphone.ui.documents.setup import install_order_panel

    documents = install_order_panel(desk)
    yield
    from softphone.ui.workspace.panes import call_side
    from softphone.ui.workspace.setup import install_workspace

    workspace = install_workspace(desk, call_side(kb_panel, call_panels, documents))
    yield
    from softphone.ui.reports.window import install_reports

    reports = install_reports(desk)
    yield
    from softphone.ui.coaching.setup import install_coaching

    coaching = install_coaching(desk)
    signed_in = desk.principal is not None
    admin = kb_editor = agent = None
    if signed_in:
        yield
        from softphone.ui.agent.setup import install_agent

        agent = install_agent(desk, call_panels.wrapup.saved)
        # one after-call work: the agent status's, counted down on the wrap-up form too
        call_panels.wrapup.follow_after_call_work(agent.agent.seconds_left, agent.agent.changed)
        # an operator's new name for the script («Оператор» tab) is said from the next greeting
        agent.agent.name_saved.connect(
            lambda _name: call_panels.apply_settings(desk.settings.call_center)
        )
        yield
        from softphone.ui.admin.setup import install_admin_pages
        from softphone.ui.kb.setup import install_kb_editor

        admin = install_admin_pages(desk)
        kb_editor = install_kb_editor(desk)
    from softphone.ui.widgets.accessible import name_controls

    name_controls(desk.window.owner)  # fields named by their labels, placeholders, tooltips
    return CrmFeatures(
        kb_panel=kb_panel,
        call_panels=call_panels,
        queue=queue,
        documents=documents,
        reports=reports,
        admin=admin,
        kb_editor=kb_editor,
        workspace=workspace,
        agent=agent,
        coaching=coaching,
    )
