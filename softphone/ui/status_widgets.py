"""Small status pieces of the window: the account header, the message banner, and the status
bar's sound and CRM labels.

The banner is how errors reach the operator: it sits above the calls, stays until closed or
replaced, and never blocks the window the way a modal box would in the middle of a call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from softphone.sip.events import RegistrationChanged, RegState
from softphone.ui.bridge import EngineBridge
from softphone.ui.crm_link import CrmLink

if TYPE_CHECKING:
    from softphone.sip.events import AudioStatus


class AccountHeader(QFrame):
    """Which account calls go out on and whether it is registered (with the reason if not)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountHeader")
        self.account_label = QLabel(self)
        self.account_label.setObjectName("accountName")
        self.account_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("registrationStatus")
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.account_label)
        layout.addWidget(self.status_label)
        self.set_status("ok", self.tr("Ready"))

    def set_account(self, text: str) -> None:
        self.account_label.setText(text)

    def set_status(self, level: str, text: str) -> None:
        """level: ok / busy / error; the colour comes from the window's style sheet."""
        self.status_label.setText(text)
        self.status_label.setProperty("level", level)
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)

    def show_registration(self, event: RegistrationChanged) -> tuple[str, str]:
        """Show a registration event; returns (level, text) for the status bar too."""
        detail = event.reason
        if event.status_code:
            detail = f"{event.status_code} {event.reason}".strip()
        if event.state is RegState.REGISTERED:
            level, text = "ok", self.tr("Registered")
        elif event.state is RegState.REGISTERING:
            level, text = "busy", self.tr("Registering…")
        elif event.state is RegState.FAILED:
            level = "error"
            text = self.tr("Registration failed: {0}").format(detail or self.tr("no answer"))
        else:
            level, text = "busy", self.tr("Not registered")
        self.set_status(level, text)
        return level, text


class MessageBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setIcon(QApplication.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        close.setToolTip(self.tr("Close this message"))
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    @property
    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()


class SoundStateLabel(QLabel):
    """The devices the operator hears and speaks through, or plainly what is missing."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge

    def show_audio_status(self, status: AudioStatus) -> None:
        if self._bridge.sound is not None:  # the sound path's devices are what the operator uses
            self.show_sound_status(self._bridge.sound.status)
            return
        if status.null_device:
            self.setText(self.tr("No sound device: calls connect, but are silent here"))
        else:
            self.setText(self.tr("Audio: {0} / {1}").format(status.capture, status.playback))
        self.setToolTip(status.message)  # the engine's own words, in detail

    def show_sound_status(self, problem: str) -> None:
        bridge = self._bridge
        if problem:
            self.setText(problem)
        else:
            self.setText(self.tr("Audio: {0} / {1}").format(
                bridge.sound_device_name("capture"), bridge.sound_device_name("playback")))
        self.setToolTip(self.tr("Ringing on: {0}").format(bridge.sound_device_name("ringer")))


class CrmStateLabel(QLabel):
    """Shown only while the CRM database is unreachable or kept writes wait for it."""

    def __init__(self, link: CrmLink | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crmState")
        self._link: CrmLink | None = None
        self.hide()
        if link is not None:
            self.set_link(link)

    def set_link(self, link: CrmLink) -> None:
        """The database's link, once it is open (after the first screen)."""
        self._link = link
        link.state_changed.connect(self.refresh)
        link.kept_changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        link = self._link
        if link is None or (link.up and not link.kept):
            self.hide()
            return
        if link.up:
            text = self.tr("CRM: sending %n kept change(s)…", "", link.kept)
        elif link.kept:
            text = self.tr("CRM: no connection, %n change(s) kept here", "", link.kept)
        else:
            text = self.tr("CRM: no connection")
        self.setText(text)
        self.setToolTip(self.tr(
            "The customer database does not answer. Calls work; the call log, wrap-ups and "
            "drafts are kept on this computer and sent when the database is back."))
        self.show()
