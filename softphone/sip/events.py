"""Plain immutable events and snapshots the engine publishes.

Subscribers (the Qt bridge, the CRM call logger, tests) get these and nothing from pjsua2,
so no PJSIP object can outlive the library or reach a widget.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Direction(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallState(enum.StrEnum):
    CALLING = "calling"  # INVITE sent, nothing heard yet
    INCOMING = "incoming"  # INVITE received, not answered
    EARLY = "early"  # 1xx with tag: ringing at the far end / ringing here
    CONNECTING = "connecting"  # 200 OK sent or received, waiting for ACK
    CONFIRMED = "confirmed"  # talking (possibly on hold, see CallInfo.on_hold)
    DISCONNECTED = "disconnected"


class RegState(enum.StrEnum):
    UNREGISTERED = "unregistered"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"  # last attempt failed; status_code/reason say why, a retry is scheduled


class DtmfMethod(enum.StrEnum):
    RFC2833 = "rfc2833"
    SIP_INFO = "sip-info"


@dataclass(frozen=True, slots=True)
class CallInfo:
    """Snapshot of one call as the engine sees it now."""

    call_id: int
    account_id: str
    direction: Direction
    state: CallState
    remote_uri: str
    remote_number: str  # user part of the remote URI ("+79123456789", "bob"), "" if none
    display_name: str
    on_hold: bool = False  # we put it on hold
    remote_hold: bool = False  # the far end put us on hold
    muted: bool = False
    media_active: bool = False
    started_at: datetime | None = None
    connected_at: datetime | None = None
    status_code: int = 0
    reason: str = ""
    secure_media: bool = False  # the audio runs over SRTP now (keys agreed); False when plain
    conference_id: int | None = None  # the three-way call this leg is joined into now, if any


@dataclass(frozen=True, slots=True)
class IncomingCall:
    call: CallInfo
    waiting: bool  # another call was already active: play the call-waiting tone, not the ringtone


@dataclass(frozen=True, slots=True)
class CallStateChanged:
    call: CallInfo


@dataclass(frozen=True, slots=True)
class MediaStateChanged:
    call: CallInfo


@dataclass(frozen=True, slots=True)
class DtmfReceived:
    call_id: int
    digit: str


@dataclass(frozen=True, slots=True)
class CallEnded:
    call: CallInfo
    ended_at: datetime
    duration_s: float  # talk time from CONFIRMED to end, 0.0 if never answered
    answered: bool
    status_code: int  # last SIP status (200 normal end, 486 busy, 487 cancelled, 603 declined...)
    reason: str
    conference_id: int | None = None  # the last conference this leg was part of, even if split


@dataclass(frozen=True, slots=True)
class RegistrationChanged:
    account_id: str
    state: RegState
    status_code: int
    reason: str
    expires_s: int = 0
    server: str = ""  # the registrar it is (being) registered with; "" for local accounts


@dataclass(frozen=True, slots=True)
class AudioStatus:
    capture: str
    playback: str
    null_device: bool  # no sound card: calls work, nothing is heard locally
    message: str = ""


@dataclass(frozen=True, slots=True)
class TransferResult:
    """Final outcome of our blind or attended transfer of `call_id` (from the far end's NOTIFY)."""

    call_id: int
    status_code: int  # 200: the target answered and our leg is hung up; else it failed
    success: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class EngineFailure:
    """Something went wrong inside PJSIP that the user should see; the engine keeps running."""

    message: str


Event = (
    IncomingCall
    | CallStateChanged
    | MediaStateChanged
    | DtmfReceived
    | CallEnded
    | RegistrationChanged
    | AudioStatus
    | TransferResult
    | EngineFailure
)
