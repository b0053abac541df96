"""Choose where a call goes: a number now (blind), a number after a word with them (consult),
a colleague from the list of operators (their stored extension or SIP URI, blind or consult),
or another current call (attended).

The dialog only collects the choice (`request`); the window carries it out, so the same
engine error path applies as for every other command.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from softphone.sip.events import CallInfo
from softphone.ui.phone.call_controller import TransferKind, TransferRequest
from softphone.ui.phone.number_field import NumberField


class TransferDialog(QDialog):
    def __init__(
        self,
        call: CallInfo,
        others: list[CallInfo],
        region: str = "RU",
        parent: QWidget | None = None,
        colleagues: list[tuple[str, str]] | None = None,  # (name, extension or SIP URI)
    ) -> None:
        super().__init__(parent)
        self.call = call
        self.request: TransferRequest | None = None
        self.setWindowTitle(self.tr("Transfer call"))
        self.setMinimumWidth(380)
        who = call.display_name or call.remote_number or call.remote_uri
        heading = QLabel(self.tr("Transfer {0} to:").format(who), self)
        heading.setWordWrap(True)

        number_box = QGroupBox(self.tr("A number or address"), self)
        self.number = NumberField(region, number_box)
        self.number.setObjectName("transferNumber")
        self.blind_button = QPushButton(self.tr("Transfer now"), number_box)
        self.blind_button.setToolTip(self.tr("Hand the call over without talking to them first"))
        self.consult_button = QPushButton(self.tr("Talk first"), number_box)
        self.consult_button.setToolTip(
            self.tr("Put this call on hold and call the number; transfer when they agree")
        )
        number_layout = QVBoxLayout(number_box)
        number_layout.addWidget(self.number)
        number_layout.addWidget(self.blind_button)
        number_layout.addWidget(self.consult_button)

        colleagues_box = QGroupBox(self.tr("A colleague"), self)
        self.colleagues = QListWidget(colleagues_box)
        self.colleagues.setObjectName("transferColleagues")
        for name, target in colleagues or []:
            item = QListWidgetItem(f"{name} — {target}", self.colleagues)
            item.setData(Qt.ItemDataRole.UserRole, target)
        self.colleague_button = QPushButton(self.tr("Transfer to the colleague"), colleagues_box)
        self.colleague_consult_button = QPushButton(self.tr("Talk to them first"), colleagues_box)
        colleagues_layout = QVBoxLayout(colleagues_box)
        colleagues_layout.addWidget(self.colleagues)
        colleagues_layout.addWidget(self.colleague_button)
        colleagues_layout.addWidget(self.colleague_consult_button)
        colleagues_box.setVisible(bool(colleagues))
        if colleagues:
            self.colleagues.setCurrentRow(0)

        calls_box = QGroupBox(self.tr("Another current call"), self)
        self.calls = QListWidget(calls_box)
        for other in others:
            text = other.display_name or other.remote_number or other.remote_uri
            item = QListWidgetItem(text, self.calls)
            item.setData(Qt.ItemDataRole.UserRole, other.call_id)
        self.attended_button = QPushButton(self.tr("Connect them"), calls_box)
        self.attended_button.setToolTip(self.tr("Connect this call with the selected call"))
        calls_layout = QVBoxLayout(calls_box)
        calls_layout.addWidget(self.calls)
        calls_layout.addWidget(self.attended_button)
        calls_box.setVisible(bool(others))
        if others:
            self.calls.setCurrentRow(0)

        cancel = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        cancel.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(number_box)
        layout.addWidget(colleagues_box)
        layout.addWidget(calls_box)
        layout.addWidget(cancel)

        self.blind_button.clicked.connect(lambda: self._choose_number(TransferKind.BLIND))
        self.consult_button.clicked.connect(lambda: self._choose_number(TransferKind.CONSULT))
        self.number.dial_requested.connect(lambda _t: self._choose_number(TransferKind.BLIND))
        self.attended_button.clicked.connect(self._choose_call)
        self.colleague_button.clicked.connect(lambda: self._choose_colleague(TransferKind.BLIND))
        self.colleague_consult_button.clicked.connect(
            lambda: self._choose_colleague(TransferKind.CONSULT))
        self.colleagues.itemActivated.connect(
            lambda _item: self._choose_colleague(TransferKind.BLIND))
        self.number.textChanged.connect(self._update_buttons)
        self._update_buttons()
        self.number.setFocus()

    def _update_buttons(self) -> None:
        has_number = bool(self.number.target())
        self.blind_button.setEnabled(has_number)
        self.consult_button.setEnabled(has_number)

    def _choose_number(self, kind: TransferKind) -> None:
        target = self.number.target()
        if not target:
            return
        self.request = TransferRequest(kind, self.call.call_id, target=target)
        self.accept()

    def _choose_colleague(self, kind: TransferKind) -> None:
        item = self.colleagues.currentItem()
        if item is None:
            return
        target = str(item.data(Qt.ItemDataRole.UserRole))
        self.request = TransferRequest(kind, self.call.call_id, target=target)
        self.accept()

    def _choose_call(self) -> None:
        item = self.calls.currentItem()
        if item is None:
            return
        to_call = int(item.data(Qt.ItemDataRole.UserRole))
        self.request = TransferRequest(TransferKind.ATTENDED, self.call.call_id, to_call_id=to_call)
        self.accept()
