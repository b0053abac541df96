"""Start-up opens the sound path after the window (issue #15); the ringer catches up.

An engine of its own: test_ringer.py's module engine has no sound path and must keep none.
"""

from __future__ import annotations

import pytest

from softphone.settings import Settings
from softphone.ui.phone.ringer import Ringer, RingState

pytestmark = pytest.mark.timeout(30)


def test_replay_moves_a_ring_that_began_before_the_sound_path_onto_its_ringer() -> None:
    """Start-up opens the sound path once the window is up (issue #15): a call that rang
    before played to PJSIP's null device; replay() rings again where the operator hears it."""
    from softphone.sip.config import EngineConfig
    from softphone.sip.engine import SipEngine

    engine = SipEngine(
        EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True, log_level=1)
    )
    engine.start()
    try:
        ringer = Ringer(engine, Settings())
        ringer.ring()
        buffers = engine.attach_sound()  # what app.py does after the window is mapped
        assert engine.tone_playing and not buffers.ringer_wanted  # ringing to no device
        ringer.replay()
        assert ringer.state is RingState.RINGING
        assert engine.tone_playing and buffers.ringer_wanted  # the ringer device is asked for
        ringer.stop()
        assert not buffers.ringer_wanted
        ringer.replay()  # idle: nothing starts
        assert ringer.state is RingState.IDLE and not engine.tone_playing
    finally:
        engine.shutdown()
