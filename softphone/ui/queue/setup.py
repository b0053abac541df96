"""Puts the website request queue into the main window's side panel and wires it up.

The desk's operator is the signed-in system user until operators sign in to the app; the
operator row is ensured off the GUI thread, then the tab appears. Notifications go to the
tray when the desktop has one, else the window asks for attention.
"""

from __future__ import annotations

import getpass
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from softphone.crm.db import Database
from softphone.crm.operators import OperatorService
from softphone.crm.web_requests.events import RequestListener
from softphone.crm.web_requests.service import RequestInfo, WebRequestService
from softphone.settings import Settings
from softphone.ui.queue.panel import QueuePanel
from softphone.ui.queue.watch import RequestWatcher

log = logging.getLogger(__name__)
NOTIFY_MS = 10_000


def target_minutes(settings: Settings) -> int:
    """The service-level target from the settings (admin screens will set it later)."""
    return settings.call_center.request_target_min


class QueueNotifier(QObject):
    """Turns newly arrived requests into a tray bubble or a taskbar alert."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window

    def notify(self, arrived: list[RequestInfo]) -> None:
        first = arrived[0]
        title = self.tr("New website request") if len(arrived) == 1 else self.tr(
            "New website requests: {0}"
        ).format(len(arrived))
        text = f"{first.kind_label}: {first.name} {first.phone_raw or first.email}".strip()
        tray = getattr(self._window, "tray", None)
        if tray is not None:
            tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, NOTIFY_MS)
        else:
            QApplication.alert(self._window, 0)
        log.info("Queue notification: %d new request(s)", len(arrived))


def install_queue_panel(
    window: Any, db: Database, settings: Settings, operator: str | None = None
) -> None:
    """Add the queue tab once the desk's operator (the signed-in login) is known; live updates
    by database kind."""
    runner = window.runner
    login = operator or getpass.getuser() or "operator"

    def add(operator_id: int) -> None:
        panel = QueuePanel(
            WebRequestService(db), runner, operator_id, target_minutes=target_minutes(settings)
        )
        index = window.add_side_panel(panel, panel.title())
        panel.call_back_requested.connect(window.dial)
        notifier = QueueNotifier(window)
        panel.new_requests.connect(notifier.notify)
        panel.open_count_changed.connect(
            lambda count: window.side_tabs.setTabText(
                index, f"{panel.title()} ({count})" if count else panel.title()
            )
        )
        if db.dialect == "postgresql":
            panel.start_watching(RequestWatcher(lambda: RequestListener(db), panel))
        else:
            panel.start_polling()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(panel.shutdown)
        window.queue_panel = panel

    runner.run(lambda: OperatorService(db).ensure(login).id, add, label="queue operator")
