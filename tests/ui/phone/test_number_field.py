"""The number field groups phone numbers as typed and hands the dial plan clean digits."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softphone.ui.phone.number_field import NumberField, format_as_you_type, significant


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("89123456789", "8 912 345-67-89"),
        ("+79123456789", "+7 912 345-67-89"),
        ("8 (912) 345-67-89", "8 912 345-67-89"),
        ("101", "101"),
        ("sip:bob@10.0.0.5:5080", "sip:bob@10.0.0.5:5080"),
        ("bob@example.ru", "bob@example.ru"),
    ],
)
def test_formats_numbers_and_leaves_addresses_alone(qtbot, typed: str, shown: str) -> None:
    field = NumberField()
    qtbot.addWidget(field)
    qtbot.keyClicks(field, typed)
    assert field.text() == shown
    expected = significant(typed) if typed[0] in "+0123456789" else typed
    assert field.target() == expected


def test_enter_asks_to_dial_the_digits(qtbot) -> None:
    field = NumberField()
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "+7 912 345 67 89")
    with qtbot.waitSignal(field.dial_requested) as got:
        qtbot.keyClick(field, "\r")
    assert got.args == ["+79123456789"]


def test_editing_in_the_middle_keeps_the_cursor_after_the_same_digit(qtbot) -> None:
    field = NumberField()
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "8912345678")
    field.setCursorPosition(1)  # after the 8
    qtbot.keyClicks(field, "9")
    assert significant(field.text()) == "89912345678"
    assert significant(field.text()[: field.cursorPosition()]) == "89"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789+ -()", min_size=1, max_size=20))
def test_formatting_never_changes_the_digits(text: str) -> None:
    shown = format_as_you_type(text)
    assert [c for c in shown if c.isdigit()] == [c for c in text if c.isdigit()]


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"9[0-9]{9}", fullmatch=True))
def test_any_russian_mobile_spelling_dials_the_same_number(national: str) -> None:
    for spelling in (f"8{national}", f"+7{national}", f"8 ({national[:3]}) {national[3:]}"):
        target = significant(format_as_you_type(spelling))
        parsed = phonenumbers.parse(target, "RU")
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == (
            f"+7{national}"
        )
