"""An operator's desk for the sound tests: the engine, its sound path and a far end process.

The far end is tests/sip/sip_peer.py (a SipEngine in its own process) that plays WAVs into
its call and records what it receives; the operator's devices are the private PulseAudio's
"headset" and "speakers" null sinks and its FIFO microphone.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEventLoop

from softphone.sip import LocalAccountSettings, SipEngine
from softphone.ui.sound import SoundPath

_SIP_TESTS = str(Path(__file__).parents[2] / "sip")
if _SIP_TESTS not in sys.path:
    sys.path.insert(0, _SIP_TESTS)

from sip_helpers import Peer, Processes, engine_config  # noqa: E402  (re-exported)
from sound_helpers import wav_samples  # noqa: E402


class Desk:
    """Engine + SoundPath on the chosen devices; `spin` keeps both running."""

    def __init__(self, processes: Processes) -> None:
        self.engine = SipEngine(engine_config(log_level=1))
        self.buffers = self.engine.attach_sound()
        self.engine.start()
        self.account = self.engine.add_local_account(LocalAccountSettings(user="operator"))
        self.path = SoundPath(self.buffers)
        self.moves: list[str] = []
        self.statuses: list[str] = []
        self.path.deviceMoved.connect(self.moves.append)
        self.path.statusChanged.connect(self.statuses.append)
        self.path.start(b"mic", b"headset", b"speakers")
        self.peer = Peer(processes)
        self.peer.send("account bob", self.engine)
        self.peer.send("auto_answer 1", self.engine)

    def spin(self, seconds: float, until: Callable[[], bool] = lambda: False) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if until():
                return True
            self.engine.pump(5)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        return until()

    def call(self) -> tuple[int, int]:
        """The operator calls the far end, which answers; (our id, the far end's id)."""
        mark = len(self.peer.lines)
        ours = self.engine.dial(f"sip:bob@{self.peer.address}", self.account)
        assert self.spin(5, lambda: self.engine.call(ours).media_active)
        msg = self.peer.wait(lambda m: m.get("event") == "IncomingCall", 5, start=mark,
                             engine=self.engine)
        return ours, int(msg["call_id"])  # type: ignore[call-overload]

    def far_end_hears(self, peer_call: int, path: Path, seconds: float) -> np.ndarray:
        self.peer.send(f"record {peer_call} {path}", self.engine)
        self.spin(seconds)
        self.peer.send(f"stop_record {peer_call}", self.engine)
        samples, rate = wav_samples(path)
        return samples[int(0.3 * rate) :]

    def close(self) -> None:
        self.peer.quit(self.engine)
        self.path.stop()
        self.engine.shutdown()


@contextmanager
def operator_window(tmp_path: Path, qtbot: Any, settle_ms: int = 2500) -> Iterator[SoundWindow]:
    """The real main window on the private PulseAudio: headset and speakers chosen, a signed-in
    desk on SQLite, the engine pumped by the bridge; everything stopped afterwards."""
    from softphone.crm.customers.calls import CallLogService
    from softphone.crm.db import Database
    from softphone.settings import Settings
    from softphone.sip import EngineConfig
    from softphone.ui.bridge import EngineBridge
    from softphone.ui.main_window import MainWindow
    from softphone.ui.phone.ringer import Ringer
    from softphone.ui.tasks import TaskRunner
    from tests.ui.session_helpers import sign_in_desk

    settings = Settings()
    settings.path = tmp_path / "settings.json"
    settings.audio.playback_device, settings.audio.ringer_device = "headset", "speakers"
    engine = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True,
                                    log_level=1))
    sound = SoundPath(engine.attach_sound())
    engine.start()
    engine.add_local_account(LocalAccountSettings(user="operator"))
    db = Database.open(f"sqlite:///{tmp_path / 't.db'}")
    principal = sign_in_desk(db)
    runner, bridge = TaskRunner(), EngineBridge(engine)
    sound.start(b"mic", b"headset", b"speakers")
    bridge.attach_sound(sound)
    ringer = Ringer(bridge, settings)
    win = MainWindow(bridge, settings, runner, CallLogService(db), ringer,
                     f"sip:operator@{engine.transports['udp']}")
    bridge.start()
    try:
        win.show()
        qtbot.waitExposed(win)
        qtbot.wait(settle_ms)  # a null sink plays its first block late: let the streams settle
        yield SoundWindow(win, engine, db, principal)
    finally:
        ringer.stop()
        bridge.stop()
        sound.stop()
        runner.shutdown()
        engine.shutdown()
        db.dispose()
        win.close()
        win.deleteLater()


@dataclass
class SoundWindow:
    window: Any  # MainWindow (imported lazily above)
    engine: SipEngine
    db: Any  # Database
    principal: Any  # Principal
