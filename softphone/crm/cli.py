"""`softphone db upgrade` and `softphone demo-data`: admin tasks without Qt or PJSIP."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import OperationalError

from softphone.crm import migrate
from softphone.crm.db import CrmDatabaseError, Database, default_url
from softphone.crm.demo.people import DemoNotEmpty, load_demo
from softphone.crm.demo.web_requests import load_demo_requests
from softphone.crm.demo.work import load_demo_work
from softphone.crm.kb.demo import load_demo_catalogue


def _upgrade() -> int:
    db = Database.open(default_url(), migrate=False)
    try:
        before = migrate.current_revision(db)
        applied = migrate.upgrade(db)
        after = migrate.current_revision(db)
        if applied:
            print(f"База данных {db.url} обновлена: версия схемы {before or 'пусто'} → {after}.")
        else:
            print(f"База данных {db.url} уже в актуальной версии схемы ({after}).")
        return 0
    finally:
        db.dispose()


def _demo() -> int:
    db = Database.open(default_url())
    try:
        summary = load_demo(db)
        catalogue = load_demo_catalogue(db)
        requests = load_demo_requests(db)
        work = load_demo_work(db)
    except DemoNotEmpty as exc:
        print(f"{exc} ({db.url}).", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(
        f"В базу {db.url} загружены демонстрационные данные: "
        f"операторов — {summary.operators}, клиентов — {summary.customers}, "
        f"номеров — {summary.numbers}, звонков — {summary.calls}, "
        f"записей базы знаний — {catalogue.created + catalogue.updated}, "
        f"заявок с сайта — {requests + work.requests} (обработано — {work.requests_closed}), "
        f"заказов — {work.orders}, заявок и заявлений — {work.applications}."
    )
    return 0


def run(args: argparse.Namespace) -> int:
    """Entry point from softphone.__main__; honours SOFTPHONE_DATABASE_URL via default_url()."""
    try:
        if args.command == "db" and getattr(args, "db_command", None) == "upgrade":
            return _upgrade()
        if args.command == "demo-data":
            return _demo()
    except CrmDatabaseError as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        print(f"Ошибка: не удалось подключиться к базе данных: {exc.orig}", file=sys.stderr)
        return 2
    print(f"Неизвестная команда: {args.command}", file=sys.stderr)
    return 2
