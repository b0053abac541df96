"""Puts the website request queue into the main window's side panel and wires it up.

The desk's operator is the signed-in login; the operator row is ensured off the GUI thread,
then the tab appears. Notifications go to the tray when the desktop has one, else the window
asks for attention.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Signal

from softphone.crm.operators import OperatorService
from softphone.crm.web_requests.events import RequestListener
from softphone.crm.web_requests.request_info import RequestInfo
from softphone.crm.web_requests.service import WebRequestService
from softphone.settings import Settings
from softphone.ui.desk import Desk
from softphone.ui.queue.panel import QueuePanel
from softphone.ui.queue.watch import RequestWatcher

log = logging.getLogger(__name__)


def target_minutes(settings: Settings) -> int:
    """The service-level target from the settings (admin screens will set it later)."""
    return settings.call_center.request_target_min


def notify_arrivals(desk: Desk, arrived: list[RequestInfo]) -> None:
    """Newly arrived requests as a tray bubble, or a taskbar alert without a tray."""
    first = arrived[0]
    if len(arrived) == 1:
        title = QCoreApplication.translate("QueueNotifier", "New website request")
    else:
        title = QCoreApplication.translate("QueueNotifier", "New website requests: {0}").format(
            len(arrived)
        )
    text = f"{first.kind_label}: {first.name} {first.phone_raw or first.email}".strip()
    desk.window.notify(title, text)
    log.info("Queue notification: %d new request(s)", len(arrived))


class QueueSetup(QObject):
    """Adds the queue tab once the desk's operator row exists; `panel` is None until then."""

    ready = Signal(object)  # the QueuePanel

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk.window.owner)
        self._desk = desk
        self.panel: QueuePanel | None = None
        db, login = desk.db, desk.login
        desk.runner.run(lambda: OperatorService(db).ensure(login).id, self._add,
                        label="queue operator")

    def _add(self, operator_id: int) -> None:
        desk, hooks = self._desk, self._desk.window
        panel = QueuePanel(
            WebRequestService(desk.db), desk.runner, operator_id,
            target_minutes=target_minutes(desk.settings),
        )
        hooks.add_side_panel(panel, panel.title())
        panel.call_back_requested.connect(hooks.dial)
        panel.new_requests.connect(lambda arrived: notify_arrivals(desk, arrived))
        panel.open_count_changed.connect(
            lambda count: hooks.set_panel_title(
                panel, f"{panel.title()} ({count})" if count else panel.title()
            )
        )
        if desk.db.dialect == "postgresql":
            db = desk.db
            panel.start_watching(RequestWatcher(lambda: RequestListener(db), panel))
        else:
            panel.start_polling()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(panel.shutdown)
        self.panel = panel
        self.ready.emit(panel)


def install_queue_panel(desk: Desk) -> QueueSetup:
    """The queue tab for this desk's operator (the signed-in login); live updates by database
    kind: LISTEN on PostgreSQL, polling on SQLite."""
    return QueueSetup(desk)
