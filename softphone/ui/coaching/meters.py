"""The live speech meters under the current call: loudness, pace, silence, overtalk, share.

Quiet by design: plain words and a colour, no numbers jumping around the operator's eyes
(the figures are in the tooltips), and one click hides them (they are still measured).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QToolButton, QWidget

from softphone.coaching.coach import CoachSnapshot, Loudness, Pace

GOOD, WARN, IDLE, PLAIN = "good", "warn", "idle", ""  # the `state` the style sheet colours


def _set_state(label: QLabel, state: str) -> None:
    if label.property("state") != state:
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)


class CoachMeters(QFrame):
    """Shows a CoachSnapshot; `visibility_toggled(bool)` when the operator hides or shows it."""

    visibility_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coachMeters")
        self._shown = True
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Speech hints"))
        self.setStyleSheet(
            "#coachMeters QLabel[state='good'] { color: #2e7d32; }"
            "#coachMeters QLabel[state='warn'] { color: #b26a00; font-weight: bold; }"
            "#coachMeters QLabel[state='idle'] { color: palette(mid); }"
        )
        title = QLabel(self.tr("Speech"))
        title.setStyleSheet("font-weight: bold;")
        self.toggle = QToolButton()
        self.toggle.setAutoRaise(True)
        self.toggle.clicked.connect(lambda: self.set_meters_shown(not self._shown))
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.toggle)
        self.loudness = QLabel()
        self.pace = QLabel()
        self.silence = QLabel()
        self.overtalk = QLabel()
        self.share = QLabel()
        self.body = QWidget()
        grid = QGridLayout(self.body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        rows = [
            (self.tr("Volume:"), self.loudness), (self.tr("Pace:"), self.pace),
            (self.tr("Silence:"), self.silence), (self.tr("Talking over:"), self.overtalk),
            (self.tr("I talk / listen:"), self.share),
        ]
        for row, (name, value) in enumerate(rows):
            grid.addWidget(QLabel(name), row, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.addLayout(head, 0, 0)
        layout.addWidget(self.body, 1, 0)
        self.set_meters_shown(True, announce=False)
        self.show_snapshot(None)

    @property
    def meters_shown(self) -> bool:
        return self._shown

    def set_meters_shown(self, shown: bool, announce: bool = True) -> None:
        self._shown = shown
        self.body.setVisible(shown)
        self.toggle.setText(self.tr("Hide") if shown else self.tr("Show"))
        self.toggle.setToolTip(
            self.tr("Hide the live hints (the figures are still saved with the call)") if shown
            else self.tr("Show the live hints on loudness, pace and pauses"))
        if announce:
            self.visibility_toggled.emit(shown)

    def show_snapshot(self, snap: CoachSnapshot | None) -> None:
        """The newest figures (None: nothing measured yet)."""
        self._show_loudness(snap)
        self._show_pace(snap)
        if snap is None:
            for label in (self.silence, self.overtalk, self.share):
                label.setText("—")
                _set_state(label, IDLE)
            return
        seconds = int(snap.silence_s)
        if snap.pause_warning:
            self.silence.setText(self.tr("%1 s — say something to the caller")
                                 .replace("%1", str(seconds)))
        else:
            self.silence.setText(self.tr("%1 s").replace("%1", str(seconds)) if seconds else "—")
        _set_state(self.silence, WARN if snap.pause_warning else PLAIN if seconds else IDLE)
        if snap.overtalk_now:
            self.overtalk.setText(self.tr("now: let the caller finish"))
        else:
            self.overtalk.setText(str(snap.overtalk_count) if snap.overtalk_count else "—")
        _set_state(self.overtalk, WARN if snap.overtalk_now else
                   PLAIN if snap.overtalk_count else IDLE)
        if snap.talk_share is None:
            self.share.setText("—")
        else:
            mine = round(snap.talk_share * 100)
            self.share.setText(f"{mine} % / {100 - mine} %")
        _set_state(self.share, IDLE if snap.talk_share is None else PLAIN)

    def _show_loudness(self, snap: CoachSnapshot | None) -> None:
        texts = {Loudness.QUIET: self.tr("too quiet"), Loudness.GOOD: self.tr("good"),
                 Loudness.LOUD: self.tr("too loud")}
        level = snap.loudness if snap is not None else None
        self.loudness.setText(texts[level] if level is not None else "—")
        _set_state(self.loudness, IDLE if level is None else GOOD if level is Loudness.GOOD
                   else WARN)
        dbfs = snap.operator_dbfs if snap is not None else None
        self.loudness.setToolTip(f"{dbfs:.0f} dBFS" if dbfs is not None else "")

    def _show_pace(self, snap: CoachSnapshot | None) -> None:
        texts = {Pace.SLOWER: self.tr("slower than the caller"),
                 Pace.MATCHED: self.tr("in step with the caller"),
                 Pace.FASTER: self.tr("faster than the caller")}
        pace = snap.pace if snap is not None else None
        self.pace.setText(texts[pace] if pace is not None else "—")
        _set_state(self.pace, IDLE if pace is None else GOOD if pace is Pace.MATCHED else WARN)
        if snap is not None and snap.operator_rate and snap.caller_rate:
            self.pace.setToolTip(self.tr("You %1, the caller %2 syllables per second")
                                 .replace("%1", f"{snap.operator_rate:.1f}")
                                 .replace("%2", f"{snap.caller_rate:.1f}"))
        else:
            self.pace.setToolTip("")
