"""Number normalisation: every spelling of one number is one E.164 key."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from softphone.crm.phone import (
    InvalidPhoneNumber,
    dialable_part,
    is_number_fragment,
    normalize,
    number_patterns,
    try_normalize,
)

SPELLINGS = [
    "8 (912) 345-67-89",
    "+7 912 345 67 89",
    "9123456789",
    "sip:+79123456789@pbx.example",
    "sip:89123456789@10.0.0.1;user=phone",
    "tel:+7-912-345-67-89",
    '"Мария" <sip:+79123456789@pbx.example>',
    "SIP:79123456789@pbx.example:5060",
    "8-912-345-67-89",
    "  +7(912)3456789 ",
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_spelling_gives_the_same_e164(text: str) -> None:
    assert normalize(text) == "+79123456789"


def test_city_numbers_and_foreign_numbers() -> None:
    assert normalize("8 (495) 123-45-67") == "+74951234567"
    assert normalize("+49 30 901820") == "+4930901820"
    assert normalize("030 901820", region="DE") == "+4930901820"


@pytest.mark.parametrize(
    "text", ["", "   ", "abc", "101", "+7 000", "sip:bob@pbx.example", "8 (912) 345", "1" * 80]
)
def test_unparsable_input_raises_a_readable_error_naming_it(text: str) -> None:
    with pytest.raises(InvalidPhoneNumber) as caught:
        normalize(text)
    assert caught.value.text == text
    assert f"«{text}»" in str(caught.value)
    assert "номер" in str(caught.value)
    assert try_normalize(text) is None


def test_dialable_part_takes_the_user_part_of_uris() -> None:
    assert dialable_part("sip:+7912@host;transport=tcp") == "+7912"
    assert dialable_part("tel:+7-912;ext=12") == "+7-912"
    assert dialable_part("Иван <sips:8912@host>") == "8912"
    assert dialable_part(" 8 912 ") == "8 912"


def test_number_fragments_and_patterns() -> None:
    assert is_number_fragment("345-67")
    assert is_number_fragment("+7(912)")
    assert not is_number_fragment("иванов")
    assert not is_number_fragment("-")
    assert number_patterns("8912") == ["%8912%", "+7912%"]
    assert number_patterns("345-67") == ["%34567%"]


# -- property: any way of writing a valid Russian number normalises to the same E.164 ------

_MOBILE_CODES = ["903", "912", "916", "926", "977", "985", "999"]
_CITY_CODES = ["495", "499", "812", "343"]


@st.composite
def russian_number(draw: st.DrawFn) -> tuple[str, str]:
    """(10-digit national number, expected E.164)."""
    code = draw(st.sampled_from(_MOBILE_CODES + _CITY_CODES))
    rest = draw(st.text("0123456789", min_size=7, max_size=7))
    national = code + rest
    return national, "+7" + national


_SEPARATORS = st.sampled_from(["", " ", "-", ".", "  ", " - "])


@st.composite
def spelled(draw: st.DrawFn) -> tuple[str, str]:
    national, expected = draw(russian_number())
    prefix = draw(st.sampled_from(["+7", "8", "7", "", "+7 ", "8 "]))
    # Split into groups the way people write them: 3-3-2-2, 3-7, 3-3-4, or none.
    layout = draw(st.sampled_from([(3, 3, 2, 2), (3, 7), (3, 3, 4), (10,)]))
    groups, pos = [], 0
    for size in layout:
        groups.append(national[pos : pos + size])
        pos += size
    if draw(st.booleans()) and len(groups) > 1:
        groups[0] = f"({groups[0]})"
    body = groups[0]
    for group in groups[1:]:
        body += draw(_SEPARATORS) + group
    text = prefix + draw(_SEPARATORS) + body if prefix else body
    if prefix == "7" and not draw(st.booleans()):
        text = "+" + text
    wrapper = draw(
        st.sampled_from(
            [
                "{}",
                " {} ",
                "tel:{}",
                "sip:{}@pbx.example",
                "sip:{}@10.0.0.1;user=phone",
                "<sip:{}@pbx>",
            ]
        )
    )
    if wrapper != "{}" and wrapper != " {} ":
        text = text.replace(" ", "").replace("(", "").replace(")", "")
    return wrapper.format(text), expected


@settings(max_examples=300, deadline=None)
@given(spelled())
def test_any_formatting_of_a_valid_russian_number_normalises_alike(case: tuple[str, str]) -> None:
    text, expected = case
    assume(try_normalize(expected) is not None)  # skip ranges phonenumbers does not allocate
    assert normalize(text) == expected
