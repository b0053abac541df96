"""The TLS transport (the wheel bundles OpenSSL 1.0.2: TLS 1.2 is what it speaks)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sip_helpers import EventLog, engine_config

from softphone.sip import (
    IncomingCall,
    LocalAccountSettings,
    SipEngine,
    TransportKind,
    TransportUnavailable,
)

pytestmark = pytest.mark.timeout(30)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1"],
        check=True, capture_output=True, timeout=30,
    )
    return cert, key


@pytest.fixture
def tls_engine(certificate: tuple[Path, Path]) -> Iterator[SipEngine]:
    cert, key = certificate
    engine = SipEngine(
        engine_config(tls_port=0, tls_cert_file=str(cert), tls_key_file=str(key))
    )
    engine.start()
    yield engine
    engine.shutdown()


def test_call_over_tls_between_two_accounts(tls_engine: SipEngine) -> None:
    events = EventLog(tls_engine)
    tls = LocalAccountSettings(user="alice", transport=TransportKind.TLS)
    alice = tls_engine.add_local_account(tls)
    tls_engine.add_local_account(LocalAccountSettings(user="bob", transport=TransportKind.TLS))
    address = tls_engine.transports[TransportKind.TLS]
    call_id = tls_engine.dial(f"sip:bob@{address};transport=tls", alice)
    incoming = events.wait(IncomingCall)
    tls_engine.answer(incoming.call.call_id)
    assert tls_engine.wait_for(lambda: tls_engine.call(call_id).media_active, 5)


def test_tls_with_a_missing_certificate_is_a_readable_error(tmp_path: Path) -> None:
    engine = SipEngine(engine_config(tls_port=0, tls_cert_file=str(tmp_path / "none.pem"),
                                     tls_key_file=str(tmp_path / "none.key")))
    with pytest.raises(TransportUnavailable, match="TLS"):
        engine.start()
    assert not engine.started
