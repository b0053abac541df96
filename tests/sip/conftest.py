"""Fixtures for the SIP engine tests: engines on 127.0.0.1, real peers started and killed by pid.

Everything binds to 127.0.0.1 on ports the OS picked, because other engineers run their
tests on this machine at the same time.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.sip import LocalAccountSettings, SipEngine
from softphone.sip.sound import SoundBuffers

_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:  # the tests import sip_helpers whatever pytest's import mode is
    sys.path.insert(0, _HERE)

from sip_helpers import EventLog, engine_config  # noqa: E402


@pytest.fixture
def engine() -> Iterator[SipEngine]:
    eng = SipEngine(engine_config())
    eng.start()
    try:
        yield eng
    finally:
        eng.shutdown()


@pytest.fixture
def operator() -> Iterator[tuple[SipEngine, str]]:
    """An engine with the sound path's PCM buffers attached and a local account: the
    operator's desk in the sound and conference tests (their device clock drives it)."""
    engine = SipEngine(engine_config())
    engine.attach_sound(SoundBuffers())
    engine.start()
    try:
        yield engine, engine.add_local_account(LocalAccountSettings(user="operator"))
    finally:
        engine.shutdown()


@pytest.fixture
def events(engine: SipEngine) -> EventLog:
    return EventLog(engine)


@pytest.fixture(scope="session")
def tone_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seconds of 440 Hz at half scale, 16 kHz mono (sox)."""
    path = tmp_path_factory.mktemp("audio") / "tone.wav"
    subprocess.run(
        ["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(path),
         "synth", "2", "sine", "440", "vol", "0.5"],
        check=True, timeout=20,
    )
    return path


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Russian phrase from espeak-ng, resampled to 16 kHz mono."""
    folder = tmp_path_factory.mktemp("speech")
    raw, path = folder / "raw.wav", folder / "speech.wav"
    subprocess.run(
        ["espeak-ng", "-v", "ru", "-w", str(raw), "Здравствуйте, чем могу помочь?"],
        check=True, timeout=20,
    )
    subprocess.run(
        ["sox", str(raw), "-r", "16000", "-b", "16", "-c", "1", str(path)], check=True, timeout=20
    )
    return path
