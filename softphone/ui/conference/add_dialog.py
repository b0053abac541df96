"""Ask for the number of the person to add to the call (a colleague, a supervisor).

A plain field: the engine's dial plan turns any spelling of a number (or a SIP URI) into the
address it calls, and refuses what is not one with a readable message on the window's banner.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class AddParticipantDialog(QDialog):
    def __init__(self, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add participant"))
        self.setMinimumWidth(360)
        heading = QLabel(self.tr("Who joins the call with {0}?").format(who), self)
        heading.setWordWrap(True)
        self.number = QLineEdit(self)
        self.number.setObjectName("conferenceNumber")
        self.number.setPlaceholderText(self.tr("Number, extension or SIP address"))
        self.buttons = QDialogButtonBox(self)
        self.call_button = self.buttons.addButton(
            self.tr("Call and add"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.number.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.number)
        layout.addWidget(self.buttons)
        self._update()

    @property
    def target(self) -> str:
        return self.number.text().strip()

    def _update(self) -> None:
        self.call_button.setEnabled(bool(self.target))
