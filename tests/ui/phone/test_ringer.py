"""The ringer drives the real engine's tone player (null sound device) and never raises."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from softphone.resources import resource_path
from softphone.settings import Settings
from softphone.ui.phone.ringer import Ringer, RingState

pytestmark = pytest.mark.timeout(30)

RINGTONE = str(resource_path("sounds", "ringtone.wav"))
CALL_WAITING = str(resource_path("sounds", "call-waiting.wav"))


@pytest.mark.parametrize("name", ["ringtone.wav", "call-waiting.wav"])
def test_bundled_sounds_are_short_16k_mono_pcm(name) -> None:
    with wave.open(str(resource_path("sounds", name)), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 16000)
        assert 1.0 <= wav.getnframes() / wav.getframerate() <= 5.0


def test_ring_loops_the_ringtone_at_the_settings_volume(engine) -> None:
    settings = Settings()
    settings.audio.ring_volume = 0.5
    ringer = Ringer(engine, settings)
    ringer.ring()
    assert ringer.state is RingState.RINGING
    assert engine.tone_playing
    assert engine.tones == [(RINGTONE, True, 0.5, True)]
    ringer.ring()  # a second INVITE while ringing does not restart the tone
    assert len(engine.tones) == 1
    ringer.stop()
    assert ringer.state is RingState.IDLE
    assert not engine.tone_playing
    ringer.stop()  # idempotent


def test_ring_again_after_someone_else_stopped_the_tone(engine) -> None:
    ringer = Ringer(engine, Settings())
    ringer.ring()
    engine.stop_tone()  # e.g. the settings dialog's test sound ended meanwhile
    ringer.ring()
    assert engine.tone_playing and len(engine.tones) == 2
    ringer.stop()


def test_call_waiting_replaces_ringing_and_is_quieter(engine) -> None:
    settings = Settings()
    settings.audio.ring_volume = 1.0
    ringer = Ringer(engine, settings)
    ringer.ring()
    ringer.call_waiting()
    assert ringer.state is RingState.WAITING
    path, loop, volume, started = engine.tones[-1]
    assert (path, loop, started) == (CALL_WAITING, True, True)
    assert volume < 1.0
    assert engine.tone_playing
    ringer.stop()
    assert not engine.tone_playing


def test_operator_ringtone_used_and_setting_changes_apply_next_ring(engine, tmp_path) -> None:
    own = tmp_path / "мой звонок.wav"
    own.write_bytes(Path(RINGTONE).read_bytes())
    settings = Settings()
    ringer = Ringer(engine, settings)
    settings.audio.ringtone = str(own)
    ringer.ring()
    ringer.stop()
    settings.audio.ring_volume = 0.2
    ringer.ring()
    assert [(t[0], t[2]) for t in engine.tones] == [(str(own), 0.8), (str(own), 0.2)]
    ringer.stop()


@pytest.mark.parametrize("problem", ["missing", "not-a-wav"])
def test_broken_ringtone_falls_back_to_the_bundled_one(engine, tmp_path, problem) -> None:
    bad = tmp_path / "broken.wav"
    if problem == "not-a-wav":
        bad.write_text("это не звук")
    settings = Settings()
    settings.audio.ringtone = str(bad)
    ringer = Ringer(engine, settings)
    ringer.ring()  # must not raise: the operator still has to see and answer the call
    assert engine.tone_playing
    assert engine.tones[-1][0] == RINGTONE and engine.tones[-1][3]
    ringer.stop()
