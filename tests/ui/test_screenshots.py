"""Screenshots of the real app on a real X server (Xvfb): idle, ringing, in a call, and the
agent status control with its menu after the call.

The app runs as a separate process with SOFTPHONE_SCREENSHOTS set, signed in as an operator
with --user/--password-stdin; sipp calls it, the app's screenshot driver answers like an
operator and saves window grabs. They go to a temporary folder; with
UPDATE_SCREENSHOTS=1 they replace the README's pictures in docs/screenshots/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from softphone.crm.db import Database
from softphone.crm.demo.people import load_demo
from tests.sip.sip_helpers import Processes, free_port, sipp_media_port
from tests.ui.session_helpers import (
    REPO,
    add_user_with_cli,
    app_env,
    app_sip_port,
    start_signed_in,
    wait_for_log,
)
from tests.ui.xvfb_helpers import start_xvfb

README_SHOTS = REPO / "docs" / "screenshots"
SCENARIO = Path(__file__).with_name("scenarios") / "uac_named_caller.xml"


@pytest.fixture
def display(processes: Processes) -> str:
    """A private Xvfb on the first free display number; killed by pid at teardown."""
    return start_xvfb(processes, 140)


def distinct_colours(path: Path) -> int:
    image = QImage(str(path))
    assert not image.isNull(), path
    step_x, step_y = max(1, image.width() // 60), max(1, image.height() // 60)
    return len({
        image.pixel(x, y)
        for x in range(0, image.width(), step_x)
        for y in range(0, image.height(), step_y)
    })


@pytest.mark.timeout(120)
def test_idle_ringing_and_in_call_screenshots(
    tmp_path: Path, processes: Processes, display: str
) -> None:
    shots = README_SHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path / "shots"
    shots.mkdir(exist_ok=True)
    config = tmp_path / "config"
    env = app_env(config, DISPLAY=display, QT_QPA_PLATFORM="xcb",
                  SOFTPHONE_SCREENSHOTS=str(shots))
    db = Database.open(f"sqlite:///{config / 'crm.db'}")
    load_demo(db)  # a realistic history panel in the pictures
    db.dispose()
    add_user_with_cli(f"sqlite:///{config / 'crm.db'}", "anna", name="Анна")  # the script's name
    for name in ("idle", "ringing", "in-call", "agent-status"):
        (shots / f"{name}.png").unlink(missing_ok=True)

    app = start_signed_in(
        processes, "app", [sys.executable, "-m", "softphone"], "anna", env=env, cwd=REPO
    )
    log_file = config / "logs" / "softphone.log"
    port = app_sip_port(log_file, app, 40)
    wait_for_log(log_file, "idle.png", app, 20)
    sipp = processes.start(
        "sipp",
        ["sipp", "-i", "127.0.0.1", "-p", str(free_port()), "-mp", str(sipp_media_port()),
         "-sf", str(SCENARIO), "-s", "operator", "-m", "1", "-nostdin", "-timeout", "40s",
         f"127.0.0.1:{port}"],
    )
    try:
        assert app.wait(60) == 0, log_file.read_text(errors="replace")[-3000:]
    except subprocess.TimeoutExpired:
        pytest.fail("the app did not finish its screenshots in 60 s")
    assert sipp.wait(10) == 0  # answered, then hung up by the app: the whole call worked
    for name in ("idle", "ringing", "in-call"):
        path = shots / f"{name}.png"
        assert path.exists(), name
        image = QImage(str(path))
        assert image.width() >= 760 and image.height() >= 560, (name, image.size())
        assert distinct_colours(path) > 20, f"{name}.png looks blank"
    assert os.path.getsize(shots / "ringing.png") != os.path.getsize(shots / "idle.png")
    status = QImage(str(shots / "agent-status.png"))  # the control with its menu open
    assert not status.isNull() and status.width() >= 200 and status.height() >= 100
    assert distinct_colours(shots / "agent-status.png") > 10
