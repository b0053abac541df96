"""The call workspace's widget: four panes in two splitter columns, each a key away.

Left: who is calling (and the wrap-up), under it what to say. Right: the knowledge base, under
it the order form. The panes hold the very panel widgets of the side tabs (lent, not copied).
Alt+1..4 open a pane with the keyboard on its main field, F12 and Ctrl+F the knowledge-base
search, Esc takes the keyboard back to the call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

ROW_PX = 12  # controls within this many pixels of each other's top are on one row
SAVE_DELAY_MS = 600  # splitter drags end in a burst of moves: keep the layout once
# until the operator moves them: the two columns, the caller over the script, the KB over the order
DEFAULT_SHARES = {"columns": (0.45, 0.55), "left": (0.5, 0.5), "right": (0.5, 0.5)}


@dataclass(frozen=True)
class Pane:
    """One panel the workspace shows: its widget, title, and what gets the keyboard."""

    key: str  # "caller", "script", "kb", "orders"
    title: str
    widget: QWidget
    focus: Callable[[], QWidget | None]  # the pane's main field right now
    description: str = ""
    scroll: bool = False  # a panel with no scrolling of its own: the pane scrolls it


ORDER = ("caller", "script", "kb", "orders")  # visual order: left column, then right


class PaneFrame(QFrame):
    """A pane's frame: a title with its key, then the lent panel."""

    def __init__(self, pane: Pane, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pane, self.number = pane, number
        self.setObjectName("workspacePane")
        heading = f"{pane.title} · Alt+{number}"  # the title is translated; the key is a key
        self.title = QLabel(heading, self)
        self.title.setObjectName("workspacePaneTitle")
        self.setAccessibleName(pane.title)
        self.setAccessibleDescription(pane.description)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(6, 6, 6, 6)
        self.body.setSpacing(4)
        self.body.addWidget(self.title)
        self.area: QScrollArea | None = None
        if pane.scroll:  # so the splitter may make it smaller than all of its content
            self.area = QScrollArea(self)
            self.area.setWidgetResizable(True)
            self.area.setFrameShape(QFrame.Shape.NoFrame)
            self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.body.addWidget(self.area, 1)

    def hold(self) -> None:
        if self.area is not None:
            self.area.setWidget(self.pane.widget)
        else:
            self.body.addWidget(self.pane.widget, 1)
        self.pane.widget.show()

    def release(self) -> None:
        if self.area is not None:
            self.area.takeWidget()
        else:
            self.body.removeWidget(self.pane.widget)


class CallWorkspace(QWidget):
    layout_changed = Signal()  # a splitter moved: the store keeps it (debounced)
    back_to_call = Signal()  # Esc

    def __init__(self, panes: list[Pane], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callWorkspace")
        self.setAccessibleName(self.tr("Call workspace"))
        self.setAccessibleDescription(self.tr(
            "The caller, the script, the knowledge base and the order form for the current call"))
        by_key = {p.key: p for p in panes}
        self.frames = {
            key: PaneFrame(by_key[key], n, self) for n, key in enumerate(ORDER, 1) if key in by_key
        }
        self._unsized = {"columns", "left", "right"}
        self.columns = QSplitter(Qt.Orientation.Horizontal, self)
        self.columns.setObjectName("workspaceColumns")
        self.left = QSplitter(Qt.Orientation.Vertical, self.columns)
        self.left.setObjectName("workspaceLeft")
        self.right = QSplitter(Qt.Orientation.Vertical, self.columns)
        self.right.setObjectName("workspaceRight")
        for key in ORDER:
            frame = self.frames.get(key)
            if frame is not None:
                (self.left if key in ("caller", "script") else self.right).addWidget(frame)
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.layout_changed)
        for splitter in self.splitters().values():
            splitter.setChildrenCollapsible(False)
            splitter.setHandleWidth(6)
            splitter.splitterMoved.connect(lambda _p, _i: self._save_timer.start())
        self.columns.setStretchFactor(0, 1)
        self.columns.setStretchFactor(1, 1)
        self.left.setStretchFactor(0, 1)  # the card scrolls; what to say keeps half
        self.left.setStretchFactor(1, 1)
        self.right.setStretchFactor(0, 1)  # the answer must be readable, not only its title
        self.right.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.columns)
        self._shortcuts()

    def _shortcuts(self) -> None:
        """Window-wide keys while the workspace is shown (disabled otherwise); actions, so the
        F1 table lists them with the window's other keys."""
        self.keys: list[QAction] = []
        for key, frame in self.frames.items():
            self._key(self.tr("Call workspace: {0}").format(frame.pane.title),
                      f"Alt+{frame.number}", self._opener(key))
        self._key(self.tr("Call workspace: search the knowledge base"), "F12",
                  lambda: self.open_pane("kb"))
        self._key(self.tr("Call workspace: back to the call"), "Esc", self.back_to_call.emit)

    def _opener(self, key: str) -> Callable[[], object]:
        return lambda: self.open_pane(key)

    def _key(self, text: str, sequence: str, slot: Callable[[], object]) -> None:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(sequence))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.keys.append(action)

    def set_keys_enabled(self, enabled: bool) -> None:
        for action in self.keys:
            action.setEnabled(enabled)

    def splitters(self) -> dict[str, QSplitter]:
        return {"columns": self.columns, "left": self.left, "right": self.right}

    def hold_panels(self) -> None:
        for frame in self.frames.values():
            frame.hold()


    def release_panels(self) -> list[QWidget]:
        """Let go of the panels (in reverse visual order, so tabs go back where they were)."""
        released = []
        for frame in reversed(list(self.frames.values())):
            frame.release()
            released.append(frame.pane.widget)
        return released

    def tab_order(self) -> list[QWidget]:
        """The controls Tab visits, as laid out: pane by pane (left column, then right), in
        each pane row by row, left to right. Qt's own chain follows creation order, and the
        panels' controls are made at different times (a caller's number buttons last)."""
        order: list[QWidget] = []
        for frame in self.frames.values():
            def place(widget: QWidget, frame: QFrame = frame) -> tuple[int, int]:
                at = widget.mapTo(frame, QPoint(0, 0))
                return at.y() // ROW_PX, at.x()

            order += sorted((w for w in frame.findChildren(QWidget) if _tab_stop(w)), key=place)
        return order

    def focusNextPrevChild(self, next: bool) -> bool:  # (Qt names the parameter `next`)
        order, current = self.tab_order(), QApplication.focusWidget()
        if current in order:
            index = order.index(current) + (1 if next else -1)
            if 0 <= index < len(order):
                reason = Qt.FocusReason
                order[index].setFocus(reason.TabFocusReason if next else reason.BacktabFocusReason)
                return True
        return super().focusNextPrevChild(next)  # out of the workspace, Qt's chain goes on

    def open_pane(self, key: str) -> QWidget | None:
        """The keyboard onto a pane's main field (the field's text selected, ready to type)."""
        frame = self.frames.get(key)
        if frame is None:
            return None
        target = frame.pane.focus() or frame.pane.widget
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if frame.area is not None and frame.area.isAncestorOf(target):
            frame.area.ensureWidgetVisible(target)  # the wrap-up below the card's contacts
        select_all = getattr(target, "selectAll", None)
        if callable(select_all) and key == "kb":
            select_all()
        return target

    def states(self) -> dict[str, bytes]:
        return {name: bytes(s.saveState().data()) for name, s in self.splitters().items()}

    def restore(self, states: dict[str, bytes]) -> None:
        for name, splitter in self.splitters().items():
            if name in states and splitter.restoreState(states[name]):
                self._unsized.discard(name)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The first real size: splitters nobody arranged yet get their default shares (the
        panels' own size hints would give the card with its wrap-up all of the left column)."""
        super().resizeEvent(event)
        if not self._unsized or event.size().height() < 200:
            return
        for name, splitter in self.splitters().items():
            if name in self._unsized:
                total = sum(splitter.sizes()) or 1000
                splitter.setSizes([round(total * share) for share in DEFAULT_SHARES[name]])
        self._unsized.clear()


def _tab_stop(widget: QWidget) -> bool:
    """A control Tab lands on (the field inside a spin or combo box is the box's own)."""
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isVisible()
        and widget.isEnabled()
        and not isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)
    )

