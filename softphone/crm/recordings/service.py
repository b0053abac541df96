"""Call recordings: off by default, on by the admin's policy, encrypted at rest, played only by
supervisors and admins, every playback audited, purged after the retention period.

Files are AES-256-GCM (one random nonce per file; the recording's file name is authenticated
with it, so two files cannot be swapped unnoticed). The key is 32 random bytes kept in the
secret store (the OS keyring), never in the database or beside the files, so a copied folder
or backup of recordings is unreadable. No Qt, no PJSIP: the engine writes a WAV, `store()`
encrypts it and removes the clear file.
"""

from __future__ import annotations

import base64
import os
import secrets as random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from softphone.crm.auth import audit
from softphone.crm.auth.roles import Permission, Principal, require, signed_in
from softphone.crm.db import Database
from softphone.crm.models.base import utcnow
from softphone.crm.recordings.models import RecordingPolicyRow, RecordingRow
from softphone.secrets import SecretStore

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_NAME = "call-recordings-key"
MAGIC = b"SPREC1\n"
NONCE_BYTES = 12
MAX_RETENTION_DAYS = 3650


class RecordingError(RuntimeError):
    """The message is shown to the user as is."""


@dataclass(frozen=True)
class RecordingPolicy:
    enabled: bool = False
    retention_days: int = 30


@dataclass(frozen=True)
class RecordingInfo:
    id: int
    interaction_id: int | None
    operator_id: int | None
    recorded_at: datetime
    size: int


def _info(row: RecordingRow) -> RecordingInfo:
    return RecordingInfo(row.id, row.interaction_id, row.operator_id, row.recorded_at, row.size)


class RecordingService:
    def __init__(
        self,
        db: Database,
        folder: Path,
        secrets: SecretStore,
        principal: Principal | None = None,
        *,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self._db, self._folder, self._secrets = db, folder, secrets
        self._principal, self._now = principal, now

    # -- policy -----------------------------------------------------------------------------

    def policy(self) -> RecordingPolicy:
        with self._db.session() as session:
            row = session.get(RecordingPolicyRow, 1)
            return RecordingPolicy(row.enabled, row.retention_days) if row else RecordingPolicy()

    def set_policy(self, policy: RecordingPolicy) -> RecordingPolicy:
        who = require(self._principal, Permission.MANAGE_RECORDING_POLICY, db=self._db)
        if not 1 <= policy.retention_days <= MAX_RETENTION_DAYS:
            raise RecordingError(
                f"Срок хранения записей: от 1 до {MAX_RETENTION_DAYS} дней, "
                f"указано {policy.retention_days}"
            )
        with self._db.session(write=True) as session:
            row = session.get(RecordingPolicyRow, 1)
            if row is None:
                row = RecordingPolicyRow(id=1)
                session.add(row)
            row.enabled, row.retention_days = policy.enabled, policy.retention_days
            row.updated_at = self._now()
            state = "включена" if policy.enabled else "выключена"
            details = f"запись {state}, хранение {policy.retention_days} дн."
            audit.write(session, who, "recording.policy", details)
        return policy

    # -- storing ----------------------------------------------------------------------------

    def store(self, wav_path: Path, *, interaction_id: int | None = None) -> RecordingInfo:
        """Encrypt the engine's WAV into the vault, then delete the clear file."""
        if not self.policy().enabled:
            wav_path.unlink(missing_ok=True)
            raise RecordingError("Запись разговоров выключена администратором")
        name = f"{random.token_hex(16)}.rec"
        clear = wav_path.read_bytes()
        nonce = os.urandom(NONCE_BYTES)
        sealed = _aesgcm()(self._key(create=True)).encrypt(nonce, clear, name.encode())
        self._folder.mkdir(parents=True, exist_ok=True)
        target = self._folder / name
        target.write_bytes(MAGIC + nonce + sealed)
        wav_path.unlink()
        person = self._principal or signed_in(self._db)
        with self._db.session(write=True) as session:
            row = RecordingRow(
                interaction_id=interaction_id,
                operator_id=person.operator_id if person else None,
                file_name=name,
                size=len(clear),
                recorded_at=self._now(),
            )
            session.add(row)
            session.flush()
            return _info(row)

    # -- listening --------------------------------------------------------------------------

    def list(self) -> list[RecordingInfo]:
        require(self._principal, Permission.PLAY_RECORDINGS, db=self._db)
        query = select(RecordingRow).order_by(RecordingRow.recorded_at.desc())
        with self._db.session() as session:
            return [_info(r) for r in session.scalars(query)]

    def play(self, recording_id: int) -> bytes:
        """The clear WAV bytes for the in-app player; the access is in the audit log."""
        who = require(self._principal, Permission.PLAY_RECORDINGS, db=self._db)
        if who is None:  # recordings are never opened anonymously, sign-in or not
            raise RecordingError("Прослушивать записи можно только после входа в программу")
        with self._db.session(write=True) as session:
            row = session.get(RecordingRow, recording_id)
            if row is None:
                raise RecordingError(f"Запись №{recording_id} не найдена")
            audit.write(session, who, "recording.play", f"запись №{recording_id}")
            name = row.file_name
        data = (self._folder / name).read_bytes()
        if not data.startswith(MAGIC):
            raise RecordingError(f"Файл записи №{recording_id} повреждён")
        nonce = data[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
        from cryptography.exceptions import InvalidTag

        try:
            return _aesgcm()(self._key()).decrypt(
                nonce, data[len(MAGIC) + NONCE_BYTES :], name.encode()
            )
        except InvalidTag:
            raise RecordingError(f"Запись №{recording_id} не расшифровывается") from None

    # -- retention --------------------------------------------------------------------------

    def purge(self) -> int:
        """Delete recordings older than the retention period (files first, then rows)."""
        cutoff = self._now() - timedelta(days=self.policy().retention_days)
        with self._db.session(write=True) as session:
            old = list(
                session.scalars(select(RecordingRow).where(RecordingRow.recorded_at < cutoff))
            )
            for row in old:
                (self._folder / row.file_name).unlink(missing_ok=True)
                session.delete(row)
            if old:
                audit.write(session, None, "recording.purge", f"удалено записей: {len(old)}")
        return len(old)

    def _key(self, *, create: bool = False) -> bytes:
        stored = self._secrets.get(KEY_NAME)
        if stored:
            return base64.b64decode(stored)
        if not create:
            raise RecordingError("Ключ записей разговоров не найден в хранилище паролей")
        key = _aesgcm().generate_key(bit_length=256)
        self._secrets.set(KEY_NAME, base64.b64encode(key).decode())
        return key


def _aesgcm() -> type[AESGCM]:
    """cryptography (~5 MB of Rust bindings) loads with the first recording, not at start."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM
