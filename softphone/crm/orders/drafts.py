"""Autosaved form drafts: every field as JSON, keyed by the form's id.

The form saves (debounced) as the operator types and the service deletes the row in the
transaction that saves the order, so after a crash or a kill the unfinished form comes back
whole and a submitted one never does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from softphone.crm.db import Database
from softphone.crm.models.base import utcnow
from softphone.crm.orders.models import FormDraft
from softphone.crm.upsert import insert_for


@dataclass(frozen=True)
class DraftRecord:
    form_id: str
    form_kind: str
    customer_id: int | None
    operator: str
    data: dict[str, Any]  # Any: the form as JSON (the JSON column and json.loads give Any)
    updated_at: datetime


class DraftStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(
        self,
        form_id: str,
        form_kind: str,
        data: dict[str, Any],  # Any: a JSON document
        *,
        customer_id: int | None = None,
        operator: str = "",
    ) -> None:
        """Insert or replace the draft in one statement (no read-then-write race)."""
        values = {
            "form_id": form_id,
            "form_kind": form_kind,
            "customer_id": customer_id,
            "operator": operator,
            "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
            "updated_at": utcnow(),
        }
        insert = insert_for(self._db.dialect)
        statement = insert(FormDraft).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[FormDraft.form_id],
            set_={k: statement.excluded[k] for k in values if k != "form_id"},
        )
        with self._db.session(write=True) as session:
            session.execute(statement)

    def load(self, form_id: str) -> DraftRecord | None:
        with self._db.session() as session:
            row = session.get(FormDraft, form_id)
            return _record(row) if row is not None else None

    def unfinished(self, *, operator: str | None = None) -> list[DraftRecord]:
        """Drafts to bring back at start-up, newest first (this operator's, if given)."""
        query = select(FormDraft).order_by(FormDraft.updated_at.desc())
        if operator is not None:
            query = query.where(FormDraft.operator == operator)
        with self._db.session() as session:
            return [_record(row) for row in session.scalars(query)]

    def discard(self, form_id: str) -> None:
        with self._db.session(write=True) as session:
            session.execute(delete(FormDraft).where(FormDraft.form_id == form_id))


def _record(row: FormDraft) -> DraftRecord:
    return DraftRecord(
        row.form_id,
        row.form_kind,
        row.customer_id,
        row.operator,
        json.loads(row.data),
        row.updated_at,
    )
