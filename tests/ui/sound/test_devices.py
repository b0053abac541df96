"""The device list from our own libpulse connection, against a real (private) PulseAudio.

What `Devices` shows must be what the server has (`pactl -f json list sinks/sources`): the same
names (the ids settings keep) and descriptions, no monitor among the microphones; a sink loaded
or unloaded, a new default, a server that goes away or appears later reach it within a bound.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from softphone.sip.sound import SoundBuffers
from softphone.ui.sound import SoundPath, pulse_client
from softphone.ui.sound import devices as devices_module
from softphone.ui.sound import path as path_module
from softphone.ui.sound.devices import DeviceInfo, Devices, Kind
from tests.pulse_server import PulseServer

pytestmark = [pytest.mark.timeout(60)]
WITHIN_MS = 2000  # a local server answers in milliseconds; the bound leaves room for a busy CI


@pytest.fixture
def devices(pulse: PulseServer, qapp: object) -> Iterator[Devices]:
    listed = Devices()
    try:
        yield listed
    finally:
        listed.close()
        listed.deleteLater()
    assert pulse_client.active_clients() == 0  # close() gave the connection back


def _server_list(server: PulseServer, kind: str) -> list[tuple[bytes, str, bool]]:
    """(name, description, is a monitor) for each sink or source, from pactl's JSON (whose
    "monitor_source" of a source names the sink it monitors, "" for a real source)."""
    items = json.loads(server.pactl("-f", "json", "list", kind))
    return [(item["name"].encode(), item["description"],
             kind == "sources" and bool(item["monitor_source"])) for item in items]


def _ids(infos: list[DeviceInfo]) -> list[bytes]:
    return [info.id for info in infos]


def test_the_list_is_the_servers_without_monitors(devices: Devices, pulse: PulseServer) -> None:
    sinks, sources = _server_list(pulse, "sinks"), _server_list(pulse, "sources")
    assert any(monitor for *_, monitor in sources)  # the null sinks' monitors are there
    assert [(i.id, i.name) for i in devices.list(Kind.PLAYBACK)] == [(n, d) for n, d, _ in sinks]
    assert [(i.id, i.name) for i in devices.list(Kind.RINGER)] == [(n, d) for n, d, _ in sinks]
    microphones = [(n, d) for n, d, monitor in sources if not monitor]
    assert [(i.id, i.name) for i in devices.list(Kind.CAPTURE)] == microphones
    assert microphones == [(b"mic", "Microphone")]
    assert set(_ids(devices.list(Kind.PLAYBACK))) == {b"headset", b"speakers"}
    assert devices.default(Kind.PLAYBACK) == DeviceInfo(b"headset", "Headset", True)
    assert devices.default(Kind.CAPTURE) == DeviceInfo(b"mic", "Microphone", True)
    assert devices.name_of(Kind.PLAYBACK, b"speakers") == "Speakers"


def test_a_sink_loaded_and_unloaded_comes_and_goes(
    devices: Devices, pulse: PulseServer, qtbot: Any
) -> None:
    assert b"usb-headset" not in _ids(devices.list(Kind.PLAYBACK))
    with qtbot.waitSignal(devices.changed, timeout=WITHIN_MS):
        module = pulse.load_module(
            "module-null-sink",
            "sink_name=usb-headset sink_properties=device.description=USB-гарнитура")
    try:
        qtbot.waitUntil(lambda: b"usb-headset" in _ids(devices.list(Kind.PLAYBACK)),
                        timeout=WITHIN_MS)
        assert devices.name_of(Kind.RINGER, b"usb-headset") == "USB-гарнитура"
        assert b"usb-headset.monitor" not in _ids(devices.list(Kind.CAPTURE))
    finally:
        with qtbot.waitSignal(devices.changed, timeout=WITHIN_MS):
            pulse.pactl("unload-module", str(module))
    qtbot.waitUntil(lambda: b"usb-headset" not in _ids(devices.list(Kind.PLAYBACK)),
                    timeout=WITHIN_MS)


def test_a_new_default_sink_changes_default(
    devices: Devices, pulse: PulseServer, qtbot: Any
) -> None:
    assert devices.default(Kind.PLAYBACK).id == b"headset"  # type: ignore[union-attr]
    with qtbot.waitSignal(devices.changed, timeout=WITHIN_MS):
        pulse.pactl("set-default-sink", "speakers")
    try:
        qtbot.waitUntil(lambda: devices.default(Kind.PLAYBACK).id == b"speakers",  # type: ignore[union-attr]
                        timeout=WITHIN_MS)
        flags = {info.id: info.is_default for info in devices.list(Kind.PLAYBACK)}
        assert flags == {b"headset": False, b"speakers": True}
    finally:
        pulse.pactl("set-default-sink", "headset")
    qtbot.waitUntil(lambda: devices.default(Kind.PLAYBACK).id == b"headset",  # type: ignore[union-attr]
                    timeout=WITHIN_MS)


def test_a_saved_device_that_is_gone_resolves_to_the_default_moved(devices: Devices) -> None:
    there = devices.resolve(Kind.PLAYBACK, b"speakers")
    assert there.device is not None and (there.device.id, there.moved) == (b"speakers", False)
    gone = devices.resolve(Kind.PLAYBACK, b"alsa_output.usb-Jabra_Evolve-00.analog-stereo")
    assert gone.device is not None and (gone.device.id, gone.moved) == (b"headset", True)
    system = devices.resolve(Kind.CAPTURE, b"")
    assert system.device is not None and (system.device.id, system.moved) == (b"mic", False)


def test_a_server_that_appears_later_and_goes_away_is_followed(
    pulse: PulseServer, qapp: object, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """No server at first (empty lists, nothing raised, no wait), one appears, then it stops."""
    monkeypatch.setattr(devices_module, "RETRY_S", 0.2)
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/nothing-here")
    listed = Devices()
    server: PulseServer | None = None
    try:
        assert all(listed.list(kind) == [] for kind in Kind)
        assert listed.default(Kind.PLAYBACK) is None
        server = PulseServer(sinks=(("later", "Later"),)).start()
        monkeypatch.setenv("PULSE_SERVER", server.env["PULSE_SERVER"])
        with qtbot.waitSignal(listed.changed, timeout=5000):  # the next retry finds it
            pass
        assert _ids(listed.list(Kind.PLAYBACK)) == [b"later"]
        assert _ids(listed.list(Kind.CAPTURE)) == [b"mic"]
        with qtbot.waitSignal(listed.changed, timeout=WITHIN_MS):
            server.stop()
        assert all(listed.list(kind) == [] for kind in Kind)
    finally:
        listed.close()
        listed.deleteLater()
        if server is not None:
            server.stop()
    assert pulse_client.active_clients() == 0


def test_closed_it_lets_go_and_opened_again_it_lists_and_follows(
    devices: Devices, pulse: PulseServer, qtbot: Any
) -> None:
    """SoundPath.stop() closes the list (the connection goes when no stream holds it) and
    start() opens it again."""
    assert devices.list(Kind.CAPTURE)
    devices.close()
    assert pulse_client.active_clients() == 0
    assert all(devices.list(kind) == [] for kind in Kind)  # closed, it knows nothing
    devices.open()
    assert _ids(devices.list(Kind.CAPTURE)) == [b"mic"]
    with qtbot.waitSignal(devices.changed, timeout=WITHIN_MS):
        pulse.pactl("set-default-source", "headset.monitor")
    try:
        qtbot.waitUntil(lambda: not devices.list(Kind.CAPTURE)[0].is_default, timeout=WITHIN_MS)
        assert devices.default(Kind.CAPTURE) == DeviceInfo(b"mic", "Microphone", False)
    finally:
        pulse.pactl("set-default-source", "mic")


def test_a_sound_server_that_never_answers_does_not_hold_up_the_sound_paths_start(
    qapp: object, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A desktop whose sound server accepts but hangs: the window must not freeze on it.

    start() used to wait for the first list on the GUI thread (up to FIRST_LIST_S)."""
    monkeypatch.setattr(devices_module, "FIRST_LIST_S", 5.0)
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.bind(str(tmp_path / "silent"))
    silent.listen(4)  # connections are taken by the kernel, and nobody ever answers them
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'silent'}")
    path = SoundPath(SoundBuffers())
    try:
        started = time.monotonic()
        path.start(b"mic", b"headset", b"speakers")
        assert time.monotonic() - started < 2.5  # not the 5 s wait for the server
        assert not path.devices.known
        assert path.status == ""  # nothing known yet: no "no sound device" claim either
        with qtbot.waitSignal(path.statusChanged, timeout=path_module.SILENT_SERVER_MS + 2000):
            pass
        assert path.status == ("The sound server does not answer: calls connect, but nothing "
                               "is heard or sent")
        assert not path.devices.known
    finally:
        path.stop()
        silent.close()
    assert pulse_client.active_clients() == 0


def test_the_sound_path_starts_on_the_servers_first_answer(
    pulse: PulseServer, qapp: object, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Devices when the list comes; the "no sound device" status when no server answers."""
    path = SoundPath(SoundBuffers())
    try:
        path.start(b"mic", b"headset", b"speakers")
        qtbot.waitUntil(lambda: path.current_name(Kind.PLAYBACK) == "Headset", timeout=WITHIN_MS)
        assert path.current_name(Kind.RINGER) == "Speakers"
        assert path.current_name(Kind.CAPTURE) == "Microphone" and path.status == ""
    finally:
        path.stop()
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/nothing-here")
    nowhere = SoundPath(SoundBuffers())
    try:
        with qtbot.waitSignal(nowhere.statusChanged, timeout=WITHIN_MS) as said:
            nowhere.start(b"mic", b"headset", b"speakers")
        assert said.args == ["No sound device: calls connect, but nothing is heard or sent"]
    finally:
        nowhere.stop()
    assert pulse_client.active_clients() == 0
