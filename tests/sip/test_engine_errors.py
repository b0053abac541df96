"""Bad input and misuse: readable SipError subclasses, never pjsua2.Error, never an abort."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import threading

import pytest
from sip_helpers import EventLog, engine_config, sip_address

from softphone.sip import (
    CallEnded,
    CallStateError,
    EngineConfig,
    EngineNotStarted,
    InvalidTarget,
    LocalAccountSettings,
    NoSuchAccount,
    NoSuchCall,
    PortInUse,
    SipEngine,
    SipError,
    TransportKind,
    TransportUnavailable,
    WrongThread,
)

pytestmark = pytest.mark.timeout(30)


def test_invalid_targets_are_refused_before_any_sip_traffic(engine: SipEngine) -> None:
    account = engine.add_local_account(LocalAccountSettings(user="alice"))
    for bad in ("12ab", "sip:bob@", "sip:bob@host:70000", ""):
        with pytest.raises(InvalidTarget, match="Неверный номер"):
            engine.dial(bad, account)
    assert engine.calls() == []


def test_unknown_ids_raise_no_such_call_or_account(engine: SipEngine) -> None:
    for operation in (engine.hangup, engine.answer, engine.hold, engine.resume, engine.call):
        with pytest.raises(NoSuchCall) as caught:
            operation(4242)
        assert caught.value.call_id == 4242 and "4242" in str(caught.value)
    with pytest.raises(NoSuchCall):
        engine.send_dtmf(77, "1")
    with pytest.raises(NoSuchAccount, match="nope"):
        engine.dial("101", "nope")
    with pytest.raises(NoSuchAccount):
        engine.dial("101")  # no account at all yet


def test_operations_in_the_wrong_state_are_refused(engine: SipEngine, events: EventLog) -> None:
    alice = engine.add_local_account(LocalAccountSettings(user="alice"))
    engine.add_local_account(LocalAccountSettings(user="bob"))
    out_id = engine.dial(f"sip:bob@{sip_address(engine)}", alice)
    with pytest.raises(CallStateError):
        engine.answer(out_id)  # our own outbound call
    with pytest.raises(CallStateError):
        engine.hold(out_id)  # not connected yet
    with pytest.raises(CallStateError):
        engine.send_dtmf(out_id, "12")  # not connected yet either
    engine.hangup(out_id)
    events.wait(CallEnded, lambda e: e.call.call_id == out_id)
    assert engine.wait_for(lambda: engine.calls() == [], 3)
    with pytest.raises(NoSuchCall):
        engine.hangup(out_id)  # ended calls are released, their ids stay invalid


def test_busy_port_gives_port_in_use_and_the_engine_can_start_later() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as blocker:
        blocker.bind(("127.0.0.1", 0))
        port = blocker.getsockname()[1]
        engine = SipEngine(engine_config(udp_port=port, tcp_port=None))
        with pytest.raises(PortInUse) as caught:
            engine.start()
        assert str(port) in str(caught.value)
        assert not engine.started
        engine.shutdown()  # harmless after a failed start
    engine = SipEngine(engine_config(udp_port=port, tcp_port=None))
    engine.start()
    try:
        assert engine.port(TransportKind.UDP) == port
    finally:
        engine.shutdown()


def test_missing_transport_and_not_started_and_second_engine(engine: SipEngine) -> None:
    with pytest.raises(TransportUnavailable, match="TLS"):
        engine.add_local_account(LocalAccountSettings(transport=TransportKind.TLS))
    with pytest.raises(EngineNotStarted):
        SipEngine(engine_config()).dial("101")
    with pytest.raises(SipError, match="Уже запущен"):
        SipEngine(engine_config()).start()


def test_methods_refuse_other_threads(engine: SipEngine) -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        for operation in (engine.calls, lambda: engine.pump(0), lambda: engine.dial("101")):
            try:
                operation()
            except BaseException as exc:
                errors.append(exc)

    thread = threading.Thread(target=worker, name="not-the-gui-thread")
    thread.start()
    thread.join(5)
    assert len(errors) == 3 and all(isinstance(e, WrongThread) for e in errors)
    assert "not-the-gui-thread" in str(errors[0])


def test_shutdown_is_idempotent_and_hangs_up_live_calls(events: EventLog) -> None:
    engine = events.engine
    alice = engine.add_local_account(LocalAccountSettings(user="alice"))
    engine.add_local_account(LocalAccountSettings(user="bob"))
    engine.auto_answer = True
    out_id = engine.dial(f"sip:bob@{sip_address(engine)}", alice)
    assert engine.wait_for(lambda: engine.call(out_id).media_active, 5)
    engine.shutdown()
    engine.shutdown()
    assert len(events.of(CallEnded)) == 2
    assert not engine.started


def test_config_validation_names_the_bad_value() -> None:
    with pytest.raises(ValueError, match="999999"):
        EngineConfig(udp_port=999999)
    with pytest.raises(ValueError):
        EngineConfig(bind_address="not-an-ip")


SCRIPT = textwrap.dedent(
    """
    from softphone.sip import *
    eng = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True,
                                 log_level=1))
    eng.start()
    a = eng.add_local_account(LocalAccountSettings(user="alice"))
    eng.add_local_account(LocalAccountSettings(user="bob"))
    dead = eng.dial("sip:nobody@127.0.0.1:9", a)       # a call that fails (no one there)
    eng.hangup(dead)
    eng.auto_answer = True
    live = eng.dial("sip:bob@" + eng.transports["udp"], a)   # a call left up at shutdown
    assert eng.wait_for(lambda: eng.call(live).media_active, 5)
    stray = list(eng._calls.values())  # what a traceback would keep alive past shutdown
    for bad in ("sip:@", "12ab"):
        try:
            eng.dial(bad, a)
        except InvalidTarget:
            pass
    eng.shutdown()
    print("clean")
    """
)


def test_process_with_failed_and_live_calls_exits_0_not_134() -> None:
    """A Call alive after libDestroy aborts at interpreter exit; prove none is."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "clean" in done.stdout


FORGETFUL = textwrap.dedent(
    """
    from softphone.sip import *
    eng = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True))
    eng.start()
    a = eng.add_local_account(LocalAccountSettings(user="alice"))
    eng.add_local_account(LocalAccountSettings(user="bob"))
    eng.auto_answer = True
    live = eng.dial("sip:bob@" + eng.transports["udp"], a)
    assert eng.wait_for(lambda: eng.call(live).media_active, 5)
    print("leaving without shutdown")
    """
)


def test_exit_without_shutdown_is_still_clean() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FORGETFUL], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Error in sys.excepthook" not in done.stderr
    assert "still running at exit" in done.stderr


BROKEN_CALLBACK = textwrap.dedent(
    """
    from softphone.sip import *
    from softphone.sip import call_control

    def explode(self, call):
        raise RuntimeError("bug in a media callback")

    call_control.CallControl.call_media_changed = explode  # a bug inside a PJSIP callback
    eng = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True))
    eng.start()
    failures = []
    eng.subscribe(lambda e: failures.append(e) if isinstance(e, EngineFailure) else None)
    eng.subscribe(lambda e: 1 / 0)  # a broken subscriber must not stop the others
    a = eng.add_local_account(LocalAccountSettings(user="alice"))
    eng.add_local_account(LocalAccountSettings(user="bob"))
    eng.auto_answer = True
    live = eng.dial("sip:bob@" + eng.transports["udp"], a)
    assert eng.wait_for(lambda: eng.call(live).state is CallState.CONFIRMED, 5)
    assert eng.wait_for(lambda: len(failures) >= 2, 5), failures
    assert "bug in a media callback" in failures[0].message
    eng.hangup(live)
    assert eng.wait_for(lambda: eng.calls() == [], 5)
    eng.shutdown()
    print("survived")
    """
)


def test_exceptions_in_callbacks_and_subscribers_are_contained() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BROKEN_CALLBACK], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "survived" in done.stdout
    assert "RuntimeError: bug in a media callback" in done.stderr  # logged with its traceback
