"""A private PulseAudio for the sound path tests, one per test session.

The server is started (and its address put into the environment) before the first device
list or stream, and kept for the session; tests that unplug a sink plug it back in.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pulse_server import PulseServer

_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:  # the tests import sound_desk whatever pytest's import mode is
    sys.path.insert(0, _HERE)


@pytest.fixture(scope="session")
def pulse() -> Iterator[PulseServer]:
    server = PulseServer().start()
    saved = {key: os.environ.get(key) for key in server.env}
    os.environ.update(server.env)
    try:
        yield server
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.stop()


@pytest.fixture(scope="session")
def far_speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Russian phrase from espeak-ng at 16 kHz mono, repeated to last about 4 s."""
    import subprocess

    folder = tmp_path_factory.mktemp("speech")
    raw, path = folder / "raw.wav", folder / "speech.wav"
    subprocess.run(["espeak-ng", "-v", "ru", "-w", str(raw),
                    "Здравствуйте, чем могу помочь? Оператор слушает вас."],
                   check=True, timeout=20)
    subprocess.run(["sox", str(raw), "-r", "16000", "-b", "16", "-c", "1", str(path),
                    "repeat", "1"], check=True, timeout=20)
    return path


@pytest.fixture(autouse=True)
def awake_sinks(request: pytest.FixtureRequest) -> Iterator[None]:
    """Keep the null sinks rendering as a sound card would.

    An idle null sink (no stream, no reader) sleeps in 2 s blocks, so a stream opened on it
    plays up to 2 s late; the sound path opens its streams only when something is to be
    heard. A 10 ms reader of each monitor keeps the sinks in small blocks, like hardware.
    """
    if "pulse" not in request.fixturenames:
        yield
        return
    server: PulseServer = request.getfixturevalue("pulse")
    readers = [server.recorder(f"{name}.monitor") for name in ("headset", "speakers")]
    try:
        yield
    finally:
        for reader in readers:
            reader.stop()
