"""A real call (sipp with RTP) recorded by policy in the real window: the operator sees the
indicator, the file is encrypted after hang-up (no clear WAV left), and a supervisor's tab plays
it back through the engine, audited."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.auth import AuditService, Role, UserService
from softphone.crm.recordings.service import RecordingPolicy, RecordingService
from softphone.secrets import SecretStore
from softphone.ui.admin.recordings_page import RecordingsPage
from softphone.ui.phone.call_recorder import CallRecorder
from tests.sip.sip_helpers import Processes
from tests.ui.call_panel_helpers import PanelDesk, call_from, close_desk, open_desk
from tests.ui.session_helpers import ADMIN, principal_of

pytestmark = pytest.mark.timeout(90)
PASSWORD = "пароль для теста"


@pytest.fixture
def desk(tmp_path: Path, qtbot) -> Iterator[PanelDesk]:
    opened = open_desk(f"sqlite:///{tmp_path / 'crm.sqlite3'}", tmp_path, qtbot)
    yield opened
    close_desk(opened)


def test_policy_recorded_call_is_encrypted_and_played_by_a_supervisor(
    desk: PanelDesk, processes: Processes, qtbot, tmp_path: Path
) -> None:
    db = desk.db
    admin = principal_of(db, ADMIN)  # open_desk signed an operator in; the admin came first
    UserService(db, admin).create("boss", PASSWORD, Role.SUPERVISOR)
    boss = UserService(db).sign_in("boss", PASSWORD)
    store = SecretStore.encrypted_file("мастер", tmp_path / "keyring.cfg")
    folder = tmp_path / "recordings"
    RecordingService(db, folder, store, admin).set_policy(RecordingPolicy(True, 30))

    recorder = CallRecorder(desk.bridge, desk.runner, RecordingService(db, folder, store), folder)
    desk.window.statusBar().addPermanentWidget(recorder.indicator)
    qtbot.waitUntil(lambda: recorder.enabled, timeout=5000)

    # The caller talks until the operator hangs up, and the operator hangs up once more than a
    # second is recorded: on a talk timer of the caller's own, a recorder started late by a
    # busy GUI thread got less than the second checked below (and the indicator's moment).
    sipp = call_from(processes, desk, "+79161234567", until_bye=True)
    qtbot.waitUntil(lambda: desk.window.call_list.ringing_call() is not None, timeout=5000)
    assert desk.window.controller.answer()
    qtbot.waitUntil(recorder.indicator.isVisible, timeout=5000)  # the operator sees it
    incoming = list((folder / "incoming").glob("*.wav"))
    assert len(incoming) == 1
    wav_bytes = 44 + 2 * 16_000 * 1.2  # 1.2 s at the bridge's clock (PJSIP's 16 kHz, 16-bit)
    qtbot.waitUntil(lambda: incoming[0].stat().st_size > wav_bytes, timeout=10_000)
    desk.window.controller.hangup()
    qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=15000)
    assert sipp.returncode == 0, processes.output(sipp)
    qtbot.waitUntil(lambda: not recorder.indicator.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: len(list(folder.glob("*.rec"))) == 1, timeout=5000)
    qtbot.waitUntil(lambda: not desk.runner.busy, timeout=5000)  # the row follows the file
    assert not incoming[0].exists()  # the clear WAV is gone once encrypted

    page = RecordingsPage(RecordingService(db, folder, store, boss), boss, desk.runner, desk.bridge)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=5000)
    assert not page.enabled.isEnabled()  # the policy is the admin's
    page.list.setCurrentRow(0)
    page.play_selected()
    qtbot.waitUntil(lambda: page._playing is not None, timeout=5000)
    with wave.open(str(page._playing), "rb") as played:  # a real, decrypted WAV of the call
        assert played.getnframes() > played.getframerate()  # more than a second
    assert desk.engine.tone_playing
    page.shutdown()
    entries = AuditService(db).entries(admin)
    assert [(e.actor, e.action) for e in entries[:1]] == [("boss", "recording.play")]
