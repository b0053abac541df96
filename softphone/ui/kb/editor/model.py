"""The editor's item list: every catalogue row in a table model, filtered without the database.

A model and a filter proxy rather than a list of widgets: a catalogue of 100,000 items
loads in one reset and filters as the admin types. Retired items stay in the list, greyed,
in italics and marked, so they can be found and restored.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from softphone.crm.kb.catalogue import CatalogueRow
from softphone.formatting import money

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex
_RETIRED_COLOUR = QColor("#8a8a8a")


def _tr(text: str) -> str:
    return QCoreApplication.translate("KbEditor", text)


def kind_names() -> dict[str, str]:
    """Item kinds as the admin reads them (filters, the list and the form share these)."""
    return {
        "product": _tr("Product"),
        "service": _tr("Service"),
        "promotion": _tr("Promotion"),
        "tariff": _tr("Tariff"),
        "article": _tr("Article"),
    }


class CatalogueModel(QAbstractTableModel):
    TITLE, CODE, KIND, CATEGORY, PRICE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CatalogueRow] = []
        self.haystacks: list[str] = []  # folded title and code per row: what the filter reads
        self._kinds = kind_names()
        self._headers = [
            self.tr("Title"), self.tr("Code"), self.tr("Kind"), self.tr("Category"),
            self.tr("Price"),
        ]
        self._retired_mark = self.tr("retired")

    def set_rows(self, rows: list[CatalogueRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.haystacks = [_folded(f"{row.title} {row.code}") for row in self._rows]
        self.endResetModel()

    def row_at(self, row: int) -> CatalogueRow:
        return self._rows[row]

    def rows(self) -> list[CatalogueRow]:
        return list(self._rows)

    def row_of(self, item_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.item_id == item_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    # Any: what Qt's QVariant holds for the role (text, a brush, an alignment).
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    # Any: what Qt's QVariant holds for the role (text, a brush, an alignment).
    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == ID_ROLE:
            return row.item_id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and row.retired:
            return self.tr("Retired: hidden from the operators' search")
        if row.retired and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_RETIRED_COLOUR)
        if row.retired and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _text(self, row: CatalogueRow, column: int) -> str:
        if column == self.TITLE:
            return row.title
        if column == self.CODE:
            return row.code
        if column == self.KIND:  # the mark goes here: a long title would elide it away
            kind = self._kinds.get(row.kind, row.kind)
            return f"{kind} ({self._retired_mark})" if row.retired else kind
        if column == self.CATEGORY:
            return row.category
        if row.price is None:
            return ""
        return f"{money(row.price)} / {row.unit}" if row.unit else money(row.price)


class CatalogueFilter(QSortFilterProxyModel):
    """Words of the title or code, a kind, a category, and whether retired items show."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._kind = ""
        self._category: str | None = None
        self._retired = True

    def set_filter(
        self, text: str, kind: str = "", category: str | None = None, retired: bool = True
    ) -> None:
        self.beginFilterChange()
        self._words = _folded(text).split()
        self._kind, self._category, self._retired = kind, category, retired
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        # Called once per row on every keystroke: plain list lookups, no model.data().
        model = self.sourceModel()
        assert isinstance(model, CatalogueModel)
        row = model.row_at(source_row)
        if row.retired and not self._retired:
            return False
        if self._kind and row.kind != self._kind:
            return False
        if self._category is not None and row.category != self._category:
            return False
        if self._words:
            haystack = model.haystacks[source_row]
            return all(word in haystack for word in self._words)
        return True


def _folded(text: str) -> str:
    """Case and ё folded, as the operator's search does."""
    return text.casefold().replace("ё", "е")  # i18n: native
