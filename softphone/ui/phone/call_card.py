"""One current call as a card: who, what state, how long, and the buttons that apply now.

Buttons are created once and shown or hidden by state, so a card never rebuilds under the
operator's mouse. The card never talks to the engine: it emits `requested(action, call_id)`
and the window decides.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.phone import pretty, try_normalize
from softphone.formatting import format_duration
from softphone.sip.events import CallInfo, CallState, Direction

RINGING_STATES = (CallState.INCOMING, CallState.EARLY)
DIALING_STATES = (CallState.CALLING, CallState.EARLY, CallState.CONNECTING)


def is_ringing_here(call: CallInfo) -> bool:
    return call.direction is Direction.INBOUND and call.state in RINGING_STATES


def number_line(call: CallInfo) -> str:
    """The caller's number as people write it, else the bare SIP user ("bob"), never a URI."""
    e164 = try_normalize(call.remote_uri or call.remote_number)
    if e164 is not None:
        return pretty(e164)
    return call.remote_number or call.remote_uri


def _now() -> datetime:
    return datetime.now(UTC)


def _elapsed(since: datetime, now: datetime) -> float:
    if since.tzinfo is None:  # the engine may hand out naive local times
        now = now.astimezone().replace(tzinfo=None)
    return (now - since).total_seconds()


class CallCard(QFrame):
    requested = Signal(str, int)  # action name, call id
    clicked = Signal(int)

    def __init__(self, call: CallInfo, actions: dict[str, QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.call = call
        self.known_name = ""  # the CRM's form of address or name, once the card found them
        self.vip = False  # the CRM marks the caller as a VIP customer
        self.setObjectName("callCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Esc from the workspace lands here
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.name_label = QLabel(self)
        self.name_label.setObjectName("callName")
        self.vip_label = QLabel(self.tr("VIP"), self)  # before the name, so it is seen first
        self.vip_label.setObjectName("callVip")
        self.vip_label.setToolTip(self.tr("A VIP customer"))
        self.vip_label.hide()
        self.number_label = QLabel(self)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("callState")
        self.timer_label = QLabel("00:00", self)
        self.timer_label.setObjectName("callTimer")
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.secure_label = QLabel(self.tr("encrypted"), self)  # shown while SRTP is on
        self.secure_label.setObjectName("callSecure")
        self.secure_label.setToolTip(self.tr("The call's audio is encrypted (SRTP)"))
        self.secure_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.conference_label = QLabel(self)  # shown while the call is a conference leg
        self.conference_label.setObjectName("callConference")
        self.conference_size = 0  # lines in this call's conference; the call list sets it

        top = QHBoxLayout()
        who = QVBoxLayout()
        who.setSpacing(2)
        name_row = QHBoxLayout()
        name_row.setSpacing(6)
        name_row.addWidget(self.vip_label)
        name_row.addWidget(self.name_label, 1)
        who.addLayout(name_row)
        who.addWidget(self.number_label)
        who.addWidget(self.state_label)
        who.addWidget(self.conference_label)
        top.addLayout(who, 1)
        side = QVBoxLayout()
        side.setSpacing(2)
        side.addWidget(self.timer_label)
        side.addWidget(self.secure_label)
        side.addStretch(1)
        top.addLayout(side)

        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        # (name, text, row, column, column span): one row per state, so nothing ever overflows
        for name, text, row, column, span in (
            ("answer", self.tr("Answer"), 0, 0, 3),
            ("reject", self.tr("Reject"), 0, 3, 3),
            ("hold", self.tr("Hold"), 1, 0, 2),
            ("mute", self.tr("Mute"), 1, 2, 2),
            ("transfer", self.tr("Transfer"), 1, 4, 2),
            ("hangup", self.tr("Hang up"), 2, 0, 6),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"call_{name}")
            button.setMinimumSize(QSize(0, 40))
            action = actions.get(name)
            if action is not None:
                if name in ("hold", "mute", "transfer"):  # colour marks the others
                    button.setIcon(action.icon())
                button.setToolTip(action.toolTip())
            button.clicked.connect(lambda _c=False, n=name: self._on_button(n))
            grid.addWidget(button, row, column, 1, span)
            self.buttons[name] = button
        self.buttons["hold"].setCheckable(True)
        self.buttons["mute"].setCheckable(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addLayout(grid)
        self.set_selected(False)
        self.update_call(call)

    @property
    def call_id(self) -> int:
        return self.call.call_id

    def update_call(self, call: CallInfo) -> None:
        self.call = call
        name = self.known_name or call.display_name or call.remote_number or call.remote_uri
        self.name_label.setText(name)
        number = number_line(call)
        self.number_label.setText(number if name != number else "")
        self.number_label.setVisible(bool(self.number_label.text()))
        self.vip_label.setVisible(self.vip)
        self.state_label.setText(self.state_text(call))
        heard = f"{self.vip_label.text()} {name}" if self.vip else name
        self.setAccessibleName(self.tr("Call: {0}").format(heard))
        self.setAccessibleDescription(self.state_label.text())
        ringing = is_ringing_here(call)
        talking = call.state is CallState.CONFIRMED
        self.secure_label.setVisible(talking and call.secure_media)
        visible = {
            "answer": ringing,
            "reject": ringing,
            "hold": talking,
            "mute": talking,
            "transfer": talking,
            "hangup": not ringing,
        }
        for key, shown in visible.items():
            self.buttons[key].setVisible(shown)
        hold = self.buttons["hold"]
        hold.setChecked(call.on_hold)
        hold.setText(self.tr("Resume") if call.on_hold else self.tr("Hold"))
        mute = self.buttons["mute"]
        mute.setChecked(call.muted)
        mute.setText(self.tr("Unmute") if call.muted else self.tr("Mute"))
        self._show_conference()
        if self.property("ringing") != ringing:
            self.setProperty("ringing", ringing)
            self._repolish()
        self.tick()

    def set_conference_size(self, lines: int) -> None:
        """How many of our calls are joined with this one (the call list counts them)."""
        self.conference_size = lines
        self._show_conference()

    def _show_conference(self) -> None:
        joined = self.call.conference_id is not None
        self.conference_label.setVisible(joined)
        if joined:
            self.conference_label.setText(
                self.tr("Conference · lines: {0}").format(max(self.conference_size, 2))
            )
        if self.property("conference") != joined:
            self.setProperty("conference", joined)
            self._repolish()

    def set_known_name(self, name: str, vip: bool = False) -> None:
        self.known_name, self.vip = name.strip(), vip
        self.update_call(self.call)

    def state_text(self, call: CallInfo) -> str:
        if is_ringing_here(call):
            return self.tr("Incoming call")
        if call.state is CallState.CALLING:
            return self.tr("Calling…")
        if call.state is CallState.EARLY:
            return self.tr("Ringing…")
        if call.state is CallState.CONNECTING:
            return self.tr("Connecting…")
        if call.state is CallState.DISCONNECTED:
            return self.tr("Ended")
        if call.on_hold:
            return self.tr("On hold")
        if call.remote_hold:
            return self.tr("Held by the other side")
        return self.tr("Talking, microphone off") if call.muted else self.tr("Talking")

    def tick(self, now: datetime | None = None) -> None:
        """Refresh the timer: talk time once connected, ringing time before."""
        now = now or _now()
        since = self.call.connected_at or self.call.started_at
        elapsed = _elapsed(since, now) if since else 0.0
        self.timer_label.setText(format_duration(elapsed, timer=True))

    def set_selected(self, selected: bool) -> None:
        self.setProperty("selected", selected)
        self._repolish()

    def _repolish(self) -> None:
        """Dynamic properties only restyle after an unpolish/polish round."""
        self.style().unpolish(self)
        self.style().polish(self)

    def _on_button(self, name: str) -> None:
        call = self.call
        if name == "hold":
            name = "resume" if call.on_hold else "hold"
        elif name == "mute":
            name = "unmute" if call.muted else "mute"
        self.requested.emit(name, call.call_id)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit(self.call.call_id)
        super().mousePressEvent(event)
