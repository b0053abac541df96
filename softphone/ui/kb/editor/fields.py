"""The editor form's compound fields: amounts, tariff plans, a promotion's products, rich text.

Amounts are typed as text (Russian comma or dot, spaces between thousands) rather than in
spin boxes, so what the admin typed stays in the field even when it is not a number yet;
the form reports it like any other validation problem.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QTextListFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.kb.catalogue import CatalogueRow
from softphone.crm.kb.drafts import KbValidationError, PlanDraft
from softphone.ui.kb.editor.markup import set_markup, to_markup

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
DEFAULT_PERIOD = PlanDraft("", Decimal(0)).period  # stored data, not UI text


def parse_amount(text: str) -> Decimal | None:
    """"1 990,50" -> Decimal("1990.50"); empty -> None; ValueError when it is not a number."""
    cleaned = "".join(text.split()).replace("\u202f", "").replace("₽", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def amount_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}" if value != value.to_integral_value() else f"{value:.0f}"
    return text.replace(".", ",")


def _one_line(includes: str) -> str:
    """Stored inclusions are one per line; a table cell shows them separated by "; "."""
    return "; ".join(line.strip() for line in includes.split("\n") if line.strip())


class PlansTable(QWidget):
    """A tariff's plans: name, price, period, and what is included (one thing per line)."""

    NAME, PRICE, PERIOD, INCLUDES = range(4)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Plan"), self.tr("Price"), self.tr("Period"), self.tr("Includes")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.INCLUDES, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(self.tr("Includes: separate the items with “;”"))
        self.add_button = QPushButton(self.tr("Add plan"), self)
        self.remove_button = QPushButton(self.tr("Remove plan"), self)
        self.add_button.clicked.connect(lambda: self.add_plan(None))
        self.remove_button.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_plans(self, plans: tuple[PlanDraft, ...]) -> None:
        self.table.setRowCount(0)
        for plan in plans:
            self.add_plan(plan)

    def add_plan(self, plan: PlanDraft | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        cells = (
            (plan.name, amount_text(plan.price), plan.period, _one_line(plan.includes))
            if plan is not None
            else ("", "", DEFAULT_PERIOD, "")
        )
        for column, text in enumerate(cells):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return "" if item is None else item.text()

    def plans(self) -> tuple[PlanDraft, ...]:
        """Rows as drafts (empty rows skipped); prices that are not numbers are refused."""
        plans, problems = [], []
        for row in range(self.table.rowCount()):
            cells = [self.cell(row, c) for c in range(4)]
            if not any(c.strip() for c in cells):
                continue
            try:
                price = parse_amount(cells[self.PRICE])
            except ValueError:
                problems.append(self.tr("plan “{0}”: price “{1}” is not a number").format(
                    cells[self.NAME], cells[self.PRICE]))
                continue
            plans.append(PlanDraft(
                name=cells[self.NAME],
                price=price if price is not None else Decimal("-1"),  # validation names it
                period=cells[self.PERIOD].strip() or DEFAULT_PERIOD,
                includes="\n".join(
                    p.strip() for p in cells[self.INCLUDES].split(";") if p.strip()
                ),
            ))
        if problems:
            raise KbValidationError(problems)
        return tuple(plans)


class TargetsList(QListWidget):
    """The products and services a promotion applies to, ticked from the catalogue."""

    def set_choices(self, rows: list[CatalogueRow], ticked: tuple[str, ...]) -> None:
        chosen = set(ticked)
        self.clear()
        listed = set()
        for row in rows:
            if row.kind not in ("product", "service"):
                continue
            self._add(row.code, f"{row.title} · {row.code}", row.code in chosen)
            listed.add(row.code)
        for code in ticked:  # a code not (yet) in the catalogue is kept, not lost
            if code not in listed:
                self._add(code, code, True)

    def _add(self, code: str, text: str, ticked: bool) -> None:
        item = QListWidgetItem(text, self)
        item.setData(CODE_ROLE, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def codes(self) -> tuple[str, ...]:
        return tuple(
            str(self.item(i).data(CODE_ROLE))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def tick(self, code: str) -> None:
        for i in range(self.count()):
            if self.item(i).data(CODE_ROLE) == code:
                self.item(i).setCheckState(Qt.CheckState.Checked)


class RichTextField(QWidget):
    """Qt's rich-text editor with the two things the markup keeps: bold and bulleted lists."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stored = self._shown = ""
        self.edit = QTextEdit(self)
        self.edit.setAcceptRichText(True)  # pasted formatting is reduced by to_markup()
        self.bold_button = QToolButton(self)
        self.bold_button.setText(self.tr("B"))
        bold_font = self.bold_button.font()
        bold_font.setBold(True)
        self.bold_button.setFont(bold_font)
        self.bold_button.setCheckable(True)
        self.bold_button.setShortcut(QKeySequence.StandardKey.Bold)
        self.bold_button.setToolTip(self.tr("Bold (Ctrl+B)"))
        self.list_button = QToolButton(self)
        self.list_button.setText(self.tr("• List"))
        self.list_button.setToolTip(self.tr("Bulleted list"))
        self.bold_button.clicked.connect(self._toggle_bold)
        self.list_button.clicked.connect(self._toggle_list)
        self.edit.currentCharFormatChanged.connect(
            lambda fmt: self.bold_button.setChecked(fmt.fontWeight() >= QFont.Weight.DemiBold)
        )
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.bold_button)
        tools.addWidget(self.list_button)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.edit, 1)

    def set_markup(self, markup: str) -> None:
        set_markup(self.edit, markup)
        self._stored, self._shown = markup, to_markup(self.edit.document())

    def markup(self) -> str:
        """The stored text itself until the admin edits it: an untouched body never changes
        (the editor may write an equivalent text differently, e.g. a blank line before a list)."""
        current = to_markup(self.edit.document())
        return self._stored if current == self._shown else current

    def _toggle_bold(self, on: bool) -> None:
        weight = QFont.Weight.Bold if on else QFont.Weight.Normal
        self.edit.setFontWeight(weight)
        self.edit.setFocus()

    def _toggle_list(self) -> None:
        cursor = self.edit.textCursor()
        current = cursor.currentList()
        if current is not None:
            block_format = cursor.blockFormat()
            current.remove(cursor.block())
            block_format.setIndent(0)
            cursor.setBlockFormat(block_format)
        else:
            cursor.createList(QTextListFormat.Style.ListDisc)
        self.edit.setFocus()
