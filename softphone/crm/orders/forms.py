"""What the operator typed into an order or application form, and its validation.

Fields arrive as the text the widgets hold ("1,5", "12.03.2026") so that parsing and its
Russian messages live here, once, next to the rules; FormErrors maps each field to its
message so the form can show it next to that field. Nothing reaches the database unchecked.
"""

from __future__ import annotations

import enum
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from softphone.crm.folding import clean
from softphone.crm.phone import try_normalize
from softphone.formatting import DATE, DATE_TIME

MAX_QUANTITY = Decimal(9999)
MAX_CLAIM = Decimal(1_000_000)  # more than a year of every service: surely a typo
MAX_ORDER_TOTAL = Decimal(10_000_000)
MAX_TEXT = 2000
MAX_LINES = 100
CALLBACK_HORIZON = timedelta(days=90)


class ApplicationKind(enum.StrEnum):
    SERVICE_REQUEST = "service_request"
    COMPLAINT = "complaint"
    RECALCULATION = "recalculation"
    COMPENSATION = "compensation"
    CALLBACK = "callback"


APPLICATION_KIND_RU = {
    ApplicationKind.SERVICE_REQUEST: "Заявка на услугу",
    ApplicationKind.COMPLAINT: "Жалоба",
    ApplicationKind.RECALCULATION: "Заявление на перерасчёт",
    ApplicationKind.COMPENSATION: "Заявление на возмещение",
    ApplicationKind.CALLBACK: "Заказ обратного звонка",
}
CLAIM_KINDS = frozenset({ApplicationKind.RECALCULATION, ApplicationKind.COMPENSATION})


class Decision(enum.StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    PARTLY = "partly"
    REFUSED = "refused"


DECISION_RU = {
    Decision.PENDING: "на рассмотрении",
    Decision.GRANTED: "удовлетворено",
    Decision.PARTLY: "удовлетворено частично",
    Decision.REFUSED: "отказано",
}


class FormErrors(ValueError):
    """Field -> Russian message; str() joins them for a status line or a log."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


@dataclass(frozen=True)
class LineInput:
    item_id: int | None
    quantity: str  # as typed
    title: str = ""  # what the operator picked, for messages


@dataclass(frozen=True)
class OrderForm:
    customer_id: int | None = None
    interaction_id: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    delivery_address: str = ""
    comment: str = ""
    lines: tuple[LineInput, ...] = ()
    promotion_ids: tuple[int, ...] = ()  # promotions the customer named

    def to_dict(self) -> dict[str, Any]:  # Any: dataclasses.asdict's JSON-ready result
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OrderForm:  # Any: a draft as json.loads gives it
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["lines"] = tuple(
            LineInput(
                item_id=line.get("item_id"),
                quantity=str(line.get("quantity", "")),
                title=str(line.get("title", "")),
            )
            for line in data.get("lines", ())
        )
        values["promotion_ids"] = tuple(int(p) for p in data.get("promotion_ids", ()))
        return cls(**values)


@dataclass(frozen=True)
class ApplicationForm:
    kind: str
    customer_id: int | None = None
    interaction_id: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    service_item_id: int | None = None
    address: str = ""
    topic: str = ""
    description: str = ""
    period_from: str = ""  # 12.03.2026 or 2026-03-12
    period_to: str = ""
    amount_claimed: str = ""
    reason: str = ""
    decision: str = Decision.PENDING.value
    amount_granted: str = ""
    callback_at: str = ""  # 12.03.2026 14:30 or ISO, local time of the desk

    def to_dict(self) -> dict[str, Any]:  # Any: dataclasses.asdict's JSON-ready result
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ApplicationForm:  # Any: json.loads's draft
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Checker:
    """Collects one message per field; raise_if_any() at the end."""

    errors: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise FormErrors(self.errors)

    def text(self, name: str, value: str, label: str, *, required: bool) -> str:
        value = clean(value or "").strip()
        if required and not value:
            self.add(name, f"Заполните поле «{label}»")
        elif len(value) > MAX_TEXT:
            self.add(name, f"Поле «{label}» длиннее {MAX_TEXT} символов")
        return value

    def phone(self, name: str, value: str) -> str:
        value = clean(value or "").strip()
        if not value:
            self.add(name, "Укажите телефон для связи")
            return ""
        e164 = try_normalize(value)
        if e164 is None:
            self.add(name, f"«{value}» не похоже на номер телефона")
            return value
        return e164

    def quantity(self, name: str, value: str) -> Decimal | None:
        number = self._decimal(name, value, "количество")
        if number is None:
            return None
        if number <= 0:
            self.add(name, "Количество должно быть больше нуля")
        elif number > MAX_QUANTITY:
            self.add(name, f"Количество больше {MAX_QUANTITY:,} — проверьте".replace(",", " "))
        elif _places(number) > 3:
            self.add(name, "Количество — не больше трёх знаков после запятой")
        else:
            return number
        return None

    def money(self, name: str, value: str, label: str, *, required: bool) -> Decimal | None:
        if not (value or "").strip():
            if required:
                self.add(name, f"Укажите {label}")
            return None
        number = self._decimal(name, value, label)
        if number is None:
            return None
        if number < 0:
            self.add(name, f"Сумма не может быть отрицательной ({label})")
        elif number > MAX_CLAIM:
            self.add(name, f"Слишком большая сумма ({label}): больше 1 000 000 ₽ — проверьте")
        elif _places(number) > 2:
            self.add(name, f"Копейки — не больше двух знаков после запятой ({label})")
        else:
            return number
        return None

    def _decimal(self, name: str, value: str, label: str) -> Decimal | None:
        text = re.sub(r"[\s\u00a0\u202f₽]", "", str(value or "")).replace(",", ".")
        if not text:
            self.add(name, f"Укажите {label}")
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.add(name, f"«{value}» — не число ({label})")
            return None
        if not number.is_finite():
            self.add(name, f"«{value}» — не число ({label})")
            return None
        return number

    def day(self, name: str, value: str, label: str) -> date | None:
        text = (value or "").strip()
        if not text:
            self.add(name, f"Укажите {label}")
            return None
        for pattern in (DATE, "%Y-%m-%d"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.add(name, f"«{text}» — не дата, нужно ДД.ММ.ГГГГ ({label})")
        return None

    def moment(self, name: str, value: str, label: str) -> datetime | None:
        """A local date and time typed at the desk, returned in UTC."""
        text = (value or "").strip()
        if not text:
            self.add(name, f"Укажите {label}")
            return None
        for pattern in (DATE_TIME, "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"):
            try:
                return datetime.strptime(text, pattern).astimezone(UTC)
            except ValueError:
                continue
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            self.add(name, f"«{text}» — не дата и время, нужно ДД.ММ.ГГГГ ЧЧ:ММ ({label})")
            return None
        return parsed.astimezone(UTC)


def _places(number: Decimal) -> int:
    """Digits after the point as typed ("1.50" has two) of a finite Decimal."""
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # "n", "N" or "F" only for NaN and infinity: refused above
    return -exponent
