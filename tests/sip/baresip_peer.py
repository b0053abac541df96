"""baresip as a test peer: a config folder on 127.0.0.1, start-up, its UDP console."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

from sip_helpers import Processes, free_port


def baresip_dir(tmp_path: Path, mediaenc: str = "") -> tuple[Path, int, int]:
    """Config for a baresip on 127.0.0.1 that auto-answers, sends a 440 Hz tone and takes
    console commands over UDP (so a test can repeat a command baresip did not act on).

    `mediaenc` ("srtp", "srtp-mand") loads baresip's SRTP module (SDES) for the account.
    """
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
        + ("module srtp.so\n" if mediaenc else "")
        + "module_app account.so\nmodule_app menu.so\n"
    )
    encryption = f";mediaenc={mediaenc}" if mediaenc else ""
    (folder / "accounts").write_text(
        f"<sip:bob@127.0.0.1>;regint=0;answermode=auto;audio_codecs=PCMU{encryption}\n"
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
