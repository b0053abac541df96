"""Call recordings: off by default, encrypted at rest (not a readable WAV), played back only by
supervisors and admins with every playback audited, purged after the retention period."""

from __future__ import annotations

import wave
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from softphone.crm.auth import AuditService, PermissionDenied, Principal, Role, UserService
from softphone.crm.db import Database
from softphone.crm.recordings.service import RecordingError, RecordingPolicy, RecordingService
from softphone.secrets import SecretStore

PASSWORD = "пароль для теста"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _wav(path: Path) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(range(256)) * 64)
    return path


def _people(db: Database) -> dict[Role, Principal]:
    UserService(db).create("admin", PASSWORD, Role.ADMIN)
    admin = UserService(db).sign_in("admin", PASSWORD)
    UserService(db, admin).create("boss", PASSWORD, Role.SUPERVISOR)
    UserService(db, admin).create("anna", PASSWORD, Role.OPERATOR)
    return {
        Role.ADMIN: admin,
        Role.SUPERVISOR: UserService(db).sign_in("boss", PASSWORD),
        Role.OPERATOR: UserService(db).sign_in("anna", PASSWORD),
    }


def test_recording_lifecycle(database: Database, tmp_path: Path) -> None:
    people = _people(database)
    store = SecretStore.encrypted_file("мастер", tmp_path / "keyring.cfg")
    vault, clock = tmp_path / "recordings", Clock()

    def service(role: Role) -> RecordingService:
        return RecordingService(database, vault, store, people[role], now=clock)

    operator = service(Role.OPERATOR)
    assert operator.policy() == RecordingPolicy(enabled=False)  # off by default
    with pytest.raises(RecordingError, match="выключена администратором"):
        operator.store(_wav(tmp_path / "call.wav"))
    assert not (tmp_path / "call.wav").exists()  # not kept in clear either
    with pytest.raises(PermissionDenied, match="правила записи"):
        operator.set_policy(RecordingPolicy(enabled=True, retention_days=7))
    with pytest.raises(RecordingError, match="от 1 до 3650"):
        service(Role.ADMIN).set_policy(RecordingPolicy(enabled=True, retention_days=0))
    service(Role.ADMIN).set_policy(RecordingPolicy(enabled=True, retention_days=7))

    clear = _wav(tmp_path / "call.wav").read_bytes()
    info = operator.store(tmp_path / "call.wav")
    assert info.operator_id == people[Role.OPERATOR].operator_id and info.size == len(clear)
    assert not (tmp_path / "call.wav").exists()
    (sealed,) = vault.iterdir()
    data = sealed.read_bytes()
    assert b"RIFF" not in data and clear[44:300] not in data
    with pytest.raises(wave.Error), wave.open(str(sealed), "rb"):
        pass
    assert b"call-recordings-key" not in data and store.get("call-recordings-key")

    with pytest.raises(PermissionDenied, match="прослушивать записи"):
        operator.play(info.id)
    with pytest.raises(PermissionDenied):
        operator.list()
    assert service(Role.SUPERVISOR).play(info.id) == clear
    assert service(Role.ADMIN).list() == [info]
    entries = AuditService(database).entries(people[Role.ADMIN])
    plays = [e for e in entries if e.action == "recording.play"]
    assert [(e.actor, e.details) for e in plays] == [("boss", f"запись №{info.id}")]
    assert entries[-1].action == "user.create"  # the policy change is audited too
    assert any(e.action == "recording.policy" for e in entries)

    # A tampered file does not decrypt (GCM authenticates it).
    sealed.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.raises(RecordingError, match="не расшифровывается"):
        service(Role.ADMIN).play(info.id)

    clock.now += timedelta(days=6)
    second = operator.store(_wav(tmp_path / "call2.wav"))
    assert operator.purge() == 0
    clock.now += timedelta(days=1, seconds=1)  # the first is now older than 7 days
    assert operator.purge() == 1
    assert [r.id for r in service(Role.ADMIN).list()] == [second.id]
    assert len(list(vault.iterdir())) == 1


def test_without_the_key_nothing_plays(database: Database, tmp_path: Path) -> None:
    people = _people(database)
    store = SecretStore.encrypted_file("мастер", tmp_path / "keyring.cfg")
    admin = RecordingService(database, tmp_path / "rec", store, people[Role.ADMIN])
    admin.set_policy(RecordingPolicy(enabled=True, retention_days=30))
    info = admin.store(_wav(tmp_path / "call.wav"))
    other = SecretStore.encrypted_file("мастер", tmp_path / "other.cfg")  # a copied folder
    with pytest.raises(RecordingError, match="Ключ записей разговоров не найден"):
        RecordingService(database, tmp_path / "rec", other, people[Role.ADMIN]).play(info.id)
