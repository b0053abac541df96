"""A second softphone in its own process, driven over stdin, reporting events as JSON lines.

PJSIP allows one Endpoint per process and this wheel only 4 calls per process, so tests that
need more parties (attended transfer, call waiting seen from the far end) run the far
parties here. It uses the real SipEngine; run as `python sip_peer.py`.
Commands: `account USER`, `dial ACCOUNT URI`, `answer ID`, `hangup ID`, `hold ID`, `resume ID`,
`auto_answer 1`, `play ID WAV`, `record ID WAV`, `stop_record ID`, `transfer ID TO_ID`, `quit`.
"""

from __future__ import annotations

import dataclasses
import json
import queue
import sys
import threading

from softphone.sip import EngineConfig, LocalAccountSettings, SipEngine, SipError
from softphone.sip.events import Event


def emit(payload: dict[str, object]) -> None:
    print(json.dumps(payload, default=str), flush=True)


def on_event(event: Event) -> None:
    data = dataclasses.asdict(event)
    call = data.pop("call", None)
    if isinstance(call, dict):
        data.update(call)
    emit({"event": type(event).__name__, **data})


def main() -> int:
    engine = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True,
                                    log_level=1))
    engine.start()
    engine.subscribe(on_event)
    commands: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(
        target=lambda: [commands.put(line) for line in sys.stdin], daemon=True
    )
    reader.start()
    emit({"ready": engine.transports["udp"]})
    try:
        for _ in range(60 * 100):  # at most a minute: a test peer must not linger
            engine.pump(10)
            try:
                line = commands.get_nowait().split()
            except queue.Empty:
                continue
            if not line:
                continue
            if line[0] == "quit":
                break
            try:
                emit({"reply": line[0], "result": run(engine, line)})
            except SipError as exc:
                emit({"reply": line[0], "error": str(exc)})
    finally:
        engine.shutdown()
    emit({"bye": True})
    return 0


def run(engine: SipEngine, line: list[str]) -> object:
    name, args = line[0], line[1:]
    if name == "account":
        return engine.add_local_account(LocalAccountSettings(user=args[0]))
    if name == "dial":
        return engine.dial(args[1], args[0])
    if name == "auto_answer":
        engine.auto_answer = args[0] == "1"
        return engine.auto_answer
    if name in ("answer", "hangup", "hold", "resume"):
        getattr(engine, name)(int(args[0]))
        return True
    if name == "play":  # play ID WAV: the far end speaks into the call
        engine.play_file(int(args[0]), args[1])
        return True
    if name == "record":  # record ID WAV: what the far end hears (not its own side)
        engine.start_recording(int(args[0]), args[1], both_sides=False)
        return True
    if name == "stop_record":
        return engine.stop_recording(int(args[0]))
    if name == "transfer":  # transfer ID TO_ID: attended transfer of two of its calls
        engine.transfer_attended(int(args[0]), int(args[1]))
        return True
    raise SipError(f"unknown command {name}")


if __name__ == "__main__":
    sys.exit(main())
