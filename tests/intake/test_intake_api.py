"""The JSON API over real HTTP: accepted requests, every kind of refusal, idempotency."""

from __future__ import annotations

import json
import re
import threading

import httpx
import pytest

from softphone.crm.db import Database
from softphone.crm.web_requests.service import WebRequestService
from softphone.crm.web_requests.sites import SiteCredentials, sign
from tests.intake.server import IntakeServer

pytestmark = pytest.mark.timeout(60)
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
VALID = {
    "kind": "callback",
    "name": "<script>alert('x')</script> Мария",
    "phone": "8 (912) 345-67-89",
    "email": "maria@example.ru",
    "message": "Перезвоните <b>после обеда</b>",
    "preferred_time": "после 14:00",
    "page_url": "https://shop.example.ru/tariffs?x=1",
    "utm_source": "yandex",
    "utm_campaign": "зима",
}


def _post(
    intake: IntakeServer,
    site: SiteCredentials,
    body: bytes | dict,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    site_name: str | None = None,
) -> httpx.Response:
    raw = json.dumps(body, ensure_ascii=False).encode() if isinstance(body, dict) else body
    sent = {"Content-Type": "application/json"}
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    sent.update(headers or {})
    url = f"{intake.url}/api/sites/{site_name or site.site.name}/requests"
    return httpx.post(url, content=raw, headers=sent, timeout=10)


def _count(db: Database, site: SiteCredentials) -> int:
    return WebRequestService(db).count(site_id=site.site.id)


def test_health(intake: IntakeServer) -> None:
    reply = httpx.get(f"{intake.url}/health", timeout=5)
    assert reply.status_code == 200 and reply.json() == {"status": "ok", "database": "ok"}


def test_token_request_is_stored_as_sent(
    intake: IntakeServer, intake_db: Database, site: SiteCredentials
) -> None:
    reply = _post(intake, site, VALID, token=site.token)
    assert reply.status_code == 201, reply.text
    assert reply.json()["created"] is True and reply.json()["status"] == "new"
    stored = WebRequestService(intake_db).get(reply.json()["id"])
    assert stored.site == site.site.name and stored.kind == "callback"
    assert stored.name == VALID["name"]  # markup kept as text, not stripped or rendered
    assert stored.message == VALID["message"]
    assert (stored.phone, stored.phone_raw) == ("+79123456789", VALID["phone"])
    assert stored.email == VALID["email"] and stored.preferred_time == "после 14:00"
    assert stored.page_url == VALID["page_url"]
    assert stored.utm == {"utm_source": "yandex", "utm_campaign": "зима"}


def test_signed_request_is_accepted(
    intake: IntakeServer, intake_db: Database, site: SiteCredentials
) -> None:
    body = json.dumps({"kind": "question", "name": "Олег", "email": "o@example.ru",
                       "message": "Есть ли скидки?"}, ensure_ascii=False).encode()
    reply = _post(intake, site, body, headers={"X-Signature": sign(site.hmac_secret, body)})
    assert reply.status_code == 201, reply.text
    assert WebRequestService(intake_db).get(reply.json()["id"]).phone is None


BAD = [
    # (name, body, headers or auth, status, code)
    ("unparsable phone", {"name": "Иван", "phone": "позвоните"}, 422, "invalid"),
    ("missing name and phone", {"kind": "order"}, 422, "invalid"),
    ("over-long message", {**VALID, "message": "я" * 4001}, 422, "invalid"),
    ("wrong type", {**VALID, "name": ["Иван"]}, 422, "invalid"),
    ("unknown kind", {**VALID, "kind": "spam"}, 422, "invalid"),
    ("oversized body", {**VALID, "message": "x" * 20_000}, 413, "body_too_large"),
    ("bad json", b'{"kind": "callback", "name": ', 400, "bad_json"),
    ("not utf-8", b'{"name": "\xff\xfe"}', 400, "bad_json"),
    ("json array", b"[1, 2]", 400, "bad_json"),
    ("deep nesting", b"[" * 15_000, 400, "bad_json"),
    ("huge number", b'{"name": ' + b"9" * 5000 + b"}", 400, "bad_json"),
]


@pytest.mark.parametrize(("case", "body", "status", "code"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_and_nothing_stored(
    intake: IntakeServer,
    intake_db: Database,
    site: SiteCredentials,
    case: str,
    body: dict | bytes,
    status: int,
    code: str,
) -> None:
    reply = _post(intake, site, body, token=site.token)
    assert reply.status_code == status, reply.text
    assert reply.json()["code"] == code
    assert CYRILLIC.search(reply.json()["error"]), reply.json()  # readable Russian text
    if code == "invalid":
        assert reply.json()["fields"]
    assert _count(intake_db, site) == 0


def test_oversized_body_without_content_length_is_refused(
    intake: IntakeServer, intake_db: Database, site: SiteCredentials
) -> None:
    def chunks():
        yield b'{"kind": "callback", "message": "'
        for _ in range(40):
            yield b"x" * 1024
        yield b'"}'

    url = f"{intake.url}/api/sites/{site.site.name}/requests"
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {site.token}"}
    reply = httpx.post(url, content=chunks(), headers=headers, timeout=10)
    assert reply.status_code == 413 and reply.json()["code"] == "body_too_large"
    assert _count(intake_db, site) == 0


AUTH_FAILURES = [
    ("no credentials", {}, "unauthorized"),
    ("wrong token", {"Authorization": "Bearer nope"}, "unauthorized"),
    ("basic auth", {"Authorization": "Basic YTpi"}, "unauthorized"),
    ("bad signature", {"X-Signature": "sha256=" + "0" * 64}, "bad_signature"),
    ("signature without prefix", {"X-Signature": "0" * 64}, "bad_signature"),
]


@pytest.mark.parametrize(
    ("case", "headers", "code"), AUTH_FAILURES, ids=[a[0] for a in AUTH_FAILURES]
)
def test_authentication_failures(
    intake: IntakeServer,
    intake_db: Database,
    site: SiteCredentials,
    case: str,
    headers: dict[str, str],
    code: str,
) -> None:
    reply = _post(intake, site, VALID, headers=headers)
    assert reply.status_code == 401 and reply.json()["code"] == code
    assert reply.headers["WWW-Authenticate"] == "Bearer"
    assert CYRILLIC.search(reply.json()["error"])
    assert _count(intake_db, site) == 0


def test_signature_of_another_body_or_site_fails(
    intake: IntakeServer, intake_db: Database, site: SiteCredentials
) -> None:
    body = json.dumps(VALID).encode()
    forged = _post(intake, site, body + b" ", headers={"X-Signature": sign(site.hmac_secret, body)})
    assert forged.status_code == 401
    wrong_secret = _post(intake, site, body, headers={"X-Signature": sign("other", body)})
    assert wrong_secret.status_code == 401
    unknown_site = _post(intake, site, VALID, token=site.token, site_name="no-such-site")
    assert unknown_site.status_code == 401
    assert _count(intake_db, site) == 0


def test_wrong_content_type_and_bad_key(
    intake: IntakeServer, intake_db: Database, site: SiteCredentials
) -> None:
    form = _post(intake, site, VALID, token=site.token,
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415
    long_key = _post(intake, site, VALID, token=site.token, headers={"Idempotency-Key": "k" * 129})
    assert long_key.status_code == 400 and long_key.json()["code"] == "bad_idempotency_key"
    assert _count(intake_db, site) == 0


def test_double_submit_with_idempotency_key_makes_one_request(
    intake: IntakeServer, intake_db: Database, site: SiteCredentials
) -> None:
    key = {"Idempotency-Key": "order-42"}
    first = _post(intake, site, VALID, token=site.token, headers=key)
    again = _post(intake, site, VALID, token=site.token, headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and again.json()["created"] is False
    assert again.headers["Idempotent-Replayed"] == "true"
    # Ten clicks at the same moment: still one request.
    barrier, replies = threading.Barrier(10, timeout=10), []

    def click() -> None:
        barrier.wait()
        replies.append(_post(intake, site, VALID, token=site.token,
                             headers={"Idempotency-Key": "burst"}))

    threads = [threading.Thread(target=click) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(r.status_code for r in replies) == [200] * 9 + [201]
    assert len({r.json()["id"] for r in replies}) == 1
    assert _count(intake_db, site) == 2


def test_unknown_address_and_method_answer_in_russian(intake: IntakeServer) -> None:
    missing = httpx.get(f"{intake.url}/api/nothing", timeout=10)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    wrong = httpx.get(f"{intake.url}/api/sites/x/requests", timeout=10)
    assert wrong.status_code == 405 and CYRILLIC.search(wrong.json()["error"])
