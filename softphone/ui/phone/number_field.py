"""The number field: accepts any format and formats phone numbers as the operator types.

Operators paste numbers from e-mails, CRMs and spreadsheets ("8 (912) 345-67-89",
"+7 912 3456789", "9123456789"). Showing the number grouped while typing makes a wrong digit
easy to spot. SIP URIs, user@host and names are left exactly as typed.
"""

from __future__ import annotations

import re

import phonenumbers
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

_PHONE_CHARS = re.compile(r"[0-9+\s\-().]*")


def looks_like_phone(text: str) -> bool:
    """True for text made only of digits, +, spaces and punctuation; URIs and names are not."""
    if not text or _PHONE_CHARS.fullmatch(text) is None:
        return False
    return any(c.isdigit() for c in text)


def significant(text: str) -> str:
    """Digits and a leading plus: what the operator actually typed, without our formatting."""
    digits = "".join(c for c in text if c.isdigit())
    return ("+" + digits) if text.lstrip().startswith("+") else digits


def format_as_you_type(text: str, region: str = "RU") -> str:
    """Grouped form of a partly typed phone number; anything else comes back unchanged."""
    if not looks_like_phone(text):
        return text
    formatter = phonenumbers.AsYouTypeFormatter(region)
    shown = ""
    for char in significant(text):
        shown = formatter.input_digit(char)
    return shown


class NumberField(QLineEdit):
    """A QLineEdit that keeps phone numbers grouped and says what to dial."""

    dial_requested = Signal(str)  # Enter pressed with something to dial

    def __init__(self, region: str = "RU", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._region = region
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Number or sip:user@host"))
        self.textEdited.connect(self._reformat)
        self.returnPressed.connect(self._on_return)

    def target(self) -> str:
        """What to hand to the dial plan: bare digits for phone numbers, else the text itself."""
        text = self.text().strip()
        return significant(text) if looks_like_phone(text) else text

    def append(self, chars: str) -> None:
        """Type characters at the cursor, as the dial pad does."""
        self.insert(chars)
        self._reformat(self.text())

    def _reformat(self, text: str) -> None:
        if not looks_like_phone(text):
            return
        # Keep the cursor after the same number of digits it was after before formatting.
        typed_before = len(significant(text[: self.cursorPosition()]).lstrip("+"))
        shown = format_as_you_type(text, self._region)
        if shown == text:
            return
        self.setText(shown)
        self.setCursorPosition(_position_after_digits(shown, typed_before))

    def _on_return(self) -> None:
        target = self.target()
        if target:
            self.dial_requested.emit(target)


def _position_after_digits(text: str, count: int) -> int:
    if count <= 0:
        return 1 if text.startswith("+") else 0
    seen = 0
    for index, char in enumerate(text):
        if char.isdigit():
            seen += 1
            if seen == count:
                return index + 1
    return len(text)
