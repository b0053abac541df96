"""Per-account SRTP against independent peers: baresip's srtp module, sipp's view of the offer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from baresip_peer import baresip_dir, console_command, start_baresip
from sip_helpers import (
    SCENARIOS,
    EventLog,
    Processes,
    free_port,
    sip_address,
    sipp_media_port,
    wait_until,
    wav_rms,
)

from softphone.sip import (
    CallEnded,
    IncomingCall,
    LocalAccountSettings,
    RegistrarAccountSettings,
    SipEngine,
    SrtpMode,
)

pytestmark = pytest.mark.timeout(40)


def call_baresip(
    engine: SipEngine, processes: Processes, tmp_path: Path, srtp: SrtpMode, mediaenc: str
) -> tuple[int, object]:
    folder, port, _ = baresip_dir(tmp_path, mediaenc)
    proc = start_baresip(processes, folder)
    account = engine.add_local_account(LocalAccountSettings(user="operator", srtp=srtp))
    return engine.dial(f"sip:bob@127.0.0.1:{port}", account), proc


def heard(engine: SipEngine, call_id: int, path: Path) -> float:
    """RMS of what the far end sent us over 1.5 s."""
    engine.start_recording(call_id, str(path), both_sides=False)
    engine.wait_for(lambda: False, 1.5)
    engine.stop_recording(call_id)
    return wav_rms(path)


def test_mandatory_srtp_call_to_baresip_is_encrypted_and_carries_audio(
    engine: SipEngine, events: EventLog, processes: Processes, tmp_path: Path
) -> None:
    call_id, proc = call_baresip(engine, processes, tmp_path, SrtpMode.MANDATORY, "srtp-mand")
    assert engine.wait_for(lambda: engine.call(call_id).media_active, 8), processes.output(proc)
    assert engine.call(call_id).secure_media
    assert heard(engine, call_id, tmp_path / "srtp.wav") > 0.05  # 440 Hz at half scale: ~0.35
    assert "SRTP is Enabled" in processes.output(proc)  # baresip's own word on it
    engine.hangup(call_id)
    assert events.wait(CallEnded, lambda e: e.call.call_id == call_id).answered


def test_plain_call_to_baresip_that_demands_srtp_is_refused_with_488(
    engine: SipEngine, events: EventLog, processes: Processes, tmp_path: Path
) -> None:
    call_id, proc = call_baresip(engine, processes, tmp_path, SrtpMode.OFF, "srtp-mand")
    ended = events.wait(CallEnded, lambda e: e.call.call_id == call_id, timeout_s=8)
    assert not ended.answered and ended.status_code == 488, ended
    assert ended.reason == "Not Acceptable Here"
    assert proc.poll() is None


def test_optional_srtp_still_talks_to_a_peer_without_srtp(
    engine: SipEngine, events: EventLog, processes: Processes, tmp_path: Path
) -> None:
    call_id, proc = call_baresip(engine, processes, tmp_path, SrtpMode.OPTIONAL, "")
    assert engine.wait_for(lambda: engine.call(call_id).media_active, 8), processes.output(proc)
    assert not engine.call(call_id).secure_media
    assert heard(engine, call_id, tmp_path / "plain.wav") > 0.05
    engine.hangup(call_id)
    events.wait(CallEnded, lambda e: e.call.call_id == call_id)


def test_optional_srtp_is_encrypted_when_the_peer_offers_it_too(
    engine: SipEngine, events: EventLog, processes: Processes, tmp_path: Path
) -> None:
    call_id, proc = call_baresip(engine, processes, tmp_path, SrtpMode.OPTIONAL, "srtp")
    assert engine.wait_for(lambda: engine.call(call_id).media_active, 8), processes.output(proc)
    assert engine.call(call_id).secure_media
    assert heard(engine, call_id, tmp_path / "srtp-optional.wav") > 0.05
    engine.hangup(call_id)
    events.wait(CallEnded, lambda e: e.call.call_id == call_id)


def test_baresip_calling_in_with_srtp_is_answered_encrypted(
    engine: SipEngine, events: EventLog, processes: Processes, tmp_path: Path
) -> None:
    folder, _, console = baresip_dir(tmp_path, "srtp-mand")
    engine.add_local_account(LocalAccountSettings(user="operator", srtp=SrtpMode.MANDATORY))
    proc = start_baresip(processes, folder)
    for _attempt in range(3):  # resent only when no call arrived: a UDP command can be lost
        console_command(console, f"/dial sip:operator@{sip_address(engine)}")
        if engine.wait_for(lambda: bool(events.of(IncomingCall)), 5):
            break
    else:
        raise AssertionError(f"baresip never called:\n{processes.output(proc)}")
    call_id = events.of(IncomingCall)[0].call.call_id
    engine.answer(call_id)
    assert engine.wait_for(lambda: engine.call(call_id).media_active, 5), processes.output(proc)
    assert engine.call(call_id).secure_media
    assert heard(engine, call_id, tmp_path / "inbound-srtp.wav") > 0.05
    engine.hangup(call_id)
    events.wait(CallEnded, lambda e: e.call.call_id == call_id)


def offered_sdp(
    engine: SipEngine, processes: Processes, tmp_path: Path, srtp: SrtpMode,
    registrar: bool = False,
) -> str:
    """The body of the INVITE the engine sent, as sipp received it."""
    port, messages = free_port(), tmp_path / f"sipp-{srtp}.log"
    proc = processes.start(
        "sipp",
        ["sipp", "-i", "127.0.0.1", "-p", str(port), "-mp", str(sipp_media_port()), "-m", "1",
         "-nostdin", "-timeout", "20s", "-timeout_error", "-trace_msg",
         "-message_file", str(messages), "-sf", str(SCENARIOS / "uas_refuse_offer.xml")],
    )
    if registrar:  # a PBX account; nothing listens at its server, the call goes straight to sipp
        account = engine.add_account(
            RegistrarAccountSettings(server=f"127.0.0.1:{free_port()}", user="101", srtp=srtp),
            "x",
        )
    else:
        account = engine.add_local_account(LocalAccountSettings(user="operator", srtp=srtp))
    engine.wait_for(lambda: False, 0.3)  # let sipp bind
    engine.dial(f"sip:offer@127.0.0.1:{port}", account)
    assert engine.wait_for(lambda: proc.poll() is not None, 15), "sipp did not finish"
    assert proc.returncode == 0, processes.output(proc)
    assert wait_until(messages.exists, 2)
    text = messages.read_text(errors="replace")
    invite = text[text.index("INVITE sip:offer@"):]
    return invite.split("\n\n", 1)[1].split("-----", 1)[0].replace("\r", "")


@pytest.mark.parametrize(
    ("srtp", "profile", "crypto"),
    [(SrtpMode.OFF, "RTP/AVP", False), (SrtpMode.OPTIONAL, "RTP/AVP", True),
     (SrtpMode.MANDATORY, "RTP/SAVP", True)],
)
def test_the_offer_carries_keys_only_when_srtp_is_on(
    engine: SipEngine, processes: Processes, tmp_path: Path, srtp: SrtpMode, profile: str,
    crypto: bool
) -> None:
    sdp = offered_sdp(engine, processes, tmp_path, srtp)
    media = re.search(r"^m=audio \d+ (\S+) ", sdp, re.MULTILINE)
    assert media is not None, sdp
    assert media.group(1) == profile, sdp
    keys = re.findall(r"^a=crypto:\d+ (\S+) inline:", sdp, re.MULTILINE)
    assert bool(keys) is crypto, sdp
    if crypto:
        assert "AES_CM_128_HMAC_SHA1_80" in keys, sdp
    assert "a=fingerprint" not in sdp  # SDES only: no DTLS-SRTP offer beside it


def test_a_pbx_accounts_srtp_choice_shapes_its_offer_too(
    engine: SipEngine, processes: Processes, tmp_path: Path
) -> None:
    sdp = offered_sdp(engine, processes, tmp_path, SrtpMode.MANDATORY, registrar=True)
    assert re.search(r"^m=audio \d+ RTP/SAVP ", sdp, re.MULTILINE), sdp
    assert "a=crypto:" in sdp
