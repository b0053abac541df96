"""A desk for the call panel tests: the real window, engine, CRM (SQLite) and call panels.

The far end is sipp calling from a chosen number (-key caller NUMBER), on 127.0.0.1 with
ports the OS picked; processes are killed by pid by the test's `processes` fixture.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from softphone.crm.auth import Role
from softphone.crm.customers.calls import CallLogService
from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.settings import Settings
from softphone.sip import EngineConfig, LocalAccountSettings, SipEngine
from softphone.ui.bridge import EngineBridge
from softphone.ui.caller.setup import CallPanels, install_call_panels
from softphone.ui.features import CrmFeatures, install_crm_features
from softphone.ui.main_window import MainWindow
from softphone.ui.tasks import TaskRunner
from tests.sip.sip_helpers import Processes, free_port, sipp_media_port
from tests.ui.session_helpers import desk_of, sign_in_desk

SCENARIOS = Path(__file__).with_name("scenarios")


@dataclass
class PanelDesk:
    engine: SipEngine
    bridge: EngineBridge
    runner: TaskRunner
    db: Database
    window: MainWindow
    panels: CallPanels
    features: CrmFeatures | None = None  # every CRM feature, with all_features=True

    @property
    def address(self) -> str:
        return self.engine.transports["udp"]

    @property
    def customers(self) -> CustomerService:
        return CustomerService(self.db)

    @property
    def call_log(self) -> CallLogService:
        return CallLogService(self.db)


def open_desk(
    db_url: str,
    tmp_path: Path,
    qtbot: Any,
    *,
    engine: Any = None,
    role: Role = Role.OPERATOR,
    seed: Callable[[Database], object] | None = None,
    all_features: bool = False,
    operator_name: str = "Анна",
) -> PanelDesk:
    """The window with the call panels, signed in as a new user of `role` (as the app is);
    `seed` fills the database first, as the owner's `softphone demo-data` would have;
    all_features installs every CRM feature as the app does (the call workspace among them)."""
    settings = Settings()
    settings.path = tmp_path / "settings.json"
    settings.call_center.company = "Связь Плюс"
    settings.call_center.operator_name = operator_name
    if engine is None:
        engine = SipEngine(
            EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True, log_level=1)
        )
        engine.start()
        engine.add_local_account(LocalAccountSettings(user="operator"))
    db = Database.open(db_url)
    if seed is not None:
        seed(db)
    principal = sign_in_desk(db, role)
    runner = TaskRunner()
    bridge = EngineBridge(engine)
    window = MainWindow(bridge, settings, runner, CallLogService(db), None, "test desk")
    qtbot.addWidget(window)
    desk = desk_of(window, db, principal)
    features = install_crm_features(desk) if all_features else None
    panels = features.call_panels if features else install_call_panels(desk)
    bridge.start()
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)  # script, phrases, dispositions
    return PanelDesk(engine, bridge, runner, db, window, panels, features)


def close_desk(desk: PanelDesk, *, shutdown_engine: bool = True) -> None:
    if desk.features is not None:  # the queue's LISTEN thread (PostgreSQL) ends before the window
        desk.features.queue.panel.shutdown()
    desk.bridge.stop()
    desk.runner.shutdown()
    if shutdown_engine:
        desk.engine.shutdown()
    for call in desk.window.call_list.calls():  # else closing the window asks "hang up?"
        desk.window.call_list.remove(call.call_id)
    desk.db.dispose()
    desk.window.hide()


def call_from(processes: Processes, desk: PanelDesk, number: str, *, talk_ms: int = 300,
              busy: bool = False, until_bye: bool = False) -> Any:
    """sipp calls the desk from `number`; with busy=True it succeeds only on a 486; with
    until_bye=True (caller-ID name «Наталья С») it talks until the desk hangs up."""
    name = "uac_caller_busy.xml" if busy else "uac_caller.xml"
    scenario = SCENARIOS / ("uac_caller_until_bye.xml" if until_bye else name)
    return processes.start(
        "sipp",
        ["sipp", "-sf", str(scenario), "-key", "caller", number, "-s", "operator",
         "-i", "127.0.0.1", "-p", str(free_port()), "-mp", str(sipp_media_port()),
         "-m", "1", "-d", str(talk_ms), "-nostdin", "-timeout", "20s", "-timeout_error",
         desk.address],
    )
