"""pjsua2 Call subclass: turns PJSIP call callbacks into immutable snapshots and events.

Every callback body runs under `guarded`, so no exception (and no traceback holding a Call)
ever goes back into PJSIP. Calls are never deleted here: on DISCONNECTED the call tells its
owner, which drops the reference on the next pump, outside any callback.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

import pjsua2 as pj

from softphone.sip.events import (
    CallEnded,
    CallInfo,
    CallState,
    CallStateChanged,
    Direction,
    DtmfReceived,
    Event,
    TransferResult,
)
from softphone.sip.guard import guarded

if TYPE_CHECKING:
    from softphone.sip.accounts import SipAccount
    from softphone.sip.media import CallMedia

_STATES = {
    pj.PJSIP_INV_STATE_NULL: CallState.CALLING,
    pj.PJSIP_INV_STATE_CALLING: CallState.CALLING,
    pj.PJSIP_INV_STATE_INCOMING: CallState.INCOMING,
    pj.PJSIP_INV_STATE_EARLY: CallState.EARLY,
    pj.PJSIP_INV_STATE_CONNECTING: CallState.CONNECTING,
    pj.PJSIP_INV_STATE_CONFIRMED: CallState.CONFIRMED,
    pj.PJSIP_INV_STATE_DISCONNECTED: CallState.DISCONNECTED,
}
_SRTP_ACTIVE = re.compile(r"SRTP status: Active\b")
_NAME_URI = re.compile(r'^\s*(?:"(?P<q>[^"]*)"|(?P<n>[^<"]*?))\s*<(?P<uri>[^>]*)>')


class CallOwner(Protocol):
    """What a call needs from the engine; keeps calls.py free of engine internals."""

    def post(self, event: Event) -> None: ...
    def call_ended(self, call: SipCall) -> None: ...
    def call_media_changed(self, call: SipCall) -> None: ...
    def new_call(self, account: SipAccount, pj_call_id: int, direction: Direction) -> SipCall: ...


def split_remote(remote: str) -> tuple[str, str, str]:
    """(display name, bare URI, user part) of a remote party header value."""
    name, uri = "", remote.strip()
    match = _NAME_URI.match(remote)
    if match:
        name = (match.group("q") or match.group("n") or "").strip()
        uri = match.group("uri").strip()
    user = ""
    body = uri.split(":", 1)[1] if ":" in uri else uri
    if "@" in body:
        user = body.split("@", 1)[0].split(";", 1)[0]
    return name, uri, user


class SipCall(pj.Call):
    """One call. `call_id` is the engine's own number: PJSIP reuses its slot ids."""

    def __init__(
        self,
        owner: CallOwner,
        account: SipAccount,
        call_id: int,
        direction: Direction,
        pj_call_id: int = pj.PJSUA_INVALID_ID,
    ) -> None:
        super().__init__(account, pj_call_id)
        self.owner = owner
        self.account = account
        self.call_id = call_id
        self.direction = direction
        self.on_hold = False
        self.muted = False
        self.ended = False
        self.media: CallMedia | None = None  # set by the engine
        self.transfer_of: int | None = None  # call id this one replaces (attended transfer)
        self.conference_id: int | None = None  # set by ConferenceControl while joined
        self.last_conference: int | None = None  # kept after a split, for the call log
        self.end_reason = ""  # why the engine itself ended it (no answer), else PJSIP's reason
        self.info = CallInfo(
            call_id=call_id,
            account_id=account.account_id,
            direction=direction,
            state=CallState.INCOMING if direction is Direction.INBOUND else CallState.CALLING,
            remote_uri="",
            remote_number="",
            display_name="",
            started_at=datetime.now(UTC),
        )
        self.on_transfer_final: Callable[[int], None] | None = None
        self.audio_streams: list[tuple[int, int]] = []  # (media index, pjsua media status)
        self.secure_media = False  # set by check_security() when media changes
        self._remote_raw: str | None = None
        self._remote: tuple[str, str, str] = ("", "", "")

    # --- snapshots -----------------------------------------------------------------------
    def refresh(self) -> CallInfo:
        """Re-read PJSIP's view; only valid while PJSIP still knows the call.

        Runs inside callbacks on the answer path, so it is kept cheap (measured by
        bench/sip_answer.py): one getInfo(), the remote header parsed once per value.
        """
        ci = self.getInfo()
        if ci.remoteUri != self._remote_raw:
            self._remote_raw = ci.remoteUri
            self._remote = split_remote(ci.remoteUri)
        name, uri, user = self._remote
        state = _STATES.get(ci.state, CallState.CALLING)
        remote_hold = media_active = False
        audio: list[tuple[int, int]] = []
        for mi in ci.media:
            if mi.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            audio.append((mi.index, mi.status))
            if mi.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                media_active = True
            elif mi.status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD:
                media_active = remote_hold = True
        self.audio_streams = audio
        old = self.info
        connected_at = old.connected_at
        if state is CallState.CONFIRMED and connected_at is None:
            connected_at = datetime.now(UTC)
        self.info = CallInfo(
            old.call_id,
            old.account_id,
            old.direction,
            state,
            uri,
            user,
            name,
            self.on_hold,
            remote_hold,
            self.muted,
            media_active and state is CallState.CONFIRMED,
            old.started_at,
            connected_at,
            ci.lastStatusCode,
            ci.lastReason,
            self.secure_media and media_active,
            self.conference_id,
        )
        return self.info

    def check_security(self) -> bool:
        """Is SRTP active on the audio? Read from PJSIP's call dump after a media change.

        pjsua2 exposes no SRTP state per stream (MediaTransportInfo has only addresses, and
        StreamInfo.proto stays RTP/AVP when OPTIONAL negotiated SRTP inside an AVP offer);
        the dump prints the SRTP transport's own `active` flag per stream.
        """
        try:
            text = self.dump(True, "")
        except pj.Error:
            text = ""
        self.secure_media = bool(_SRTP_ACTIVE.search(text))
        return self.secure_media

    def restamp(self) -> CallInfo:
        """Snapshot with the engine-side flags (hold, mute) changed, without asking PJSIP."""
        self.info = dataclasses.replace(
            self.info, on_hold=self.on_hold, muted=self.muted, conference_id=self.conference_id
        )
        return self.info

    # --- PJSIP callbacks (main thread, inside libHandleEvents or an API call) -----------
    @guarded
    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        info = self.refresh()
        self.owner.post(CallStateChanged(info))
        if info.state is CallState.DISCONNECTED and not self.ended:
            self.ended = True
            now = datetime.now(UTC)
            talk = (now - info.connected_at).total_seconds() if info.connected_at else 0.0
            self.owner.post(
                CallEnded(
                    call=info,
                    ended_at=now,
                    duration_s=max(0.0, talk),
                    answered=info.connected_at is not None,
                    status_code=info.status_code,
                    reason=self.end_reason or info.reason,
                    conference_id=self.last_conference,
                )
            )
            self.owner.call_ended(self)

    @guarded
    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        self.owner.call_media_changed(self)  # snapshot, event and wiring after this round

    @guarded
    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:
        self.owner.post(DtmfReceived(self.call_id, prm.digit))

    @guarded
    def onCallTransferRequest(self, prm: pj.OnCallTransferRequestParam) -> None:
        """The far end asks us to call someone else (blind transfer): accept, track the call."""
        new = self.owner.new_call(self.account, pj.PJSUA_INVALID_ID, Direction.OUTBOUND)
        prm.newCall = new
        prm.statusCode = 202

    @guarded
    def onCallTransferStatus(self, prm: pj.OnCallTransferStatusParam) -> None:
        """Our REFER progresses; once the target answered, our leg is no longer needed."""
        if prm.statusCode // 100 == 2 or prm.finalNotify:
            prm.cont = False
            ok = prm.statusCode // 100 == 2
            self.owner.post(TransferResult(self.call_id, prm.statusCode, ok, str(prm.reason)))
            if self.on_transfer_final is not None:
                self.on_transfer_final(prm.statusCode)

    @guarded
    def onCallReplaced(self, prm: pj.OnCallReplacedParam) -> None:
        """An INVITE with Replaces took over this call (we are the attended-transfer target)."""
        new = self.owner.new_call(self.account, prm.newCallId, Direction.INBOUND)
        new.transfer_of = self.call_id
        prm.newCall = new
