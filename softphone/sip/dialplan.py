"""Turn what an operator types into a SIP URI.

Pure Python (no PJSIP) so it can be tested exhaustively and used by the UI to validate the
dial field as the operator types. Phone numbers go through `phonenumbers` (region RU by
default); SIP URIs and `user@host` pass through after a syntax check.
"""

from __future__ import annotations

import enum
import ipaddress
import re
from dataclasses import dataclass

import phonenumbers

from softphone.sip.errors import InvalidTarget


class NumberFormat(enum.StrEnum):
    E164 = "e164"  # +79123456789
    NATIONAL8 = "national8"  # 89123456789 (Russian trunk prefix 8; 810... abroad)
    DIGITS = "digits"  # 79123456789 (E.164 without the plus)


@dataclass(frozen=True, slots=True)
class DialPlan:
    """How typed numbers become the user part of a URI in the account's domain."""

    region: str = "RU"
    number_format: NumberFormat = NumberFormat.E164
    strip_prefix: str = ""  # removed from typed digits first (an outside-line "9", say)
    add_prefix: str = ""  # put in front of the formatted number (a trunk selector)
    max_extension_digits: int = 5  # digit strings this short are internal extensions

    def __post_init__(self) -> None:
        if not self.strip_prefix.isdigit() and self.strip_prefix:
            raise ValueError(f"strip_prefix must be digits, got {self.strip_prefix!r}")
        if self.add_prefix and not _USER_RE.fullmatch(self.add_prefix):
            raise ValueError(f"add_prefix is not valid in a SIP user part: {self.add_prefix!r}")
        if not 0 <= self.max_extension_digits <= 8:
            raise ValueError("max_extension_digits must be between 0 and 8")


_SEPARATORS = re.compile(r"[\s\-().]")
_DIALLED = re.compile(r"\+?[0-9]+")
_SERVICE = re.compile(r"[*#][0-9*#]{1,15}")
# RFC 3261 user: unreserved / escaped / user-unreserved
_USER_RE = re.compile(r"(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+")
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{0,63}")
_HOSTNAME_RE = re.compile(
    r"(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.?"
)
_SCHEME_RE = re.compile(r"(sips?):(.*)", re.IGNORECASE | re.DOTALL)


def to_uri(text: str, domain: str, plan: DialPlan | None = None) -> str:
    """The SIP URI to dial for `text` (number, extension, tel:, sip:, user@host)."""
    plan = plan or DialPlan()
    raw = text.strip()
    if not raw:
        raise InvalidTarget(text, "пустой номер")
    scheme = _SCHEME_RE.fullmatch(raw)
    if scheme:
        return _checked_sip_uri(text, scheme.group(1).lower(), scheme.group(2))
    if raw.lower().startswith("tel:"):
        raw = raw[4:].split(";", 1)[0]
    elif "@" in raw:
        return _checked_sip_uri(text, "sip", raw)
    user = normalize_number(raw, plan, original=text)
    if not domain:
        raise InvalidTarget(text, "не указан домен учётной записи")
    host, port = _split_hostport(domain)
    if not _valid_host(host) or (port is not None and not 0 < port < 65536):
        raise InvalidTarget(domain, "неверный домен")
    return f"sip:{user}@{domain}"


def normalize_number(text: str, plan: DialPlan | None = None, *, original: str = "") -> str:
    """The user part for a typed number: an extension, service code or formatted number."""
    plan = plan or DialPlan()
    shown = original or text
    compact = _SEPARATORS.sub("", text.strip())
    if not compact:
        raise InvalidTarget(shown, "пустой номер")
    if _SERVICE.fullmatch(compact):
        return compact
    if _NAME_RE.fullmatch(text.strip()):
        return text.strip()  # a SIP user name ("bob", "support")
    if not _DIALLED.fullmatch(compact):
        raise InvalidTarget(shown, "номер может содержать только цифры, пробелы, +, -, (, )")
    plus = compact.startswith("+")
    digits = compact.lstrip("+")
    if plan.strip_prefix and not plus and digits.startswith(plan.strip_prefix):
        digits = digits[len(plan.strip_prefix) :]
        if not digits:
            raise InvalidTarget(shown, "после префикса нет цифр")
    if not plus and len(digits) <= plan.max_extension_digits:
        return plan.add_prefix + digits
    try:
        parsed = phonenumbers.parse(("+" if plus else "") + digits, plan.region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidTarget(shown, f"не телефонный номер ({exc})") from None
    if not phonenumbers.is_possible_number(parsed):
        raise InvalidTarget(shown, "номер неполный или слишком длинный")
    return plan.add_prefix + _format(parsed, plan.number_format)


def _format(number: phonenumbers.PhoneNumber, fmt: NumberFormat) -> str:
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if fmt is NumberFormat.E164:
        return e164
    if fmt is NumberFormat.DIGITS:
        return e164[1:]
    nsn = phonenumbers.national_significant_number(number)
    if number.country_code == 7:
        return "8" + nsn
    return "810" + e164[1:]


def _checked_sip_uri(shown: str, scheme: str, rest: str) -> str:
    """Validate `user@host[:port][;params]` (or a bare host) and rebuild the URI."""
    if any(ch.isspace() for ch in rest) or not rest:
        raise InvalidTarget(shown, "адрес SIP не может содержать пробелы")
    main, sep, params = rest.partition(";")
    if "@" in main:
        user, _, hostport = main.rpartition("@")
        if not user or not _USER_RE.fullmatch(user):
            raise InvalidTarget(shown, "неверное имя пользователя в адресе SIP")
    else:
        user, hostport = "", main
    host, port = _split_hostport(hostport)
    if not _valid_host(host):
        raise InvalidTarget(shown, "неверный хост в адресе SIP")
    if port is not None and not 0 < port < 65536:
        raise InvalidTarget(shown, "неверный порт в адресе SIP")
    if params and not re.fullmatch(r"[A-Za-z0-9\-_.!~*'()%=;:\[\]/&+$]*", params):
        raise InvalidTarget(shown, "неверные параметры адреса SIP")
    return f"{scheme}:{user + '@' if user else ''}{hostport}{sep}{params}"


def _split_hostport(hostport: str) -> tuple[str, int | None]:
    if hostport.startswith("["):
        host, _, tail = hostport.partition("]")
        host += "]"
        if tail and not tail.startswith(":"):
            return "", None
        port_text = tail[1:] if tail else ""
    else:
        host, _, port_text = hostport.partition(":")
    if not port_text:
        return host, None if ":" not in hostport.rsplit("]", 1)[-1] else -1
    return host, int(port_text) if port_text.isdigit() and len(port_text) <= 5 else -1


def _valid_host(host: str) -> bool:
    if host.startswith("[") and host.endswith("]"):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    if re.fullmatch(r"[0-9.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return False
        return True
    return bool(_HOSTNAME_RE.fullmatch(host))
