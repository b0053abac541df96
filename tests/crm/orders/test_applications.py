"""Applications of every kind: their own required fields, claim decisions, numbers, history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from softphone.crm.db import Database
from softphone.crm.orders.applications import ApplicationNotFound, ApplicationService
from softphone.crm.orders.forms import ApplicationForm, FormErrors
from softphone.crm.orders.text import application_text

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
CONTACT = {"contact_name": "Мария Петровна", "contact_phone": "+79161234567"}


@pytest.fixture
def apps(database: Database, catalogue: dict[str, int]) -> ApplicationService:
    return ApplicationService(database, now=lambda: NOW)


def claim(catalogue: dict[str, int], **changes: str) -> ApplicationForm:
    fields = {
        "kind": "recalculation",
        **CONTACT,
        "service_item_id": catalogue["SD-SRV-IP"],
        "period_from": "01.10.2026",
        "period_to": "31.10.2026",
        "amount_claimed": "150,00",
        "reason": "Услуга не работала весь октябрь",
        **changes,
    }
    return ApplicationForm.from_dict(fields)


def _errors(apps: ApplicationService, form: ApplicationForm) -> dict[str, str]:
    with pytest.raises(FormErrors) as caught:
        apps.create(form)
    assert apps.validate(form) == caught.value.errors
    return caught.value.errors


def test_claim_is_numbered_decided_and_recorded(
    apps: ApplicationService, catalogue: dict[str, int]
) -> None:
    app = apps.create(claim(catalogue), operator="anna")
    assert app.number == "А-2026-000001"
    assert (app.service_title, app.amount_claimed, app.decision) == (
        "Статический IP-адрес",
        Decimal("150.00"),
        "pending",
    )
    decided = apps.decide(app.id, "partly", "75,50", operator="boris")
    assert (decided.decision, decided.amount_granted) == ("partly", Decimal("75.50"))
    assert decided.history[-1].changed_by == "boris"
    assert "Сумма к возмещению: 75,50 ₽" in application_text(decided)
    assert apps.create(claim(catalogue, kind="compensation")).number == "А-2026-000002"
    with pytest.raises(FormErrors, match="больше заявленной"):
        apps.decide(app.id, "granted", "151")
    assert apps.change_status(app.id, "confirmed").status == "confirmed"
    with pytest.raises(ApplicationNotFound):
        apps.get(424242)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"service_item_id": None}, "service_item_id", "Выберите услугу"),
        ({"period_from": ""}, "period_from", "Укажите начало периода"),
        ({"period_to": "32.10.2026"}, "period_to", "не дата"),
        ({"period_from": "01.11.2026"}, "period_to", "раньше его начала"),
        ({"period_to": "30.11.2026"}, "period_to", "в будущем"),
        ({"amount_claimed": ""}, "amount_claimed", "Укажите заявленную сумму"),
        ({"amount_claimed": "-5"}, "amount_claimed", "не может быть отрицательной"),
        ({"amount_claimed": "0"}, "amount_claimed", "больше нуля"),
        ({"amount_claimed": "5000000"}, "amount_claimed", "Слишком большая сумма"),
        ({"amount_claimed": "10,005"}, "amount_claimed", "не больше двух знаков"),
        ({"reason": ""}, "reason", "Заполните поле «Причина»"),
        ({"decision": "granted"}, "amount_granted", "Укажите сумму к возмещению"),
        ({"decision": "refused", "amount_granted": "10"}, "amount_granted", "При отказе"),
        ({"amount_granted": "10"}, "amount_granted", "только после решения"),
        ({"decision": "partly", "amount_granted": "150"}, "amount_granted", "меньше заявленной"),
        ({"decision": "maybe"}, "decision", "Неизвестное решение"),
    ],
)
def test_claim_fields_are_checked(
    database: Database,
    apps: ApplicationService,
    catalogue: dict[str, int],
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    errors = _errors(apps, claim(catalogue, **changes))
    assert message in errors[field], errors


def test_every_kind_has_its_own_required_fields(
    apps: ApplicationService, catalogue: dict[str, int]
) -> None:
    errors = _errors(apps, ApplicationForm(kind="service_request", **CONTACT))
    assert set(errors) == {"service_item_id", "address", "description"}
    errors = _errors(apps, ApplicationForm(kind="complaint", **CONTACT))
    assert set(errors) == {"topic", "description"}
    errors = _errors(apps, ApplicationForm(kind="callback", contact_phone="+79161234567"))
    assert set(errors) == {"contact_name", "callback_at"}
    errors = _errors(apps, ApplicationForm(kind="parcel", **CONTACT))
    assert errors == {"kind": "Неизвестный вид заявки: «parcel»"}


def test_callback_time_must_be_ahead_but_not_too_far(
    apps: ApplicationService, catalogue: dict[str, int]
) -> None:
    def at(moment: datetime) -> ApplicationForm:
        return ApplicationForm(kind="callback", **CONTACT, callback_at=moment.isoformat())

    assert "уже прошло" in _errors(apps, at(NOW - timedelta(minutes=1)))["callback_at"]
    assert "90 дней" in _errors(apps, at(NOW + timedelta(days=91)))["callback_at"]
    saved = apps.create(at(NOW + timedelta(hours=2)))
    assert saved.callback_at == NOW + timedelta(hours=2)


def test_service_request_snapshots_the_service(
    apps: ApplicationService, catalogue: dict[str, int]
) -> None:
    form = ApplicationForm(
        kind="service_request",
        **CONTACT,
        service_item_id=catalogue["SD-SRV-CABLE"],
        address="Москва, ул. Лесная, 5",
        description="Проложить 15 м кабеля в детскую",
    )
    app = apps.create(form, operator="anna")
    assert app.service_title == "Прокладка кабеля по квартире"
    assert app.history[0].to_status == "submitted"
