"""The operator's main window: phone on the left, CRM panels on the right.

Everything it knows arrives through its constructor (the engine bridge, settings, the task
runner, the call log, the ringer); nothing is looked up globally. Engine events come in as
bridge signals, every command goes out through the bridge, so an engine error becomes a
message in the window and never an exception that could close it with calls up. Its parts
(menus, phone column, call events, call keys, History tab) live in softphone.ui.window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QSystemTrayIcon,
    QTabWidget,
    QWidget,
)

from softphone.resources import resource_path
from softphone.settings import Settings
from softphone.sip.events import AudioStatus, CallState
from softphone.ui.bridge import EngineBridge
from softphone.ui.conference.actions import create_conference_actions
from softphone.ui.conference.controller import ConferenceController
from softphone.ui.crm_link import CrmLink, outbox_path
from softphone.ui.desk import WindowHooks
from softphone.ui.phone.actions import create_actions
from softphone.ui.phone.call_controller import CallController
from softphone.ui.phone.call_journal import CallJournal
from softphone.ui.phone.notifications import CallNotifier
from softphone.ui.phone.session_bus import SessionBus
from softphone.ui.phone.tray import CallTray
from softphone.ui.side_area import SideArea
from softphone.ui.status_widgets import CrmStateLabel, SoundStateLabel
from softphone.ui.style import window_style
from softphone.ui.tasks import TaskRunner
from softphone.ui.window.call_events import CallEventsView
from softphone.ui.window.call_keys import update_call_keys, update_ringer
from softphone.ui.window.history_tab import HistoryTab
from softphone.ui.window.menus import build_menus
from softphone.ui.window.phone_column import PhoneColumn

if TYPE_CHECKING:
    from softphone.crm.customers.calls import CallLogService
    from softphone.ui.phone.history_panel import HistoryPanel  # loads with the call log
    from softphone.ui.phone.ringer import Ringer
    from softphone.ui.phone.transfer_dialog import TransferDialog  # loads when F7 opens it

log = logging.getLogger(__name__)
STATUS_MS = 8000
NOTIFY_MS = 10_000


class MainWindow(QMainWindow):
    call_logged = Signal(object, object)  # CallEnded, the CallRecord it was saved as
    call_opened = Signal(object, object)  # CallInfo, its open CallRecord (at ring/dial)
    settings_dialog_opened = Signal(object)  # SettingsDialog: panels add their pages here

    def __init__(
        self,
        bridge: EngineBridge,
        settings: Settings,
        runner: TaskRunner,
        call_log: CallLogService | None = None,  # None: no CRM (tests)
        ringer: Ringer | None = None,  # None: silent
        account_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge, self.settings, self.runner = bridge, settings, runner
        self.call_log: CallLogService | None = None
        self.ringer = ringer
        self.transfer_dialog: TransferDialog | None = None
        self._colleagues: Callable[[], list[tuple[str, str]]] = list  # no CRM: none
        self.journal: CallJournal | None = None
        self.crm_link: CrmLink | None = None
        self.history: HistoryPanel | None = None
        self.setWindowTitle(self.tr("Softphone"))
        self.setWindowIcon(QIcon(str(resource_path("icons", "softphone.svg"))))
        self.setStyleSheet(window_style(QApplication.font().pointSizeF(), QApplication.palette()))
        self.resize(1100, 720)
        self.setMinimumSize(QSize(760, 560))

        self.call_actions = create_actions(self)
        self.conference_actions = create_conference_actions(self)
        self.tools_menu = build_menus(self.menuBar(), self.call_actions, self.conference_actions)
        self._build_body(account_text)
        a = self.call_actions
        self.tray = CallTray.create(self.windowIcon(), self, a.answer, a.reject, a.quit)
        self.notifier = CallNotifier(SessionBus.open(parent=self), self.tray, self)
        self.call_events = CallEventsView(
            self.call_list, self.notifier, self.header, self.show_status,
            self.statusBar().clearMessage, self.show_error, self.bring_forward,
            self._calls_changed, self,
        )
        self._connect()
        self._update_actions()
        if call_log is not None:
            self.attach_call_log(call_log)

    # -- layout ---------------------------------------------------------------------------------

    def _build_body(self, account_text: str) -> None:
        region = self.settings.dial_plan.region
        phone = self.phone_column = PhoneColumn(
            self.call_actions, self.conference_actions, region, account_text, self
        )
        self.header, self.banner = phone.header, phone.banner
        self.number_field, self.call_button = phone.number_field, phone.call_button
        self.dialpad, self.call_list = phone.dialpad, phone.call_list
        self.conference_bar = phone.conference_bar
        self.controller = CallController(self.bridge, self.call_list, self)
        self.conference = ConferenceController(
            self.bridge, self.conference_actions, self.controller.talking_call,
            self.call_list.calls, self,
        )

        self.side_tabs = QTabWidget(self)
        self.side_tabs.setObjectName("sidePanels")
        self.side_area = SideArea(self.side_tabs, self)  # the tabs, or the call workspace
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(phone)
        splitter.addWidget(self.side_area)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([440, 660])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self.audio_label = SoundStateLabel(self.bridge, self)
        self.statusBar().addPermanentWidget(self.audio_label)
        self.crm_label = CrmStateLabel(self.crm_link, self)
        self.statusBar().addPermanentWidget(self.crm_label)

    def attach_call_log(self, call_log: CallLogService) -> None:
        """The CRM's call log: calls are written as they start and end, History lists them.

        The app attaches it once the database is open, which may be after the window is
        shown (the first screen does not wait for SQLAlchemy); calls already in progress
        then are opened in the log at once.
        """
        assert self.call_log is None, "one call log per window"
        self.call_log, db, b = call_log, call_log.database, self.bridge
        self.crm_link = CrmLink(self.runner, db.ping, outbox_path(db.url), self)
        self.crm_label.set_link(self.crm_link)
        journal = self.journal = CallJournal(call_log, self.runner, self, self.crm_link)
        journal.opened.connect(self.call_opened)
        journal.logged.connect(self.call_logged)
        b.incoming_call.connect(journal.on_incoming)
        b.call_state_changed.connect(journal.on_call_changed)
        b.call_ended.connect(journal.on_call_ended)
        journal.recover()
        journal.catch_up(b.calls())
        tab = HistoryTab(  # before the CRM's panels
            call_log, self.runner, self.side_tabs, self.add_side_panel, self.dial, self
        )
        self.history, self.history_tab = tab.panel, tab.index

    def add_side_panel(self, widget: QWidget, title: str) -> int:
        """Where the CRM panels (caller card, script, knowledge base) plug in."""
        index = self.side_tabs.addTab(widget, title)
        self.side_area.retitle()  # Ctrl+N reaches it
        return index

    def hooks(self) -> WindowHooks:
        """The doors features get instead of the window itself (see softphone.ui.desk)."""
        return WindowHooks(
            owner=self,
            add_side_panel=self.add_side_panel,
            show_side_panel=self.side_tabs.setCurrentWidget,
            set_panel_title=self._set_panel_title,
            add_tool=self.tools_menu.addAction,
            add_status_widget=self.statusBar().addPermanentWidget,
            show_status=lambda text: self.statusBar().showMessage(text, STATUS_MS),
            show_error=self.show_error,
            notify=self._notify,
            dial=self.dial,
            settings_opened=self.settings_dialog_opened,
            call_logged=self.call_logged,
            call_opened=self.call_opened,
            crm_link=self.crm_link,
            lend_side_panel=self.side_area.lend,
            give_back_side_panel=self.side_area.give_back,
            show_workspace=self.side_area.show_workspace,
            name_call=self.call_list.set_caller_name,
            focus_call=self.focus_call,
            offer_colleagues=self._offer_colleagues,
            add_call_view_widget=self.phone_column.add_row,
        )

    def _set_panel_title(self, panel: QWidget, title: str) -> None:
        self.side_area.set_panel_title(panel, title)

    def _notify(self, title: str, text: str) -> None:
        """A bubble from the tray when the desktop has one, else the taskbar asks for attention."""
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, NOTIFY_MS)
        else:
            QApplication.alert(self, 0)

    def _connect(self) -> None:
        a, b = self.call_actions, self.bridge
        a.dial.triggered.connect(lambda: self.dial())
        c = self.controller
        a.answer.triggered.connect(lambda: c.answer())
        a.reject.triggered.connect(lambda: c.reject())
        a.hangup.triggered.connect(lambda: c.hangup())
        a.hold.triggered.connect(lambda: c.toggle_hold())
        a.mute.triggered.connect(lambda: c.toggle_mute())
        a.transfer.triggered.connect(lambda: self.transfer())
        a.switch.triggered.connect(c.switch_calls)
        c.message.connect(self.show_status)
        c.changed.connect(self._calls_changed)
        self.conference.message.connect(self.show_status)
        self.conference.changed.connect(self._calls_changed)
        a.focus_number.triggered.connect(self.focus_number)
        a.search.triggered.connect(self.focus_search)
        a.settings.triggered.connect(self.open_settings)
        a.help.triggered.connect(self.open_help)
        a.quit.triggered.connect(self.close)
        self.call_button.clicked.connect(lambda: self.dial())
        self.number_field.dial_requested.connect(self.dial)
        self.dialpad.digit_pressed.connect(self.press_digit)
        self.call_list.requested.connect(
            lambda action, call_id: self.transfer(call_id) if action == "transfer" else None
        )
        self.call_list.selection_changed.connect(lambda _id: self._update_actions())
        self.call_events.connect_to(b)
        b.audio_status.connect(self.show_audio_status)
        b.sound_status.connect(self.show_sound_status)
        b.sound_moved.connect(self.show_sound_moved)
        b.engine_failure.connect(self.show_error)
        b.error.connect(self.show_error)
        b.set_ring_timeout(self.settings.call_center.ring_timeout_s)
        self.runner.failed.connect(self.show_error)
        self.notifier.answer_requested.connect(self._answer_from_notification)
        self.notifier.reject_requested.connect(self.controller.reject)

    # -- commands (slots of actions and buttons) ------------------------------------------------

    def dial(self, target: str | None = None) -> int | None:
        """Call target (or the number field); the call being talked on goes on hold first."""
        target = (target if target is not None else self.number_field.target()).strip()
        if not target:
            self.focus_number()
            return None
        call_id = self.controller.dial(target)
        if call_id is not None:
            self.banner.hide()
            self.number_field.clear()
        return call_id

    def handle_uri(self, uri: str) -> None:
        """A tel:/sip: link from the desktop or a second start of the app."""
        self.bring_forward()
        if uri.strip():
            self.dial(uri.strip())

    def transfer(self, call_id: int | None = None) -> None:
        card = self.call_list.card(call_id) if call_id is not None else None
        call = card.call if card is not None else self.controller.talking_call()
        if call is None:
            return
        from softphone.ui.phone.transfer_dialog import TransferDialog

        others = self.controller.transfer_candidates(call)
        dialog = TransferDialog(call, others, self.settings.dial_plan.region, self,
                                colleagues=self._colleagues())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.controller.carry_out(dialog.request))
        dialog.finished.connect(lambda _r: setattr(self, "transfer_dialog", None))
        self.transfer_dialog = dialog
        dialog.open()

    def press_digit(self, digit: str) -> None:
        """Dial pad: a tone into the call being talked on, else a digit into the number field."""
        if not self.number_field.hasFocus() and self.controller.send_digit(digit):
            return
        self.number_field.append(digit)
        self.number_field.setFocus()

    def focus_number(self) -> None:
        self.bring_forward()
        self.number_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.number_field.selectAll()

    def _offer_colleagues(self, colleagues: Callable[[], list[tuple[str, str]]]) -> None:
        """The operators a call can be transferred to (the agent feature keeps the list)."""
        self._colleagues = colleagues

    def focus_call(self) -> None:
        """Esc in the call workspace: the keyboard goes back to the call in the call list."""
        self.call_list.focus_current()

    def focus_search(self) -> None:
        if self.side_area.search_in_workspace():  # during a call: the knowledge base
            return
        if self.history is None:
            return
        self.side_tabs.setCurrentWidget(self.history)
        self.history.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.history.search_edit.selectAll()

    def open_settings(self) -> None:
        from softphone.ui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.bridge, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(
            lambda: self.statusBar().showMessage(self.tr("Settings saved"), STATUS_MS)
        )
        dialog.saved.connect(
            lambda: self.bridge.set_ring_timeout(self.settings.call_center.ring_timeout_s)
        )
        dialog.restart_required.connect(
            lambda: self.banner.show_message(self.tr("The language changes after a restart."))
        )
        self.settings_dialog_opened.emit(dialog)
        dialog.open()

    def open_help(self) -> None:
        from softphone.ui.help_dialog import HelpDialog

        actions = self.call_actions.all() + self.conference_actions.all()
        actions += [  # the features' own keys (the call workspace's, the status control's)
            a for a in self.findChildren(QAction) if a.shortcuts() and a.text() and a not in actions
        ]
        dialog = HelpDialog(actions, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_error(self, text: str) -> None:
        self.banner.show_message(text)
        self.show_status(text)

    def show_status(self, text: str) -> None:
        """A passing message in the status line: long enough to read, gone before it misleads."""
        self.statusBar().showMessage(text, STATUS_MS)

    def _answer_from_notification(self, call_id: int) -> None:
        self.bring_forward()  # the operator talks with the caller's card in front
        self.controller.answer(call_id)

    def bring_forward(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    # -- sound and call state (what call events show: softphone.ui.window.call_events) ---------

    def show_audio_status(self, status: AudioStatus) -> None:
        self.audio_label.show_audio_status(status)

    def show_sound_status(self, problem: str) -> None:
        """The sound path's devices in the status bar, or plainly what is missing."""
        self.audio_label.show_sound_status(problem)

    def show_sound_moved(self, text: str) -> None:
        """A headset unplugged (or back): say it where the operator looks, for a while."""
        self.statusBar().showMessage(text, STATUS_MS * 2)
        self.show_sound_status(self.bridge.sound.status if self.bridge.sound else "")

    def _calls_changed(self, waiting: bool | None = None) -> None:
        if self.ringer is not None:
            update_ringer(self.ringer, self.call_list, waiting)
        self._update_actions()

    def _update_actions(self) -> None:
        talking = self.controller.talking_call() is not None
        update_call_keys(
            self.call_actions, self.call_list, talking, self.conference, self.conference_bar
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        live = [c for c in self.call_list.calls() if c.state is not CallState.DISCONNECTED]
        if live and self.bridge.running:  # a stopped engine has no calls left to lose
            answer = QMessageBox.question(
                self,
                self.tr("Quit"),
                self.tr("There are %n call(s) in progress. Hang up and quit?", "", len(live)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        if self.ringer is not None:
            self.ringer.stop()
        event.accept()
