"""The list of current calls (ringing, active, on hold), one card each, with a shared timer.

The legs of a three-way call stand together, in the place of the oldest, each marked with
the conference and how many lines it joins.

It also answers the question every shortcut asks: which call does F3 mean? The highlighted
(selected) card if there is one, else the call being talked on, else a call being dialled,
else the first on hold. Answer/Reject always mean the oldest ringing call.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from softphone.sip.events import CallInfo, CallState, Direction
from softphone.ui.phone.call_card import DIALING_STATES, CallCard, is_ringing_here


class CallList(QScrollArea):
    requested = Signal(str, int)  # action name, call id (forwarded from the cards)
    selection_changed = Signal(int)  # call id, -1 for none

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions = actions
        self._cards: dict[int, CallCard] = {}
        self._selected: int | None = None
        self.setObjectName("callList")
        self.setAccessibleName(self.tr("Current calls"))
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget(self)
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self._empty = QLabel(self.tr("No calls"), inner)
        self._empty.setObjectName("noCalls")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self._empty)
        self._layout.addStretch(1)
        self.setWidget(inner)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)

    # -- content --------------------------------------------------------------------------------

    def upsert(self, call: CallInfo) -> CallCard:
        card = self._cards.get(call.call_id)
        if card is None:
            card = CallCard(call, self._actions, self.widget())
            card.requested.connect(self.requested)
            card.clicked.connect(self.select)
            self._layout.insertWidget(self._layout.count() - 1, card)
            self._cards[call.call_id] = card
        else:
            card.update_call(call)
        self._refresh()
        return card

    def remove(self, call_id: int) -> None:
        card = self._cards.pop(call_id, None)
        if card is None:
            return
        self._layout.removeWidget(card)
        card.deleteLater()
        if self._selected == call_id:
            self._selected = None
            self.selection_changed.emit(-1)
        self._refresh()

    def set_caller_name(self, call_id: int, name: str, vip: bool = False) -> None:
        """The CRM knows the caller: its form of address replaces the caller-ID name, and a
        VIP customer's card says so."""
        card = self._cards.get(call_id)
        if card is not None:
            card.set_known_name(name, vip)

    def focus_current(self) -> None:
        """The keyboard onto the call a shortcut means (Esc from the call workspace)."""
        call = self.current_call() or self.ringing_call()
        card = self._cards.get(call.call_id) if call is not None else None
        (card or self).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def card(self, call_id: int) -> CallCard | None:
        return self._cards.get(call_id)

    def calls(self) -> list[CallInfo]:
        return [card.call for card in self._cards.values()]

    def __len__(self) -> int:
        return len(self._cards)

    def select(self, call_id: int) -> None:
        if call_id not in self._cards or call_id == self._selected:
            return
        self._selected = call_id
        for cid, card in self._cards.items():
            card.set_selected(cid == call_id)
        self.selection_changed.emit(call_id)

    # -- which call a shortcut means ------------------------------------------------------------

    def ringing_call(self) -> CallInfo | None:
        ringing = [c for c in self.calls() if is_ringing_here(c)]
        return ringing[0] if ringing else None

    def active_call(self) -> CallInfo | None:
        """The call being talked on: confirmed and not on hold."""
        for call in self.calls():
            if call.state is CallState.CONFIRMED and not call.on_hold:
                return call
        return None

    def held_calls(self) -> list[CallInfo]:
        return [c for c in self.calls() if c.state is CallState.CONFIRMED and c.on_hold]

    def current_call(self) -> CallInfo | None:
        if self._selected in self._cards:
            return self._cards[self._selected].call
        outgoing = [
            c
            for c in self.calls()
            if c.direction is Direction.OUTBOUND and c.state in DIALING_STATES
        ]
        for candidate in (self.active_call(), *outgoing, *self.held_calls()):
            if candidate is not None:
                return candidate
        return None

    # -- internals ------------------------------------------------------------------------------

    def _refresh(self) -> None:
        self._group_conferences()
        self._empty.setVisible(not self._cards)
        if self._cards and not self._clock.isActive():
            self._clock.start()
        elif not self._cards:
            self._clock.stop()

    def _group_conferences(self) -> None:
        """Conference legs next to each other, in arrival order otherwise; sizes on the cards."""
        order: list[CallCard] = []
        for card in self._cards.values():
            conference = card.call.conference_id
            if card in order:
                continue
            if conference is None:
                order.append(card)
                continue
            legs = [c for c in self._cards.values() if c.call.conference_id == conference]
            for leg in legs:
                leg.set_conference_size(len(legs))
            order += legs
        for index, card in enumerate(order, start=1):  # 0 is the "No calls" label
            if self._layout.indexOf(card) != index:
                self._layout.removeWidget(card)
                self._layout.insertWidget(index, card)

    def _tick(self) -> None:
        for card in self._cards.values():
            card.tick()
