"""EngineBridge: the only place where the Qt UI meets the SIP engine.

The engine is pumped from a 10 ms QTimer in the GUI thread (the engine runs PJSIP with no
threads of its own), so its events arrive here on the GUI thread and are re-emitted as Qt
signals. Engine commands go through the bridge too: a SipError becomes an `error` signal that
the window shows, never an exception that unwinds through a button click. Whatever happens
inside one command, the pump keeps running and the other calls stay up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from softphone.crm.customers.finished import FinishedCall
from softphone.sip import RegistrarAccountSettings, SipEngine
from softphone.sip import events as ev
from softphone.sip.errors import SipError

if TYPE_CHECKING:
    from softphone.ui.sound import SoundPath

log = logging.getLogger(__name__)

T = TypeVar("T")
Report = Callable[[str], None]  # where a refused command's readable reason goes
PUMP_INTERVAL_MS = 10


def finished_call(event: ev.CallEnded) -> FinishedCall:
    """The engine's end-of-call event as the CRM's call log takes it."""
    call = event.call
    started = call.started_at or event.ended_at
    answered = (call.connected_at or started) if event.answered else None
    return FinishedCall(
        inbound=call.direction is ev.Direction.INBOUND,
        remote=call.remote_uri or call.remote_number,
        display_name=call.display_name,
        started_at=started,
        answered_at=answered,
        ended_at=event.ended_at,
        status_code=event.status_code,
        reason=event.reason,
        conference=event.conference_id is not None,
    )


class EngineBridge(QObject):
    """Qt face of a SipEngine; every widget talks to the engine through one of these."""

    incoming_call = Signal(object)  # events.IncomingCall
    call_state_changed = Signal(object)  # events.CallInfo (state, hold, mute, media changes)
    call_ended = Signal(object)  # events.CallEnded
    registration_changed = Signal(object)  # events.RegistrationChanged
    audio_status = Signal(object)  # events.AudioStatus
    engine_failure = Signal(str)  # PJSIP trouble the operator should see; the engine goes on
    dtmf_received = Signal(int, str)  # call id, digit
    transfer_result = Signal(object)  # events.TransferResult
    error = Signal(str)  # a command failed; readable text for the status bar
    sound_moved = Signal(str)  # a device was unplugged (sound moved to the default) or is back
    sound_status = Signal(str)  # "" when the sound path has its devices, else what is missing

    def __init__(
        self, engine: SipEngine, interval_ms: int = PUMP_INTERVAL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._pump)
        self._unsubscribe: Callable[[], Any] | None = None
        self._pump_failures = 0
        self.sound: SoundPath | None = None  # attached by app.py

    def attach_sound(self, path: SoundPath) -> None:
        """The operator's devices (a SoundPath over the engine's sound buffers)."""
        self.sound = path
        path.deviceMoved.connect(self.sound_moved)
        path.statusChanged.connect(self.sound_status)

    # -- lifetime -------------------------------------------------------------------------------

    def start(self) -> None:
        if self._unsubscribe is None:
            self._unsubscribe = self.engine.subscribe(self._on_event)
        self._timer.start()

    def stop(self) -> None:
        """Stop pumping and listening; the owner shuts the engine down afterwards."""
        self._timer.stop()
        if self._unsubscribe is not None:
            try:
                self._unsubscribe()
            except Exception:
                log.exception("Unsubscribing from the engine failed")
            self._unsubscribe = None

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def _pump(self) -> None:
        try:
            self.engine.pump(0)
            self._pump_failures = 0
        except Exception as exc:
            self._pump_failures += 1
            log.exception("Engine pump failed")
            if self._pump_failures in (1, 100):  # say it once, and again if it keeps failing
                self.engine_failure.emit(
                    self.tr("SIP engine error: {0}").format(str(exc) or type(exc).__name__)
                )

    def _on_event(self, event: ev.Event) -> None:
        """Runs inside engine.pump on the GUI thread; a faulty slot must not break the pump."""
        try:
            self._dispatch(event)
        except Exception:
            log.exception("Handling %s failed", type(event).__name__)

    def _dispatch(self, event: ev.Event) -> None:
        match event:
            case ev.IncomingCall():
                self.incoming_call.emit(event)
            case ev.CallStateChanged(call=call) | ev.MediaStateChanged(call=call):
                self.call_state_changed.emit(call)
            case ev.CallEnded():
                self.call_ended.emit(event)
            case ev.RegistrationChanged():
                self.registration_changed.emit(event)
            case ev.AudioStatus():
                self.audio_status.emit(event)
            case ev.EngineFailure(message=message):
                self.engine_failure.emit(message)
            case ev.DtmfReceived(call_id=call_id, digit=digit):
                self.dtmf_received.emit(call_id, digit)
            case ev.TransferResult():
                self.transfer_result.emit(event)
            case _:
                log.debug("Ignoring engine event %r", event)

    # -- commands -------------------------------------------------------------------------------

    def _try(
        self, what: str, fn: Callable[..., T], *args: Any, report: Report | None = None
    ) -> tuple[bool, T | None]:
        """Run one engine command; (False, None) and the reason to `report` (default: the
        `error` signal the window shows) instead of an exception."""
        tell = report or self.error.emit
        try:
            return True, fn(*args)
        except SipError as exc:
            log.warning("%s failed: %s", what, exc)
            tell(str(exc))
        except Exception as exc:  # an engine bug must not close the window with calls up
            log.exception("%s failed unexpectedly", what)
            text = str(exc) or type(exc).__name__
            tell(QCoreApplication.translate("EngineBridge", "Error: {0}").format(text))
        return False, None

    def _ok(self, what: str, fn: Callable[..., Any], *args: Any) -> bool:
        return self._try(what, fn, *args)[0]

    def dial(self, target: str, account_id: str | None = None) -> int | None:
        """The new call's id, or None when the engine refused (the reason went to `error`)."""
        return self._try("dial", self.engine.dial, target, account_id)[1]

    def answer(self, call_id: int) -> bool:
        return self._ok("answer", self.engine.answer, call_id)

    def reject(self, call_id: int, busy: bool = True) -> bool:
        return self._ok("reject", self.engine.reject, call_id, busy)

    def hangup(self, call_id: int) -> bool:
        return self._ok("hangup", self.engine.hangup, call_id)

    def hold(self, call_id: int) -> bool:
        return self._ok("hold", self.engine.hold, call_id)

    def resume(self, call_id: int) -> bool:
        return self._ok("resume", self.engine.resume, call_id)

    def switch_to(self, call_id: int) -> bool:
        return self._ok("switch", self.engine.switch_to, call_id)

    def set_mute(self, call_id: int, muted: bool) -> bool:
        return self._ok("mute", self.engine.set_mute, call_id, muted)

    def send_dtmf(self, call_id: int, digits: str) -> bool:
        return self._ok("dtmf", self.engine.send_dtmf, call_id, digits)

    def transfer_blind(self, call_id: int, target: str) -> bool:
        return self._ok("transfer", self.engine.transfer_blind, call_id, target)

    def transfer_attended(self, call_id: int, to_call_id: int) -> bool:
        return self._ok("attended transfer", self.engine.transfer_attended, call_id, to_call_id)

    def join(self, call_id: int, other_id: int) -> bool:
        """Three-way call: the two calls (either may be a conference already) hear each other."""
        return self._ok("join", self.engine.join, call_id, other_id)

    def split(self, call_id: int) -> bool:
        """End call_id's conference: it keeps talking, the other legs go on hold."""
        return self._ok("split", self.engine.split, call_id)

    def add_to_conference(self, call_id: int, target: str) -> int | None:
        """Dial target; it joins call_id's call once answered. The new call's id or None."""
        return self._try("add to conference", self.engine.add_to_conference, call_id, target)[1]

    def calls(self) -> list[ev.CallInfo]:
        return self._try("calls", self.engine.calls)[1] or []

    def call(self, call_id: int) -> ev.CallInfo | None:
        """Quiet look-up: a call that just ended is None, not an error for the operator."""
        try:
            return self.engine.call(call_id)
        except SipError:
            return None
        except Exception:
            log.exception("Looking up call %s failed", call_id)
            return None

    # -- accounts and recording (the admin pages, start-up registration, the recorder) ----------

    def add_account(
        self, settings: RegistrarAccountSettings, password: str | None, *,
        report: Report | None = None,
    ) -> str | None:
        """The new account's id (it starts registering), or None when the engine refused."""
        return self._try("add account", self.engine.add_account, settings, password,
                         report=report)[1]

    def remove_account(self, account_id: str, *, report: Report | None = None) -> bool:
        return self._try("remove account", self.engine.remove_account, account_id,
                         report=report)[0]

    def set_ring_timeout(self, seconds: float) -> bool:
        """Unanswered incoming calls end (480) after this many seconds; 0 = never."""
        try:
            self.engine.ring_timeout_s = seconds
        except ValueError as exc:
            self.error.emit(str(exc))
            return False
        return True

    # -- agent status (softphone/ui/agent): what callers get while the operator is not ready -----

    def refuse_incoming(self, status_code: int, reason: str) -> bool:
        """New callers get status_code (486/480) and are logged as missed with `reason`."""
        try:
            self.engine.refuse_incoming(status_code, reason)
        except ValueError as exc:
            self.error.emit(str(exc))
            return False
        return True

    def accept_incoming(self) -> None:
        self.engine.accept_incoming()

    def set_registered(self, registered: bool) -> list[str]:
        """Unregister (or register again) every account that has a registrar; their ids."""
        changed = []
        for account_id in self._try("accounts", self.engine.accounts)[1] or []:
            try:
                self.engine.set_registration(account_id, registered)
            except SipError as exc:  # a direct-IP account has nothing to unregister
                log.info("registration of %s left as it is: %s", account_id, exc)
                continue
            changed.append(account_id)
        return changed

    def start_recording(self, call_id: int, wav_path: str, *, report: Report | None = None) -> bool:
        return self._try("record", self.engine.start_recording, call_id, wav_path,
                         report=report)[0]


    # -- tones (ringtone, recordings played back); the engine never raises for these ------------

    def start_tone(
        self, wav_path: str, loop: bool = True, volume: float = 1.0, ringer: bool = False
    ) -> bool:
        """Play a WAV to the operator's headset (ringer=True: the ringer device)."""
        return bool(self.engine.start_tone(wav_path, loop, volume, ringer))

    def stop_tone(self) -> None:
        self.engine.stop_tone()

    @property
    def tone_playing(self) -> bool:
        return bool(self.engine.tone_playing)

    # -- the sound path's devices (the settings' sound page, the status bar) ---------------------

    def sound_devices(self, kind: str) -> list[tuple[str, str]]:
        """(stable id, human name) of each device of kind capture/playback/ringer."""
        if self.sound is None:
            return []
        return [(info.id.decode(errors="replace"), info.name)
                for info in self.sound.list_devices(kind)]

    def set_sound_devices(self, capture: str, playback: str, ringer: str) -> None:
        """Switch to these device ids ("" = the system default) now."""
        if self.sound is not None:
            self.sound.set_devices(capture.encode(), playback.encode(), ringer.encode())

    def set_sound_processing(self, echo: bool, noise: bool, gain: bool) -> str:
        """Echo cancellation, noise suppression, gain control; "" or why it is unavailable."""
        if self.sound is None:
            return ""
        return str(self.sound.set_processing(echo, noise, gain))

    def sound_device_name(self, kind: str) -> str:
        """The device a stream uses now ("" without one)."""
        return str(self.sound.current_name(kind)) if self.sound is not None else ""

    def capture_level(self) -> float:
        """The microphone's level, 0..1 (the settings' meter)."""
        return float(self.engine.capture_level())
