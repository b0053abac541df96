"""Every protected service operation refuses an operator (and a supervisor where admin-only)
with a clear Russian message; admins pass and their changes reach the audit log."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from softphone.crm.auth import (
    AuditService,
    Permission,
    PermissionDenied,
    Principal,
    Role,
    UserService,
    enforce_sign_in,
    start_session,
)
from softphone.crm.db import Database
from softphone.crm.guide.phrases import PhraseRule, PhraseService
from softphone.crm.guide.script import PlaybookText, ScriptService, Step
from softphone.crm.guide.wrapup import WrapUpService
from softphone.crm.kb.drafts import ItemDraft
from softphone.crm.kb.models import Availability, ItemKind
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.crm.web_requests.sites import SiteService

PASSWORD = "пароль для теста"


def _people(db: Database) -> dict[Role, Principal]:
    UserService(db).create("admin", PASSWORD, Role.ADMIN)
    admin = UserService(db, UserService(db).sign_in("admin", PASSWORD))
    admin.create("boss", PASSWORD, Role.SUPERVISOR)
    admin.create("anna", PASSWORD, Role.OPERATOR)
    signed = UserService(db)
    return {
        Role.ADMIN: signed.sign_in("admin", PASSWORD),
        Role.SUPERVISOR: signed.sign_in("boss", PASSWORD),
        Role.OPERATOR: signed.sign_in("anna", PASSWORD),
    }


def _draft() -> ItemDraft:
    return ItemDraft(
        kind=ItemKind.SERVICE,
        code="S-1",
        title="Выезд мастера",
        body="Описание",
        price=Decimal("1500"),
        unit="услуга",
        availability=Availability.IN_STOCK,
    )


Operation = Callable[[Database, Principal | None], Any]

# Every admin-only operation of the services, called the way the UI calls it.
ADMIN_ONLY: dict[str, Operation] = {
    "kb.create": lambda db, p: KnowledgeBaseService(db, principal=p).create(_draft()),
    "kb.update": lambda db, p: KnowledgeBaseService(db, principal=p).update(1, _draft()),
    "kb.retire": lambda db, p: KnowledgeBaseService(db, principal=p).retire(1),
    "kb.restore": lambda db, p: KnowledgeBaseService(db, principal=p).restore(1),
    "kb.import": lambda db, p: KnowledgeBaseService(db, principal=p).import_drafts([_draft()]),
    "kb.reindex": lambda db, p: KnowledgeBaseService(db, principal=p).reindex(),
    "script.steps": lambda db, p: ScriptService(db, p).replace_steps(
        [Step("Начало", "Добрый день")]
    ),
    "script.playbooks": lambda db, p: ScriptService(db, p).replace_playbooks(
        [PlaybookText("Памятка", ("пункт",))]
    ),
    "phrases": lambda db, p: PhraseService(db, p).replace_rules([PhraseRule("Вы не правы", "")]),
    "dispositions": lambda db, p: WrapUpService(db, p).replace_dispositions(["Решено"]),
    "site.add": lambda db, p: SiteService(db, p).add("shop.example"),
    "users.create": lambda db, p: UserService(db, p).create("new", PASSWORD, Role.OPERATOR),
    "users.role": lambda db, p: UserService(db, p).set_role("anna", Role.ADMIN),
    "users.password": lambda db, p: UserService(db, p).set_password("admin", "новый пароль"),
    "users.active": lambda db, p: UserService(db, p).set_active("boss", False),
    "users.list": lambda db, p: UserService(db, p).list(),
    "audit.entries": lambda db, p: AuditService(db).entries(p),
}


@pytest.mark.timeout(120)
def test_operators_and_supervisors_are_refused_every_admin_operation(database: Database) -> None:
    people = _people(database)
    for name, operation in ADMIN_ONLY.items():
        for role in (Role.OPERATOR, Role.SUPERVISOR):
            with pytest.raises(PermissionDenied, match="Недостаточно прав") as refused:
                operation(database, people[role])
            message = str(refused.value)
            assert people[role].login in message and "администратор" in message, name
    # Nothing got through: the only audit entries are the admin's own user changes.
    actions = {e.action for e in AuditService(database).entries(people[Role.ADMIN])}
    assert actions == {"user.create"}


@pytest.mark.timeout(120)
def test_admins_pass_and_their_changes_are_audited(database: Database) -> None:
    admin = _people(database)[Role.ADMIN]
    for name, operation in ADMIN_ONLY.items():
        if name not in {"kb.update", "kb.retire", "kb.restore"}:  # need the item made below
            operation(database, admin)
    item_id = KnowledgeBaseService(database).search("выезд")[0].item_id
    KnowledgeBaseService(database, principal=admin).retire(item_id)
    entries = AuditService(database).entries(admin)
    actions = [e.action for e in entries]
    for expected in (
        "kb.create",
        "kb.import",
        "kb.retire",
        "script.steps",
        "script.playbooks",
        "phrases.replace",
        "dispositions.replace",
        "site.add",
        "user.role",
        "user.password",
        "user.active",
    ):
        assert expected in actions
    assert {e.actor for e in entries if e.action != "user.create"} == {"admin"}
    assert entries[0].action == "kb.retire"  # newest first
    assert PASSWORD not in " ".join(e.details for e in entries)


def test_supervisor_may_see_reports_and_recordings_but_operator_may_not() -> None:
    boss = Principal(2, 2, "boss", "Босс", Role.SUPERVISOR)
    anna = Principal(3, 3, "anna", "Анна", Role.OPERATOR)
    for permission in (Permission.VIEW_ALL_REPORTS, Permission.PLAY_RECORDINGS):
        assert boss.can(permission) and not anna.can(permission)
    assert not boss.can(Permission.MANAGE_SIP_ACCOUNTS)


def test_with_sign_in_enforced_a_missing_principal_is_refused(database: Database) -> None:
    # Tools and older tests run without a principal; the app turns that off after sign-in.
    WrapUpService(database).replace_dispositions(["Решено"])
    enforce_sign_in(database)
    with pytest.raises(PermissionDenied, match="Войдите в программу"):
        WrapUpService(database).replace_dispositions(["Решено", "Перезвонить"])
    assert WrapUpService(database).dispositions() == ["Решено"]


def test_the_desks_signed_in_person_acts_for_services_built_without_one(
    database: Database,
) -> None:
    people = _people(database)
    start_session(database, people[Role.OPERATOR])
    with pytest.raises(PermissionDenied, match="anna"):
        WrapUpService(database).replace_dispositions(["Решено"])
    start_session(database, people[Role.ADMIN])
    WrapUpService(database).replace_dispositions(["Решено"])
    latest = AuditService(database).entries(people[Role.ADMIN])[0]
    assert (latest.actor, latest.action) == ("admin", "dispositions.replace")
