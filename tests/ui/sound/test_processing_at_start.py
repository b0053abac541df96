"""Echo cancellation saved as on: the desk starts it off the GUI thread.

numpy and WebRTC's audio processing take 60-110 ms to load; at start the window has just
been shown, so `app._start_sound` hands that to a thread of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from softphone.settings import Settings
from softphone.sip import EngineConfig, SipEngine
from softphone.sip.sound import SoundBuffers
from softphone.ui import app
from tests.pulse_server import PulseServer

pytestmark = [pytest.mark.timeout(60)]


@pytest.fixture
def engine(pulse: PulseServer, qapp: object) -> Iterator[SipEngine]:
    engine = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True,
                                    log_level=1))
    engine.start()
    try:
        yield engine
    finally:
        engine.shutdown()


@pytest.fixture
def threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of each thread that switched the microphone's processing (the real switch)."""
    seen: list[str] = []
    real = SoundBuffers.set_processing

    def noted(self: SoundBuffers, settings: Any) -> None:
        seen.append(threading.current_thread().name)
        real(self, settings)

    monkeypatch.setattr(SoundBuffers, "set_processing", noted)
    return seen


def test_echo_cancellation_saved_as_on_starts_off_the_gui_thread(
    engine: SipEngine, threads: list[str], qtbot: Any
) -> None:
    settings = Settings()
    settings.audio.echo_cancellation = settings.audio.noise_suppression = True
    path = app._start_sound(engine, settings)
    assert path is not None
    try:
        qtbot.waitUntil(lambda: path.buffers.processing is not None, timeout=10_000)
        processing = path.buffers.processing
        assert processing is not None
        assert processing.echo_cancellation and processing.noise_suppression
        assert not processing.auto_gain_control
        assert threads == ["sound-processing"]
    finally:
        path.stop()


def test_with_processing_off_nothing_is_loaded_for_it(
    engine: SipEngine, threads: list[str], qtbot: Any
) -> None:
    settings = Settings()
    settings.audio.echo_cancellation = False
    settings.audio.noise_suppression = settings.audio.gain_control = False
    path = app._start_sound(engine, settings)
    assert path is not None
    try:
        qtbot.wait(300)
        assert threads == [] and path.buffers.processing is None
    finally:
        path.stop()
