"""Tables of sign-in and accountability: users (linked to operators), the audit log, SIP accounts.

A user is an Operator who may sign in: the login lives on the operator row so the person who
signs in is the same row every call, order and request points at. SIP passwords have no column
anywhere: they live in the OS keyring (softphone.secrets).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from softphone.crm.models.base import Base, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    # An argon2id PHC string ($argon2id$v=19$...): the only form a password is ever kept in.
    password_hash: Mapped[str] = mapped_column(String(255))
    # Consecutive failures and the last one: the sign-in delay survives restarts.
    failed_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_failure_at: Mapped[datetime | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignInMiss(Base):
    """Failed sign-ins under a login that has no user: slowed down like a known login's, so
    neither guessing logins nor guessing passwords is cheaper. Rows idle for a day are pruned."""

    __tablename__ = "sign_in_misses"
    __table_args__ = (Index("ix_sign_in_misses_last_failure_at", "last_failure_at"),)

    login: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_failure_at: Mapped[datetime]


class AuditEntry(Base):
    """Who did what and when. The actor is a login string so entries outlive renamed users."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text, default="")


class SipAccountRow(Base):
    """A registrar account; the password is looked up in the keyring by `keyring_key`."""

    __tablename__ = "sip_accounts"
    __table_args__ = (
        UniqueConstraint("server", "port", "username", name="uq_sip_accounts_server_port_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    server: Mapped[str] = mapped_column(String(255))
    port: Mapped[int]
    username: Mapped[str] = mapped_column(String(64))
    auth_username: Mapped[str] = mapped_column(String(64), default="")
    transport: Mapped[str] = mapped_column(String(8), default="udp")
    srtp: Mapped[str] = mapped_column(String(16), default="off")
    stun_server: Mapped[str] = mapped_column(String(255), default="")
    registration_interval_s: Mapped[int] = mapped_column(default=300)
    dial_plan: Mapped[str] = mapped_column(String(255), default="")
    enabled: Mapped[bool] = mapped_column(default=True, server_default=true())
    # TLS: PEM of the CA(s) the server's certificate must chain to; "" = the system bundle
    tls_ca_pem: Mapped[str] = mapped_column(Text, default="", server_default="")
    # "host[:port]" registered with while the server does not answer; "" = none
    backup_server: Mapped[str] = mapped_column(String(255), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
