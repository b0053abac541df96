"""Dial plan: what operators type becomes the right SIP URI, and nothing else gets through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from softphone.sip import DialPlan, InvalidTarget, NumberFormat, normalize_number, to_uri

DOMAIN = "pbx.example.ru"


@pytest.mark.parametrize(
    "typed",
    ["8 912 345-67-89", "+7 (912) 345 67 89", "9123456789", "8(912)3456789", "tel:+79123456789"],
)
def test_russian_mobile_in_every_usual_spelling_gives_e164(typed: str) -> None:
    assert to_uri(typed, DOMAIN) == f"sip:+79123456789@{DOMAIN}"


def test_national8_and_digits_formats() -> None:
    national = DialPlan(number_format=NumberFormat.NATIONAL8)
    digits = DialPlan(number_format=NumberFormat.DIGITS)
    assert normalize_number("+7 912 345 67 89", national) == "89123456789"
    assert normalize_number("8 912 345 67 89", digits) == "79123456789"
    assert normalize_number("+44 20 7946 0958", national) == "81044" + "2079460958"


def test_prefixes_are_stripped_and_added() -> None:
    plan = DialPlan(strip_prefix="9", add_prefix="0")
    assert normalize_number("9 8 912 345-67-89", plan) == "0+79123456789"
    assert normalize_number("101", plan) == "0101"


@pytest.mark.parametrize("typed", ["101", "2001", "*97", "#31#", "bob", "support.line"])
def test_extensions_service_codes_and_names_pass_through(typed: str) -> None:
    assert to_uri(typed, DOMAIN) == f"sip:{typed}@{DOMAIN}"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sip:bob@127.0.0.1:5070", "sip:bob@127.0.0.1:5070"),
        ("SIP:bob@host.ru", "sip:bob@host.ru"),
        ("sips:alice@pbx.ru;transport=tls", "sips:alice@pbx.ru;transport=tls"),
        ("bob@10.0.0.5", "sip:bob@10.0.0.5"),
        ("sip:[::1]:5060", "sip:[::1]:5060"),
        ("sip:+79123456789@gw.ru;user=phone", "sip:+79123456789@gw.ru;user=phone"),
    ],
)
def test_sip_uris_pass_through_after_validation(typed: str, expected: str) -> None:
    assert to_uri(typed, DOMAIN) == expected


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "12ab", "8 912 34", "sip:bob@", "sip:@host", "sip:bob@host:99999",
     "bob@1.2.3.400", "sip:bo b@host", "x y", "+7 912 345 67 89 12 34 56", "сергей"],
)
def test_invalid_input_is_refused_with_the_text_in_the_message(typed: str) -> None:
    with pytest.raises(InvalidTarget) as caught:
        to_uri(typed, DOMAIN)
    assert caught.value.text == typed
    assert repr(typed) in str(caught.value)


def test_numbers_need_a_domain_but_uris_do_not() -> None:
    with pytest.raises(InvalidTarget):
        to_uri("101", "")
    assert to_uri("sip:101@pbx", "") == "sip:101@pbx"


def test_bad_plan_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="strip_prefix"):
        DialPlan(strip_prefix="x")


mobile = st.integers(min_value=900_000_0000, max_value=999_999_9999).map(str)
separators = st.sampled_from(["", " ", "-", "  "])


@given(mobile, separators, st.sampled_from(["8", "+7", "7", ""]))
def test_any_spelling_of_a_mobile_number_gives_the_same_uri(
    nsn: str, sep: str, prefix: str
) -> None:
    prefix = "+7" if prefix == "7" else prefix
    typed = f"{prefix}{sep}({nsn[:3]}){sep}{nsn[3:6]}{sep}{nsn[6:8]}{sep}{nsn[8:]}"
    assert to_uri(typed, DOMAIN) == f"sip:+7{nsn}@{DOMAIN}"
    national = DialPlan(number_format=NumberFormat.NATIONAL8)
    assert to_uri(typed, DOMAIN, national) == f"sip:8{nsn}@{DOMAIN}"


@given(st.text(max_size=40))
def test_arbitrary_text_either_gives_a_sip_uri_or_invalid_target(text: str) -> None:
    try:
        uri = to_uri(text, DOMAIN)
    except InvalidTarget as exc:
        assert exc.text == text
    else:
        assert uri.startswith(("sip:", "sips:"))
        assert not any(ch.isspace() for ch in uri)


@given(st.integers(min_value=0, max_value=99999).map(str))
def test_short_digit_strings_are_extensions(ext: str) -> None:
    assert to_uri(ext, DOMAIN) == f"sip:{ext}@{DOMAIN}"
