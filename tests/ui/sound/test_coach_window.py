"""The live speech hints in the real window, on a real call through the private PulseAudio:
the far end speaks espeak-ng Russian into the call, the operator into the FIFO microphone;
the meters under the call show loudness and pace, hide with one click (remembered), hold
keeps the pause warning off, and the call's figures reach the CRM once it is logged.
With UPDATE_SCREENSHOTS=1 the window during the call replaces docs/screenshots/coaching.png."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sound_desk import Peer, Processes, operator_window

from softphone.crm.coaching.service import CoachingService
from softphone.crm.db import Database
from softphone.settings import Settings
from softphone.sip import CallState, SipEngine
from softphone.ui.coaching.controller import CoachController
from softphone.ui.coaching.setup import install_coaching
from softphone.ui.i18n import install_translator, remove_translators
from softphone.ui.main_window import MainWindow
from tests.coaching.speech import TEXTS, make_speech
from tests.pulse_server import PulseServer
from tests.ui.session_helpers import REPO, desk_of

pytestmark = [pytest.mark.timeout(120), pytest.mark.slow]
SHOT = REPO / "docs" / "screenshots" / "coaching.png"


@pytest.fixture
def window(
    pulse: PulseServer, qapp: Any, qtbot: Any, tmp_path: Path
) -> Iterator[tuple[MainWindow, SipEngine, CoachController, Database]]:
    translators = install_translator(qapp, "ru")  # as the operators see it
    try:
        with operator_window(tmp_path, qtbot, settle_ms=1500) as desk:
            win = desk.window
            coach = install_coaching(desk_of(win, desk.db, desk.principal))
            win.resize(1100, 760)
            try:
                yield win, desk.engine, coach, desk.db
            finally:
                coach.stop()
    finally:
        remove_translators(qapp, translators)


def test_the_hints_follow_a_real_call_hide_and_the_figures_are_saved(
    window: tuple[MainWindow, SipEngine, CoachController, Database], pulse: PulseServer,
    qtbot: Any, tmp_path: Path,
) -> None:
    win, engine, coach, db = window
    meters = coach.meters
    assert meters.isHidden()  # no call, no hints
    caller = make_speech(tmp_path, TEXTS[0], 160, pad_s=(0.3, 0.0))
    mine = make_speech(tmp_path, TEXTS[1], 150, volume=0.7)
    processes = Processes(tmp_path)
    try:
        peer = Peer(processes)
        account = peer.send("account caller")
        us = f"sip:operator@{engine.transports['udp']}"
        theirs = int(peer.send(f"dial {account} {us}"))  # type: ignore[call-overload]
        qtbot.waitUntil(lambda: win.call_list.ringing_call() is not None, timeout=5000)
        win.controller.answer()
        qtbot.waitUntil(lambda: any(c.state is CallState.CONFIRMED and c.media_active
                                    for c in win.call_list.calls()), timeout=5000)
        qtbot.waitUntil(meters.isVisible, timeout=2000)
        peer.send(f"play {theirs} {caller.path}")
        qtbot.wait(int(caller.seconds * 1000) + 500)
        pulse.feeder.write(mine.pcm)
        qtbot.wait(int(mine.seconds * 1000) + 800)
        assert meters.loudness.text() in ("хорошо", "тихо", "громко"), meters.loudness.text()
        assert meters.pace.text() != "—", "no pace after both sides spoke"
        assert "%" in meters.share.text()
        assert meters.pace.text().endswith("собеседника"), meters.pace.text()
        shots = SHOT.parent if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
        assert win.grab().save(str(shots / SHOT.name))

        meters.toggle.click()  # the operator hides the hints: remembered, still measured
        assert meters.body.isHidden()
        assert Settings.load(win.settings.path).audio.coach_meters is False

        call_id = next(c.call_id for c in win.call_list.calls())
        win.controller.toggle_hold(call_id)  # on hold nobody is expected to speak
        qtbot.waitUntil(lambda: win.call_list.calls()[0].on_hold, timeout=3000)
        qtbot.wait(6500)
        held = coach.tap.snapshot()
        assert held is not None and not held.pause_warning and held.silence_s == 0.0
        win.controller.toggle_hold(call_id)
        qtbot.waitUntil(lambda: not win.call_list.calls()[0].on_hold, timeout=3000)
        win.controller.hangup(call_id)
        qtbot.waitUntil(lambda: bool(coach.saved), timeout=10000)
        saved = CoachingService(db).for_calls(coach.saved)
        figures = saved[coach.saved[-1]]
        assert figures.caller_rate is not None and figures.operator_rate is not None
        assert figures.talk_s > 2.0 and figures.listen_s > 3.0
        assert figures.operator_dbfs is not None and figures.operator_dbfs < -6.0
        assert meters.isHidden()  # the call is over
        peer.quit()
    finally:
        processes.stop_all()
