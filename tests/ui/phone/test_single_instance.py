"""One softphone per user: a second start hands its link to the first and exits 0."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from softphone.ui.phone.single_instance import (
    CONNECT_TIMEOUT_MS,
    LinkInbox,
    SingleInstance,
    send_to_running,
    socket_path,
)
from tests.sip.sip_helpers import Processes
from tests.ui.phone_helpers import start_sipp
from tests.ui.session_helpers import add_user_with_cli, app_env, start_signed_in, wait_for_log

REPO = Path(__file__).resolve().parents[3]


def test_second_instance_hands_its_link_to_the_first(qtbot) -> None:
    key = f"softphone-test-{uuid.uuid4().hex[:8]}"
    first, second = SingleInstance(key), SingleInstance(key)
    assert first.acquire()
    try:
        assert not second.acquire()  # someone is listening: do not start a second phone
        with qtbot.waitSignal(first.message_received, timeout=3000) as got:
            assert send_to_running(key, "tel:+79123456789")
        assert got.args == ["tel:+79123456789"]
    finally:
        first.release()
    assert not send_to_running(key, "tel:+7", timeout_ms=200)  # nobody listens any more
    assert second.acquire()  # and the next start becomes the first
    second.release()


@pytest.mark.timeout(90)
def test_second_start_with_a_sip_link_exits_0_and_the_running_app_dials_it(
    tmp_path: Path, processes: Processes
) -> None:
    messages = tmp_path / "sipp-messages.log"
    sipp, sipp_port = start_sipp(
        processes, "-sn", "uas", "-trace_msg", "-message_file", str(messages)
    )
    env = app_env(tmp_path / "config")
    add_user_with_cli(f"sqlite:///{tmp_path / 'config' / 'crm.db'}", "anna")
    log_file = tmp_path / "config" / "logs" / "softphone.log"
    first = start_signed_in(
        processes, "app", [sys.executable, "-m", "softphone"], "anna", env=env, cwd=REPO
    )
    wait_for_log(log_file, "local account", first, 30)
    assert "Signed in as anna (operator)" in log_file.read_text(errors="replace")

    link = f"sip:service@127.0.0.1:{sipp_port}"
    second = subprocess.run(
        [sys.executable, "-m", "softphone", link], env=env, cwd=REPO, timeout=30,
        capture_output=True,
    )
    assert second.returncode == 0, second.stderr[-2000:]
    # The first one dialled, and the call is up: its ACK has reached sipp. Quitting while the
    # call still rang would send CANCEL, which sipp's uas scenario counts as a failed call.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not _acked(messages):
        time.sleep(0.1)
    assert "INVITE sip:service@" in _read(messages)
    assert _acked(messages), _read(messages)[-3000:]

    os.kill(first.pid, signal.SIGTERM)  # a normal quit: the engine hangs up and shuts down
    assert first.wait(20) == 0
    assert sipp.wait(10) == 0, _read(messages)[-3000:]  # sipp got its BYE: the call ended cleanly
    assert "SIP engine stopped" in log_file.read_text(errors="replace")


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


def _acked(messages: Path) -> bool:
    """sipp's message log holds the dialled INVITE and, after it, the ACK to sipp's 200."""
    text = _read(messages)
    invite = text.find("INVITE sip:service@")
    return invite >= 0 and "\nACK sip:" in text[invite:]


def test_a_crashed_instances_socket_file_is_taken_over_and_kept_user_only(qtbot) -> None:
    key = f"softphone-test-{uuid.uuid4().hex[:8]}"
    path = socket_path(key)
    crashed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    crashed.bind(str(path))  # a listener that died without removing its file
    crashed.close()
    assert path.exists() and not send_to_running(key, "tel:+7", timeout_ms=200)
    first = SingleInstance(key)
    assert first.acquire()  # nobody answered on the old file: this start is the first
    try:
        assert stat.S_ISSOCK(path.stat().st_mode)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the user's own
        with qtbot.waitSignal(first.message_received, timeout=3000) as got:
            assert send_to_running(key, "sip:service@127.0.0.1")
        assert got.args == ["sip:service@127.0.0.1"]
    finally:
        first.release()
    assert not path.exists()  # closed cleanly: the file goes too


def _closed_by_peer(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False


def test_a_peer_that_never_finishes_its_line_is_cut_off_and_blocks_nobody(qtbot) -> None:
    key = f"softphone-test-{uuid.uuid4().hex[:8]}"
    first = SingleInstance(key)
    assert first.acquire()
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        silent.connect(str(socket_path(key)))
        silent.sendall(b"tel:+7912")  # no newline, and it stays connected
        with qtbot.waitSignal(first.message_received, timeout=3000) as got:
            assert send_to_running(key, "tel:+79123456789")
        assert got.args == ["tel:+79123456789"]
        silent.setblocking(False)
        started = time.monotonic()
        qtbot.waitUntil(lambda: _closed_by_peer(silent), timeout=4000)
        assert time.monotonic() - started < CONNECT_TIMEOUT_MS / 1000 * 2
    finally:
        silent.close()
        first.release()


def test_a_link_clicked_while_signing_in_is_dialled_once_the_window_is_up(qtbot) -> None:
    """The sign-in dialog runs its own event loop before any window can dial: the links other
    starts hand over meanwhile are kept, the last one is dialled when the window takes over."""
    key = f"softphone-test-{uuid.uuid4().hex[:8]}"
    first = SingleInstance(key)
    assert first.acquire()
    inbox = LinkInbox(first)
    sent: list[bool] = []
    try:
        def other_starts() -> None:  # browser clicks, each a second start of the app
            for link in ("tel:+79001112233", "tel:+79123456789", ""):
                sent.append(send_to_running(key, link))

        sign_in = QDialog()
        clicks = threading.Thread(target=other_starts)
        QTimer.singleShot(0, clicks.start)
        QTimer.singleShot(1500, sign_in.accept)  # the operator signs in
        sign_in.exec()
        clicks.join(5)
        assert sent == [True, True, True]
        assert inbox.last == "tel:+79123456789"  # the last link; the empty message kept it

        dialled: list[str] = []
        inbox.hand_to(dialled.append)  # the window is up
        qtbot.waitUntil(lambda: dialled == ["tel:+79123456789"], timeout=3000)
        assert send_to_running(key, "sip:service@127.0.0.1")  # from now on, straight through
        qtbot.waitUntil(lambda: dialled[-1:] == ["sip:service@127.0.0.1"], timeout=3000)
        assert dialled == ["tel:+79123456789", "sip:service@127.0.0.1"]
    finally:
        first.release()
