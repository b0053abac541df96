"""Driving the order and application forms the way an operator does (shared by the in-process
tests and the child process of the kill test)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from softphone.ui.widgets.item_picker import ItemPicker


def type_into(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Replace the content by typing, so the same signals fire as for a person.

    Key events carry the characters themselves: QTest.keyClicks only knows ASCII.
    """
    widget.setFocus()
    widget.selectAll()
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def suggestion(picker: ItemPicker, fragment: str) -> str | None:
    return next((s for s in picker.suggestions() if fragment in s), None)


def pick(picker: ItemPicker, query: str, fragment: str, wait: Callable[..., Any]) -> None:
    """Type a query, wait for the completion list, and take the entry containing fragment."""
    type_into(picker, query)
    wait(lambda: suggestion(picker, fragment) is not None)
    picker.completer_.activated.emit(suggestion(picker, fragment))
    assert picker.item_id is not None
