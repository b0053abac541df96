"""Phrases an operator should not say to a customer, with replacements; admins edit the list.

The checker that finds them in text lives in phrase_checker.py; this module only stores them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from softphone.crm.auth import audit
from softphone.crm.auth.roles import Permission, Principal, require
from softphone.crm.db import Database
from softphone.crm.folding import clean, fold
from softphone.crm.models import AvoidPhrase


@dataclass(frozen=True)
class PhraseRule:
    phrase: str  # as the admin wrote it ("Вы не правы"); matched in any word form
    suggestion: str  # what to say instead


class PhraseError(ValueError):
    """The admin's list cannot be saved; the message names the row."""


def check_rules(rules: Sequence[PhraseRule]) -> list[PhraseRule]:
    checked: list[PhraseRule] = []
    seen: set[str] = set()
    for number, rule in enumerate(rules, 1):
        phrase = " ".join(clean(rule.phrase).split()).strip(" .…")[:255]
        if not any(ch.isalnum() for ch in phrase):
            raise PhraseError(f"Строка {number}: пустая фраза")
        if fold(phrase) in seen:
            raise PhraseError(f"Строка {number}: фраза «{phrase}» уже есть в списке")
        seen.add(fold(phrase))
        checked.append(PhraseRule(phrase, clean(rule.suggestion).strip()))
    return checked


def store_rules(session: Session, who: Principal | None, checked: list[PhraseRule]) -> None:
    session.execute(delete(AvoidPhrase))
    audit.write(session, who, "phrases.replace", f"фраз: {len(checked)}")
    session.add_all(
        AvoidPhrase(position=i, phrase=r.phrase, suggestion=r.suggestion)
        for i, r in enumerate(checked)
    )


class PhraseService:
    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        """`principal` is who edits the lists; reading them needs none."""
        self._db = db
        self._principal = principal

    def rules(self) -> list[PhraseRule]:
        query = select(AvoidPhrase).order_by(AvoidPhrase.position, AvoidPhrase.id)
        with self._db.session() as session:
            return [PhraseRule(p.phrase, p.suggestion) for p in session.scalars(query)]

    def replace_rules(self, rules: Sequence[PhraseRule]) -> list[PhraseRule]:
        """The edited list, all or nothing."""
        who = require(self._principal, Permission.EDIT_CALL_GUIDE, db=self._db)
        checked = check_rules(rules)
        with self._db.session(write=True) as session:
            store_rules(session, who, checked)
        return checked
