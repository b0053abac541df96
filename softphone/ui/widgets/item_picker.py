"""A line edit that completes knowledge-base products and services as the operator types.

The search runs through the TaskRunner (never on the GUI thread); answers to an older query
are dropped, so a slow search cannot overwrite the list for what is typed now.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from softphone.crm.kb.search import SearchHit
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.formatting import money
from softphone.ui.tasks import TaskRunner

SEARCH_DELAY_MS = 200
ORDERABLE = frozenset({"product", "service"})


def hit_text(hit: SearchHit) -> str:
    price = f" — {money(hit.price)}" if hit.price is not None else ""
    unit = f" / {hit.unit}" if hit.unit and price else ""
    return f"{hit.title}{price}{unit} [{hit.code}]"


class ItemPicker(QLineEdit):
    item_chosen = Signal(int, str)  # item id, title
    item_cleared = Signal()

    def __init__(
        self,
        kb: KnowledgeBaseService,
        runner: TaskRunner,
        kinds: Collection[str] = ORDERABLE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._kb, self._runner, self._kinds = kb, runner, frozenset(kinds)
        self._seq = 0
        self._hits: dict[str, SearchHit] = {}
        self.item_id: int | None = None
        self.searches_done = 0  # tests wait on it
        self._model = QStringListModel(self)
        self.completer_ = QCompleter(self._model, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompleter(self.completer_)
        self.completer_.activated.connect(self.choose_text)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.textEdited.connect(self._edited)

    def _edited(self, _text: str) -> None:
        if self.item_id is not None:
            self.item_id = None
            self.item_cleared.emit()
        self._timer.start()

    def _search(self) -> None:
        self._seq += 1
        seq, query, kinds = self._seq, self.text(), self._kinds

        def find() -> list[SearchHit]:
            hits = self._kb.search(query, limit=30)
            return [h for h in hits if h.kind in kinds][:12]

        self._runner.run(find, lambda hits: self._show(seq, hits), label="item completion")

    def _show(self, seq: int, hits: list[SearchHit]) -> None:
        self.searches_done += 1
        if seq != self._seq:
            return
        self._hits = {hit_text(h): h for h in hits}
        self._model.setStringList(list(self._hits))
        if hits and self.hasFocus():
            self.completer_.complete()

    def suggestions(self) -> list[str]:
        return self._model.stringList()

    def choose_text(self, text: str) -> None:
        hit = self._hits.get(text)
        if hit is None:
            return
        self.set_item(hit.item_id, hit.title)
        # QLineEdit puts the whole completion text in after this slot: show the title again
        # once it has (still the same item unless the operator typed in between).
        QTimer.singleShot(0, lambda: self._keep_title(hit.item_id, hit.title))
        self.item_chosen.emit(hit.item_id, hit.title)

    def _keep_title(self, item_id: int, title: str) -> None:
        if self.item_id == item_id and self.text() != title:
            self.setText(title)

    def set_item(self, item_id: int | None, title: str) -> None:
        """Show a chosen item (also when a draft comes back) without searching."""
        self._timer.stop()
        self.item_id = item_id
        self.setText(title)
