"""Phone number normalisation: every spelling of a number becomes one E.164 key.

Operators type numbers any way they like and SIP hands us URIs; the CRM stores and looks up
only the E.164 form, so the caller's card is found whatever the spelling.
"""

from __future__ import annotations

import re

import phonenumbers

DEFAULT_REGION = "RU"

_ANGLE = re.compile(r"<([^>]*)>")
_SCHEME = re.compile(r"^(?:sips?|tel):", re.IGNORECASE)
_NOT_DIGIT = re.compile(r"\D")
_NUMBER_PUNCTUATION = re.compile(r"[\s+()\-.]")


class InvalidPhoneNumber(ValueError):
    """The text is not a phone number we can dial back; the message names the input."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"«{text}» не похоже на номер телефона")


def dialable_part(text: str) -> str:
    """The part of `text` that carries the number: the user part of a SIP/tel URI, or the text.

    `"Иван" <sip:+7912...@pbx;user=phone>` -> `+7912...`; `tel:+7-912-...;ext=1` -> `+7-912-...`.
    """
    candidate = text.strip()
    angle = _ANGLE.search(candidate)
    if angle:
        candidate = angle.group(1).strip()
    if _SCHEME.match(candidate):
        candidate = _SCHEME.sub("", candidate, count=1)
        candidate = candidate.split("@", 1)[0]
        candidate = candidate.split(";", 1)[0]
        candidate = candidate.split("?", 1)[0]
    return candidate.strip()


def normalize(text: str, region: str = DEFAULT_REGION) -> str:
    """E.164 form of `text` (`+79123456789`); raises InvalidPhoneNumber naming `text`."""
    candidate = dialable_part(text)
    if not candidate or len(candidate) > 64:
        raise InvalidPhoneNumber(text)
    try:
        parsed = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber(text) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhoneNumber(text)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def try_normalize(text: str, region: str = DEFAULT_REGION) -> str | None:
    """E.164 or None: for SIP remotes that may be extensions ("101") or names, not numbers."""
    try:
        return normalize(text, region)
    except InvalidPhoneNumber:
        return None


def digits(text: str) -> str:
    """Only the digits of `text`, for partial number search ("912 34" -> "91234")."""
    return _NOT_DIGIT.sub("", text)


def pretty(e164: str) -> str:
    """Human form for display: +7 912 345-67-89."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def is_number_fragment(word: str) -> bool:
    """Does a search word look like (part of) a number rather than a name?"""
    stripped = word.strip()
    return bool(digits(stripped)) and not _NUMBER_PUNCTUATION.sub("", stripped).strip("0123456789")


def number_patterns(word: str) -> list[str]:
    """LIKE patterns that find `word`'s digits inside stored E.164 numbers.

    A fragment that starts with the Russian trunk prefix 8 ("8912...") is also tried as the
    start of a +7 number, since E.164 keeps no 8.
    """
    found = digits(word)
    patterns = [f"%{found}%"]
    if found.startswith("8") and len(found) > 1:
        patterns.append(f"+7{found[1:]}%")
    return patterns
