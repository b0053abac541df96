"""The window's left column: who is signed in, the number to dial, the dial pad, the calls.

Its widgets stay reachable as attributes (the window hands them to its controllers and tests
drive them); features add their own rows under the calls through add_row.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from softphone.ui.conference.actions import ConferenceActions
from softphone.ui.conference.bar import ConferenceBar
from softphone.ui.phone.actions import CallActions
from softphone.ui.phone.call_list import CallList
from softphone.ui.phone.dialpad import DialPad
from softphone.ui.phone.number_field import NumberField
from softphone.ui.status_widgets import AccountHeader, MessageBanner

CALL_KEYS_ON_CARDS = ("answer", "reject", "hangup", "hold", "mute", "transfer")


class PhoneColumn(QWidget):
    def __init__(
        self,
        keys: CallActions,
        conference: ConferenceActions,
        region: str,
        account_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("phonePane")
        self.setMinimumWidth(400)
        self.header = AccountHeader(self)
        self.header.set_account(account_text)
        self.banner = MessageBanner(self)

        self.number_field = NumberField(region, self)
        self.number_field.setObjectName("numberField")
        self.number_field.setMinimumHeight(40)
        self.call_button = QPushButton(keys.dial.icon(), self.tr("Call"), self)
        self.call_button.setObjectName("callButton")
        self.call_button.setMinimumSize(QSize(110, 40))
        self.call_button.setToolTip(keys.dial.toolTip())
        number_row = QHBoxLayout()
        number_row.addWidget(self.number_field, 1)
        number_row.addWidget(self.call_button)

        self.dialpad = DialPad(self)
        self.dialpad.setToolTip(self.tr("During a call the keys send tones (DTMF)"))
        self.dialpad.setMaximumHeight(240)
        self.call_list = CallList({n: getattr(keys, n) for n in CALL_KEYS_ON_CARDS}, self)
        self.conference_bar = ConferenceBar(conference, self)
        self.conference_bar.hide()
        calls_title = QLabel(self.tr("Current calls"), self)
        calls_title.setObjectName("sectionTitle")

        column = self._column = QVBoxLayout(self)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(10)
        column.addWidget(self.header)
        column.addWidget(self.banner)
        column.addLayout(number_row)
        column.addWidget(self.dialpad)
        column.addWidget(calls_title)
        column.addWidget(self.call_list, 1)
        column.addWidget(self.conference_bar)

    def add_row(self, widget: QWidget) -> None:
        """A feature's own row under the calls (WindowHooks.add_call_view_widget)."""
        self._column.addWidget(widget)
