"""The CRM features of a desk with a database, installed in one place and in screen order.

Each feature's setup lives in its own package and receives the `Desk`; this module only says
which features a desk gets and keeps what they return. Imports are lazy: a desk without a
database never loads the CRM's screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from softphone.ui.desk import Desk

if TYPE_CHECKING:
    from softphone.ui.admin.setup import AdminPages
    from softphone.ui.caller.setup import CallPanels
    from softphone.ui.documents.panel import DocumentsPanel
    from softphone.ui.kb.panel import KnowledgeBasePanel
    from softphone.ui.kb.setup import KbEditorLauncher
    from softphone.ui.queue.setup import QueueSetup
    from softphone.ui.reports.window import ReportsLauncher


@dataclass(frozen=True)
class CrmFeatures:
    kb_panel: KnowledgeBasePanel
    call_panels: CallPanels
    queue: QueueSetup
    documents: DocumentsPanel
    reports: ReportsLauncher
    admin: AdminPages | None  # with a signed-in person only
    kb_editor: KbEditorLauncher | None


def install_crm_features(desk: Desk) -> CrmFeatures:
    from softphone.crm.kb.service import KnowledgeBaseService
    from softphone.ui.admin.setup import install_admin_pages
    from softphone.ui.caller.setup import install_call_panels
    from softphone.ui.documents.setup import install_order_panel
    from softphone.ui.kb.panel import KnowledgeBasePanel
    from softphone.ui.kb.setup import install_kb_editor
    from softphone.ui.queue.setup import install_queue_panel
    from softphone.ui.reports.window import install_reports

    kb_panel = KnowledgeBasePanel(KnowledgeBaseService(desk.db), desk.runner, desk.window.owner)
    desk.window.add_side_panel(kb_panel, kb_panel.title())
    call_panels = install_call_panels(desk)
    queue = install_queue_panel(desk)
    documents = install_order_panel(desk)
    reports = install_reports(desk)
    signed_in = desk.principal is not None
    return CrmFeatures(
        kb_panel=kb_panel,
        call_panels=call_panels,
        queue=queue,
        documents=documents,
        reports=reports,
        admin=install_admin_pages(desk) if signed_in else None,
        kb_editor=install_kb_editor(desk) if signed_in else None,
    )
