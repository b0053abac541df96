"""Settings tab for admins: the loudness band, the pace tolerance and the pause limit that
the live speech hints use on every desk (kept in the CRM, so the whole team shares them)."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QPushButton, QWidget

from softphone.coaching.limits import CoachLimits
from softphone.crm.coaching.service import CoachingService
from softphone.ui.settings.pages import SettingsPage
from softphone.ui.tasks import TaskRunner


def _spin(low: float, high: float, step: float, suffix: str, decimals: int = 0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    spin.setSuffix(suffix)
    return spin


class CoachLimitsPage(SettingsPage):
    def __init__(self, service: CoachingService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self.quiet = _spin(-60, 0, 1, self.tr(" dBFS"))
        self.loud = _spin(-60, 0, 1, self.tr(" dBFS"))
        self.tolerance = _spin(2, 100, 5, " %")
        self.pause = _spin(1, 120, 1, self.tr(" s"))
        self.overtalk = _spin(0.2, 10, 0.5, self.tr(" s"), 1)
        self.save_button = QPushButton(self.tr("Save limits"))
        self.save_button.clicked.connect(self.save_limits)
        self.message = QLabel()
        self.message.setWordWrap(True)
        note = QLabel(self.tr(
            "The live hints under the current call compare the operator's voice with these "
            "limits. They apply to every operator from their next call."))
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(self.tr("Too quiet below:"), self.quiet)
        form.addRow(self.tr("Too loud above:"), self.loud)
        form.addRow(self.tr("Same pace within:"), self.tolerance)
        form.addRow(self.tr("Warn after a silence of:"), self.pause)
        form.addRow(self.tr("Talking over after:"), self.overtalk)
        form.addRow(self.save_button)
        form.addRow(self.message)
        self._runner.run(self._service.limits, self.show_limits, label="coaching limits")

    def title(self) -> str:
        return self.tr("Speech hints")

    def show_limits(self, limits: CoachLimits) -> None:
        self.quiet.setValue(limits.quiet_dbfs)
        self.loud.setValue(limits.loud_dbfs)
        self.tolerance.setValue(limits.pace_tolerance * 100)
        self.pause.setValue(limits.pause_limit_s)
        self.overtalk.setValue(limits.overtalk_s)

    def limits(self) -> CoachLimits:
        return CoachLimits(self.quiet.value(), self.loud.value(), self.tolerance.value() / 100,
                           self.pause.value(), self.overtalk.value())

    def save_limits(self) -> None:
        limits = self.limits()
        if limits.problems():
            self.message.setText(self.tr("Check the limits: %1")
                                 .replace("%1", "; ".join(limits.problems())))
            return

        def failed(exc: Exception) -> None:
            self.message.setText(str(exc))

        self._runner.run(lambda: self._service.set_limits(limits),
                         lambda _l: self.message.setText(self.tr("Saved.")),
                         on_failure=failed, label="coaching limits")
