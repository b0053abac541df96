"""Which call keys are live and whether the ringer rings, from the calls on the list now.

Run after every change to the calls, so a key is never offered for a call that cannot take it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from softphone.sip.events import CallState
from softphone.ui.conference.bar import ConferenceBar
from softphone.ui.conference.controller import ConferenceController
from softphone.ui.phone.actions import CallActions
from softphone.ui.phone.call_list import CallList

if TYPE_CHECKING:
    from softphone.ui.phone.ringer import Ringer  # loads with the sound, not with the window


def update_ringer(ringer: Ringer, calls: CallList, waiting: bool | None = None) -> None:
    """Ring for a new call, a soft tone when one is already up (waiting), silence otherwise."""
    ringing = calls.ringing_call() is not None
    if not ringing:
        ringer.stop()
    elif waiting or (waiting is None and calls.active_call() is not None):
        ringer.call_waiting()
    else:
        ringer.ring()


def update_call_keys(
    keys: CallActions,
    calls: CallList,
    talking: bool,
    conference: ConferenceController,
    conference_bar: ConferenceBar,
) -> None:
    ringing = calls.ringing_call() is not None
    keys.answer.setEnabled(ringing)
    keys.reject.setEnabled(ringing)
    keys.hangup.setEnabled(calls.current_call() is not None)
    for action in (keys.hold, keys.mute, keys.transfer):
        action.setEnabled(talking)
    keys.switch.setEnabled(bool(calls.held_calls()))
    conference.update()
    conference_bar.setVisible(any(c.state is CallState.CONFIRMED for c in calls.calls()))
