"""Puts the "Orders" tab (order and application forms, finding documents) into the window.

The desk's operator is the signed-in login (as for the request queue). Calls pre-fill the
forms: an incoming call when it rings, an outgoing one when it is dialled.
"""

from __future__ import annotations

from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.crm.orders.applications import ApplicationService
from softphone.crm.orders.drafts import DraftStore
from softphone.crm.orders.service import OrderService
from softphone.sip.events import CallInfo, CallState, Direction, IncomingCall
from softphone.ui.desk import Desk
from softphone.ui.documents.panel import DocumentServices, DocumentsPanel


def document_services(db: Database) -> DocumentServices:
    return DocumentServices(
        orders=OrderService(db),
        kb=KnowledgeBaseService(db),
        drafts=DraftStore(db),
        applications=ApplicationService(db),
        customers=CustomerService(db),
    )


def install_order_panel(desk: Desk) -> DocumentsPanel:
    """Add the tab, follow the calls, and bring back this operator's unfinished forms."""
    panel = DocumentsPanel(document_services(desk.db), desk.runner, desk.login)
    desk.window.add_side_panel(panel, panel.title())

    def on_incoming(event: IncomingCall) -> None:
        panel.set_caller(event.call)

    def on_call_changed(call: CallInfo) -> None:
        if call.direction is Direction.OUTBOUND and call.state is CallState.CALLING:
            panel.set_caller(call)

    desk.bridge.incoming_call.connect(on_incoming)
    desk.bridge.call_state_changed.connect(on_call_changed)
    desk.runner.data_changed.connect(panel.data_changed)
    if desk.window.crm_link is not None:
        panel.keep_offline(desk.window.crm_link)
    panel.restore_drafts()
    return panel
