"""The editor's form for one item: the fields its kind has, and the problems next to them.

The form turns what is typed into an ItemDraft and back; it never talks to the database.
Fields of other kinds are hidden, not cleared, so switching the kind back and forth loses
nothing; the service stores only what the saved kind uses. Problems come back as the
service's Russian sentences: each is listed under the form and marks the field it names.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.kb.catalogue import CatalogueRow
from softphone.crm.kb.drafts import ItemDraft, KbValidationError
from softphone.crm.kb.problem_fields import field_of
from softphone.ui.kb.editor.fields import (
    PlansTable,
    RichTextField,
    TargetsList,
    amount_text,
    parse_amount,
)
from softphone.ui.kb.editor.model import kind_names

UNITS = ("шт.", "услуга", "мес.", "м", "час")  # i18n: native (stored with the item)
PROBLEM_STYLE = (
    'QLabel#formProblems { color: #b00020; } *[invalid="true"] { border: 1px solid #b00020; }'
)
TOPICS = ("faq", "terms", "ordering", "delivery", "returns", "recalculation", "compensation")


class ItemForm(QWidget):
    changed = Signal()  # the admin typed something since the item was shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = ItemDraft(kind="product", code="", title="")
        self.item_id: int | None = None
        self.dirty = False
        self._filling = False
        self._rows: list[CatalogueRow] = []
        self._own_marks: list[tuple[QWidget, str]] = []  # amounts the form itself could not read
        self._build()
        self._connect_changes()
        self._show_kind()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.kind = QComboBox(self)
        for key, text in kind_names().items():
            self.kind.addItem(text, key)
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(self.tr("Unique code or article number"))
        self.title = QLineEdit(self)
        self.category = QComboBox(self)
        self.category.setEditable(True)
        self.category.setToolTip(self.tr("Pick a category or type a new one"))
        self.topic = QComboBox(self)
        self.topic.setEditable(True)
        self.topic.addItems(["", *TOPICS])
        common = QFormLayout()
        common.addRow(self.tr("Kind:"), self.kind)
        common.addRow(self.tr("Code:"), self.code)
        common.addRow(self.tr("Title:"), self.title)
        common.addRow(self.tr("Category:"), self.category)
        self.topic_label = QLabel(self.tr("Topic:"), self)
        common.addRow(self.topic_label, self.topic)

        self.sellable = QGroupBox(self.tr("Price and availability"), self)
        self.price = QLineEdit(self.sellable)
        self.price.setPlaceholderText("1 990,00")
        self.unit = QComboBox(self.sellable)
        self.unit.setEditable(True)
        self.unit.addItems(UNITS)
        self.availability = QComboBox(self.sellable)
        for key, text in (
            ("", self.tr("(not set)")),
            ("in_stock", self.tr("In stock")),
            ("on_order", self.tr("On order")),
            ("out_of_stock", self.tr("Out of stock")),
        ):
            self.availability.addItem(text, key)
        form = QFormLayout(self.sellable)
        form.addRow(self.tr("Price, ₽:"), self.price)
        form.addRow(self.tr("Unit:"), self.unit)
        form.addRow(self.tr("Availability:"), self.availability)

        self.promotion = QGroupBox(self.tr("Promotion"), self)
        self.starts_on = QDateEdit(self.promotion)
        self.ends_on = QDateEdit(self.promotion)
        for edit in (self.starts_on, self.ends_on):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        self.open_ended = QCheckBox(self.tr("until cancelled"), self.promotion)
        self.open_ended.toggled.connect(lambda on: self.ends_on.setEnabled(not on))
        period = QHBoxLayout()
        period.addWidget(self.starts_on)
        period.addWidget(QLabel("—", self.promotion))
        period.addWidget(self.ends_on)
        period.addWidget(self.open_ended)
        period.addStretch(1)
        self.discount_kind = QComboBox(self.promotion)
        for key, text in (
            ("", self.tr("(not set)")),
            ("percent", self.tr("Percent off")),
            ("amount", self.tr("Roubles off")),
            ("gift", self.tr("Gift")),
        ):
            self.discount_kind.addItem(text, key)
        self.discount_value = QLineEdit(self.promotion)
        self.discount_value.setPlaceholderText(self.tr("10 (percent) or 500 (roubles)"))
        discount = QHBoxLayout()
        discount.addWidget(self.discount_kind)
        discount.addWidget(self.discount_value, 1)
        self.conditions = QPlainTextEdit(self.promotion)
        self.conditions.setMaximumHeight(70)
        self.targets = TargetsList(self.promotion)
        self.targets.setMaximumHeight(110)
        form = QFormLayout(self.promotion)
        form.addRow(self.tr("Period:"), period)
        form.addRow(self.tr("Discount:"), discount)
        form.addRow(self.tr("Conditions:"), self.conditions)
        form.addRow(self.tr("Applies to:"), self.targets)

        self.tariff = QGroupBox(self.tr("Tariff plans"), self)
        self.plans = PlansTable(self.tariff)
        QVBoxLayout(self.tariff).addWidget(self.plans)

        self.body = RichTextField(self)
        self.body_label = QLabel(self.tr("Text:"), self)
        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("formProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_label.hide()

        self.setStyleSheet(PROBLEM_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(common)
        layout.addWidget(self.sellable)
        layout.addWidget(self.promotion)
        layout.addWidget(self.tariff)
        layout.addWidget(self.body_label)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.problems_label)

    def _connect_changes(self) -> None:
        self.kind.currentIndexChanged.connect(self._show_kind)
        for edit in (self.code, self.title, self.price, self.discount_value):
            edit.textEdited.connect(self._touched)
        for combo in (self.kind, self.availability, self.discount_kind):
            combo.currentIndexChanged.connect(self._touched)
        for combo in (self.category, self.topic, self.unit):
            combo.editTextChanged.connect(self._touched)
        for date_edit in (self.starts_on, self.ends_on):
            date_edit.dateChanged.connect(self._touched)
        self.open_ended.toggled.connect(self._touched)
        self.conditions.textChanged.connect(self._touched)
        self.body.edit.textChanged.connect(self._touched)
        self.plans.table.itemChanged.connect(self._touched)
        self.targets.itemChanged.connect(self._touched)

    def _touched(self, *_args: object) -> None:
        if not self._filling:
            self.dirty = True
            self.changed.emit()

    def _show_kind(self) -> None:
        kind = self.kind.currentData()
        self.sellable.setVisible(kind in ("product", "service"))
        self.promotion.setVisible(kind == "promotion")
        self.tariff.setVisible(kind == "tariff")
        self.topic.setVisible(kind == "article")
        self.topic_label.setVisible(kind == "article")
        self.body_label.setText(self.tr("Article:") if kind == "article" else self.tr("Text:"))

    # -- filling --------------------------------------------------------------------------
    def set_choices(self, rows: list[CatalogueRow], categories: list[str]) -> None:
        """What the category box offers and which products a promotion can tick."""
        self._filling = True
        try:
            typed = self.category.currentText()
            self.category.clear()
            self.category.addItems(["", *categories])
            self.category.setEditText(typed)
            self.targets.set_choices(rows, self.targets.codes() or self._base.applies_to)
            self._rows = rows
        finally:
            self._filling = False

    def set_item(self, draft: ItemDraft, item_id: int | None) -> None:
        """Show an item (or a new one) as it is stored; the form is clean afterwards."""
        self._filling = True
        try:
            self._base, self.item_id = draft, item_id
            self.kind.setCurrentIndex(max(self.kind.findData(draft.kind), 0))
            self.code.setText(draft.code)
            self.title.setText(draft.title)
            self.category.setEditText(draft.category)
            self.topic.setEditText(draft.topic)
            self.price.setText(amount_text(draft.price))
            self.unit.setEditText(draft.unit)
            self.availability.setCurrentIndex(
                max(self.availability.findData(draft.availability or ""), 0)
            )
            today = QDate.currentDate()
            self.starts_on.setDate(_qdate(draft.starts_on) or today)
            self.ends_on.setDate(_qdate(draft.ends_on) or self.starts_on.date().addDays(30))
            self.open_ended.setChecked(draft.kind == "promotion" and draft.ends_on is None)
            self.discount_kind.setCurrentIndex(
                max(self.discount_kind.findData(draft.discount_kind or ""), 0)
            )
            self.discount_value.setText(amount_text(draft.discount_value))
            self.conditions.setPlainText(draft.conditions)
            self.targets.set_choices(self._rows, draft.applies_to)
            self.plans.set_plans(draft.plans)
            self.body.set_markup(draft.body)
            self.dirty = False
        finally:
            self._filling = False
        self.clear_problems()
        self._show_kind()

    def new_item(self, kind: str = "product") -> None:
        self.set_item(
            ItemDraft(kind=kind or "product", code="", title="", unit=UNITS[0],
                      availability="in_stock"),
            None,
        )
        self.code.setFocus()

    # -- reading --------------------------------------------------------------------------
    def draft(self) -> ItemDraft:
        """What is typed, as a draft; KbValidationError when an amount is not a number."""
        problems: list[str] = []
        self._own_marks = []

        def amount(edit: QLineEdit, label: str) -> Decimal | None:
            try:
                return parse_amount(edit.text())
            except ValueError:
                problems.append(self.tr("{0}: “{1}” is not a number").format(label, edit.text()))
                self._own_marks.append((edit, problems[-1]))
                return None

        price = amount(self.price, self.tr("price"))
        discount = amount(self.discount_value, self.tr("discount"))
        try:
            plans = self.plans.plans()
        except KbValidationError as exc:
            problems += exc.problems
            self._own_marks += [(self.plans.table, p) for p in exc.problems]
            plans = ()
        if problems:
            raise KbValidationError(problems)
        return replace(
            self._base,
            kind=self.kind.currentData(),
            code=self.code.text(),
            title=self.title.text(),
            category=self.category.currentText(),
            topic=self.topic.currentText() if self.kind.currentData() == "article" else "",
            body=self.body.markup(),
            price=price,
            unit=self.unit.currentText(),
            availability=self.availability.currentData() or None,
            starts_on=_day(self.starts_on.date()),
            ends_on=None if self.open_ended.isChecked() else _day(self.ends_on.date()),
            conditions=self.conditions.toPlainText(),
            discount_kind=self.discount_kind.currentData() or None,
            discount_value=discount,
            applies_to=self.targets.codes() if self.kind.currentData() == "promotion" else (),
            plans=plans if self.kind.currentData() == "tariff" else (),
        )

    # -- problems -------------------------------------------------------------------------
    def show_problems(self, problems: list[str]) -> None:
        """List the problems under the form and mark the fields they are about."""
        own, self._own_marks = self._own_marks, []
        self.clear_problems()
        marks = [(w, p) for p in problems if (w := self._field_for(p)) is not None]
        for widget, problem in [*own, *marks]:
            widget.setProperty("invalid", True)
            widget.setToolTip(problem)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.problems_label.setText("\n".join(f"• {p}" for p in problems))
        self.problems_label.show()

    def clear_problems(self) -> None:
        for widget in self._marked():
            widget.setProperty("invalid", False)
            widget.setToolTip("")
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.problems_label.clear()
        self.problems_label.hide()

    def marked_fields(self) -> list[QWidget]:
        return [w for w in self._marked() if w.property("invalid")]

    def _marked(self) -> list[QWidget]:
        return [
            self.code, self.title, self.category, self.price, self.unit, self.availability,
            self.starts_on, self.discount_value, self.conditions, self.targets, self.plans.table,
        ]

    def _field_for(self, problem: str) -> QWidget | None:
        """The field a service sentence is about."""
        fields: dict[str, QWidget] = {
            "applies_to": self.targets, "plans": self.plans.table, "code": self.code,
            "title": self.title, "category": self.category, "discount_value": self.discount_value,
            "price": self.price, "unit": self.unit, "availability": self.availability,
            "conditions": self.conditions, "starts_on": self.starts_on,
        }
        name = field_of(problem)
        return None if name is None else fields[name]


def _qdate(value: date | None) -> QDate | None:
    return None if value is None else QDate(value.year, value.month, value.day)


def _day(qdate: QDate) -> date:
    """A QDate as the date it is (PySide6 types toPython() as object)."""
    return date(qdate.year(), qdate.month(), qdate.day())
