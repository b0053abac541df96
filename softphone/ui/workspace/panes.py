"""The existing panels as workspace panes: which widget, which field gets the keyboard.

The only module of the workspace that knows the other features' panels (by type and by their
public fields); it also lets the knowledge base's «Add to order» fill the order form beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from softphone.ui.workspace.setup import CallSide
from softphone.ui.workspace.view import Pane

if TYPE_CHECKING:
    from softphone.ui.caller.setup import CallPanels
    from softphone.ui.documents.panel import DocumentsPanel
    from softphone.ui.kb.panel import KnowledgeBasePanel


def _tr(text: str) -> str:
    return QCoreApplication.translate("CallWorkspace", text)


def call_side(kb: KnowledgeBasePanel, calls: CallPanels, documents: DocumentsPanel) -> CallSide:
    card, wrapup = calls.card, calls.wrapup

    def caller_field() -> QWidget | None:
        if card.question.isVisible():
            return card.question.address_edit  # a new caller: ask how to address them
        if wrapup.isVisible():
            return wrapup.disposition if wrapup.interaction_id is not None else None
        return card.recent.list if card.recent.list.isVisible() else None

    def order_field() -> QWidget | None:
        documents.tabs.setCurrentIndex(documents.order_tab)
        form = documents.order_form
        for edit in (form.name_edit, form.phone_edit, form.address_edit):
            if edit.isEnabled() and not edit.text().strip():
                return edit
        empty = next((r.picker for r in form.lines.rows if r.picker.item_id is None), None)
        return empty or form.address_edit

    def add_to_order(item_id: int, _code: str) -> None:
        title = next((h.title for h in kb.hits if h.item_id == item_id), _code)
        lines = documents.order_form.lines
        data = {"item_id": item_id, "title": title, "quantity": 1}
        empty = next((r for r in lines.rows if r.picker.item_id is None
                      and not r.picker.text().strip()), None)
        if empty is not None:
            empty.set_input(data)
            empty.changed.emit()
        else:
            lines.add_row(data)
        documents.tabs.setCurrentIndex(documents.order_tab)

    kb.enable_add_to_order(add_to_order)
    panes = [
        Pane("caller", _tr("Caller"), calls.caller_tab, caller_field,
             _tr("Who is calling, how to address them, their last contacts and the wrap-up"),
             scroll=True),
        Pane("script", _tr("What to say"), calls.script, lambda: calls.script.view,
             _tr("The conversation script with the caller's form of address filled in")),
        Pane("kb", _tr("Knowledge base"), kb, lambda: kb.search_edit,
             _tr("Search answers, products and services (F12 or Ctrl+F)")),
        Pane("orders", _tr("Order"), documents, order_field,
             _tr("The order and application forms for this caller")),
    ]
    return CallSide(
        panes=panes,
        after_call=lambda: wrapup.interaction_id is not None,
        after_call_done=wrapup.saved,
        caller_named=card.caller_known,
        named_call=lambda: card.call.call_id if card.call is not None else None,
    )
