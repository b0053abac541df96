"""TLS registration verifies the server: Kamailio (tls module) with certificates from a test CA.

A certificate from a CA in the account's CA file (or in the system bundle) registers; one from
an unknown CA, or naming another host, is refused with a Russian reason that says which.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sip_helpers import EventLog, Kamailio, Processes, free_port, make_test_pki, wait_until

from softphone.sip import (
    RegistrarAccountSettings,
    RegistrationChanged,
    RegState,
    SipEngine,
    TransportKind,
)
from softphone.sip.tls_control import system_ca_bundle

pytestmark = pytest.mark.timeout(60)
PASSWORD = "tls-Пароль-7"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_test_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def registrar(
    processes: Processes, tmp_path: Path, pki: Path
) -> Iterator[Callable[..., Kamailio]]:
    started: list[Kamailio] = []

    def start(cert: str, method: str = "TLSv1.2+") -> Kamailio:
        workdir = tmp_path / f"{cert}-{len(started)}"
        workdir.mkdir()
        kamailio = Kamailio(processes, workdir, PASSWORD,
                            tls=(pki / f"{cert}.pem", pki / f"{cert}.key"), tls_method=method)
        kamailio.start()
        started.append(kamailio)
        return kamailio

    yield start
    for kamailio in started:
        kamailio.stop()


def register(
    engine: SipEngine, events: EventLog, kamailio: Kamailio | int, host: str = "localhost",
    ca_file: str = "",
) -> RegistrationChanged:
    port = kamailio if isinstance(kamailio, int) else kamailio.tls_port
    settings = RegistrarAccountSettings(
        server=f"{host}:{port}", user="operator1", transport=TransportKind.TLS,
        register_interval_s=60, retry_interval_s=30, max_retry_interval_s=60, retry_jitter_s=0,
        tls_ca_file=ca_file,
    )
    account = engine.add_account(settings, PASSWORD)
    return events.wait(
        RegistrationChanged,
        lambda e: e.account_id == account and e.state in (RegState.REGISTERED, RegState.FAILED),
        15,
    )


def test_a_certificate_from_the_accounts_ca_registers(
    engine: SipEngine, events: EventLog, registrar: Callable[..., Kamailio], pki: Path
) -> None:
    kamailio = registrar("good")
    result = register(engine, events, kamailio, ca_file=str(pki / "ca.pem"))
    assert result.state is RegState.REGISTERED, result
    by_address = register(engine, events, kamailio, host="127.0.0.1", ca_file=str(pki / "ca.pem"))
    assert by_address.state is RegState.REGISTERED, by_address  # IP in subjectAltName


def test_a_ca_in_the_system_bundle_registers(
    engine: SipEngine, events: EventLog, registrar: Callable[..., Kamailio], pki: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(pki / "ca.pem"))  # as OpenSSL lets one override it
    assert system_ca_bundle() == str(pki / "ca.pem")
    result = register(engine, events, registrar("good"))
    assert result.state is RegState.REGISTERED, result


def test_an_unknown_ca_is_refused_with_the_reason(
    engine: SipEngine, events: EventLog, registrar: Callable[..., Kamailio], pki: Path
) -> None:
    """Not in the system bundle, nor in the account's CA file."""
    assert system_ca_bundle().startswith("/etc/")
    kamailio = registrar("unknown")
    result = register(engine, events, kamailio)
    assert result.state is RegState.FAILED
    assert "центром сертификации, которого нет в системном списке" in result.reason, result
    other = register(engine, events, kamailio, ca_file=str(pki / "ca.pem"))
    assert other.state is RegState.FAILED
    assert f"нет в файле {pki / 'ca.pem'}" in other.reason, other


def test_a_certificate_for_another_host_is_refused_with_the_reason(
    engine: SipEngine, events: EventLog, registrar: Callable[..., Kamailio], pki: Path
) -> None:
    result = register(engine, events, registrar("wrongname"), ca_file=str(pki / "ca.pem"))
    assert result.state is RegState.FAILED
    assert "выдан на «sip.example.test», а не на «localhost»" in result.reason, result
    assert "регистрация отклонена" in result.reason


def test_a_tls13_only_server_is_not_reached(
    engine: SipEngine, events: EventLog, processes: Processes, pki: Path
) -> None:
    """The wheel's OpenSSL 1.0.2k has no TLS 1.3: such a server cannot be registered at.

    Kamailio 5.6 cannot be limited to TLS 1.3, so `openssl s_server -tls1_3` stands in.
    """
    port = free_port("tcp")
    server = processes.start("s_server", [
        "openssl", "s_server", "-tls1_3", "-accept", f"127.0.0.1:{port}", "-naccept", "5",
        "-cert", str(pki / "good.pem"), "-key", str(pki / "good.key"),
    ])
    assert wait_until(lambda: _listening(port), 10), processes.output(server)
    result = register(engine, events, port, ca_file=str(pki / "ca.pem"))
    assert result.state is RegState.FAILED and result.status_code == 503, result


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0
