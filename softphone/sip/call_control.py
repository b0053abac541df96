"""The call half of SipEngine: dial, answer, hold, transfer, DTMF, call waiting, recording.

Calls are keyed by the engine's own increasing call id (PJSIP reuses its slot numbers, which
would confuse a UI that still shows an ended call). Ended calls are released in `pump()`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import time
from collections import deque
from collections.abc import Callable

import pjsua2 as pj

from softphone.sip.account_control import AccountControl
from softphone.sip.accounts import SipAccount
from softphone.sip.calls import SipCall
from softphone.sip.dialplan import to_uri
from softphone.sip.errors import (
    CallStateError,
    InvalidTarget,
    NoSuchCall,
    SipError,
    pj_text,
)
from softphone.sip.events import (
    CallInfo,
    CallState,
    CallStateChanged,
    Direction,
    DtmfMethod,
    Event,
    IncomingCall,
    MediaStateChanged,
)
from softphone.sip.lifetime import track, untrack
from softphone.sip.media import CallMedia

log = logging.getLogger("softphone.sip")
_DTMF = re.compile(r"[0-9*#A-Da-d]{1,32}")
_PJ_ETOOMANY = 70010  # this wheel allows 4 simultaneous calls per process (PJSUA_MAX_CALLS)
_PJ_EINVALIDOP = 70013  # e.g. a re-INVITE while the previous one is still in progress
_HOLD_RETRY_S = 5.0
_RINGING_STATES = (CallState.INCOMING, CallState.EARLY)
_DTMF_METHODS = {
    DtmfMethod.RFC2833: pj.PJSUA_DTMF_METHOD_RFC2833,
    DtmfMethod.SIP_INFO: pj.PJSUA_DTMF_METHOD_SIP_INFO,
}


def bound(call: SipCall) -> bool:
    """PJSIP still knows this call: with assertions on, a stale call id aborts the process."""
    return not call.ended and call.getId() >= 0 and call.isActive()


class CallControl(AccountControl):
    auto_answer: bool
    _refusal: tuple[int, str] | None  # LineControl's: (status, reason) while calls are refused
    _ep: pj.Endpoint | None
    _events: deque[Event]
    wait_for: Callable[[Callable[[], bool], float], bool]  # SipEngine's
    report_failure: Callable[[str], None]  # SipEngine's
    _ear: Callable[[], pj.AudioMedia]  # SoundControl's: where the operator hears
    _mouth: Callable[[], pj.AudioMedia]  # SoundControl's: the operator's voice
    _mic_taken: Callable[[int, bool], None]  # SoundControl's
    _ear_taken: Callable[[int, bool], None]  # SoundControl's
    play_keys: Callable[[str], None]  # SoundControl's

    def __init__(self) -> None:
        super().__init__()
        self._calls: dict[int, SipCall] = {}
        self._ended: list[SipCall] = []
        self._rewire: list[SipCall] = []
        self._unbound_seen = False
        self._call_seq = 0
        self._hold_wanted: dict[int, tuple[bool, float]] = {}  # call id -> (hold, give up at)

    # --- CallOwner protocol (called from SipCall / SipAccount callbacks) -----------------
    def new_call(self, account: SipAccount, pj_call_id: int, direction: Direction) -> SipCall:
        self._call_seq += 1
        call = track(SipCall(self, account, self._call_seq, direction, pj_call_id))
        call.media = CallMedia()
        self._calls[call.call_id] = call
        if pj_call_id < 0:
            self._unbound_seen = True  # PJSIP binds it later (dial, transfer): check once
        return call

    def incoming_call(self, account: SipAccount, pj_call_id: int) -> None:
        """Ring (180), or with auto_answer send the 200 first and do the bookkeeping after.
        While the desk refuses calls (refuse_incoming), the final status goes out at once."""
        call = self.new_call(account, pj_call_id, Direction.INBOUND)
        if self._refusal is not None:
            status, call.end_reason = self._refusal
            log.info("incoming call refused with %s: %s", status, call.end_reason)
            refuse = pj.CallOpParam()
            refuse.statusCode = status
            try:
                call.hangup(refuse)
            except pj.Error as exc:  # the caller gave up meanwhile: onCallState has it
                log.warning("refusing an incoming call failed: %s", pj_text(exc))
            return
        waiting = any(
            c is not call and not c.ended and c.info.state is CallState.CONFIRMED
            for c in self._calls.values()
        )
        mark = len(self._events)
        prm = pj.CallOpParam()
        prm.statusCode = 200 if self.auto_answer else 180
        if not self.auto_answer:
            self.post(IncomingCall(call.refresh(), waiting=waiting))
        call.answer(prm)
        if self.auto_answer:
            info = call.refresh() if bound(call) else call.info
            ringing = dataclasses.replace(info, state=CallState.INCOMING, media_active=False)
            self._events.insert(mark, IncomingCall(ringing, waiting=waiting))

    def call_ended(self, call: SipCall) -> None:
        self._ended.append(call)

    def call_media_changed(self, call: SipCall) -> None:
        """Defer snapshot and wiring to pump(): neither is needed to send the 200 OK."""
        if call not in self._rewire:
            self._rewire.append(call)

    def _wire_pending(self) -> None:
        """Media changed in the last PJSIP round: snapshot, publish and wire the audio."""
        pending, self._rewire = self._rewire, []
        for call in pending:
            if bound(call):
                call.check_security()
                self.post(MediaStateChanged(call.refresh()))
                self._connect_audio(call)

    # --- queries -------------------------------------------------------------------------
    def calls(self) -> list[CallInfo]:
        """Live calls, oldest first."""
        self._check_thread()
        return [c.info for c in self._calls.values() if not c.ended]

    def call(self, call_id: int) -> CallInfo:
        self._check_thread()
        return self._call(call_id).info

    def _call(self, call_id: int) -> SipCall:
        call = self._calls.get(call_id)
        if call is None:
            raise NoSuchCall(call_id)
        return call

    def _live_call(self, call_id: int) -> SipCall:
        self._check_thread()
        call = self._call(call_id)
        if not bound(call):
            raise NoSuchCall(call_id)
        return call

    # --- call operations -----------------------------------------------------------------
    def dial(self, target: str, account_id: str | None = None) -> int:
        """Call a number (through the account's dial plan) or a SIP URI; returns the call id."""
        self._check_thread()
        account = self._account(account_id) if account_id else self._default_account()
        uri = to_uri(target, account.domain, account.dial_plan)
        call = self.new_call(account, pj.PJSUA_INVALID_ID, Direction.OUTBOUND)
        try:
            call.makeCall(uri, pj.CallOpParam(True))
        except pj.Error as exc:
            self._calls.pop(call.call_id, None)
            text = pj_text(exc)
            if exc.status == _PJ_ETOOMANY:
                raise SipError(
                    f"Слишком много одновременных звонков, нельзя позвонить на {target!r}"
                ) from None
            if "invalid" in text.lower() and "uri" in text.lower():
                raise InvalidTarget(target, text) from None
            raise SipError(f"Не удалось позвонить на {target!r}: {text}") from None
        if not call.ended:
            call.refresh()
        log.info("call %s: dialling %s", call.call_id, uri)
        return call.call_id

    def answer(self, call_id: int) -> None:
        call = self._live_call(call_id)
        if call.direction is not Direction.INBOUND or call.info.state not in _RINGING_STATES:
            raise CallStateError(f"Звонок {call_id} нельзя принять в состоянии {call.info.state}")
        prm = pj.CallOpParam()
        prm.statusCode = 200
        with self._pj_errors(f"Ответ на звонок {call_id}", CallStateError):
            call.answer(prm)

    def reject(self, call_id: int, busy: bool = True) -> None:
        """Refuse a ringing inbound call: 486 Busy Here, or 603 Decline."""
        call = self._live_call(call_id)
        if call.direction is not Direction.INBOUND or call.info.state not in _RINGING_STATES:
            raise CallStateError(f"Звонок {call_id} уже не звонит ({call.info.state})")
        prm = pj.CallOpParam()
        prm.statusCode = 486 if busy else 603
        with self._pj_errors(f"Отклонение звонка {call_id}", CallStateError):
            call.hangup(prm)

    def hangup(self, call_id: int) -> None:
        call = self._live_call(call_id)
        with self._pj_errors(f"Завершение звонка {call_id}", CallStateError):
            call.hangup(pj.CallOpParam())

    def hold(self, call_id: int) -> None:
        self._set_hold(self._confirmed(call_id), True)

    def resume(self, call_id: int) -> None:
        self._set_hold(self._confirmed(call_id), False)

    def _set_hold(self, call: SipCall, hold: bool) -> None:
        """Record what the operator wants; send it now, or once PJSIP's re-INVITE is done.

        A quick hold-then-resume would otherwise fail: PJSIP refuses a second re-INVITE while
        the first is still in progress (PJ_EINVALIDOP), and the operator would see an error.
        """
        if call.on_hold == hold and call.call_id not in self._hold_wanted:
            return
        self._hold_wanted.pop(call.call_id, None)
        try:
            self._send_hold(call, hold)
        except pj.Error as exc:
            if exc.status != _PJ_EINVALIDOP:
                what = "Удержание звонка" if hold else "Снятие с удержания"
                raise CallStateError(f"{what} {call.call_id}: {pj_text(exc)}") from None
            log.info("call %s: re-INVITE in progress, hold=%s follows it", call.call_id, hold)
            self._hold_wanted[call.call_id] = (hold, time.monotonic() + _HOLD_RETRY_S)
        call.on_hold = hold
        self._connect_audio(call)
        self.post(CallStateChanged(call.restamp()))

    def _send_hold(self, call: SipCall, hold: bool) -> None:
        if hold:
            call.setHold(pj.CallOpParam(True))
        else:
            prm = pj.CallOpParam(True)
            prm.opt.flag = pj.PJSUA_CALL_UNHOLD
            call.reinvite(prm)

    def _retry_holds(self) -> None:
        """Send hold/resume requests that waited for an earlier re-INVITE (called by pump)."""
        for call_id, (hold, deadline) in list(self._hold_wanted.items()):
            call = self._calls.get(call_id)
            if call is None or not bound(call) or call.info.state is not CallState.CONFIRMED:
                del self._hold_wanted[call_id]
                continue
            try:
                self._send_hold(call, hold)
            except pj.Error as exc:
                if exc.status == _PJ_EINVALIDOP and time.monotonic() < deadline:
                    continue
                del self._hold_wanted[call_id]
                self.report_failure(
                    f"Звонок {call_id}: не удалось {'удержать' if hold else 'снять с удержания'}"
                    f" ({pj_text(exc)})"
                )
                continue
            del self._hold_wanted[call_id]

    def set_mute(self, call_id: int, muted: bool) -> None:
        """Stop sending the microphone into this call (the far end still sends to us)."""
        call = self._live_call(call_id)
        call.muted = muted
        if call.info.state is CallState.CONFIRMED:
            self._connect_audio(call)
        self.post(CallStateChanged(call.restamp()))

    def send_dtmf(self, call_id: int, digits: str, method: DtmfMethod = DtmfMethod.RFC2833) -> None:
        call = self._confirmed(call_id)
        if not _DTMF.fullmatch(digits):
            raise InvalidTarget(digits, "DTMF: только 0-9, *, #, A-D")
        prm = pj.CallSendDtmfParam()
        prm.digits = digits
        prm.method = _DTMF_METHODS[DtmfMethod(method)]
        prm.duration = 100
        with self._pj_errors(f"DTMF в звонке {call_id}", CallStateError):
            call.sendDtmf(prm)
        self.play_keys(digits)

    def transfer_blind(self, call_id: int, target: str) -> None:
        """REFER the far end to `target`; our leg hangs up once the target answers."""
        call = self._confirmed(call_id)
        uri = to_uri(target, call.account.domain, call.account.dial_plan)
        call.on_transfer_final = lambda code: self._transfer_done(call.call_id, code)
        with self._pj_errors(f"Перевод звонка {call_id} на {target}", CallStateError):
            call.xfer(uri, pj.CallOpParam(True))

    def transfer_attended(self, call_id: int, to_call_id: int) -> None:
        """Connect the far ends of two of our calls (REFER with Replaces), then leave."""
        call = self._confirmed(call_id)
        other = self._confirmed(to_call_id)
        if call is other:
            raise CallStateError("Нельзя перевести звонок сам на себя")
        call.on_transfer_final = lambda code: self._transfer_done(call.call_id, code)
        with self._pj_errors(f"Перевод звонка {call_id} на звонок {to_call_id}", CallStateError):
            call.xferReplaces(other, pj.CallOpParam(True))

    def _transfer_done(self, call_id: int, status_code: int) -> None:
        call = self._calls.get(call_id)
        log.info("call %s: transfer finished with %s", call_id, status_code)
        if call is not None and bound(call) and status_code // 100 == 2:
            with contextlib.suppress(pj.Error):
                call.hangup(pj.CallOpParam())

    def switch_to(self, call_id: int) -> None:
        """Call waiting: put every other talking call on hold, then answer/resume this one."""
        target = self._live_call(call_id)
        for other in list(self._calls.values()):
            if other is not target and not other.ended and other.info.state is CallState.CONFIRMED:
                self.hold(other.call_id)
        if target.direction is Direction.INBOUND and target.info.state in _RINGING_STATES:
            self.answer(call_id)
        elif target.on_hold:
            self.resume(call_id)

    # --- media ---------------------------------------------------------------------------
    def play_file(self, call_id: int, wav_path: str) -> None:
        """Send a WAV into the call (announcements, tests); it stops at the file's end."""
        call = self._confirmed(call_id)
        assert call.media is not None
        with self._pj_errors(f"Воспроизведение в звонке {call_id}", CallStateError):
            call.media.play(wav_path, call.getAudioMedia(-1))

    def start_recording(self, call_id: int, wav_path: str, both_sides: bool = True) -> None:
        """Record the far end (and our microphone, if both_sides) to a WAV file."""
        call = self._confirmed(call_id)
        assert call.media is not None and self._ep is not None
        with self._pj_errors(f"Запись звонка {call_id}", CallStateError):
            sources = [call.getAudioMedia(-1)]
            if both_sides:
                sources.append(self._mouth())
            call.media.record(wav_path, sources)

    def stop_recording(self, call_id: int) -> str:
        """Finish the WAV file; returns its path ("" if nothing was recorded)."""
        self._check_thread()
        call = self._call(call_id)
        return call.media.stop_recording() if call.media else ""

    def _confirmed(self, call_id: int) -> SipCall:
        call = self._live_call(call_id)
        if call.info.state is not CallState.CONFIRMED:
            raise CallStateError(f"Звонок {call_id} ещё не соединён ({call.info.state})")
        return call

    def _ringing_calls(self) -> list[tuple[Direction, CallState, bool]]:
        """(direction, state, has early media) of live calls, for the ringback (pump)."""
        return [
            (c.direction, c.info.state,
             any(status == pj.PJSUA_CALL_MEDIA_ACTIVE for _, status in c.audio_streams))
            for c in self._calls.values() if not c.ended
        ]

    def _connect_audio(self, call: SipCall) -> None:
        """Wire the operator's ear and mouth to the call's audio as hold and mute say.

        Ear and mouth are the sound path's headset port, or PJSIP's (null) device without
        one. Hold: neither direction; mute: the far end gets silence, we still hear it.
        """
        if self._ep is None or not bound(call):
            return
        capture, playback = self._mouth(), self._ear()
        mic_taken = heard = False
        for index, status in call.audio_streams:
            if status == pj.PJSUA_CALL_MEDIA_NONE:
                continue
            try:
                audio = call.getAudioMedia(index)
            except pj.Error:
                continue  # no conference port (media error)
            talking = status in (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD)
            talking = talking and not call.on_hold
            with contextlib.suppress(pj.Error):
                if talking:
                    audio.startTransmit(playback)
                    heard = True
                else:
                    audio.stopTransmit(playback)
                if talking and not call.muted:
                    capture.startTransmit(audio)
                    mic_taken = True
                else:
                    capture.stopTransmit(audio)
        self._mic_taken(call.call_id, mic_taken)
        self._ear_taken(call.call_id, heard)

    # --- ending --------------------------------------------------------------------------
    def _hangup_account_calls(self, account_id: str) -> None:
        for call in list(self._calls.values()):
            if call.account.account_id == account_id and bound(call):
                with contextlib.suppress(pj.Error):
                    call.hangup(pj.CallOpParam())
        mine = [c for c in self._calls.values() if c.account.account_id == account_id]
        self.wait_for(lambda: all(c.ended for c in mine), 2.0)

    def _hangup_all(self, timeout_s: float) -> None:
        for call in list(self._calls.values()):
            if bound(call):
                with contextlib.suppress(pj.Error):
                    call.hangup(pj.CallOpParam())
        self.wait_for(lambda: all(c.ended for c in self._calls.values()), timeout_s)

    def _release_calls(self, everything: bool = False) -> None:
        """Drop ended calls (outside any callback); at shutdown drop every call."""
        doomed = list(self._calls.values()) if everything else self._ended
        if self._unbound_seen and not everything:
            # a transfer PJSIP could not start leaves a Call that was never bound behind
            self._unbound_seen = False
            doomed += [c for c in self._calls.values() if not c.ended and c.getId() < 0]
        for call in doomed:
            if call.media is not None:
                call.media.close()
            self._mic_taken(call.call_id, False)
            self._ear_taken(call.call_id, False)
            self._calls.pop(call.call_id, None)
            call.on_transfer_final = None
            if not everything and call.ended:
                _forget_if_recycled(call)
        self._ended = []
        if doomed:
            self._rewire = [c for c in self._rewire if c.call_id in self._calls]


def _forget_if_recycled(call: SipCall) -> None:
    """pjsua2's ~Call() hangs up (603 Decline) whatever call now holds its PJSIP call id and
    clears that call's link to its Python object; the id is never reset when a call ends.
    Under a burst PJSIP gives an ended call's id to the next INVITE in the same round of
    events, before the ended call is released here: its destructor then declined the new
    caller right after 180 and hid the call from the engine, so it was never logged
    (bench line_stress: 32 of 600). Such a call is disowned instead: its small C++ object
    is left alone, never destroyed."""
    if call.isActive():  # ended, yet its id is active: another call has it now
        log.info("call %s: its PJSIP id %s was reused by a newer call; left undestroyed",
                 call.call_id, call.getId())
        call.thisown = False
        untrack(call)
