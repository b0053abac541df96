"""What an admin edits or a catalogue file holds: one item as plain data, validated in Russian.

ItemDraft is the single exchange shape: the editor fills it, import/export read and write it,
and the service turns it into rows. Validation collects every problem at once so the admin
fixes a form (or a CSV line) in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from softphone.crm.kb.models import Availability, DiscountKind, ItemKind
from softphone.crm.kb.richtext import clean

MAX_PRICE = Decimal("9999999999.99")
SELLABLE = frozenset({ItemKind.PRODUCT.value, ItemKind.SERVICE.value})


class KbValidationError(ValueError):
    """An item cannot be saved; `problems` are readable Russian sentences, one per field."""

    def __init__(self, problems: list[str], *, where: str = "") -> None:
        self.problems = problems
        prefix = f"{where}: " if where else ""
        super().__init__(prefix + "; ".join(problems))


@dataclass(frozen=True)
class PlanDraft:
    name: str
    price: Decimal
    period: str = "мес."
    includes: str = ""  # one inclusion per line


@dataclass(frozen=True)
class ItemDraft:
    kind: str
    code: str
    title: str
    body: str = ""
    category: str = ""  # category name; created on save when new
    price: Decimal | None = None
    unit: str = ""
    availability: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    conditions: str = ""
    discount_kind: str | None = None
    discount_value: Decimal | None = None
    applies_to: tuple[str, ...] = ()  # codes of the products/services a promotion covers
    plans: tuple[PlanDraft, ...] = ()
    topic: str = ""
    retired: bool = False
    uses: int = 0

    def cleaned(self) -> ItemDraft:
        """Whitespace trimmed, text normalised: what validation and storage see."""
        return replace(
            self,
            kind=self.kind.strip(),
            code=self.code.strip(),
            title=" ".join(self.title.split()),
            body=clean(self.body),
            category=" ".join(self.category.split()),
            unit=self.unit.strip(),
            conditions=clean(self.conditions),
            applies_to=tuple(dict.fromkeys(c.strip() for c in self.applies_to if c.strip())),
            plans=tuple(
                replace(p, name=" ".join(p.name.split()), includes=clean(p.includes))
                for p in self.plans
            ),
            topic=self.topic.strip(),
        )


def _price_problem(label: str, value: Decimal | None, *, required: bool) -> str | None:
    if value is None:
        return f"укажите {label}" if required else None
    if not value.is_finite() or value < 0:
        return f"{label}: нужна неотрицательная сумма"
    if value > MAX_PRICE or value != value.quantize(Decimal("0.01")):
        return f"{label}: не больше 9 999 999 999,99 и не больше двух знаков после запятой"
    return None


def validate(draft: ItemDraft) -> ItemDraft:
    """The cleaned draft, or KbValidationError listing everything that is wrong with it."""
    d = draft.cleaned()
    problems: list[str] = []
    if d.kind not in {k.value for k in ItemKind}:
        problems.append(f"неизвестный вид записи «{d.kind}»")
    if not d.code:
        problems.append("укажите код (артикул)")
    elif len(d.code) > 64:
        problems.append("код длиннее 64 символов")
    if not d.title:
        problems.append("укажите название")
    elif len(d.title) > 255:
        problems.append("название длиннее 255 символов")
    if len(d.category) > 128:
        problems.append("название раздела длиннее 128 символов")
    if d.kind in SELLABLE:
        if p := _price_problem("цену", d.price, required=True):
            problems.append(p)
        if not d.unit:
            problems.append("укажите единицу (шт., услуга, мес.)")
        elif len(d.unit) > 32:
            problems.append("единица длиннее 32 символов")
        if d.availability not in {a.value for a in Availability}:
            problems.append("укажите наличие: в наличии, под заказ или нет в наличии")
    if d.kind == ItemKind.PROMOTION.value:
        if d.starts_on is None:
            problems.append("укажите дату начала акции")
        elif d.ends_on is not None and d.ends_on < d.starts_on:
            problems.append("акция заканчивается раньше, чем начинается")
        if d.discount_kind not in {k.value for k in DiscountKind}:
            problems.append("укажите вид скидки: процент, сумма или подарок")
        elif d.discount_kind == DiscountKind.GIFT.value:
            if d.discount_value is not None:
                problems.append("у подарка не бывает размера скидки")
        elif p := _price_problem("размер скидки", d.discount_value, required=True):
            problems.append(p)
        elif d.discount_kind == DiscountKind.PERCENT.value and not (
            0 < (d.discount_value or 0) <= 100
        ):
            problems.append("скидка в процентах должна быть от 0 до 100")
        if not d.conditions:
            problems.append("опишите условия акции")
    if d.kind == ItemKind.TARIFF.value:
        if not d.plans:
            problems.append("у тарифа должен быть хотя бы один план")
        names = [p.name for p in d.plans]
        if any(not n for n in names):
            problems.append("у каждого плана тарифа должно быть название")
        if len(set(names)) != len(names):
            problems.append("названия планов тарифа повторяются")
        for plan in d.plans:
            if p := _price_problem(f"цена плана «{plan.name}»", plan.price, required=True):
                problems.append(p)
    if d.kind != ItemKind.PROMOTION.value and d.applies_to:
        problems.append("список товаров, на которые действует, бывает только у акции")
    if d.uses < 0:
        problems.append("счётчик обращений не может быть отрицательным")
    if problems:
        raise KbValidationError(problems, where=f"«{d.title or d.code}»")
    return d


# -- plain-data form for JSON and CSV ----------------------------------------------------


def _decimal(value: object, label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        # Any spaces between thousands: Russian Excel writes a no-break space there.
        return Decimal("".join(str(value).split()).replace(",", "."))
    except InvalidOperation:
        raise KbValidationError([f"{label}: «{value}» — не число"]) from None


def _date(value: object, label: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise KbValidationError([f"{label}: «{value}» — не дата ГГГГ-ММ-ДД"]) from None


def _text(value: object) -> str:
    return "" if value is None else str(value)


def to_dict(draft: ItemDraft) -> dict[str, Any]:  # Any: a JSON document (json.dump's input)
    """JSON-ready: decimals and dates as strings, so nothing is lost to floats."""
    return {
        "kind": draft.kind,
        "code": draft.code,
        "title": draft.title,
        "body": draft.body,
        "category": draft.category,
        "price": None if draft.price is None else str(draft.price),
        "unit": draft.unit,
        "availability": draft.availability,
        "starts_on": draft.starts_on.isoformat() if draft.starts_on else None,
        "ends_on": draft.ends_on.isoformat() if draft.ends_on else None,
        "conditions": draft.conditions,
        "discount_kind": draft.discount_kind,
        "discount_value": None if draft.discount_value is None else str(draft.discount_value),
        "applies_to": list(draft.applies_to),
        "plans": [
            {"name": p.name, "price": str(p.price), "period": p.period, "includes": p.includes}
            for p in draft.plans
        ],
        "topic": draft.topic,
        "retired": draft.retired,
        "uses": draft.uses,
    }


def from_dict(data: dict[str, Any]) -> ItemDraft:  # Any: a record as json.load/csv give it
    """Inverse of to_dict; tolerant of missing optional keys, strict about bad values."""
    if not isinstance(data, dict):
        raise KbValidationError(["запись должна быть объектом с полями"])
    plans_raw = data.get("plans") or []
    if not isinstance(plans_raw, list):
        raise KbValidationError(["plans: ожидается список планов"])
    plans = []
    for raw in plans_raw:
        if not isinstance(raw, dict):
            raise KbValidationError(["plans: каждый план должен быть объектом"])
        price = _decimal(raw.get("price"), f"цена плана «{raw.get('name')}»")
        plans.append(
            PlanDraft(
                name=_text(raw.get("name")),
                price=price if price is not None else Decimal("-1"),
                period=_text(raw.get("period") or "мес."),
                includes=_text(raw.get("includes")),
            )
        )
    applies = data.get("applies_to") or []
    if isinstance(applies, str):
        applies = applies.split()
    retired = data.get("retired", False)
    if isinstance(retired, str):
        retired = retired.strip().lower() in ("1", "true", "да", "yes")
    uses = data.get("uses") or 0
    try:
        uses = int(uses)
    except (TypeError, ValueError):
        raise KbValidationError([f"uses: «{uses}» — не целое число"]) from None
    return ItemDraft(
        kind=_text(data.get("kind")),
        code=_text(data.get("code")),
        title=_text(data.get("title")),
        body=_text(data.get("body")),
        category=_text(data.get("category")),
        price=_decimal(data.get("price"), "цена"),
        unit=_text(data.get("unit")),
        availability=data.get("availability") or None,
        starts_on=_date(data.get("starts_on"), "начало акции"),
        ends_on=_date(data.get("ends_on"), "конец акции"),
        conditions=_text(data.get("conditions")),
        discount_kind=data.get("discount_kind") or None,
        discount_value=_decimal(data.get("discount_value"), "размер скидки"),
        applies_to=tuple(str(code) for code in applies),
        plans=tuple(plans),
        topic=_text(data.get("topic")),
        retired=bool(retired),
        uses=uses,
    )


PLAN_FIELDS = ("name", "price", "period", "includes")
DRAFT_FIELDS = tuple(to_dict(ItemDraft(kind="", code="", title="")).keys())
