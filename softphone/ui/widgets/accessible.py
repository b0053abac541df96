"""Names for screen readers, taken from what the sighted operator already sees.

Qt names a button by its text and a field by the label it is the buddy of; fields whose label
sits beside a layout (a field with its error line under it), or that only show a placeholder or
a tooltip, have no name for a screen reader. `name_controls` gives every such control of a
panel the label of its form row, else its placeholder, else its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    found: list[QWidget] = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget, inner = (item.widget(), item.layout()) if item is not None else (None, None)
        if widget is not None:
            found.append(widget)
        elif inner is not None:
            found += _layout_widgets(inner)
    return found


def _form_labels(root: QWidget) -> dict[QWidget, str]:
    """Field widget -> the text of its form row's label, for every form under root."""
    names: dict[QWidget, str] = {}
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label_widget = label.widget() if label is not None else None
            if field is None or not isinstance(label_widget, QLabel):
                continue
            text = label_widget.text().replace("&", "").strip().rstrip(":").strip()
            field_widget, field_layout = field.widget(), field.layout()
            widgets = [field_widget] if field_widget is not None else (
                _layout_widgets(field_layout) if field_layout is not None else [])
            for widget in widgets:
                names.setdefault(widget, text)
    return names


def _hint(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) and widget.placeholderText():
        return widget.placeholderText()
    line = widget.lineEdit() if isinstance(widget, QComboBox) else None
    if line is not None and line.placeholderText():
        return line.placeholderText()
    return widget.toolTip()


def name_controls(root: QWidget, names: dict[QWidget, str] | None = None) -> None:
    """Give each keyboard-reachable control under root without a name the one it shows:
    `names` first (lists and views that show no label), then its form label, placeholder or
    tooltip. A name set by hand is never replaced."""
    labels = _form_labels(root)
    for widget, text in (names or {}).items():
        if not widget.accessibleName():
            widget.setAccessibleName(text)
    for widget in root.findChildren(QWidget):
        if widget.accessibleName() or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        text = labels.get(widget) or _hint(widget)
        if not text and isinstance(widget, QAbstractScrollArea):
            continue  # a list or view: its panel names it in `names`
        if text:
            widget.setAccessibleName(text)


def main_field(panel: QWidget) -> QWidget | None:
    """Where the keyboard goes when a panel is opened: its first text field (a search box,
    the form's first field), else its first control, top to bottom and left to right."""
    stops = [
        w for w in panel.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(panel) and w.isEnabled()
        and not isinstance(w.parentWidget(), QComboBox)
    ]

    def place(widget: QWidget) -> tuple[int, int]:
        at = widget.mapTo(panel, QPoint(0, 0))
        return at.y(), at.x()

    stops.sort(key=place)
    return next((w for w in stops if isinstance(w, QLineEdit)), stops[0] if stops else None)
