"""Wrap-up after hang-up: disposition, notes and an optional callback time, saved on the call.

Keeping callers away while the operator finishes is the agent status's after-call work
(softphone/ui/agent: the team's time limit, the engine's refusal, the status history); this
form only shows its countdown (`follow_after_call_work`) and says when it ends by being saved.
After the limit new calls ring again even if the operator has not finished, and the form stays
open so nothing typed is lost.

It opens when a call is answered (on the call's open row in the call log) so notes can be
typed while talking; they are saved as a draft a moment after each keystroke, off the GUI
thread, so a desk killed mid-call keeps them.

While the database is unreachable, drafts and wrap-ups go to the CrmLink, which keeps them on
this computer and delivers them when the database is back; a call with no row yet has a
provisional (negative) id, and its writes always go that way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.guide.wrapup import WrapUp, WrapUpService
from softphone.ui.crm_link import CrmLink
from softphone.ui.tasks import TaskRunner
from softphone.ui.widgets.phrase_check import CheckedTextEdit, PhraseRules

DEFAULT_CALLBACK_DELAY = timedelta(hours=1)
DRAFT_DELAY_MS = 800  # notes are saved this long after the last keystroke


class WrapUpPanel(QWidget):
    saved = Signal(object)  # WrapUp

    def __init__(
        self,
        wrapups: WrapUpService,
        runner: TaskRunner,
        rules: PhraseRules | None = None,
        parent: QWidget | None = None,
        link: CrmLink | None = None,
    ) -> None:
        super().__init__(parent)
        self._wrapups, self._runner, self._link = wrapups, runner, link
        if link is not None:
            link.handle("draft", self._deliver_draft)
            link.handle("wrapup", self._deliver_wrapup)
        self.interaction_id: int | None = None
        self._in_call = False  # the notes are being typed while the call lasts
        self._after_call_left: Callable[[], int] = lambda: 0
        self._drafted = ""

        self.title = QLabel(self)
        self.title.setObjectName("sectionTitle")
        self.countdown = QLabel(self)
        self.countdown.setObjectName("wrapUpCountdown")
        self.disposition = QComboBox(self)
        self.disposition.addItem(self.tr("Choose the outcome…"), "")
        self.notes = CheckedTextEdit(rules, self)
        self.notes.setPlaceholderText(self.tr("What was agreed; the customer may read it"))
        self.notes.setMaximumHeight(110)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.notes.textChanged.connect(self._notes_changed)
        self.callback_check = QCheckBox(self.tr("Call back at"), self)
        self.callback_time = QDateTimeEdit(self)
        self.callback_time.setCalendarPopup(True)
        self.callback_time.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.callback_time.setEnabled(False)
        self.callback_check.toggled.connect(self.callback_time.setEnabled)
        self.callback_time.setAccessibleName(self.tr("Call back at"))
        callback_row = QHBoxLayout()
        callback_row.addWidget(self.callback_check)
        callback_row.addWidget(self.callback_time, 1)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("callerError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.save_button = QPushButton(self.tr("Save wrap-up"), self)
        self.save_button.clicked.connect(self.save)

        form = QFormLayout()
        form.addRow(self.tr("Outcome:"), self.disposition)
        form.addRow(self.tr("Notes:"), self.notes)
        form.addRow(callback_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.countdown)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.save_button)

        self.hide()

    def follow_after_call_work(self, seconds_left: Callable[[], int],
                               changed: SignalInstance) -> None:
        """Show the after-call work's countdown (the agent status owns it)."""
        self._after_call_left = seconds_left
        changed.connect(self._update_countdown)

    # -- data -----------------------------------------------------------------------------------

    def reload(self) -> None:
        self._runner.run(self._wrapups.dispositions, self.set_dispositions, label="dispositions")

    def set_dispositions(self, labels: list[str]) -> None:
        current = self.disposition.currentData()
        self.disposition.clear()
        self.disposition.addItem(self.tr("Choose the outcome…"), "")
        for label in labels:
            self.disposition.addItem(label, label)
        index = self.disposition.findData(current)
        self.disposition.setCurrentIndex(max(index, 0))

    # -- life of one wrap-up --------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.interaction_id is not None

    def start(self, interaction_id: int, who: str, *, in_call: bool = False) -> None:
        """Ask for the outcome of call `interaction_id`: it just ended, or (in_call) it was
        just answered and the notes can be typed while talking."""
        if self.active and self.disposition.currentData():
            self.save()  # an outcome was chosen for the previous call: keep it
        elif self.active:
            self.save_draft()  # the previous call's notes stay on its row
        self.interaction_id = None  # clearing the form below is not a draft
        self._in_call = in_call
        self.title.setText(self.tr("Wrap-up: {0}").format(who))
        self.disposition.setCurrentIndex(0)
        self.notes.clear()
        self.callback_check.setChecked(False)
        callback = int((datetime.now().astimezone() + DEFAULT_CALLBACK_DELAY).timestamp())
        self.callback_time.setDateTime(QDateTime.fromSecsSinceEpoch(callback // 60 * 60))
        self.error_label.hide()
        self.save_button.setEnabled(True)
        self.interaction_id = interaction_id
        self._drafted = ""
        self.show()
        self._update_countdown()

    def call_finished(self, interaction_id: int) -> None:
        """The call this wrap-up was opened for has ended: what is left is after-call work."""
        if interaction_id != self.interaction_id or not self._in_call:
            return
        self._in_call = False
        self._update_countdown()

    def _notes_changed(self) -> None:
        if self.active:
            self._draft_timer.start()

    def save_draft(self) -> None:
        """Keep the notes typed so far on the call (a background write)."""
        self._draft_timer.stop()
        interaction_id, notes = self.interaction_id, self.notes.toPlainText()
        if interaction_id is None or notes == self._drafted:
            return
        self._drafted = notes
        if interaction_id < 0 and self._link is not None:  # the call is not in the CRM yet
            self._link.keep("draft", interaction_id, {"notes": notes}, replaces=True)
            return

        def failed(exc: Exception) -> None:
            if self._link is not None and self._link.report(exc):  # kept, sent later
                self._link.keep("draft", interaction_id, {"notes": notes}, replaces=True)
            else:
                self._drafted = ""  # the next keystroke or save tries again

        self._runner.run(
            lambda: self._wrapups.save_draft(interaction_id, notes),
            on_failure=failed,
            label="wrap-up draft",
        )

    def _deliver_draft(self, row_id: int | None, data: dict[str, Any]) -> int | None:
        assert row_id is not None  # (worker thread) the link resolved the call's row
        self._wrapups.save_draft(row_id, str(data["notes"]))
        return row_id

    def _deliver_wrapup(self, row_id: int | None, data: dict[str, Any]) -> int | None:
        assert row_id is not None  # (worker thread) the link resolved the call's row
        callback = data["callback_at"]
        self._wrapups.save(
            row_id,
            disposition=str(data["disposition"]),
            notes=str(data["notes"]),
            callback_at=datetime.fromisoformat(callback) if callback else None,
        )
        return row_id

    def _keep(self, wrap_up: WrapUp) -> None:
        """The database is away: the link keeps the wrap-up; for the operator it is done."""
        assert self._link is not None
        callback = wrap_up.callback_at.isoformat() if wrap_up.callback_at else None
        self._link.keep("wrapup", wrap_up.interaction_id, {
            "disposition": wrap_up.disposition, "notes": wrap_up.notes, "callback_at": callback,
        })
        self._saved(wrap_up)

    def _update_countdown(self) -> None:
        if not self.active:
            return
        left = 0 if self._in_call else self._after_call_left()
        if self._in_call:
            self.countdown.setText(self.tr("Notes are kept as you type"))
        elif left > 0:
            self.countdown.setText(
                self.tr("After-call work: new calls ring in {0} s").format(left))
        else:
            self.countdown.setText(self.tr("New calls ring again"))

    def save(self) -> None:
        interaction_id = self.interaction_id
        label = self.disposition.currentData()
        if interaction_id is None:
            return
        if not label:
            self._show_error(self.tr("Choose the outcome of the call."))
            return
        self._draft_timer.stop()
        notes = self.notes.toPlainText()
        callback = None
        if self.callback_check.isChecked():
            chosen = self.callback_time.dateTime().toPython()
            assert isinstance(chosen, datetime)  # QDateTime always converts to a datetime
            callback = chosen.astimezone()
        self.save_button.setEnabled(False)
        wrap_up = WrapUp(interaction_id, label, notes, callback)
        if interaction_id < 0 and self._link is not None:  # the call is not in the CRM yet
            self._keep(wrap_up)
            return

        def failed(exc: Exception) -> None:
            if self._link is not None and self._link.report(exc):
                self._keep(wrap_up)
            else:
                self._save_failed(exc)

        self._runner.run(
            lambda: self._wrapups.save(
                interaction_id, disposition=label, notes=notes, callback_at=callback
            ),
            self._saved,
            on_failure=failed,
            changes="calls",
            label="save wrap-up",
        )

    def _saved(self, wrap_up: WrapUp) -> None:
        if wrap_up.interaction_id == self.interaction_id:
            self.interaction_id = None
            self.hide()
        self.saved.emit(wrap_up)

    def _save_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self._show_error(str(exc) or type(exc).__name__)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
