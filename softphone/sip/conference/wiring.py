"""Which conference-bridge ports of the legs of a three-way call transmit to which.

Each talking leg's audio goes to every other talking leg; a held leg neither sends nor gets.
A leg's call recording (its far end and the operator) gets the other talking legs too, so the
recording of a conference holds everyone who spoke in it. PJSIP's bridge does the mixing in
its clock thread; Python only connects ports.
"""

from __future__ import annotations

import contextlib
from itertools import permutations

import pjsua2 as pj

from softphone.sip.call_control import bound
from softphone.sip.calls import SipCall

_TALKING = (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD)


def leg_audio(call: SipCall) -> pj.AudioMedia | None:
    """The call's audio port on the bridge while it can carry sound, else None."""
    if call.on_hold or not bound(call):
        return None
    for index, status in call.audio_streams:
        if status in _TALKING:
            try:
                return call.getAudioMedia(index)
            except pj.Error:
                return None
    return None


def bridge_legs(legs: list[SipCall]) -> None:
    """Each talking leg to every other talking leg; connections to a held leg are cut."""
    ports = {leg.call_id: leg_audio(leg) for leg in legs}
    for a, b in permutations(legs, 2):
        source, sink = ports[a.call_id], ports[b.call_id]
        if source is None or sink is None:
            stop(a, b)
            continue
        with contextlib.suppress(pj.Error):
            source.startTransmit(sink)
            if b.media is not None and b.media.recorder is not None:
                source.startTransmit(b.media.recorder)


def unbridge_legs(legs: list[SipCall]) -> None:
    for a, b in permutations(legs, 2):
        stop(a, b)


def stop(a: SipCall, b: SipCall) -> None:
    """Stop a's audio going to b and b's recording (PJSIP says ENOTFOUND if it was not)."""
    if not (bound(a) and bound(b)):
        return
    recorder = b.media.recorder if b.media is not None else None
    for ia, _ in a.audio_streams:
        for ib, _ in b.audio_streams:
            with contextlib.suppress(pj.Error):
                a.getAudioMedia(ia).stopTransmit(b.getAudioMedia(ib))
        if recorder is not None:
            with contextlib.suppress(pj.Error):
                a.getAudioMedia(ia).stopTransmit(recorder)
