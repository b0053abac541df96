"""The HTML form over plain HTTP: CSRF, server-side validation, escaping, one request per load."""

from __future__ import annotations

import re

import httpx
import pytest

from softphone.crm.db import Database
from softphone.crm.web_requests.service import WebRequestService
from softphone.crm.web_requests.sites import SiteCredentials, SiteService
from softphone.intake import csrf
from tests.intake.server import IntakeServer

pytestmark = pytest.mark.timeout(60)
TOKEN = re.compile(r'name="csrf" value="([^"]+)"')
MARKUP = '<img src=x onerror="alert(1)">'


def _load(client: httpx.Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200 and "Оставьте заявку" in page.text
    assert "script-src" not in page.headers["Content-Security-Policy"]  # no scripts at all
    found = TOKEN.search(page.text)
    assert found and client.cookies.get(csrf.COOKIE) == found.group(1)
    return found.group(1)


def test_form_submit_shows_confirmation_and_stores_once(
    intake: IntakeServer, intake_db: Database, site: SiteCredentials
) -> None:
    url = f"{intake.url}/form/{site.site.name}"
    with httpx.Client(timeout=10) as client:
        token = _load(client, url + "?utm_source=vk&page_url=https://shop.example.ru/a")
        fields = {"csrf": token, "kind": "callback", "name": MARKUP, "phone": "+79161112233",
                  "utm_source": "vk", "page_url": "https://shop.example.ru/a"}
        done = client.post(url, data=fields)
        assert done.status_code == 200 and "принята" in done.text
        assert MARKUP not in done.text and "&lt;img" in done.text
        again = client.post(url, data=fields)  # double click / reload of the POST
        assert again.status_code == 200
    number = re.search(r"№(\d+)", done.text)
    assert number and number.group(1) == re.search(r"№(\d+)", again.text).group(1)
    stored = WebRequestService(intake_db).get(int(number.group(1)))
    assert stored.name == MARKUP and stored.utm == {"utm_source": "vk"}
    assert stored.page_url == "https://shop.example.ru/a"
    assert WebRequestService(intake_db).count(site_id=site.site.id) == 1


def test_invalid_form_is_shown_again_with_messages_and_escaped_values(
    intake: IntakeServer, intake_db: Database, site: SiteCredentials
) -> None:
    url = f"{intake.url}/form/{site.site.name}"
    with httpx.Client(timeout=10) as client:
        token = _load(client, url)
        bad = client.post(url, data={"csrf": token, "kind": "callback", "name": MARKUP,
                                     "phone": "не знаю"})
    assert bad.status_code == 422
    assert "Проверьте, пожалуйста" in bad.text and "не похоже на номер телефона" in bad.text
    assert MARKUP not in bad.text and 'value="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"' in (
        bad.text
    )
    assert WebRequestService(intake_db).count(site_id=site.site.id) == 0


@pytest.mark.parametrize("case", ["no cookie", "no field", "mismatch", "forged", "other site"])
def test_csrf_failures_store_nothing(
    intake: IntakeServer, intake_db: Database, site: SiteCredentials, case: str
) -> None:
    url = f"{intake.url}/form/{site.site.name}"
    fields = {"kind": "callback", "name": "Ира", "phone": "+79161112233"}
    with httpx.Client(timeout=10) as client:
        token = _load(client, url)
        if case == "no cookie":
            client.cookies.clear()
            fields["csrf"] = token
        elif case == "mismatch":
            fields["csrf"] = _load(httpx.Client(timeout=10), url)
        elif case == "forged":
            forged = csrf.issue(b"attacker key")
            client.cookies.clear()
            client.cookies.set(csrf.COOKIE, forged, path=f"/form/{site.site.name}")
            fields["csrf"] = forged
        elif case == "other site":  # a valid token of another site's form, in both places
            other = SiteService(intake_db).add(f"other-{site.site.name}").site
            foreign = csrf.issue(other.derived_key("csrf"))
            client.cookies.clear()
            client.cookies.set(csrf.COOKIE, foreign, path=f"/form/{site.site.name}")
            fields["csrf"] = foreign
        reply = client.post(url, data=fields)
    assert reply.status_code == 403 and "Форма устарела" in reply.text
    assert WebRequestService(intake_db).count(site_id=site.site.id) == 0


def test_unknown_site_form_is_404(intake: IntakeServer) -> None:
    assert httpx.get(f"{intake.url}/form/nobody", timeout=10).status_code == 404
