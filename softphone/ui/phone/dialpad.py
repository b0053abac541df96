"""The twelve-key dial pad; during a call the same keys send DTMF (the window decides which).

Each key also answers to its keyboard digit when no text field has focus, so an operator can
walk an IVR menu ("press 2") without the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

KEYS = (
    ("1", ""),
    ("2", "ABC"),
    ("3", "DEF"),
    ("4", "GHI"),
    ("5", "JKL"),
    ("6", "MNO"),
    ("7", "PQRS"),
    ("8", "TUV"),
    ("9", "WXYZ"),
    ("*", ""),
    ("0", "+"),
    ("#", ""),
)


class DialPad(QWidget):
    digit_pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        self.buttons: dict[str, QPushButton] = {}
        for index, (digit, letters) in enumerate(KEYS):
            button = QPushButton(f"{digit}\n{letters}" if letters else digit, self)
            button.setObjectName(f"dialpad_{digit}")
            button.setMinimumSize(QSize(64, 44))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep focus in the number field
            button.setShortcut(QKeySequence(digit))
            font = button.font()
            font.setPointSizeF(font.pointSizeF() * 1.25)
            button.setFont(font)
            button.clicked.connect(lambda _checked=False, d=digit: self.digit_pressed.emit(d))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[digit] = button
