"""Which form field a validation sentence is about, so an editor can mark it.

The sentences come from drafts.validate and the service (Russian, one per problem); the words
below are the ones those sentences use, kept here beside them rather than in the UI. Order
matters: "цена плана" is about the plans, not the price.
"""

from __future__ import annotations

_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("неизвестные коды", "товаров, на которые"), "applies_to"),
    (("план",), "plans"),
    (("код",), "code"),
    (("назван",), "title"),
    (("раздел",), "category"),
    (("скидк", "подарк"), "discount_value"),
    (("цен",), "price"),
    (("единиц",), "unit"),
    (("наличи",), "availability"),
    (("услови",), "conditions"),
    (("акци", "дату начала"), "starts_on"),
)


def field_of(problem: str) -> str | None:
    """The ItemDraft field name a problem sentence names, or None when it names none."""
    text = problem.casefold()
    for words, field in _RULES:
        if any(word in text for word in words):
            return field
    return None
