"""Audio devices, tones, the microphone meter and the no-sound-card fallback on this machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sip_helpers import engine_config

from softphone.sip import AudioStatus, SipEngine
from softphone.sip.media import LevelMeter, open_player

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def sound_card_engine() -> Iterator[SipEngine]:
    """An engine that asks for a real sound card; this CI machine has none."""
    engine = SipEngine(engine_config(null_audio=False, capture_device="USB Headset"))
    engine.start()
    yield engine
    engine.shutdown()


def test_without_a_sound_card_the_engine_falls_back_to_the_null_device_and_says_so(
    sound_card_engine: SipEngine,
) -> None:
    engine = sound_card_engine
    published: list[object] = []
    engine.subscribe(published.append)
    engine.pump(0)
    status = engine.audio_status
    assert engine.audio_devices() == []  # nothing to choose from here
    assert status.null_device and "не найдена" in status.message
    assert published and isinstance(published[0], AudioStatus) and published[0] == status
    again = engine.set_audio_devices("USB Headset", "Speakers")
    assert again.null_device  # still no card: no exception, a status the UI can show


def test_tone_plays_on_the_null_device_without_raising(engine: SipEngine, tone_wav: Path) -> None:
    assert engine.start_tone(str(tone_wav), loop=True, volume=0.5)
    assert engine.tone_playing
    engine.pump(50)
    engine.stop_tone()
    assert not engine.tone_playing
    assert engine.start_tone("/nonexistent/ring.wav") is False  # logged, not raised
    assert not engine.tone_playing


def test_capture_level_is_zero_on_the_null_device(engine: SipEngine) -> None:
    assert engine.capture_level() == 0.0


def test_level_meter_measures_what_is_transmitted_into_it(
    engine: SipEngine, tone_wav: Path
) -> None:
    """The port capture_level() uses on a real microphone, fed here by a WAV player."""
    meter = LevelMeter()
    player = open_player(str(tone_wav), loop=True)
    player.startTransmit(meter)
    engine.wait_for(lambda: meter.level > 0.05, 3)
    level = meter.level
    player.stopTransmit(meter)
    assert 0.2 < level < 0.5  # a sine at half scale has RMS 0.354
