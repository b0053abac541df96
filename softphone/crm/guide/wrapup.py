"""Wrap-up: what the operator records after hang-up (disposition, notes, callback time), and
the admin-edited list of dispositions.

Dispositions are stored on the call as text, so renaming or removing one later never rewrites
history; only a new wrap-up has to pick from the current list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from softphone.crm.auth import audit
from softphone.crm.auth.roles import Permission, Principal, require
from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.crm.folding import clean, fold
from softphone.crm.models import Disposition, Interaction
from softphone.crm.models.base import utcnow


@dataclass(frozen=True)
class WrapUp:
    interaction_id: int
    disposition: str
    notes: str
    callback_at: datetime | None


class WrapUpError(ValueError):
    """The wrap-up or the disposition list cannot be saved; the message says why."""


def check_dispositions(labels: Sequence[str]) -> list[str]:
    checked: list[str] = []
    for number, label in enumerate(labels, 1):
        text = " ".join(clean(label).split())
        if not text:
            raise WrapUpError(f"Строка {number}: пустой итог звонка")
        if len(text) > 64:
            raise WrapUpError(f"Строка {number}: итог длиннее 64 символов")
        if fold(text) in {fold(c) for c in checked}:
            raise WrapUpError(f"Строка {number}: итог «{text}» уже есть в списке")
        checked.append(text)
    if not checked:
        raise WrapUpError("Нужен хотя бы один итог звонка")
    return checked


def store_dispositions(session: Session, who: Principal | None, checked: list[str]) -> None:
    session.execute(delete(Disposition))
    audit.write(session, who, "dispositions.replace", ", ".join(checked))
    session.add_all(Disposition(position=i, label=t) for i, t in enumerate(checked))


class WrapUpService:
    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        """`principal` is who edits the disposition list; saving a wrap-up needs none."""
        self._db = db
        self._principal = principal

    def dispositions(self) -> list[str]:
        query = select(Disposition.label).order_by(Disposition.position, Disposition.id)
        with self._db.session() as session:
            return list(session.scalars(query))

    def replace_dispositions(self, labels: Sequence[str]) -> list[str]:
        """The edited list, all or nothing."""
        who = require(self._principal, Permission.EDIT_CALL_GUIDE, db=self._db)
        checked = check_dispositions(labels)
        with self._db.session(write=True) as session:
            store_dispositions(session, who, checked)
        return checked

    def save(
        self,
        interaction_id: int,
        *,
        disposition: str,
        notes: str = "",
        callback_at: datetime | None = None,
        now: datetime | None = None,
    ) -> WrapUp:
        """Record the outcome on the logged call; the disposition must be on the current list."""
        label = " ".join(clean(disposition).split())
        if callback_at is not None:
            if callback_at.tzinfo is None:
                raise WrapUpError("Время перезвона указано без часового пояса")
            if callback_at <= (now or utcnow()):
                raise WrapUpError("Время перезвона уже прошло")
            callback_at = callback_at.astimezone(UTC)
        with self._db.session(write=True) as session:
            known = session.scalars(
                select(Disposition.label).where(Disposition.label == label)
            ).first()
            if known is None:
                raise WrapUpError(f"Выберите итог звонка из списка (указано: «{label}»)")
            interaction = session.get(Interaction, interaction_id)
            if interaction is None:
                raise WrapUpError(f"Звонок №{interaction_id} не найден")
            interaction.disposition = label
            interaction.notes = clean(notes).strip() or None
            interaction.callback_at = callback_at
            session.flush()
            return WrapUp(interaction.id, label, interaction.notes or "", interaction.callback_at)

    def save_draft(self, interaction_id: int, notes: str) -> bool:
        """Notes typed so far (during the call too), kept so a crash loses nothing; ignored
        once the wrap-up itself is saved. See CallLogService.save_notes_draft."""
        return CallLogService(self._db).save_notes_draft(interaction_id, notes)

    def get(self, interaction_id: int) -> WrapUp | None:
        """The saved wrap-up of a call, None if it has no disposition yet."""
        with self._db.session() as session:
            interaction = session.get(Interaction, interaction_id)
            if interaction is None or interaction.disposition is None:
                return None
            return WrapUp(
                interaction.id,
                interaction.disposition,
                interaction.notes or "",
                interaction.callback_at,
            )
