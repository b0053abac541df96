"""ConferenceControl: the SipEngine mixin behind join, split, add and leave (see the package)."""

from __future__ import annotations

import logging

from softphone.sip.call_control import CallControl
from softphone.sip.calls import SipCall
from softphone.sip.conference.wiring import bridge_legs, unbridge_legs
from softphone.sip.errors import CallStateError
from softphone.sip.events import CallState, CallStateChanged

log = logging.getLogger("softphone.sip")


class ConferenceControl(CallControl):
    def __init__(self) -> None:
        super().__init__()
        self._conference_seq = 0
        self._joins_pending: dict[int, int] = {}  # dialled call id -> the call it joins

    # --- queries -------------------------------------------------------------------------
    def conference_legs(self, conference_id: int) -> list[int]:
        """Call ids joined in this conference now, oldest first."""
        self._check_thread()
        return [c.call_id for c in self._calls.values()
                if not c.ended and c.conference_id == conference_id]

    def _legs(self, call: SipCall) -> list[SipCall]:
        if call.conference_id is None:
            return [call]
        return [c for c in self._calls.values()
                if not c.ended and c.conference_id == call.conference_id]

    # --- operations ----------------------------------------------------------------------
    def join(self, call_id: int, other_id: int) -> int:
        """Join two connected calls (either may already be a conference); returns its id.

        Held legs are resumed; the operator's mute of `call_id` becomes the conference's.
        """
        call, other = self._confirmed(call_id), self._confirmed(other_id)
        if call is other:
            raise CallStateError("Нельзя объединить звонок сам с собой")
        conference_id = call.conference_id or other.conference_id
        if conference_id is None:
            self._conference_seq += 1
            conference_id = self._conference_seq
        legs = {c.call_id: c for c in self._legs(call) + self._legs(other)}
        for leg in legs.values():
            leg.conference_id = leg.last_conference = conference_id
            leg.muted = call.muted
        for leg in legs.values():
            if leg.on_hold:
                self._set_hold(leg, False)  # rewires the conference and publishes the leg
            else:
                self._connect_audio(leg)
                self.post(CallStateChanged(leg.restamp()))
        log.info("conference %s: calls %s", conference_id, sorted(legs))
        return conference_id

    def split(self, call_id: int) -> None:
        """End the conference of `call_id`: it keeps talking, every other leg goes on hold."""
        keep = self._live_call(call_id)
        legs = self._legs(keep)
        if len(legs) < 2:
            raise CallStateError(f"Звонок {call_id} не в конференции")
        for leg in legs:
            leg.conference_id = None
        unbridge_legs(legs)
        for leg in legs:
            if leg is not keep and leg.info.state is CallState.CONFIRMED:
                self._set_hold(leg, True)
            else:
                self._connect_audio(leg)
                self.post(CallStateChanged(leg.restamp()))
        log.info("conference split: call %s talks, %s held", call_id,
                 [c.call_id for c in legs if c is not keep])

    def add_to_conference(self, call_id: int, target: str) -> int:
        """Dial `target` (a number or SIP URI); once answered it joins `call_id`'s call."""
        call = self._confirmed(call_id)
        new_id = self.dial(target, call.account.account_id)
        self._joins_pending[new_id] = call_id
        return new_id

    # --- hold and mute mean the whole conference ---------------------------------------------
    def hold(self, call_id: int) -> None:
        for leg in self._legs(self._confirmed(call_id)):
            if leg.info.state is CallState.CONFIRMED:
                self._set_hold(leg, True)

    def resume(self, call_id: int) -> None:
        for leg in self._legs(self._confirmed(call_id)):
            if leg.info.state is CallState.CONFIRMED:
                self._set_hold(leg, False)

    def set_mute(self, call_id: int, muted: bool) -> None:
        for leg in self._legs(self._live_call(call_id)):
            super().set_mute(leg.call_id, muted)

    def switch_to(self, call_id: int) -> None:
        """Call waiting: hold every call outside the target's conference, then take it."""
        target = self._live_call(call_id)
        legs = self._legs(target)
        for other in list(self._calls.values()):
            if other not in legs and not other.ended and other.info.state is CallState.CONFIRMED:
                self._set_hold(other, True)
        if len(legs) == 1:
            super().switch_to(call_id)  # nothing else is talking now: answer or resume it
        else:
            self.resume(call_id)

    def start_recording(self, call_id: int, wav_path: str, both_sides: bool = True) -> None:
        """A leg's recording also gets the conference's other legs (they are far ends too)."""
        super().start_recording(call_id, wav_path, both_sides)
        call = self._call(call_id)
        if call.conference_id is not None:
            bridge_legs(self._legs(call))

    # --- wiring --------------------------------------------------------------------------
    def _connect_audio(self, call: SipCall) -> None:
        """The operator's ear and mouth as before, then the legs to each other."""
        super()._connect_audio(call)
        if call.conference_id is not None:
            bridge_legs(self._legs(call))

    # --- pump hooks: answered additions join, departed legs leave ---------------------------
    def _wire_pending(self) -> None:
        super()._wire_pending()
        for new_id, anchor_id in list(self._joins_pending.items()):
            new, anchor = self._calls.get(new_id), self._calls.get(anchor_id)
            if new is None or anchor is None or new.ended or anchor.ended:
                del self._joins_pending[new_id]
                continue
            if new.info.state is CallState.CONFIRMED and new.info.media_active:
                del self._joins_pending[new_id]
                try:
                    self.join(anchor_id, new_id)
                except CallStateError as exc:
                    self.report_failure(f"Не удалось добавить участника: {exc}")

    def _release_calls(self, everything: bool = False) -> None:
        for gone in [] if everything else list(self._ended):
            self._leave(gone)
        super()._release_calls(everything)

    def _leave(self, gone: SipCall) -> None:
        """A leg ended: the rest stay joined, or the last one is an ordinary call again."""
        conference_id, gone.conference_id = gone.conference_id, None
        if conference_id is None:
            return
        rest = [c for c in self._calls.values()
                if c is not gone and not c.ended and c.conference_id == conference_id]
        log.info("conference %s: call %s left, %s stay", conference_id, gone.call_id,
                 [c.call_id for c in rest])
        if len(rest) == 1:
            rest[0].conference_id = None
            self._connect_audio(rest[0])
            self.post(CallStateChanged(rest[0].restamp()))
