"""TLS registration verifies the server: Kamailio (tls module) with certificates from a test CA.

A certificate from a CA in the account's CA file (or in the system bundle) registers; one from
an unknown CA, or naming another host, is refused with a Russian reason that says which.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sip_helpers import EventLog, Kamailio, Processes, free_port, wait_until

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


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ca/otherca (self-signed CAs) and good/wrongname/unknown server certificates."""
    d = tmp_path_factory.mktemp("pki")
    for ca in ("ca", "otherca"):
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(d / f"{ca}.key"),
                 "-out", str(d / f"{ca}.pem"), "-days", "2", "-subj", f"/CN={ca} test CA")
    for name, ca, cn, san in (
        ("good", "ca", "localhost", "DNS:localhost,IP:127.0.0.1"),
        ("wrongname", "ca", "sip.example.test", "DNS:sip.example.test"),
        ("unknown", "otherca", "localhost", "DNS:localhost,IP:127.0.0.1"),
    ):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(d / f"{name}.key"),
                 "-out", str(d / f"{name}.csr"), "-subj", f"/CN={cn}")
        (d / f"{name}.ext").write_text(f"subjectAltName={san}\nbasicConstraints=CA:FALSE\n")
        _openssl("x509", "-req", "-in", str(d / f"{name}.csr"), "-CA", str(d / f"{ca}.pem"),
                 "-CAkey", str(d / f"{ca}.key"), "-CAcreateserial", "-out",
                 str(d / f"{name}.pem"), "-days", "2", "-extfile", str(d / f"{name}.ext"))
    return d


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
    assert result.state is RegState.FAILED, result
    print("TLS 1.3-only server:", result.status_code, result.reason)
    Processes.stop(server)
    assert "0 server accepts that finished" in processes.output(server)  # no handshake


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0
