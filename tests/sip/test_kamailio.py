"""Registration against a real kamailio registrar with digest auth; password never logged."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sip_helpers import EventLog, Kamailio, Processes

from softphone.logsetup import configure_logging
from softphone.sip import (
    CallEnded,
    IncomingCall,
    NoSuchAccount,
    RegistrarAccountSettings,
    RegistrationChanged,
    RegState,
    SipEngine,
    TransportKind,
)

pytestmark = pytest.mark.timeout(60)
PASSWORD = "S3cr3t-Пароль-42"


@pytest.fixture
def kamailio(processes: Processes, tmp_path: Path) -> Iterator[Kamailio]:
    with Kamailio(processes, tmp_path, PASSWORD) as registrar:
        yield registrar


def settings(registrar: Kamailio, **overrides: object) -> RegistrarAccountSettings:
    options: dict[str, object] = {
        "server": registrar.server,
        "user": "operator1",
        "register_interval_s": 60,
        "retry_interval_s": 1,
        "max_retry_interval_s": 2,
        "retry_jitter_s": 0,
    }
    options.update(overrides)
    return RegistrarAccountSettings(**options)  # type: ignore[arg-type]


def registered(account_id: str) -> object:
    return lambda e: e.account_id == account_id and e.state is RegState.REGISTERED


def test_right_password_registers(engine: SipEngine, events: EventLog, kamailio: Kamailio) -> None:
    account = engine.add_account(settings(kamailio), PASSWORD)
    event = events.wait(RegistrationChanged, registered(account), 10)
    assert event.status_code == 200 and event.expires_s > 0
    assert engine.registration(account).state is RegState.REGISTERED
    engine.remove_account(account)
    events.wait(RegistrationChanged, lambda e: e.state is RegState.UNREGISTERED)
    with pytest.raises(NoSuchAccount):
        engine.registration(account)


def test_numbers_dialled_through_the_registrar_reach_the_registered_extension(
    engine: SipEngine, events: EventLog, kamailio: Kamailio
) -> None:
    """Dial plan + registrar: typing "102" calls sip:102@registrar, which forwards to 102."""
    caller = engine.add_account(settings(kamailio, user="101"), PASSWORD)
    callee = engine.add_account(settings(kamailio, user="102"), PASSWORD)
    for account in (caller, callee):
        events.wait(RegistrationChanged, registered(account), 10)
    call_id = engine.dial("102", caller)
    assert engine.call(call_id).remote_uri == f"sip:102@{kamailio.server}"
    incoming = events.wait(IncomingCall, timeout_s=5)
    assert incoming.call.account_id == callee and incoming.call.remote_number == "101"
    engine.answer(incoming.call.call_id)
    assert engine.wait_for(lambda: engine.call(call_id).media_active, 5)
    engine.hangup(call_id)
    events.wait(CallEnded, lambda e: e.call.call_id == incoming.call.call_id)
    missing = engine.dial("+7 912 345-67-89", caller)  # nobody registered as +79123456789
    ended = events.wait(CallEnded, lambda e: e.call.call_id == missing)
    assert ended.status_code == 404


def test_wrong_password_fails_with_the_sip_status(
    engine: SipEngine, events: EventLog, kamailio: Kamailio
) -> None:
    account = engine.add_account(settings(kamailio), "wrong-password")
    failed = events.wait(
        RegistrationChanged, lambda e: e.account_id == account and e.state is RegState.FAILED, 10
    )
    assert failed.status_code in (401, 403), failed
    assert failed.reason  # e.g. "Unauthorized", shown to the operator
    assert not events.of(RegistrationChanged) or all(
        e.state is not RegState.REGISTERED for e in events.of(RegistrationChanged)
    )


def test_registrar_restart_is_followed_by_automatic_reregistration(
    engine: SipEngine, events: EventLog, kamailio: Kamailio, caplog: pytest.LogCaptureFixture
) -> None:
    """Over TCP the engine notices the registrar going away at once; retries back off 1 s, 2 s."""
    caplog.set_level(logging.INFO, logger="softphone.sip")
    account = engine.add_account(settings(kamailio, transport=TransportKind.TCP), PASSWORD)
    events.wait(RegistrationChanged, registered(account), 10)
    kamailio.stop()
    events.wait(
        RegistrationChanged, lambda e: e.account_id == account and e.state is RegState.FAILED, 15
    )
    engine.wait_for(lambda: False, 3.6)  # registrar still down: retries after 1 s, then 2 s
    delays = [r.getMessage().rsplit("retry in ", 1)[1] for r in caplog.records
              if "retry in" in r.getMessage()]
    assert delays[:3] == ["1.0 s", "2.0 s", "2.0 s"][: len(delays[:3])] and len(delays) >= 2
    mark = len(events.events)
    kamailio.start()
    assert engine.wait_for(
        lambda: any(
            isinstance(e, RegistrationChanged) and registered(account)(e)  # type: ignore[operator]
            for e in events.events[mark:]
        ),
        15,
    ), events.events[mark:]


def test_password_and_authorization_never_reach_the_log_file(
    engine: SipEngine, events: EventLog, kamailio: Kamailio, tmp_path: Path
) -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    log_file = configure_logging(logging.DEBUG, tmp_path / "logs")
    try:
        account = engine.add_account(settings(kamailio), PASSWORD)
        events.wait(RegistrationChanged, registered(account), 10)
        logging.getLogger("softphone.test").info("operator typed %s", PASSWORD)
    finally:
        for handler in root.handlers[:]:
            if handler not in saved[0]:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(saved[1])
    text = log_file.read_text(encoding="utf-8")
    assert "REGISTER sip:" in text  # PJSIP's message log did reach the file
    assert "Authorization: <скрыто>" in text
    assert PASSWORD not in text
    assert "response=" not in text and 'username="operator1"' not in text


def test_shutdown_unregisters_and_ends_within_a_second(
    engine: SipEngine, events: EventLog, kamailio: Kamailio
) -> None:
    """Closing the app: un-REGISTER answered by the registrar, library gone, all in < 1 s
    (libDestroy without network skips PJSIP's own fixed ~1 s wait)."""
    account = engine.add_account(settings(kamailio), PASSWORD)
    events.wait(RegistrationChanged, registered(account), 10)
    started = time.monotonic()
    engine.shutdown()
    took = time.monotonic() - started
    assert not engine.started
    assert took < 1.0, f"shutdown took {took:.2f} s"
    unregistered = [e for e in events.of(RegistrationChanged)
                    if e.account_id == account and e.state is RegState.UNREGISTERED]
    assert unregistered and unregistered[0].status_code == 200  # the registrar's answer
