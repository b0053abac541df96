"""A realistic Russian demo: customers with forms of address, numbers and a month of calls.

Generated from a seeded RNG so every demo database has the same people and numbers; call times
are laid out backwards from the moment of loading so the history always looks current.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from softphone.crm.db import Database
from softphone.crm.demo.names import (
    CUSTOMER_NOTES,
    DISPOSITIONS,
    FEMALE_NAMES,
    MALE_NAMES,
    NOTES,
    OPERATORS,
    SURNAMES,
    VIP_NOTE,
    feminine,
)
from softphone.crm.models import Customer, Interaction, InteractionKind, Operator, PhoneNumber
from softphone.crm.models.guide import CompanySettings
from softphone.crm.phone import pretty, try_normalize

SEED = 20261125
# the company of the demo catalogue (resources/demo/kb-catalogue.json), said in the script
DEMO_COMPANY = "Связь-Дом"
CUSTOMERS = 80
UNKNOWN_CALLERS = 12
HISTORY_DAYS = 30
# Mobile codes of the big Russian operators, and city codes (Москва, Петербург, Екатеринбург,
# Новосибирск) for home/work numbers.
MOBILE_CODES = ["903", "905", "909", "915", "916", "921", "926", "977", "985", "999"]
CITY_CODES = ["495", "499", "812", "343", "383"]


class DemoNotEmpty(RuntimeError):
    def __init__(self) -> None:
        super().__init__("В базе уже есть данные: демонстрационные данные не загружены")


@dataclass(frozen=True)
class DemoSummary:
    operators: int
    customers: int
    numbers: int
    calls: int


def is_empty(db: Database) -> bool:
    """True on a fresh database: no customers and no logged calls (offer the demo then)."""
    with db.session() as session:
        return all(
            session.execute(select(model.id).limit(1)).first() is None
            for model in (Customer, Interaction)
        )


def _spellings(e164: str) -> list[str]:
    """How operators really type numbers: the raw text stored next to the E.164 key."""
    national = e164[2:]
    return [
        pretty(e164),
        f"8 ({national[:3]}) {national[3:6]}-{national[6:8]}-{national[8:]}",
        f"8{national}",
        e164,
    ]


def _number(rng: random.Random, codes: list[str], used: set[str]) -> str:
    for _ in range(1000):
        candidate = f"+7{rng.choice(codes)}{rng.randrange(10**7):07d}"
        if candidate not in used and try_normalize(candidate) == candidate:
            used.add(candidate)
            return candidate
    raise RuntimeError("не удалось подобрать свободный демонстрационный номер")


def _person(rng: random.Random) -> tuple[str, str]:
    """(full name, form of address) for one made-up customer."""
    surname = rng.choice(SURNAMES)
    father = rng.choice(MALE_NAMES)
    if rng.random() < 0.5:
        first, patronymic, surname = rng.choice(MALE_NAMES)[0], father[1], surname
        mister = "господин"
    else:
        first, patronymic, surname = rng.choice(FEMALE_NAMES), father[2], feminine(surname)
        mister = "госпожа"
    full_name = f"{surname} {first} {patronymic}"
    style = rng.random()
    if style < 0.55:
        address_as = f"{first} {patronymic}"
    elif style < 0.75:
        address_as = first
    elif style < 0.9:
        address_as = f"{mister} {surname}"
    else:
        address_as = ""
    return full_name, address_as


def _calls(
    rng: random.Random,
    now: datetime,
    number: str,
    customer: Customer | None,
    operators: list[Operator],
    count: int,
) -> list[Interaction]:
    calls = []
    for _ in range(count):
        # Working hours 09-20 Moscow time are 06-17 UTC.
        started = (now - timedelta(days=rng.randrange(HISTORY_DAYS))).replace(
            hour=rng.randrange(6, 17), minute=rng.randrange(60), second=rng.randrange(60)
        )
        if started > now:
            started -= timedelta(days=1)
        roll = rng.random()
        kind = (
            InteractionKind.CALL_IN if roll < 0.6
            else InteractionKind.CALL_OUT if roll < 0.85
            else InteractionKind.CALL_MISSED
        )
        missed = kind is InteractionKind.CALL_MISSED
        answered = None if missed else started + timedelta(seconds=rng.randint(3, 25))
        talk = rng.randint(20, 600) if answered else 0
        if kind is InteractionKind.CALL_OUT and rng.random() < 0.15:
            answered, talk = None, 0  # nobody picked up
        ended = (answered or started) + timedelta(seconds=talk or rng.randint(10, 40))
        if kind is InteractionKind.CALL_MISSED:
            # The desk it rang at, for the reports; picked without drawing from rng so the
            # demo's people and numbers stay what they always were.
            operator = operators[started.day % len(operators)]
        else:
            operator = rng.choice(operators)
        disposition = rng.choice(DISPOSITIONS[kind]) if kind in DISPOSITIONS else None
        if kind is InteractionKind.CALL_OUT and answered is None:
            disposition = "не дозвонились"
        uri_style = rng.random()
        remote = (
            f"sip:{number}@pbx.example"
            if uri_style < 0.6
            else f"sip:8{number[2:]}@10.0.0.1;user=phone"
        )
        calls.append(
            Interaction(
                kind=kind,
                operator=operator,
                customer=customer,
                remote=remote,
                remote_name=customer.full_name if customer and rng.random() < 0.3 else "",
                number=number,
                started_at=started,
                answered_at=answered,
                ended_at=ended,
                duration_s=float(talk),
                status_code=200 if answered else (487 if missed else 480),
                reason="OK" if answered else "",
                disposition=disposition,
                notes=rng.choice(NOTES) if answered and rng.random() < 0.5 else None,
            )
        )
    return calls


def load_demo(db: Database, *, now: datetime | None = None) -> DemoSummary:
    """Fill an empty database in one transaction; refuses a database that has data."""
    if not is_empty(db):
        raise DemoNotEmpty()
    rng = random.Random(SEED)
    now = now or datetime.now(UTC)
    used: set[str] = set()
    with db.session(write=True) as session:
        operators = [Operator(login=lg, full_name=fn, display_name=dn) for lg, fn, dn in OPERATORS]
        session.add_all(operators)
        if session.get(CompanySettings, 1) is None:  # «компания «Связь-Дом»» in the script
            session.add(CompanySettings(id=1, company_name=DEMO_COMPANY))
        customers: list[Customer] = []
        calls: list[Interaction] = []
        numbers = 0
        for _ in range(CUSTOMERS):
            full_name, address_as = _person(rng)
            mobile = _number(rng, MOBILE_CODES, used)
            phones = [PhoneNumber(e164=mobile, raw=rng.choice(_spellings(mobile)), kind="mobile")]
            if rng.random() < 0.3:
                city = _number(rng, CITY_CODES, used)
                kind = rng.choice(["home", "work"])
                phones.append(PhoneNumber(e164=city, raw=rng.choice(_spellings(city)), kind=kind))
            numbers += len(phones)
            notes = rng.choice(CUSTOMER_NOTES)
            customer = Customer(
                full_name=full_name,
                address_as=address_as,
                notes=notes,
                vip=notes == VIP_NOTE,
                numbers=phones,
                created_at=now - timedelta(days=HISTORY_DAYS + rng.randrange(300)),
            )
            customers.append(customer)
            for phone in phones:
                calls += _calls(rng, now, phone.e164, customer, operators, rng.randint(0, 4))
        for _ in range(UNKNOWN_CALLERS):
            calls += _calls(rng, now, _number(rng, MOBILE_CODES, used), None, operators, 1)
        session.add_all(customers)
        session.add_all(calls)
        return DemoSummary(len(operators), len(customers), numbers, len(calls))
