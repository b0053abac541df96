"""The demo operators' past weeks of work: orders, applications and website requests handled.

Without it the reports window shows zeros for everything but calls. Every document goes
through the real services (OrderService, ApplicationService, WebRequestService) with their
clock set to a moment of the last weeks, so numbers, statuses and histories are the ones a
desk would have made. It runs after softphone.crm.demo.people (the people), the demo catalogue (what
is sold) and the demo site's queue; a separate seeded RNG keeps those exactly as they were.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy import select

from softphone.crm.coaching.demo import load_demo_speech
from softphone.crm.db import Database
from softphone.crm.demo.people import HISTORY_DAYS
from softphone.crm.demo.people import SEED as PEOPLE_SEED
from softphone.crm.demo.statuses import load_demo_statuses
from softphone.crm.demo.web_requests import DEMO_SITE
from softphone.crm.demo.work_texts import (
    ADDRESSES,
    APPLICATIONS,
    CANCEL_NOTES,
    ORDER_COMMENTS,
    REQUEST_MESSAGES,
    AppPlan,
)
from softphone.crm.kb.models import KbItem
from softphone.crm.models import Customer, Operator, PhoneNumber
from softphone.crm.models.web_request import Outcome, RequestKind
from softphone.crm.orders.applications import ApplicationService
from softphone.crm.orders.catalogue import ORDERABLE
from softphone.crm.orders.forms import ApplicationForm, LineInput, OrderForm
from softphone.crm.orders.service import OrderService
from softphone.crm.orders.status import Status
from softphone.crm.phone import normalize
from softphone.crm.web_requests.input import Submission
from softphone.crm.web_requests.service import WebRequestService
from softphone.crm.web_requests.sites import SiteService
from softphone.formatting import format_date

SEED = PEOPLE_SEED + 1
DAYS = HISTORY_DAYS - 2  # documents of the last four weeks
ORDERS = 36
REQUESTS = 28  # submitted on the demo site over the past weeks (besides its waiting queue)
HELD = 2  # of them, taken within the last hour and still being worked


@dataclass(frozen=True)
class WorkSummary:
    orders: int
    applications: int
    requests: int  # website requests submitted in the past weeks
    requests_closed: int  # of them, closed (done, wrong number or duplicate)
    status_changes: int = 0  # the operators' agent status over their working days
    speech_figures: int = 0  # answered calls with the live speech hints' figures


@dataclass(frozen=True)
class _Person:
    customer_id: int
    full_name: str
    address_as: str
    e164: str
    raw: str


class _Clock:
    """What the services take for "now": moved along as the demo replays the weeks."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _moment(rng: random.Random, now: datetime, days_back: int) -> datetime:
    """A working-hours moment (09-20 Moscow, 06-17 UTC) `days_back` days ago, never ahead."""
    at = (now - timedelta(days=days_back)).replace(
        hour=rng.randrange(6, 17), minute=rng.randrange(60), second=rng.randrange(60),
        microsecond=0,
    )
    return at if at <= now - timedelta(minutes=90) else at - timedelta(days=1)


def _people(db: Database) -> tuple[list[Operator], list[_Person]]:
    with db.session() as session:
        operators = list(session.scalars(select(Operator).order_by(Operator.id)))
        rows = session.execute(
            select(Customer.id, Customer.full_name, Customer.address_as, PhoneNumber.e164,
                   PhoneNumber.raw)
            .join(PhoneNumber, PhoneNumber.customer_id == Customer.id)
            .order_by(Customer.id, PhoneNumber.id)
        ).all()
        session.expunge_all()
    first: dict[int, _Person] = {}
    for row in rows:
        first.setdefault(row[0], _Person(*row))
    return operators, list(first.values())


def _catalogue(db: Database) -> dict[str, KbItem]:
    with db.session() as session:
        items = {item.code: item for item in session.scalars(select(KbItem))}
        session.expunge_all()
    return items


Steps = list[tuple[timedelta, Callable[[], object]]]


def _walk(clock: _Clock, now: datetime, start: datetime, steps: Steps) -> None:
    """Do each step at its delay after the previous one, stopping at the first still ahead."""
    at = start
    for delay, step in steps:
        at += delay
        if at > now:
            return
        clock.at = at
        step()


def _orders(
    rng: random.Random, db: Database, now: datetime, operators: list[Operator],
    people: list[_Person], items: dict[str, KbItem],
) -> int:
    clock = _Clock(now)
    service = OrderService(db, today=lambda: clock.at.date(), now=clock)
    goods = sorted(
        (i for i in items.values() if i.kind in ORDERABLE and i.price and i.retired_at is None),
        key=lambda i: i.code,
    )
    for _ in range(ORDERS):
        start = _moment(rng, now, rng.randrange(DAYS))
        person, author = rng.choice(people), rng.choice(operators).login
        picked = rng.sample(goods, rng.choice([1, 1, 2, 2, 3]))
        lines = tuple(
            LineInput(item.id, str(rng.randint(5, 30) if item.unit == "м" else
                                   rng.choice([1, 1, 1, 2])), item.title)
            for item in picked
        )
        form = OrderForm(
            customer_id=person.customer_id,
            contact_name=person.full_name,
            contact_phone=person.raw,
            delivery_address=rng.choice(ADDRESSES),
            comment=rng.choice(ORDER_COMMENTS),
            lines=lines,
        )
        clock.at = start
        draft = rng.random() < 0.06
        order = service.create(form, operator=author, submit=not draft)
        if draft:
            continue

        def change(status: Status, note: str = "", order_id: int = order.id,
                   who: str = author) -> None:
            service.change_status(order_id, status.value, operator=who, note=note)

        plan: Steps
        if rng.random() < 0.12:
            why = rng.choice(CANCEL_NOTES)
            plan = [(timedelta(hours=rng.randint(1, 20)), partial(change, Status.CANCELLED, why))]
        else:
            plan = [
                (timedelta(minutes=rng.randint(30, 240)),
                 partial(change, Status.CONFIRMED, "подтверждено по телефону")),
                (timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5)),
                 partial(change, Status.DONE, "доставлено, клиент расписался")),
            ]
        _walk(clock, now, start, plan)
    return ORDERS


def _application_form(
    plan: AppPlan, rng: random.Random, start: datetime, person: _Person, items: dict[str, KbItem]
) -> ApplicationForm:
    period_to = start.date() - timedelta(days=rng.randint(2, 12))
    period_from = period_to - timedelta(days=rng.randint(2, 9))
    return ApplicationForm(
        kind=plan.kind.value,
        customer_id=person.customer_id,
        contact_name=person.full_name,
        contact_phone=person.raw,
        service_item_id=items[plan.service].id if plan.service else None,
        address=rng.choice(ADDRESSES) if plan.address else "",
        topic=plan.topic,
        description=plan.description,
        period_from=f"{format_date(period_from)}" if plan.claimed else "",
        period_to=f"{format_date(period_to)}" if plan.claimed else "",
        amount_claimed=plan.claimed,
        reason=plan.reason,
        callback_at=(start + timedelta(days=1)).isoformat() if plan.callback else "",
    )


def _applications(
    rng: random.Random, db: Database, now: datetime, operators: list[Operator],
    people: list[_Person], items: dict[str, KbItem],
) -> int:
    clock = _Clock(now)
    service = ApplicationService(db, now=clock)
    for plan in APPLICATIONS:
        start = _moment(rng, now, rng.randrange(plan.min_days, DAYS))
        person, author = rng.choice(people), rng.choice(operators).login
        clock.at = start
        app = service.create(_application_form(plan, rng, start, person, items), operator=author)
        senior = rng.choice(operators).login

        def change(status: Status, note: str = "", app_id: int = app.id, who: str = senior) -> None:
            service.change_status(app_id, status.value, operator=who, note=note)

        steps: Steps = [
            (timedelta(hours=rng.randint(1, 6)), partial(change, Status.CONFIRMED, "принято"))
        ]
        if plan.decision:
            steps.append((
                timedelta(days=rng.randint(1, 3)),
                partial(
                    service.decide, app.id, plan.decision.value, plan.granted, operator=senior
                ),
            ))
        if plan.finished:
            steps.append((timedelta(days=rng.randint(1, 3)),
                          partial(change, Status.DONE, plan.finished)))
        _walk(clock, now, start, steps)
    return len(APPLICATIONS)


def _requests(
    rng: random.Random, db: Database, now: datetime, operators: list[Operator],
    people: list[_Person],
) -> tuple[int, int]:
    """Past submissions taken and closed by the operators, a few retried, two still held."""
    sites = SiteService(db)
    site = sites.get(DEMO_SITE) or sites.add(DEMO_SITE).site
    clock = _Clock(now)
    service = WebRequestService(db, now=clock)
    closed = 0
    for number in range(REQUESTS):
        held = number >= REQUESTS - HELD
        start = (now - timedelta(minutes=rng.randint(45, 80)) if held
                 else _moment(rng, now, rng.randrange(DAYS)))
        kind, message = rng.choice(REQUEST_MESSAGES)
        roll = rng.random()
        person = rng.choice(people)
        outcome = Outcome.DONE
        if kind is RequestKind.QUESTION and roll < 0.5:  # asked by e-mail only: answered so
            name, raw, email = person.address_as or "Клиент", "", "client@example.ru"
        elif roll > 0.93 and not held:  # a mistyped number: nobody by that name there
            name, raw, email = person.address_as or "Клиент", f"8 999 000-00-0{number % 10}", ""
            outcome = Outcome.WRONG_NUMBER
        else:
            name, raw, email = person.address_as or person.full_name, person.raw, ""
            outcome = (Outcome.NO_ANSWER if roll < 0.2 else
                       Outcome.DUPLICATE if roll > 0.84 else Outcome.DONE)
        clock.at = start
        submission = Submission(
            kind=kind.value, name=name, phone_raw=raw, phone=normalize(raw) if raw else None,
            email=email, message=message, page_url=f"https://{DEMO_SITE}/tariffs",
            utm={"utm_source": rng.choice(["yandex", "vk", "direct", "google"])},
        )
        request_id = service.submit(site.id, submission).request.id
        first, second = rng.sample(operators, 2)
        steps: Steps = [
            (timedelta(minutes=rng.randint(2, 40)), partial(service.take, request_id, first.id)),
        ]
        if not held:
            steps.append((timedelta(minutes=rng.randint(2, 12)),
                          partial(service.close, request_id, first.id, outcome)))
            if outcome is Outcome.NO_ANSWER:  # the retry, by whoever had the next free minute
                steps.append((timedelta(hours=rng.randint(2, 5)),
                              partial(service.close, request_id, second.id, Outcome.DONE)))
        _walk(clock, now, start, steps)
        closed += service.get(request_id).closed_at is not None
    return REQUESTS, closed


def load_demo_work(db: Database, *, now: datetime | None = None) -> WorkSummary:
    """Replay the demo operators' past weeks; call once, after the people, catalogue and site."""
    rng = random.Random(SEED)
    now = now or datetime.now(UTC)
    operators, people = _people(db)
    items = _catalogue(db)
    orders = _orders(rng, db, now, operators, people, items)
    applications = _applications(rng, db, now, operators, people, items)
    requests, closed = _requests(rng, db, now, operators, people)
    statuses = load_demo_statuses(db, now=now)
    return WorkSummary(orders, applications, requests, closed, statuses, load_demo_speech(db))
