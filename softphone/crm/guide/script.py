"""The conversation script and playbooks: what an operator says, step by step, filled in live.

Steps are stored with placeholders ({operator}, {company}, {address}) and filled at display
time, so one script serves every operator and customer. Admins replace a whole list at once:
the lists are short and an editor shows them whole, which keeps ordering trivial.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from softphone.crm.auth import audit
from softphone.crm.auth.roles import Permission, Principal, require
from softphone.crm.db import Database
from softphone.crm.folding import clean
from softphone.crm.models import Playbook, ScriptStep, StepDirection

PLACEHOLDERS = ("operator", "company", "address")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Step:
    title: str
    text: str  # with placeholders
    direction: str = StepDirection.ANY.value  # "any" | "inbound" | "outbound"


@dataclass(frozen=True)
class PlaybookText:
    title: str
    lines: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


class ScriptError(ValueError):
    """An admin's script cannot be saved; the message says which step and why."""


def placeholders_in(text: str) -> list[str]:
    return [m.group(1) for m in _PLACEHOLDER.finditer(text)]


def fill(text: str, values: Mapping[str, str]) -> str:
    """Placeholders replaced by their values; an empty or missing value leaves `{name}` visible
    so the operator sees what is still unknown instead of a sentence with a hole."""

    def replace(match: re.Match[str]) -> str:
        value = values.get(match.group(1), "")
        return value if value else match.group(0)

    return _PLACEHOLDER.sub(replace, text)


def steps_for(steps: Sequence[Step], *, inbound: bool) -> list[Step]:
    own = StepDirection.INBOUND if inbound else StepDirection.OUTBOUND
    wanted = {StepDirection.ANY.value, own.value}
    return [s for s in steps if s.direction in wanted]


def _check_step(number: int, step: Step) -> Step:
    title, text = clean(step.title).strip(), clean(step.text).strip()
    if not text:
        raise ScriptError(f"Шаг {number}: пустой текст")
    try:
        direction = StepDirection(step.direction).value
    except ValueError:
        raise ScriptError(f"Шаг {number}: неизвестное направление «{step.direction}»") from None
    unknown = [p for p in placeholders_in(text) if p not in PLACEHOLDERS]
    if unknown:
        known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        raise ScriptError(
            f"Шаг {number}: неизвестная подстановка {{{unknown[0]}}}; можно использовать {known}"
        )
    return Step(title[:128], text, direction)


def check_steps(steps: Sequence[Step]) -> list[Step]:
    return [_check_step(i, s) for i, s in enumerate(steps, 1)]


def store_steps(session: Session, who: Principal | None, checked: list[Step]) -> None:
    session.execute(delete(ScriptStep))
    audit.write(session, who, "script.steps", f"шагов: {len(checked)}")
    session.add_all(
        ScriptStep(position=i, direction=s.direction, title=s.title, text=s.text)
        for i, s in enumerate(checked)
    )


def check_playbooks(playbooks: Sequence[PlaybookText]) -> list[PlaybookText]:
    """Blank points are dropped; a playbook needs a title and at least one point."""
    checked: list[PlaybookText] = []
    for number, book in enumerate(playbooks, 1):
        title = clean(book.title).strip()[:128]
        lines = tuple(clean(line).strip() for line in book.lines if line.strip())
        if not title:
            raise ScriptError(f"Плейбук {number}: пустое название")
        if not lines:
            raise ScriptError(f"Плейбук {number} «{title}»: нужен хотя бы один пункт")
        checked.append(PlaybookText(title, lines))
    return checked


def store_playbooks(
    session: Session, who: Principal | None, checked: list[PlaybookText]
) -> None:
    session.execute(delete(Playbook))
    audit.write(session, who, "script.playbooks", f"памяток: {len(checked)}")
    session.add_all(
        Playbook(position=i, title=b.title, body=b.body) for i, b in enumerate(checked)
    )


class ScriptService:
    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        """`principal` is who edits the lists; reading them needs none."""
        self._db = db
        self._principal = principal

    def steps(self) -> list[Step]:
        """Every step in order; the panel picks inbound or outbound ones with steps_for()."""
        query = select(ScriptStep).order_by(ScriptStep.position, ScriptStep.id)
        with self._db.session() as session:
            return [Step(s.title, s.text, s.direction) for s in session.scalars(query)]

    def replace_steps(self, steps: Sequence[Step]) -> list[Step]:
        """The admin's edited script, all or nothing."""
        who = require(self._principal, Permission.EDIT_CALL_GUIDE, db=self._db)
        checked = check_steps(steps)
        with self._db.session(write=True) as session:
            store_steps(session, who, checked)
        return checked

    def playbooks(self) -> list[PlaybookText]:
        query = select(Playbook).order_by(Playbook.position, Playbook.id)
        with self._db.session() as session:
            return [
                PlaybookText(p.title, tuple(line for line in p.body.splitlines() if line.strip()))
                for p in session.scalars(query)
            ]

    def replace_playbooks(self, playbooks: Sequence[PlaybookText]) -> list[PlaybookText]:
        """The admin's edited playbooks, all or nothing; blank points are dropped."""
        who = require(self._principal, Permission.EDIT_CALL_GUIDE, db=self._db)
        checked = check_playbooks(playbooks)
        with self._db.session(write=True) as session:
            store_playbooks(session, who, checked)
        return checked
