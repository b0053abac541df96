"""The engine against baresip (an independent SIP and RTP stack): calls both ways, real audio."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest
from sip_helpers import EventLog, Processes, free_port, sip_address, wav_rms

from softphone.sip import CallEnded, IncomingCall, LocalAccountSettings, SipEngine

pytestmark = pytest.mark.timeout(40)


def baresip_dir(tmp_path: Path) -> tuple[Path, int, int]:
    """Config for a baresip on 127.0.0.1 that auto-answers, sends a 440 Hz tone and takes
    console commands over UDP (so a test can repeat a command baresip did not act on)."""
    folder = tmp_path / "baresip"
    folder.mkdir()
    tone = folder / "tone8k.wav"
    subprocess.run(
        ["sox", "-n", "-r", "8000", "-b", "16", "-c", "1", str(tone),
         "synth", "20", "sine", "440", "vol", "0.5"],
        check=True, timeout=20,
    )
    port, rtp, console = free_port(), free_port(), free_port()
    rtp_high = min(rtp + 100, 65535)
    (folder / "config").write_text(
        f"sip_listen 127.0.0.1:{port}\n"
        "sip_transports udp\n"
        "net_interface 127.0.0.1\n"
        f"rtp_ports {rtp}-{rtp_high}\n"
        f"audio_source aufile,{tone}\n"
        "audio_alert aufile,/dev/null\n"
        "module_path /usr/lib/baresip/modules\n"
        f"cons_listen 127.0.0.1:{console}\n"
        "module g711.so\nmodule aufile.so\nmodule cons.so\n"
        "module_app account.so\nmodule_app menu.so\n"
    )
    (folder / "accounts").write_text(
        "<sip:bob@127.0.0.1>;regint=0;answermode=auto;audio_codecs=PCMU\n"
    )
    return folder, port, console


def start_baresip(processes: Processes, folder: Path) -> subprocess.Popen[bytes]:
    """Start baresip and return once it says it is ready (its modules load first)."""
    proc = processes.start("baresip", ["baresip", "-f", str(folder), "-t", "30"])
    deadline = time.monotonic() + 15
    while "baresip is ready." not in processes.output(proc):
        assert proc.poll() is None, processes.output(proc)
        assert time.monotonic() < deadline, processes.output(proc)
        time.sleep(0.05)
    return proc


def console_command(port: int, command: str) -> str:
    """Send one console command to baresip on 127.0.0.1 and return what it echoed."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(2.0)
        sock.sendto(command.encode() + b"\n", ("127.0.0.1", port))
        try:
            return sock.recv(4096).decode(errors="replace")
        except TimeoutError:
            return ""


def test_engine_calls_baresip_and_hears_its_tone(
    engine: SipEngine, events: EventLog, processes: Processes, tmp_path: Path
) -> None:
    folder, port, _ = baresip_dir(tmp_path)
    proc = start_baresip(processes, folder)
    account = engine.add_local_account(LocalAccountSettings(user="operator"))
    call_id = engine.dial(f"sip:bob@127.0.0.1:{port}", account)
    assert engine.wait_for(lambda: engine.call(call_id).media_active, 8), processes.output(proc)
    recording = tmp_path / "from-baresip.wav"
    engine.start_recording(call_id, str(recording), both_sides=False)
    engine.wait_for(lambda: False, 1.5)
    engine.stop_recording(call_id)
    assert wav_rms(recording) > 0.05  # baresip's 440 Hz at half scale arrived; measured ~0.35
    engine.hangup(call_id)
    ended = events.wait(CallEnded, lambda e: e.call.call_id == call_id)
    assert ended.answered
    assert proc.poll() is None  # baresip is still healthy after our BYE


def test_baresip_calls_the_engine_which_answers(
    engine: SipEngine, events: EventLog, processes: Processes, tmp_path: Path
) -> None:
    folder, _, console = baresip_dir(tmp_path)
    engine.add_local_account(LocalAccountSettings(user="operator"))
    proc = start_baresip(processes, folder)
    dial = f"/dial sip:operator@{sip_address(engine)}"
    for _attempt in range(3):  # resent only when no call arrived: a UDP command can be lost
        echoed = console_command(console, dial)
        if engine.wait_for(lambda: bool(events.of(IncomingCall)), 5):
            break
    else:
        raise AssertionError(f"baresip never called (echo {echoed!r}):\n{processes.output(proc)}")
    incoming = events.of(IncomingCall)[0]
    assert incoming.call.remote_number == "bob"
    engine.answer(incoming.call.call_id)
    assert engine.wait_for(lambda: engine.call(incoming.call.call_id).media_active, 5)
    recording = tmp_path / "inbound.wav"
    engine.start_recording(incoming.call.call_id, str(recording), both_sides=False)
    engine.wait_for(lambda: False, 1.0)
    engine.stop_recording(incoming.call.call_id)
    assert wav_rms(recording) > 0.05
    engine.hangup(incoming.call.call_id)
    events.wait(CallEnded)
    assert proc.poll() is None
