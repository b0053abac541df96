"""The conversation guide admins edit: script steps, playbooks, phrases to avoid, dispositions.

All four are short ordered lists read at the start of every call and edited rarely, so each
row carries an explicit `position` and the services replace a whole list in one transaction.
"""

from __future__ import annotations

import enum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from softphone.crm.models.base import Base


class StepDirection(enum.StrEnum):
    """Which calls a script step belongs to."""

    ANY = "any"
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class ScriptStep(Base):
    __tablename__ = "script_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    direction: Mapped[str] = mapped_column(String(16), default=StepDirection.ANY.value)
    title: Mapped[str] = mapped_column(String(128), default="")
    # May hold {operator}, {company} and {address}; filled in live during the call.
    text: Mapped[str] = mapped_column(Text, default="")

    @validates("direction")
    def _check_direction(self, _key: str, value: str) -> str:
        try:
            return StepDirection(value).value
        except ValueError:
            raise ValueError(f"неизвестное направление звонка: «{value}»") from None


class Playbook(Base):
    """What to do with an unhappy or rude caller: a title and numbered advice lines."""

    __tablename__ = "playbooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(128), default="")
    body: Mapped[str] = mapped_column(Text, default="")  # one step per line


class AvoidPhrase(Base):
    """A phrase an operator should not say to a customer, and what to say instead."""

    __tablename__ = "avoid_phrases"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    phrase: Mapped[str] = mapped_column(String(255), unique=True)
    suggestion: Mapped[str] = mapped_column(Text, default="")


class Disposition(Base):
    """One outcome an operator can pick in the wrap-up ("Вопрос решён", "Перезвонить")."""

    __tablename__ = "dispositions"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    # Stored as text on the interaction, so renaming never rewrites history.
    label: Mapped[str] = mapped_column(String(64), unique=True)


class CompanySettings(Base):
    """CRM-wide facts of the company every desk shares; one row with id 1 (none: not set)."""

    __tablename__ = "company_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # {company} in the call script on every desk; "" = each desk's own setting
    company_name: Mapped[str] = mapped_column(String(255), default="", server_default="")
