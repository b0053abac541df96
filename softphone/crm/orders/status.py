"""Statuses of orders and applications and the moves allowed between them."""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    DONE = "done"


STATUS_RU = {
    Status.DRAFT: "черновик",
    Status.SUBMITTED: "оформлен",
    Status.CONFIRMED: "подтверждён",
    Status.CANCELLED: "отменён",
    Status.DONE: "выполнен",
}

# Cancelled and done are final: reopening would hide what was promised to the customer.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED, Status.CANCELLED}),
    Status.SUBMITTED: frozenset({Status.CONFIRMED, Status.CANCELLED}),
    Status.CONFIRMED: frozenset({Status.DONE, Status.CANCELLED}),
    Status.CANCELLED: frozenset(),
    Status.DONE: frozenset(),
}


class TransitionError(ValueError):
    """A status change the table does not allow; the text is shown to the operator."""


def status_text(status: str) -> str:
    try:
        return STATUS_RU[Status(status)]
    except ValueError:
        return status


def check_transition(current: str, new: str) -> Status:
    """The new status if the move is allowed, else TransitionError in Russian."""
    try:
        target = Status(new)
    except ValueError:
        raise TransitionError(f"Неизвестный статус: «{new}»") from None
    if target not in TRANSITIONS[Status(current)]:
        raise TransitionError(
            f"Нельзя перевести из статуса «{status_text(current)}» в «{status_text(target)}»"
        )
    return target
