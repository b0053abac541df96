"""The service as a process: rate limiting, restarts (even a kill) and the add-site command."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text

from softphone.crm.db import Database
from softphone.crm.models import Site
from softphone.crm.web_requests.service import WebRequestService
from softphone.crm.web_requests.sites import SiteCredentials, SiteService, hash_token
from tests.intake.server import ROOT, IntakeServer, _env

pytestmark = pytest.mark.timeout(90)
FORM = {"kind": "callback", "name": "Анна", "phone": "+7 916 000-11-22"}


def _post(server: IntakeServer, site: SiteCredentials, token: str | None = None, **headers: str):
    sent = {"Authorization": f"Bearer {token or site.token}", **headers}
    return httpx.post(
        f"{server.url}/api/sites/{site.site.name}/requests", json=FORM, headers=sent, timeout=10
    )


def test_rate_limit_per_site_and_client(intake_db_url: str, intake_db: Database, tmp_path: Path):
    sites = SiteService(intake_db)
    first, second = sites.add("limited-a"), sites.add("limited-b")
    with IntakeServer(intake_db_url, "--rate", "0.5", "--burst", "3", log=tmp_path / "log") as srv:
        assert [_post(srv, first).status_code for _ in range(3)] == [201] * 3
        refused = _post(srv, first)
        assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
        assert 1 <= int(refused.headers["Retry-After"]) <= 2
        assert "повторите" in refused.json()["error"]
        # Wrong guesses spend the same bucket: no brute force on tokens through this door.
        assert _post(srv, second, token="guess").status_code == 401
        assert [_post(srv, second).status_code for _ in range(2)] == [201, 201]
        assert _post(srv, second).status_code == 429
        form = httpx.post(f"{srv.url}/form/{second.site.name}", data={"name": "x"}, timeout=10)
        assert form.status_code == 429 and "Подождите" in form.text
        time.sleep(2.2)  # one token back at 0.5/s
        assert _post(srv, first).status_code == 201
    service = WebRequestService(intake_db)
    assert (service.count(site_id=first.site.id), service.count(site_id=second.site.id)) == (4, 2)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"])
def test_restart_loses_nothing_accepted(
    intake_db_url: str, intake_db: Database, tmp_path: Path, stop: int
) -> None:
    site = SiteService(intake_db).add(f"restart-{stop}")
    server = IntakeServer(intake_db_url, "--rate", "0", log=tmp_path / "log").start()
    try:
        accepted = {}
        for i in range(12):
            reply = _post(server, site, **{"Idempotency-Key": f"r-{i}"})
            assert reply.status_code == 201
            accepted[f"r-{i}"] = reply.json()["id"]
        server.stop(stop)  # a kill right after the last 201: it was committed before replying
        service = WebRequestService(intake_db)
        assert service.count(site_id=site.site.id) == 12
        assert {service.get(i).id for i in accepted.values()} == set(accepted.values())
        server.start()
        for key, request_id in accepted.items():  # the site retries: nothing doubles
            replay = _post(server, site, **{"Idempotency-Key": key})
            assert replay.status_code == 200 and replay.json()["id"] == request_id
        assert _post(server, site).status_code == 201
        assert service.count(site_id=site.site.id) == 13
    finally:
        server.stop()


def _cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "softphone", "intake", "--database", url, *args],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60, check=False,
    )


def test_add_site_prints_credentials_once_and_stores_a_hash(
    intake_db_url: str, intake_db: Database
) -> None:
    done = _cli(intake_db_url, "add-site", "cli.example.ru")
    assert done.returncode == 0, done.stderr
    token = next(line for line in done.stdout.splitlines() if line.startswith("Токен"))
    token = token.split()[-1]
    with intake_db.session() as session:
        row = session.execute(select(Site).where(Site.name == "cli.example.ru")).scalar_one()
        dump = json.dumps([list(r) for r in session.execute(text("SELECT * FROM web_sites"))],
                          default=str)
    assert row.token_hash == hash_token(token) and token not in dump
    again = _cli(intake_db_url, "add-site", "cli.example.ru")
    assert again.returncode == 1 and "уже зарегистрирован" in again.stderr
    assert token not in again.stdout + again.stderr


@pytest.mark.postgres
def test_health_reports_a_lost_database(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("_postgres_template")
    name = f"h_{int(time.time() * 1000) % 10**9}"
    url = server.create_database(name, template=template)
    try:
        with IntakeServer(url, log=tmp_path / "log") as intake:
            assert httpx.get(f"{intake.url}/health", timeout=10).status_code == 200
            server.drop_database(name)  # WITH (FORCE): the service's connections are cut
            reply = httpx.get(f"{intake.url}/health", timeout=30)
            assert reply.status_code == 503 and reply.json()["database"] == "недоступна"
    finally:
        server.drop_database(name)


def test_intake_loads_neither_qt_nor_pjsip() -> None:
    """It runs on a server without a desktop: the command and the app import no Qt or PJSIP."""
    probe = (
        "import sys, softphone.__main__ as cli; cli._build_parser(); "
        "import softphone.intake.app, softphone.intake.cli; "
        "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'pjsua2', 'shiboken6')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
