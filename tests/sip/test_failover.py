"""Registrar failover with two real Kamailio registrars on 127.0.0.1: the primary stops, the
account registers with the backup within 30 s; the primary starts again, the account returns;
a call up meanwhile (to a sipp answering directly) stays up through both moves."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sip_helpers import EventLog, Kamailio, Processes, free_port, sipp_media_port

from softphone.sip import (
    CallEnded,
    CallState,
    RegistrarAccountSettings,
    RegistrationChanged,
    RegState,
    SipEngine,
)

pytestmark = pytest.mark.timeout(120)
PASSWORD = "failover-Пароль-3"


def _registrar(processes: Processes, tmp_path: Path, name: str) -> Kamailio:
    workdir = tmp_path / name
    workdir.mkdir()
    registrar = Kamailio(processes, workdir, PASSWORD)
    registrar.start()
    return registrar


def test_the_account_moves_to_the_backup_and_back_and_the_call_stays_up(
    engine: SipEngine, events: EventLog, processes: Processes, tmp_path: Path
) -> None:
    primary = _registrar(processes, tmp_path, "primary")
    backup = _registrar(processes, tmp_path, "backup")
    sipp_port = free_port()
    sipp = processes.start("sipp", [
        "sipp", "-i", "127.0.0.1", "-p", str(sipp_port), "-mp", str(sipp_media_port()), "-m", "1",
        "-nostdin", "-timeout", "100s", "-sn", "uas",
    ])
    settings = RegistrarAccountSettings(
        server=primary.server, backup_server=backup.server, user="operator1",
        register_interval_s=60, retry_interval_s=2, max_retry_interval_s=4, retry_jitter_s=0,
    )
    account = engine.add_account(settings, PASSWORD)

    def registered_at(server: str, since: int = 0) -> bool:
        return any(
            isinstance(e, RegistrationChanged) and e.account_id == account
            and e.state is RegState.REGISTERED and e.server == server
            for e in events.events[since:]
        )

    assert engine.wait_for(lambda: registered_at(primary.server), 10)
    time.sleep(0.3)
    call_id = engine.dial(f"sip:service@127.0.0.1:{sipp_port}", account)
    assert engine.wait_for(lambda: engine.call(call_id).state is CallState.CONFIRMED, 10)

    mark, stopped = len(events.events), time.monotonic()
    primary.stop()
    assert engine.wait_for(lambda: registered_at(backup.server, mark), 30)
    moved_s = time.monotonic() - stopped
    moving = next(e for e in events.events[mark:] if isinstance(e, RegistrationChanged))
    assert "резервном" in moving.reason and backup.server in moving.reason
    assert engine.registration(account).server == backup.server
    assert engine.call(call_id).state is CallState.CONFIRMED

    mark, started = len(events.events), time.monotonic()
    primary.start()
    assert engine.wait_for(lambda: registered_at(primary.server, mark), 30)
    back_s = time.monotonic() - started
    assert engine.call(call_id).state is CallState.CONFIRMED
    assert not events.of(CallEnded)
    print(f"failover: on the backup {moved_s:.1f} s after the primary stopped, "
          f"back {back_s:.1f} s after it started")
    engine.hangup(call_id)
    events.wait(CallEnded)
    assert processes.stop(sipp) is not None


def test_a_backup_equal_to_the_primary_is_refused() -> None:
    with pytest.raises(ValueError, match="backup_server"):
        RegistrarAccountSettings(server="10.0.0.5:5060", backup_server="10.0.0.5:5060", user="1")
