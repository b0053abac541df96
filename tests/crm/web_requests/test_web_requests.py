"""Website requests in the CRM: intake, idempotency, exclusive take and every outcome."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.crm.models import Interaction, RequestStatus, utcnow
from softphone.crm.operators import OperatorService
from softphone.crm.web_requests.input import SubmissionInvalid, parse_submission
from softphone.crm.web_requests.service import RequestUnavailable, WebRequestService
from softphone.crm.web_requests.sites import SiteExists, SiteService, hash_token, sign

pytestmark = pytest.mark.timeout(60)

FORM = {"kind": "callback", "name": "<b>Мария</b>", "phone": "8 (912) 345-67-89"}


@pytest.fixture
def setup(database: Database):
    site = SiteService(database).add("shop.example").site
    ops = OperatorService(database)
    anna, boris = ops.ensure("anna", display_name="Анна"), ops.ensure("boris")
    return WebRequestService(database), site, anna.id, boris.id


def test_site_keeps_only_a_hash_of_the_token(database: Database) -> None:
    creds = SiteService(database).add("Shop.Example")
    assert creds.site.name == "shop.example"
    assert creds.site.token_hash == hash_token(creds.token) != creds.token
    stored = SiteService(database).get("shop.example")
    assert stored is not None and stored.token_matches(creds.token)
    assert not stored.token_matches(creds.token + "x")
    assert stored.signature_matches(b"{}", sign(creds.hmac_secret, b"{}"))
    assert not stored.signature_matches(b"{} ", sign(creds.hmac_secret, b"{}"))
    assert creds.token not in repr(creds) and creds.hmac_secret not in repr(stored)
    with pytest.raises(SiteExists):
        SiteService(database).add("shop.example")


def test_submit_stores_markup_as_text_and_e164(setup) -> None:
    service, site, _, _ = setup
    accepted = service.submit(site.id, parse_submission(FORM), client_ip="127.0.0.1")
    assert accepted.created
    got = service.get(accepted.request.id)
    assert got.name == "<b>Мария</b>" and got.phone == "+79123456789"
    assert got.phone_raw == "8 (912) 345-67-89" and got.status == RequestStatus.NEW
    assert [r.id for r in service.open_queue()] == [got.id]


def test_same_idempotency_key_makes_one_request(setup) -> None:
    service, site, _, _ = setup
    first = service.submit(site.id, parse_submission(FORM), idempotency_key="k-1")
    again = service.submit(site.id, parse_submission(FORM), idempotency_key="k-1")
    other = service.submit(site.id, parse_submission(FORM), idempotency_key="k-2")
    assert first.created and not again.created and other.created
    assert again.request.id == first.request.id != other.request.id
    assert service.count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "callback", "name": "Иван"}, "phone"),
        ({"kind": "callback", "name": "Иван", "phone": "12"}, "phone"),
        ({"kind": "callback", "phone": "+79123456789"}, "name"),
        ({"kind": "fax", "name": "Иван", "phone": "+79123456789"}, "kind"),
        ({"kind": "question", "name": "Иван", "email": "a@b.ru"}, "message"),
        ({"kind": "question", "name": "Иван", "message": "?"}, "phone"),
        ({"kind": "callback", "name": "Иван", "phone": "+79123456789", "email": "x"}, "email"),
        ({"kind": "callback", "name": "И" * 256, "phone": "+79123456789"}, "name"),
        ({"kind": "order", "name": 5, "phone": "+79123456789"}, "name"),
        ({"name": "Иван", "phone": "+79123456789", "page_url": "javascript:alert(1)"}, "page_url"),
    ],
)
def test_invalid_submissions_name_the_field(data: dict, field: str) -> None:
    with pytest.raises(SubmissionInvalid) as caught:
        parse_submission(data)
    assert field in caught.value.errors
    assert "Заявка не принята" in str(caught.value)


def test_take_is_exclusive_and_release_returns_it(setup) -> None:
    service, site, anna, boris = setup
    request_id = service.submit(site.id, parse_submission(FORM)).request.id
    assert service.take(request_id, anna) is True
    assert service.take(request_id, boris) is False
    with pytest.raises(RequestUnavailable, match="Анна"):
        service.close(request_id, boris, "done")
    assert service.release(request_id, anna) is True
    assert service.take(request_id, boris) is True


def test_done_links_or_creates_the_customer_and_logs_an_interaction(
    setup, database: Database
) -> None:
    service, site, anna, _ = setup
    request_id = service.submit(site.id, parse_submission(FORM)).request.id
    target = service.call_back(request_id, anna)
    assert target.phone == "+79123456789" and target.taken_by == anna
    card = CustomerService(database).find_by_number("+79123456789")
    assert card is not None and card.id == target.customer_id
    assert card.address_as == "<b>Мария</b>"
    closed = service.close(request_id, anna, "done", notes="перезвонили")
    assert closed.status == RequestStatus.DONE and closed.closed_at is not None
    assert service.open_queue() == []
    with database.session() as session:
        logged = session.execute(select(Interaction)).scalars().all()
    assert [(i.kind, i.disposition, i.customer_id) for i in logged] == [
        ("web_request", "done", card.id)
    ]
    assert "перезвонили" in (logged[0].notes or "")
    # A second request from the same number joins the same customer.
    second = service.submit(site.id, parse_submission(FORM)).request.id
    assert service.close(second, anna, "duplicate").customer_id == card.id


def test_no_answer_returns_to_queue_at_retry_time(setup) -> None:
    service, site, anna, boris = setup
    request_id = service.submit(site.id, parse_submission(FORM)).request.id
    later = utcnow() + timedelta(hours=2)
    back = service.close(request_id, anna, "no_answer", retry_at=later)
    assert back.status == RequestStatus.RETRY and back.taken_by is None
    assert abs((back.retry_at - later).total_seconds()) < 1
    assert back.waiting_since() == back.retry_at
    assert service.take(request_id, boris) is True


def test_wrong_number_creates_no_customer(setup, database: Database) -> None:
    service, site, anna, _ = setup
    request_id = service.submit(site.id, parse_submission(FORM)).request.id
    closed = service.close(request_id, anna, "wrong_number")
    assert closed.status == RequestStatus.WRONG_NUMBER and closed.customer_id is None
    assert CustomerService(database).find_by_number("+79123456789") is None
    with pytest.raises(RequestUnavailable, match="закрыта"):
        service.close(request_id, anna, "done")
