"""The line half of SipEngine: how many callers the desk holds, and for how long they ring.

- No-answer timeout: an incoming call that rang `ring_timeout_s` without being answered is
  ended with 480 Temporarily Unavailable (0 = never). A caller that vanished without CANCEL
  (a crashed PBX, a dropped network, a scanner) would otherwise hold a call slot forever.
- Not taking calls: `refuse_incoming(status, reason)` turns every new INVITE away with 486 Busy
  Here or 480 Temporarily Unavailable (the operator is on a break, in after-call work or does not
  want to be disturbed) until `accept_incoming()`. The caller is published as a never-answered
  `CallEnded` with that reason, so the call log shows them as missed and why.
- Refused callers: when every call slot is taken, PJSIP answers a new INVITE with a stateless
  486 Busy Here before Python sees it, and reports it through `onRejectedIncomingCall`. The
  engine publishes each refusal as a `CallEnded` (never answered, reason "линия занята") so the
  operator's call log shows who was turned away instead of losing them.

Why 486 and not 503: 486 says "this callee is busy", which a PBX or carrier turns into its busy
handling (the next operator in the queue, forward-on-busy, voicemail, a busy tone). 503 says
"this server is broken or overloaded": RFC 3263 makes the caller's proxy fail over to another
server and some PBXs mark the whole trunk out of service for a while, which would turn away the
callers we could still take. It is also what PJSIP sends itself, statelessly, in microseconds.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pjsua2 as pj

from softphone.sip.calls import SipCall, split_remote
from softphone.sip.events import CallEnded, CallInfo, CallState, Direction, Event

log = logging.getLogger("softphone.sip")

# PJSUA_MAX_CALLS of the pjsua2-python wheel: its config_site caps PJSIP's call table at 4
# whatever UaConfig.maxCalls asks for (measured: maxCalls 8 or 32 -> the 5th INVITE gets 486).
WHEEL_MAX_CALLS = 4
LINE_BUSY = "линия занята"
NO_ANSWER_STATUS = 480
REFUSAL_STATUSES = (486, 480)  # busy here / temporarily unavailable: what a PBX routes onwards
_RINGING = (CallState.INCOMING, CallState.EARLY)


def no_answer_reason(seconds: float) -> str:
    return f"нет ответа за {seconds:g} с"


class LineControl:
    _calls: dict[int, SipCall]
    _call_seq: int
    post: Callable[[Event], None]

    def __init__(self, ring_timeout_s: float) -> None:
        self._ring_timeout_s = 0.0
        self.ring_timeout_s = ring_timeout_s
        self._ringing_since: dict[int, float] = {}  # call id -> monotonic time first seen ringing
        self.refused_count = 0
        self._refusal: tuple[int, str] | None = None

    def refuse_incoming(self, status_code: int, reason: str) -> None:
        """Turn every new incoming call away with `status_code` (486 or 480) until
        accept_incoming(); `reason` is what the call log says («перерыв: обед»)."""
        if status_code not in REFUSAL_STATUSES:
            raise ValueError(f"status_code must be one of {REFUSAL_STATUSES}, got {status_code!r}")
        self._refusal = (status_code, reason.strip() or f"отклонён ({status_code})")

    def accept_incoming(self) -> None:
        """Let incoming calls ring again."""
        self._refusal = None

    @property
    def refusal(self) -> tuple[int, str] | None:
        """(status, reason) new callers get now, or None while calls are taken."""
        return self._refusal

    @property
    def ring_timeout_s(self) -> float:
        """Seconds an incoming call may ring unanswered before it ends with 480; 0 = never."""
        return self._ring_timeout_s

    @ring_timeout_s.setter
    def ring_timeout_s(self, seconds: float) -> None:
        if not 0 <= seconds <= 3600:
            raise ValueError(f"ring_timeout_s must be 0..3600, got {seconds!r}")
        self._ring_timeout_s = float(seconds)

    @property
    def calls_at_once(self) -> int:
        """How many calls (ringing, talking, held, dialling) the engine holds at the same time."""
        max_calls: int = getattr(getattr(self, "config", None), "max_calls", WHEEL_MAX_CALLS)
        return min(max_calls, WHEEL_MAX_CALLS)

    def _end_unanswered(self) -> None:
        """Called by pump(): end incoming calls that rang longer than the timeout (480)."""
        now = time.monotonic()
        ringing = {
            c.call_id: c for c in self._calls.values()
            if not c.ended and c.direction is Direction.INBOUND and c.info.state in _RINGING
        }
        for call_id in list(self._ringing_since):
            if call_id not in ringing:
                del self._ringing_since[call_id]
        limit = self._ring_timeout_s
        for call_id, call in ringing.items():
            since = self._ringing_since.setdefault(call_id, now)
            if limit <= 0 or now - since < limit or call.end_reason:
                continue
            call.end_reason = no_answer_reason(limit)
            log.info("call %s: no answer for %g s, ending it with 480", call_id, limit)
            prm = pj.CallOpParam()
            prm.statusCode = NO_ANSWER_STATUS
            with contextlib.suppress(pj.Error):  # ended meanwhile: onCallState has it
                if call.getId() >= 0 and call.isActive():
                    call.hangup(prm)

    def incoming_refused(self, status_code: int, reason: str, remote: str) -> None:
        """PJSIP turned an INVITE away before it became a call (inside the pump)."""
        self.refused_count += 1
        self._call_seq += 1
        name, uri, user = split_remote(remote)
        now = datetime.now(UTC)
        text = LINE_BUSY if status_code == 486 else (reason or f"отклонён ({status_code})")
        log.info("incoming call from %s refused: %s %s", uri or "?", status_code, reason)
        info = CallInfo(
            call_id=self._call_seq,
            account_id="",
            direction=Direction.INBOUND,
            state=CallState.DISCONNECTED,
            remote_uri=uri,
            remote_number=user,
            display_name=name,
            started_at=now,
            status_code=status_code,
            reason=text,
        )
        self.post(
            CallEnded(call=info, ended_at=now, duration_s=0.0, answered=False,
                      status_code=status_code, reason=text)
        )
