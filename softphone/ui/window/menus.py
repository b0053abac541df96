"""The menu bar: every call and conference key in one place, where an operator looks for it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu, QMenuBar

from softphone.ui.conference.actions import ConferenceActions
from softphone.ui.phone.actions import CallActions


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowMenus", text)


def build_menus(bar: QMenuBar, keys: CallActions, conference: ConferenceActions) -> QMenu:
    """Calls, Go, Tools and Help; returns Tools, where features add their own entries."""
    calls = bar.addMenu(_tr("&Calls"))
    for action in (keys.dial, keys.answer, keys.reject, keys.hangup, keys.hold, keys.mute,
                   keys.transfer, keys.switch):
        calls.addAction(action)
    calls.addSeparator()
    calls.addActions(conference.all())
    calls.addSeparator()
    calls.addAction(keys.quit)
    view = bar.addMenu(_tr("&Go"))
    view.addActions([keys.focus_number, keys.search])
    tools = bar.addMenu(_tr("&Tools"))
    tools.addAction(keys.settings)
    help_menu = bar.addMenu(_tr("&Help"))
    help_menu.addAction(keys.help)
    return tools
