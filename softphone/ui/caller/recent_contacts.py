"""The caller's recent contacts under their card, each past call with its speech figures.

The list shows at once; the figures (issue #18) come from a second look-up off the GUI thread
and are added only if the list still shows the same calls, so a slow answer never lands under
another caller's history.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from softphone.crm.coaching.service import CallCoaching, CoachingService
from softphone.crm.customers.calls import CallRecord
from softphone.ui.caller.recent_text import record_text, speech_text
from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class RecentContacts(QWidget):
    def __init__(
        self, runner: TaskRunner, coaching: CoachingService | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._runner, self._coaching = runner, coaching
        self._shown = 0  # bumped per list shown: figures asked for before it are dropped
        self.title = QLabel(self.tr("Recent contacts"), self)
        self.title.setObjectName("sectionTitle")
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAccessibleName(self.title.text())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)

    def reset(self) -> None:
        """The card shows another call: empty and hidden until that caller's history comes."""
        self._shown += 1
        self.list.clear()
        self.hide()

    def show_records(self, records: list[CallRecord]) -> None:
        """The past calls, newest first as given; hidden when there are none."""
        self._shown += 1  # shown again (the card refreshed): only this look-up's figures count
        self.list.clear()
        for record in records:
            self.list.addItem(record_text(record))
        self.setVisible(bool(records))
        coaching, shown = self._coaching, self._shown
        if coaching is not None and records:
            ids = [r.id for r in records]
            self._runner.run(lambda: coaching.for_calls(ids),
                             lambda found: self._add_speech(shown, records, found),
                             on_failure=lambda exc: log.warning("speech figures: %s", exc),
                             label="speech figures")

    def _add_speech(self, shown: int, records: list[CallRecord],
                    found: dict[int, CallCoaching]) -> None:
        """The speech figures under each past call that has them (the card may have moved on)."""
        if shown != self._shown:  # the list was reset or shown again meanwhile
            return
        for row, record in enumerate(records):
            figures = found.get(record.id)
            if figures is not None:
                item = self.list.item(row)
                item.setText(f"{item.text()}\n{speech_text(figures)}")
