"""Start-up pieces of the app: the SIP port fallback and reading the link argument."""

from __future__ import annotations

import socket

from softphone.settings import Settings
from softphone.ui.app import link_from_args, start_phone


def test_busy_sip_port_falls_back_to_a_free_one_and_says_so(qapp) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as busy:
        busy.bind(("127.0.0.1", 0))
        taken = busy.getsockname()[1]
        settings = Settings()
        settings.sip.bind_address = "127.0.0.1"
        settings.sip.local_port = taken
        phone = start_phone(settings)
        try:
            port = phone.engine.port()
            assert port != taken
            assert str(taken) in phone.note and str(port) in phone.note
            assert f"127.0.0.1:{port}" in phone.account_text
        finally:
            phone.engine.shutdown()


def test_free_port_starts_without_a_note(qapp) -> None:
    settings = Settings()
    settings.sip.bind_address = "127.0.0.1"
    settings.sip.local_port = 0
    phone = start_phone(settings)
    try:
        assert phone.note == ""
        assert phone.engine.account_domain(phone.account_id).startswith("127.0.0.1:")
    finally:
        phone.engine.shutdown()


def test_link_argument() -> None:
    assert link_from_args(["tel:+79123456789"]) == "tel:+79123456789"
    assert link_from_args(["-style", "fusion"]) == ""  # a Qt option and its value
    assert link_from_args(["-style", "fusion", "SIP:bob@host"]) == "SIP:bob@host"
    assert link_from_args(["8 (912) 345-67-89"]) == "8 (912) 345-67-89"
    assert link_from_args(["bob@10.0.0.5"]) == "bob@10.0.0.5"
    assert link_from_args([]) == ""


def test_stored_stun_servers_reach_the_started_engine(qapp) -> None:
    """start_phone hands the accounts' STUN servers to the engine, which asks them at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as stun:
        stun.bind(("127.0.0.1", 0))
        stun.settimeout(3)
        server = f"127.0.0.1:{stun.getsockname()[1]}"
        settings = Settings()
        settings.sip.bind_address = "127.0.0.1"
        settings.sip.local_port = 0
        phone = start_phone(settings, (server,))
        try:
            request, _ = stun.recvfrom(2048)
            assert request[:2] == b"\x00\x01"  # a STUN Binding request
            assert request[4:8] == bytes.fromhex("2112a442")  # RFC 5389 magic cookie
            assert phone.engine.config.stun_servers == (server,)
        finally:
            phone.engine.shutdown()
