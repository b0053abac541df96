"""The real window on a real engine for UI tests: 127.0.0.1, free ports, temp SQLite.

Far ends are independent processes: sipp, and the SIP tests' peer.py (a second softphone in
its own process, since PJSIP allows one Endpoint per process). Process helpers come from
tests/sip/sip_helpers.py so there is one way to start and kill peers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from softphone.crm.auth import Role
from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.settings import Settings
from softphone.sip import EngineConfig, LocalAccountSettings, SipEngine
from softphone.sip.events import CallInfo, CallState
from softphone.ui.bridge import EngineBridge
from softphone.ui.main_window import MainWindow
from softphone.ui.phone.ringer import Ringer
from softphone.ui.tasks import TaskRunner
from tests.sip.sip_helpers import Processes, free_port, sipp_media_port
from tests.ui.session_helpers import sign_in_desk


@dataclass
class Phone:
    engine: SipEngine
    bridge: EngineBridge
    runner: TaskRunner
    db: Database
    call_log: CallLogService
    ringer: Ringer
    window: MainWindow

    @property
    def address(self) -> str:
        return self.engine.transports["udp"]

    @property
    def port(self) -> int:
        return self.engine.port()

    def calls(self) -> list[CallInfo]:
        return self.window.call_list.calls()

    def call_in(self, state: CallState) -> CallInfo | None:
        return next((c for c in self.calls() if c.state is state), None)


def open_phone(
    tmp_path: Path,
    qtbot: Any,
    role: Role = Role.OPERATOR,
    seed: Callable[[Database], object] | None = None,
) -> Phone:
    """The app's window on a real engine and CRM, signed in as a new user of `role`; `seed`
    fills the database first, as the owner's `softphone demo-data` would have."""
    settings = Settings()
    settings.path = tmp_path / "settings.json"
    engine = SipEngine(
        EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True, log_level=1)
    )
    engine.start()
    engine.add_local_account(LocalAccountSettings(user="operator"))
    db = Database.open(f"sqlite:///{tmp_path / 't.db'}")
    if seed is not None:
        seed(db)
    sign_in_desk(db, role)
    runner = TaskRunner()
    bridge = EngineBridge(engine)
    call_log = CallLogService(db)
    ringer = Ringer(engine, settings)
    account = f"sip:operator@{engine.transports['udp']}"
    window = MainWindow(bridge, settings, runner, call_log, ringer, account)
    # not qtbot.addWidget: pytest-qt would close it before the engine is stopped, and a
    # window with live calls asks before closing
    bridge.start()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return Phone(engine, bridge, runner, db, call_log, ringer, window)


def close_phone(phone: Phone) -> None:
    """Engine first (it hangs up what is left), then the CRM; no close dialog in tests."""
    phone.ringer.stop()
    phone.bridge.stop()
    phone.runner.shutdown()
    phone.engine.shutdown()
    phone.db.dispose()
    phone.window.close()  # the engine is stopped: no question about live calls
    phone.window.deleteLater()


def start_sipp(processes: Processes, *args: str) -> tuple[Any, int]:
    """sipp on 127.0.0.1 with its own free SIP and media ports; (process, SIP port)."""
    port = free_port()
    proc = processes.start(
        "sipp",
        ["sipp", "-i", "127.0.0.1", "-p", str(port), "-mp", str(sipp_media_port()), "-m", "1",
         "-nostdin", "-timeout", "30s", *args],
    )
    return proc, port


def wait_exit(qtbot: Any, proc: Any, timeout_ms: int = 10_000) -> int:
    """Keep the Qt loop (and so the engine pump) running until the process ends."""
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=timeout_ms)
    return int(proc.returncode)


def peer_saw(peer: Any, where: Callable[[dict[str, object]], bool], start: int = 0) -> bool:
    return any(where(m) for m in list(peer.lines)[start:])
