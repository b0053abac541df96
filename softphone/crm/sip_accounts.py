"""Registrar (PBX) accounts an admin configures; every desk registers them at start.

No password is stored here: `SipAccount.secret_key` names the entry in the OS keyring
(softphone.secrets). Validation collects every problem with the field it belongs to, so the
account page can mark them all at once; messages are Russian. No Qt, no PJSIP.
"""

from __future__ import annotations

import enum
import ipaddress
import re
import ssl
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from softphone.crm.auth import audit
from softphone.crm.auth.models import SipAccountRow
from softphone.crm.auth.roles import Permission, Principal, require
from softphone.crm.db import Database
from softphone.crm.folding import clean


class Transport(enum.StrEnum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class Srtp(enum.StrEnum):
    OFF = "off"
    OPTIONAL = "optional"
    MANDATORY = "mandatory"


DEFAULT_PORTS = {Transport.UDP: 5060, Transport.TCP: 5060, Transport.TLS: 5061}
DIAL_FORMATS = ("e164", "national8", "digits")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.IGNORECASE)
MAX_CA_PEM = 512 * 1024
_SIP_USER = re.compile(r"^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]{1,64}$")


@dataclass(frozen=True)
class SipAccount:
    name: str
    server: str
    username: str
    port: int = 5060
    auth_username: str = ""
    transport: str = Transport.UDP.value
    srtp: str = Srtp.OFF.value
    stun_server: str = ""
    registration_interval_s: int = 300
    dial_plan: str = ""  # "e164" | "national8" | "digits", then optional "strip=9 add=0"
    enabled: bool = True
    tls_ca_pem: str = ""  # TLS: the CA certificate(s) to trust, PEM; "" = the system's bundle
    backup_server: str = ""  # "host[:port]" (port: the account's) used while the server is down
    id: int | None = None

    @property
    def secret_key(self) -> str:
        """Keyring entry of the password; follows the account, not the database row."""
        return f"sip:{self.username}@{self.server}:{self.port}"


class SipAccountError(ValueError):
    """Problems by field ("server", "port" ...); str() lists them all in Russian."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems.values()))


def is_host(text: str) -> bool:
    """A DNS name or an IPv4/IPv6 address, without port or scheme."""
    try:
        ipaddress.ip_address(text.strip("[]"))
        return True
    except ValueError:
        pass
    labels = text.rstrip(".").split(".")
    return len(text) <= 253 and all(_LABEL.match(label) for label in labels)


def parse_dial_plan(text: str) -> tuple[str, str, str] | None:
    """(format, strip, add) or None for the engine's own plan; ValueError in Russian."""
    words = text.split()
    if not words:
        return None
    number_format, strip, add = words[0].lower(), "", ""
    if number_format not in DIAL_FORMATS:
        raise ValueError(f"план набора начинается с формата: {', '.join(DIAL_FORMATS)}")
    for word in words[1:]:
        key, _, value = word.partition("=")
        if key == "strip" and value.isdigit():
            strip = value
        elif key == "add" and re.fullmatch(r"[0-9*#+]{1,8}", value):
            add = value
        else:
            raise ValueError(f"непонятная часть плана набора: «{word}» (strip=цифры, add=цифры)")
    return number_format, strip, add


def split_hostport(text: str) -> tuple[str, str]:
    """("host", "port" or "") of "host", "host:port", "[v6]" or "[v6]:port"."""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, rest.removeprefix(":")
    if text.count(":") == 1:
        host, port = text.split(":")
        return host, port
    return text, ""


def ca_problem(pem: str) -> str:
    """Why this text is not a usable list of CA certificates (PEM), or ""."""
    if len(pem) > MAX_CA_PEM:
        return f"Файл CA слишком велик (больше {MAX_CA_PEM // 1024} КБ)"
    if "-----BEGIN CERTIFICATE-----" not in pem:
        return "Файл CA должен содержать сертификаты в формате PEM (-----BEGIN CERTIFICATE-----)"
    try:
        ssl.create_default_context(cadata=pem)
    except (ssl.SSLError, ValueError) as exc:
        return f"Файл CA не читается как сертификаты PEM: {exc}"
    return ""


def validate(account: SipAccount) -> SipAccount:
    """The cleaned account, or SipAccountError naming every bad field."""
    a = replace(
        account,
        name=clean(account.name).strip(),
        server=account.server.strip().lower(),
        username=account.username.strip(),
        auth_username=account.auth_username.strip(),
        transport=account.transport.strip().lower(),
        srtp=account.srtp.strip().lower(),
        stun_server=account.stun_server.strip(),
        dial_plan=" ".join(account.dial_plan.split()),
        tls_ca_pem=account.tls_ca_pem.strip() + "\n" if account.tls_ca_pem.strip() else "",
        backup_server=account.backup_server.strip().lower(),
    )
    problems: dict[str, str] = {}
    if not a.name or len(a.name) > 64:
        problems["name"] = "Укажите название учётной записи (до 64 символов)"
    if not a.server:
        problems["server"] = "Укажите адрес SIP-сервера"
    elif not is_host(a.server):
        problems["server"] = f"«{a.server}» — не имя хоста и не IP-адрес (порт укажите отдельно)"
    if not 1 <= a.port <= 65535:
        problems["port"] = f"Порт должен быть от 1 до 65535, указан {a.port}"
    if not _SIP_USER.match(a.username):
        problems["username"] = "Укажите пользователя SIP: латиница, цифры, до 64 символов"
    if a.auth_username and not _SIP_USER.match(a.auth_username):
        problems["auth_username"] = "Имя для авторизации: латиница, цифры, до 64 символов"
    if a.transport not in set(Transport):
        problems["transport"] = "Транспорт: UDP, TCP или TLS"
    if a.srtp not in set(Srtp):
        problems["srtp"] = "SRTP: выключено, по возможности или обязательно"
    elif a.srtp == Srtp.MANDATORY and a.transport != Transport.TLS:
        problems["srtp"] = "Обязательное SRTP требует транспорт TLS: иначе ключи идут открыто"
    if a.stun_server:
        host, _, port = a.stun_server.partition(":")
        if not is_host(host) or (port and not (port.isdigit() and 1 <= int(port) <= 65535)):
            problems["stun_server"] = f"STUN-сервер «{a.stun_server}»: нужен хост[:порт]"
    if not 30 <= a.registration_interval_s <= 86400:
        problems["registration_interval_s"] = "Интервал регистрации: от 30 до 86400 секунд"
    if a.backup_server:
        host, port = split_hostport(a.backup_server)
        if not is_host(host) or (port and not (port.isdigit() and 1 <= int(port) <= 65535)):
            problems["backup_server"] = f"Резервный сервер «{a.backup_server}»: нужен хост[:порт]"
        elif host == a.server and int(port or a.port) == a.port:
            problems["backup_server"] = "Резервный сервер совпадает с основным"
    if a.tls_ca_pem:
        problem = ca_problem(a.tls_ca_pem)
        if problem:
            problems["tls_ca_pem"] = problem
        elif a.transport != Transport.TLS:
            problems["tls_ca_pem"] = "Сертификат CA проверяется только при транспорте TLS"
    try:
        parse_dial_plan(a.dial_plan)
    except ValueError as exc:
        problems["dial_plan"] = f"План набора: {exc}"
    if problems:
        raise SipAccountError(problems)
    return a


def _account(row: SipAccountRow) -> SipAccount:
    return SipAccount(
        name=row.name,
        server=row.server,
        username=row.username,
        port=row.port,
        auth_username=row.auth_username,
        transport=row.transport,
        srtp=row.srtp,
        stun_server=row.stun_server,
        registration_interval_s=row.registration_interval_s,
        dial_plan=row.dial_plan,
        enabled=row.enabled,
        tls_ca_pem=row.tls_ca_pem,
        backup_server=row.backup_server,
        id=row.id,
    )


_FIELDS = (
    "name",
    "server",
    "username",
    "port",
    "auth_username",
    "transport",
    "srtp",
    "stun_server",
    "registration_interval_s",
    "dial_plan",
    "enabled",
    "tls_ca_pem",
    "backup_server",
)


class SipAccountService:
    """Everyone reads the accounts (each desk registers them); only admins change them."""

    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        self._db = db
        self._principal = principal

    def list(self) -> list[SipAccount]:
        with self._db.session() as session:
            rows = session.scalars(select(SipAccountRow).order_by(SipAccountRow.name))
            return [_account(r) for r in rows]

    def save(self, account: SipAccount) -> SipAccount:
        """Create (id None) or update; duplicates are refused with the field they clash on."""
        who = require(self._principal, Permission.MANAGE_SIP_ACCOUNTS, db=self._db)
        account = validate(account)
        try:
            with self._db.session(write=True) as session:
                self._check_duplicates(session, account)
                row: SipAccountRow | None
                if account.id is None:
                    row = SipAccountRow()
                    session.add(row)
                else:
                    row = session.get(SipAccountRow, account.id)
                    if row is None:
                        raise SipAccountError({"name": f"Учётная запись №{account.id} удалена"})
                for name in _FIELDS:
                    setattr(row, name, getattr(account, name))
                session.flush()
                action = "sip_account.create" if account.id is None else "sip_account.update"
                audit.write(session, who, action, _describe(account))
                return _account(row)
        except IntegrityError:  # a concurrent admin saved the same one first
            raise SipAccountError({"name": "Такая учётная запись уже есть"}) from None

    def delete(self, account_id: int) -> SipAccount | None:
        """The removed account (its keyring entry is the caller's to delete), or None."""
        who = require(self._principal, Permission.MANAGE_SIP_ACCOUNTS, db=self._db)
        with self._db.session(write=True) as session:
            row = session.get(SipAccountRow, account_id)
            if row is None:
                return None
            account = _account(row)
            session.delete(row)
            audit.write(session, who, "sip_account.delete", _describe(account))
            return account

    @staticmethod
    def _check_duplicates(session: Session, account: SipAccount) -> None:
        others = select(SipAccountRow)
        if account.id is not None:
            others = others.where(SipAccountRow.id != account.id)
        same_name = others.where(SipAccountRow.name == account.name)
        if session.scalars(same_name).first() is not None:
            raise SipAccountError({"name": f"Учётная запись «{account.name}» уже есть"})
        same_user = others.where(
            SipAccountRow.server == account.server,
            SipAccountRow.port == account.port,
            SipAccountRow.username == account.username,
        )
        clash = session.scalars(same_user).first()
        if clash is not None:
            raise SipAccountError(
                {
                    "username": f"Пользователь {account.username} на {account.server}:"
                    f"{account.port} уже настроен в учётной записи «{clash.name}»"
                }
            )


def _describe(account: SipAccount) -> str:
    return (
        f"{account.name}: {account.username}@{account.server}:{account.port} "
        f"{account.transport}, SRTP {account.srtp}"
    )
