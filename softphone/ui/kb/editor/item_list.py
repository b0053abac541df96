"""The editor's left half: filters over every catalogue item and the list itself.

Filtering is done in memory by the proxy (see kb_editor_model), after a short pause in typing,
so the database is read once per change of the catalogue, not once per keystroke.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.kb.catalogue import CatalogueRow
from softphone.ui.kb.editor.model import ID_ROLE, CatalogueFilter, CatalogueModel, kind_names

FILTER_DELAY_MS = 150  # a pause in typing: 100,000 rows take a few tenths of a second to filter


class CatalogueList(QWidget):
    current_changed = Signal(int)  # the admin picked another item (its id)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build()
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.kind_filter.currentIndexChanged.connect(self.apply_filter)
        self.category_filter.currentIndexChanged.connect(self.apply_filter)
        self.show_retired.toggled.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

    def _build(self) -> None:
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter by title or code"))
        self.filter_edit.setClearButtonEnabled(True)
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem(self.tr("All kinds"), "")
        for key, text in kind_names().items():
            self.kind_filter.addItem(text, key)
        self.category_filter = QComboBox(self)
        self.category_filter.addItem(self.tr("All categories"), None)
        self.show_retired = QCheckBox(self.tr("Show retired"), self)
        self.show_retired.setChecked(True)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.category_filter, 1)
        filters.addWidget(self.show_retired)

        self.model = CatalogueModel(self)
        self.proxy = CatalogueFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)  # one line per item: long titles are elided
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CatalogueModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (CatalogueModel.CODE, CatalogueModel.KIND, CatalogueModel.PRICE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The category has its own filter; as a column it leaves titles no room.
        self.table.setColumnHidden(CatalogueModel.CATEGORY, True)
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    # -- contents -------------------------------------------------------------------------
    @property
    def filter_pending(self) -> bool:
        return self._filter_timer.isActive()

    def set_rows(self, rows: list[CatalogueRow], categories: list[str]) -> None:
        self._rows = rows
        self.model.set_rows(rows)
        chosen = self.category_filter.currentData()
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem(self.tr("All categories"), None)
        for name in categories:
            self.category_filter.addItem(name, name)
        self.category_filter.setCurrentIndex(max(self.category_filter.findData(chosen), 0))
        self.category_filter.blockSignals(False)
        self.apply_filter()

    def rows(self) -> list[CatalogueRow]:
        return self.model.rows()

    def visible_rows(self) -> list[CatalogueRow]:
        return [
            self.model.row_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            for r in range(self.proxy.rowCount())
        ]

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.proxy.set_filter(
            self.filter_edit.text(),
            self.kind_filter.currentData() or "",
            self.category_filter.currentData(),
            self.show_retired.isChecked(),
        )
        rows = self.model.rows()
        self.count_label.setText(
            self.tr("Shown: {0} of {1} (retired: {2})").format(
                self.proxy.rowCount(), len(rows), sum(1 for row in rows if row.retired)
            )
        )

    # -- selection (quiet: the form already shows the item, or is about to) ---------------
    def select(self, item_id: int) -> None:
        """Highlight the item's row; none at all when the filters hide it."""
        source_row = self.model.row_of(item_id)
        index = QModelIndex()
        if source_row >= 0:
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            self.clear_selection()
            return
        model = self.table.selectionModel()
        model.blockSignals(True)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        model.setCurrentIndex(index, flags)
        model.blockSignals(False)
        self.table.viewport().update()
        self.table.scrollTo(index)

    def clear_selection(self) -> None:
        model = self.table.selectionModel()
        model.blockSignals(True)
        model.clear()
        model.blockSignals(False)
        self.table.viewport().update()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.current_changed.emit(int(current.data(ID_ROLE)))
