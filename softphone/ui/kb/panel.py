"""Knowledge base side panel: search as you type, price or period at a glance, copy.

Every query goes through the TaskRunner (off the GUI thread) after a short pause in typing;
an answer that arrives after a newer query was started is dropped, so the list always shows
what is in the search box. Texts from the database are shown escaped: highlights are offsets
from the core, turned into <b> here, and item bodies come pre-rendered by the core's
whitelist renderer. Nothing stored in the knowledge base can run or load anything.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.kb.richtext import highlight_html
from softphone.crm.kb.search import PromoState, SearchHit
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.crm.kb.views import Category, ItemDetails
from softphone.formatting import format_date, money
from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150  # a pause between keystrokes, not a wait: results follow the typing
ID_ROLE = Qt.ItemDataRole.UserRole + 1
CHANGES = "kb"  # what TaskRunner.data_changed says when the knowledge base was edited


class KnowledgeBasePanel(QWidget):
    item_opened = Signal(int)  # an item's details are on screen (tests and other panels)

    def __init__(
        self, kb_service: KnowledgeBaseService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._kb = kb_service
        self._runner = runner
        self._query_gen = 0  # newest search; older answers are dropped
        self._detail_gen = 0
        self._loading = False
        self._loaded_once = False
        self._hits: list[SearchHit] = []
        self._details: ItemDetails | None = None
        self._counted: set[int] = set()  # items whose use was counted for this search
        self._counted_query = ""
        self._add_item: Callable[[int, str], None] | None = None

        self._build()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._open_first)
        self.kind_combo.currentIndexChanged.connect(self.refresh)
        self.category_combo.currentIndexChanged.connect(self.refresh)
        self.results.currentItemChanged.connect(self._on_current_changed)
        self.results.viewport().installEventFilter(self)  # rows fit the list's width
        self.copy_button.clicked.connect(self.copy_selected)
        runner.data_changed.connect(self._on_data_changed)

    def title(self) -> str:
        """The side panel's tab title."""
        return self.tr("Knowledge base")

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Products, promotions, tariffs, terms…"))
        self.search_edit.setClearButtonEnabled(True)

        self.kind_combo = QComboBox()
        kinds = [
            ("", self.tr("All kinds")),
            ("product", self.tr("Products")),
            ("service", self.tr("Services")),
            ("promotion", self.tr("Promotions")),
            ("tariff", self.tr("Tariffs")),
            ("article", self.tr("Terms and FAQ")),
        ]
        for key, text in kinds:
            self.kind_combo.addItem(text, key)
        self.category_combo = QComboBox()
        self.category_combo.addItem(self.tr("All categories"), None)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_combo, 1)
        filters.addWidget(self.category_combo, 1)

        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.details = QTextBrowser()
        self.details.setAccessibleName(self.tr("The chosen answer"))
        self.details.setOpenLinks(False)  # nothing in a body may navigate anywhere
        self.details.setOpenExternalLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.results)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the selected item as text for the caller"))
        self.copy_button.setEnabled(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.copy_button)
        self.order_button = QPushButton(self.tr("Add to order"))
        self.order_button.setToolTip(self.tr("Add the selected product or service to the order"))
        self.order_button.setVisible(False)  # until the window gives us an order to add to
        self.order_button.setEnabled(False)
        self.order_button.clicked.connect(self._add_to_order)
        bottom.addWidget(self.order_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    # -- state for the window and tests ---------------------------------------------------
    @property
    def loading(self) -> bool:
        """A search is waiting for a pause in typing or for its answer."""
        return self._loading or self._search_timer.isActive()

    @property
    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    @property
    def current_details(self) -> ItemDetails | None:
        return self._details

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:  # the most used items are ready when the tab is opened
            self.refresh()
            self._load_categories()

    # -- searching ------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        self._search_timer.stop()
        self._loaded_once = True
        self._query_gen += 1
        gen = self._query_gen
        query = self.search_edit.text()
        kind = self.kind_combo.currentData() or None
        category_id = self.category_combo.currentData()
        self._loading = True
        self._runner.run(
            lambda: self._kb.search(query, kind=kind, category_id=category_id),
            lambda hits: self._show(gen, query, hits),
            on_failure=lambda exc: self._failed(gen, exc),
            label="knowledge base search",
        )

    def _show(self, gen: int, query: str, hits: list[SearchHit]) -> None:
        if gen != self._query_gen:
            return
        self._loading = False
        selected = self.selected_id()
        self._hits = hits
        if query != self._counted_query:  # a new search: opening an item counts again
            self._counted_query = query
            self._counted.clear()
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem()
            item.setData(ID_ROLE, hit.item_id)
            label = QLabel(self._row_html(hit))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setContentsMargins(4, 3, 4, 3)
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
            if hit.item_id == selected:
                self.results.setCurrentItem(item)
        self._fit_rows()
        if not hits:
            self.status_label.setText(self.tr("Nothing found"))
        elif not query.strip():
            self.status_label.setText(self.tr("Most used"))
        elif hits[0].fuzzy:
            self.status_label.setText(self.tr("No exact matches; showing similar words"))
        else:
            self.status_label.setText(self.tr("Results: {0}").format(len(hits)))

    def _fit_rows(self) -> None:
        """Each row as tall as its wrapped text at the list's width: a label's own size hint
        wraps at an arbitrary width and left blank bands between short rows."""
        width = max(120, self.results.viewport().width())
        for row in range(self.results.count()):
            item = self.results.item(row)
            label = self.results.itemWidget(item)
            if label is not None:
                item.setSizeHint(QSize(width, label.heightForWidth(width)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.results.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        return super().eventFilter(watched, event)

    def _failed(self, gen: int, exc: Exception) -> None:
        if gen != self._query_gen:
            return
        self._loading = False
        self.status_label.setText(self.tr("Search failed: {0}").format(exc))

    def _row_html(self, hit: SearchHit) -> str:
        """Title with highlights, the price or period line, and the matching passage."""
        title = highlight_html(hit.title, list(hit.title_spans))
        facts = html.escape(self._facts(hit))
        if hit.promo_state is PromoState.EXPIRED:
            mark = html.escape(self.tr("expired"))
            facts += f' <span style="color:#b00020">{mark}</span>'
        elif hit.promo_state is PromoState.UPCOMING:
            mark = html.escape(self.tr("not started"))
            facts += f' <span style="color:#8a6d00">{mark}</span>'
        parts = [f"<b>{title}</b>" if not hit.title_spans else title]
        if facts:
            parts.append(f'<span style="color:#1b5e20">{facts}</span>')
        if hit.snippet:
            snippet = highlight_html(hit.snippet, list(hit.snippet_spans))
            parts.append(f'<span style="color:#555">{snippet}</span>')
        return "<br>".join(parts)

    def _facts(self, hit: SearchHit) -> str:
        if hit.kind == "promotion":
            return self._period(hit)
        if hit.price is None:
            return ""
        price = f"{money(hit.price)} / {hit.unit}" if hit.unit else money(hit.price)
        if hit.kind == "tariff":
            price = self.tr("from {0}").format(price)
        availability = {
            "in_stock": self.tr("in stock"),
            "on_order": self.tr("on order"),
            "out_of_stock": self.tr("out of stock"),
        }.get(hit.availability or "", "")
        return f"{price} · {availability}" if availability else price

    def _period(self, hit: SearchHit) -> str:
        start = format_date(hit.starts_on) if hit.starts_on else "…"
        if hit.ends_on is None:
            return self.tr("from {0}, until cancelled").format(start)
        return self.tr("{0} – {1}").format(start, format_date(hit.ends_on))

    # -- details and copying --------------------------------------------------------------
    def selected_id(self) -> int | None:
        item = self.results.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    def _open_first(self) -> None:
        if self.results.count():
            self.results.setCurrentRow(0)
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_current_changed(self, current: QListWidgetItem | None, _prev: object) -> None:
        self.copy_button.setEnabled(current is not None)
        self._update_order_button()
        if current is None:
            self._details = None
            self.details.clear()
            return
        self._detail_gen += 1
        gen, item_id = self._detail_gen, int(current.data(ID_ROLE))
        count = item_id not in self._counted
        self._counted.add(item_id)

        def load() -> ItemDetails:
            if count:  # opening an item is a use: it rises in the empty query's list
                self._kb.record_use(item_id)
            return self._kb.item(item_id)

        self._runner.run(
            load,
            lambda details: self._show_details(gen, details),
            label="knowledge base item",
        )

    def _show_details(self, gen: int, details: ItemDetails) -> None:
        if gen != self._detail_gen:
            return
        self._details = details
        heading = f"<h3>{html.escape(details.title)}</h3>"
        facts = []  # each already escaped
        if details.price is not None:
            facts.append(html.escape(f"{money(details.price)} / {details.unit}"))
        for plan in details.plans:
            price = html.escape(f"{money(plan.price)} / {plan.period}")
            facts.append(f"<b>{html.escape(plan.name)}</b>: {price}")
        lines = "<br>".join(facts)
        conditions = html.escape(details.conditions)
        body = details.body_html
        if conditions:
            label = html.escape(self.tr("Conditions:"))
            body += f"<p><i>{label}</i> {conditions}</p>"
        self.details.setHtml(heading + (f"<p>{lines}</p>" if lines else "") + body)
        self.item_opened.emit(details.item_id)

    @Slot()
    def copy_selected(self) -> None:
        """Put the selected item on the clipboard as plain text and count the use."""
        item_id = self.selected_id()
        if item_id is None:
            return

        def load() -> str:
            self._kb.record_use(item_id)
            return self._kb.item(item_id).clipboard_text()

        def done(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            self.status_label.setText(self.tr("Copied to the clipboard"))

        self._runner.run(load, done, label="copy knowledge base item")

    def enable_add_to_order(self, add: Callable[[int, str], None]) -> None:
        """Show "Add to order"; `add(item_id, code)` gets the selected product or service.

        The window wires this to its order form, so the panel never knows the form exists.
        """
        self._add_item = add
        self.order_button.setVisible(True)
        self._update_order_button()

    def _selected_hit(self) -> SearchHit | None:
        item_id = self.selected_id()
        return next((h for h in self._hits if h.item_id == item_id), None)

    def _update_order_button(self) -> None:
        hit = self._selected_hit()
        sellable = hit is not None and hit.kind in ("product", "service")
        self.order_button.setEnabled(self._add_item is not None and sellable)

    def _add_to_order(self) -> None:
        hit = self._selected_hit()
        if hit is None or self._add_item is None or hit.kind not in ("product", "service"):
            return
        self._add_item(hit.item_id, hit.code)
        self.status_label.setText(self.tr("Added to the order: {0}").format(hit.title))

    # -- categories and outside changes ---------------------------------------------------
    def _load_categories(self) -> None:
        self._runner.run(self._kb.categories, self._set_categories, label="kb categories")

    def _set_categories(self, categories: list[Category]) -> None:
        current = self.category_combo.currentData()
        self.category_combo.blockSignals(True)
        try:
            self.category_combo.clear()
            self.category_combo.addItem(self.tr("All categories"), None)
            for category in categories:
                self.category_combo.addItem(category.name, category.id)
            index = self.category_combo.findData(current)
            self.category_combo.setCurrentIndex(max(index, 0))
        finally:
            self.category_combo.blockSignals(False)

    @Slot(str)
    def _on_data_changed(self, what: str) -> None:
        if what == CHANGES and self._loaded_once:
            self.refresh()
            self._load_categories()
