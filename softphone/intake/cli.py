"""`softphone intake` (serve) and `softphone intake add-site NAME` (credentials, shown once)."""

from __future__ import annotations

import argparse
import logging
import sys

from sqlalchemy.exc import OperationalError

from softphone.crm.db import CrmDatabaseError, Database, default_url
from softphone.crm.web_requests.sites import SiteExists, SiteService
from softphone.intake.config import DEFAULT_BURST, DEFAULT_MAX_BODY, DEFAULT_RATE, IntakeConfig


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `softphone intake`, registered by softphone.__main__."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="TCP port to listen on")
    parser.add_argument("--database", default=None, help="CRM database URL (default: as desks)")
    parser.add_argument("--rate", type=float, default=DEFAULT_RATE,
                        help="submissions per second per site and client (0: no limit)")
    parser.add_argument("--burst", type=int, default=DEFAULT_BURST,
                        help="submissions allowed at once before the rate applies")
    parser.add_argument("--max-body", type=int, default=DEFAULT_MAX_BODY,
                        help="largest request body in bytes")
    parser.add_argument("--behind-proxy", action="store_true",
                        help="trust X-Forwarded-For from the local reverse proxy")
    sub = parser.add_subparsers(dest="intake_command")
    add = sub.add_parser("add-site", help="register a website and print its credentials once")
    add.add_argument("name", help="short site name used in URLs, e.g. shop.example.ru")


def _add_site(db: Database, name: str) -> int:
    try:
        creds = SiteService(db).add(name)
    except (SiteExists, ValueError) as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return 1
    site = creds.site.name
    # The only time these are shown: the token is stored as a hash and cannot be recovered.
    print(f"Сайт «{site}» зарегистрирован. Сохраните данные — они показываются один раз.")
    print(f"Токен (Authorization: Bearer …): {creds.token}")
    print(f"Секрет подписи (X-Signature: sha256=HMAC-SHA256 тела): {creds.hmac_secret}")
    print(f"Адрес API: POST /api/sites/{site}/requests")
    print(f"Форма для посетителей: /form/{site}")
    return 0


def _serve(db: Database, args: argparse.Namespace) -> int:
    import uvicorn

    from softphone.intake.app import create_app

    config = IntakeConfig(max_body=args.max_body, rate=args.rate, burst=args.burst)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    uvicorn.run(
        create_app(db, config),
        host=args.host,
        port=args.port,
        proxy_headers=args.behind_proxy,
        # Paths hold no secrets, but query strings might carry visitors' data: no access log.
        access_log=False,
        log_level="info",
        timeout_graceful_shutdown=10,
    )
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        db = Database.open(args.database or default_url())
    except (CrmDatabaseError, OperationalError) as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return 2
    try:
        if getattr(args, "intake_command", None) == "add-site":
            return _add_site(db, args.name)
        return _serve(db, args)
    finally:
        db.dispose()
