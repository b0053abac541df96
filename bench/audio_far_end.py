"""The far end of bench audio_path: bare pjsua2 that calls the UA under test and clicks.

A conference port (16 kHz, 20 ms frames, null sound device) sends a 10 ms click every
--period seconds and prints `sent T` with CLOCK_MONOTONIC (time.monotonic) as the bridge takes
the frame; clicks it receives from the UA under test are printed as `recv T` (the time their
onset reached the port). Stamps from this process and the bench share one clock.

    python -m bench.audio_far_end sip:ua@127.0.0.1:PORT --seconds 120
prints `ready`, `confirmed`, stamps, and `done` once it has hung up (or after --seconds + 20).
"""

from __future__ import annotations

import argparse
import array
import socket
import sys
import time

import pjsua2 as pj

RATE = 16000
FRAME_MS = 20
FRAME_SAMPLES = RATE * FRAME_MS // 1000
CLICK_MS = 10
CLICK_THRESHOLD = 4000  # |sample| above this is a click; speech-free test line, so no doubt
REFRACTORY_S = 0.5


def click_frame(amplitude: int = 20000) -> bytes:
    """A 20 ms frame whose first 10 ms are a 2 kHz burst (survives G.711 and resampling)."""
    n = RATE * CLICK_MS // 1000
    burst = [amplitude if (i // 4) % 2 == 0 else -amplitude for i in range(n)]  # 2 kHz square
    return array.array("h", burst + [0] * (FRAME_SAMPLES - n)).tobytes()


class ClickPort(pj.AudioMediaPort):
    """Sends a click every `period_frames` frames; stamps clicks it receives."""

    def __init__(self, period_frames: int) -> None:
        super().__init__()
        self.period_frames = period_frames
        self.sending = False
        self.frames = 0
        self.last_recv = 0.0
        self.lines: list[str] = []  # printed by the main thread (no I/O on the clock thread)
        self._click = pj.ByteVector(click_frame())
        self._silence = pj.ByteVector(bytes(FRAME_SAMPLES * 2))
        fmt = pj.MediaFormatAudio()
        fmt.type = pj.PJMEDIA_TYPE_AUDIO
        fmt.clockRate = RATE
        fmt.channelCount = 1
        fmt.bitsPerSample = 16
        fmt.frameTimeUsec = FRAME_MS * 1000
        self.createPort("clicker", fmt)

    def onFrameRequested(self, frame: pj.MediaFrame) -> None:
        try:
            now = time.monotonic()
            click = self.sending and self.frames % self.period_frames == 0
            self.frames += 1
            frame.type = pj.PJMEDIA_TYPE_AUDIO
            frame.buf = self._click if click else self._silence
            frame.size = FRAME_SAMPLES * 2
            if click:
                self.lines.append(f"sent {now:.6f}")
        except Exception as exc:  # clock thread: never raise into PJSIP
            self.lines.append(f"error {exc!r}")

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:
        try:
            now = time.monotonic()
            if frame.type != pj.PJMEDIA_TYPE_AUDIO or frame.size == 0:
                return
            samples = array.array("h", bytes(frame.buf))
            for i, s in enumerate(samples):
                if s > CLICK_THRESHOLD or s < -CLICK_THRESHOLD:
                    # the frame's last sample arrived "now": back-date to the onset
                    onset = now - (len(samples) - i) / RATE
                    if onset - self.last_recv > REFRACTORY_S:
                        self.last_recv = onset
                        self.lines.append(f"recv {onset:.6f}")
                    return
        except Exception as exc:
            self.lines.append(f"error {exc!r}")


class Call(pj.Call):
    def __init__(self, acc: pj.Account) -> None:
        super().__init__(acc)
        self.state = ""
        self.media_ready = False

    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        try:
            self.state = self.getInfo().stateText
        except Exception:
            self.state = "DISCONNCTD"

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        try:
            self.media_ready = self.getAudioMedia(-1) is not None
        except Exception:
            self.media_ready = False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.audio_far_end")
    parser.add_argument("target", help="SIP URI of the UA under test (auto-answering)")
    parser.add_argument("--seconds", type=float, default=120.0, help="talk time after answer")
    parser.add_argument("--period", type=float, default=1.5, help="seconds between clicks")
    parser.add_argument("--codec", default="PCMU/8000")
    args = parser.parse_args(argv)

    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.logConfig.level = 1
    cfg.logConfig.consoleLevel = 1
    cfg.medConfig.noVad = True
    cfg.medConfig.clockRate = RATE
    cfg.medConfig.sndClockRate = RATE
    ep.libInit(cfg)
    port = free_port()
    tcfg = pj.TransportConfig()
    tcfg.port = port
    tcfg.boundAddress = "127.0.0.1"
    tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
    ep.libStart()
    ep.audDevManager().setNullDev()
    for codec in ep.codecEnum2():
        ep.codecSetPriority(codec.codecId, 255 if codec.codecId.startswith(args.codec) else 0)
    acfg = pj.AccountConfig()
    acfg.idUri = f"sip:far@127.0.0.1:{port}"
    acfg.sipConfig.transportId = tid
    acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
    acc = pj.Account()
    acc.create(acfg)
    clicker = ClickPort(max(1, round(args.period * 1000 / FRAME_MS)))
    print("ready", flush=True)

    call: Call | None = Call(acc)
    assert call is not None
    call.makeCall(args.target, pj.CallOpParam(True))
    deadline = time.monotonic() + args.seconds + 20
    talk_until = 0.0
    connected = False
    while time.monotonic() < deadline:
        ep.libHandleEvents(10)
        if not connected and call.state == "CONFIRMED" and call.media_ready:
            media = call.getAudioMedia(-1)
            clicker.startTransmit(media)
            media.startTransmit(clicker)
            clicker.sending = True
            connected = True
            talk_until = time.monotonic() + args.seconds
            print("confirmed", flush=True)
        while clicker.lines:
            print(clicker.lines.pop(0), flush=True)
        if call.state == "DISCONNCTD":
            break
        if connected and time.monotonic() >= talk_until:
            clicker.sending = False
            call.hangup(pj.CallOpParam(True))
            end = time.monotonic() + 3
            while call.state != "DISCONNCTD" and time.monotonic() < end:
                ep.libHandleEvents(10)
            break
    print("done" if connected else "never connected", flush=True)
    call = None
    clicker = None  # type: ignore[assignment]
    acc.shutdown()
    del acc
    ep.libDestroy()
    return 0 if connected else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
