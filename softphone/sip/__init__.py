"""Qt-free SIP engine on pjsua2: one Endpoint, its transports, accounts and calls.

Threading contract: `SipEngine.start()` makes the calling thread the owner; every method must
then be called on that thread (others raise WrongThread). PJSIP has no threads of its own for
signalling: the owner calls `pump(max_ms)` regularly (the Qt UI: `pump(0)` from a 10 ms QTimer),
which runs PJSIP and delivers events synchronously to subscribers on that thread.

Public API (errors are SipError subclasses from softphone.sip.errors, never pjsua2.Error):

    engine = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True))
    engine.start() / engine.shutdown()            # shutdown is idempotent, hangs up calls first
    unsubscribe = engine.subscribe(callback)      # callback(event) with events from .events
    engine.pump(max_ms=0) -> int                  # events delivered
    engine.wait_for(predicate, timeout_s) -> bool # pump until predicate() (tests, scripts)
    engine.transports -> {TransportKind: "host:port"}; engine.port(kind) -> int
    engine.add_local_account(LocalAccountSettings) -> account_id
    engine.add_account(RegistrarAccountSettings, password) -> account_id
    engine.remove_account(id); engine.accounts(); engine.registration(id) -> RegistrationChanged
    engine.set_registration(id, registered)       # re-register now / unregister, keep account
    engine.account_domain(id)                     # domain typed numbers are dialled in
    # failed registrations are retried by the engine: retry_interval_s, doubling, capped at
    # max_retry_interval_s (+ jitter); 401/403/404/407 are not retried (wrong credentials)
    engine.dial(target, account_id=None) -> call_id   # number via the dial plan, or a SIP URI
    engine.answer(id); engine.reject(id, busy=True)    # 486 / 603
    engine.hangup(id); engine.hold(id); engine.resume(id); engine.set_mute(id, muted)
    engine.send_dtmf(id, digits, method=DtmfMethod.RFC2833)
    engine.transfer_blind(id, target); engine.transfer_attended(id, to_call_id)
    engine.switch_to(id)                          # call waiting: hold the others, take this one
    engine.join(id, other_id) -> conference_id    # three-way call on PJSIP's bridge (held: resumed)
    engine.split(id)                              # id keeps talking, the other legs are held
    engine.add_to_conference(id, target) -> new_id  # dial; joins id's call once answered
    engine.conference_legs(conference_id) -> [ids]  # CallInfo.conference_id marks the legs;
    # hold/resume/mute of a leg act on the whole conference; a leg that ends leaves alone
    engine.calls() -> list[CallInfo]; engine.call(id) -> CallInfo
    engine.audio_devices() / capture_devices() / playback_devices() -> list[str]
    engine.set_audio_devices(capture, playback) -> AudioStatus; engine.audio_status
    engine.play_file(id, wav); engine.start_recording(id, wav, both_sides=True)
    engine.stop_recording(id) -> path
    engine.start_tone(wav, loop=True, volume=1.0, ringer=False) -> bool  # ringer: ring device
    engine.stop_tone(); engine.tone_playing
    engine.play_keys(digits)                      # DTMF key feedback (send_dtmf does it too)
    engine.ringback_playing                       # 425 Hz while an outgoing call rings
    engine.capture_level() -> float               # 0..1: the sound path's mic; 0.0 on null
    buffers = engine.attach_sound()               # before or after start(): the sound path
    # SoundBuffers (softphone.sip.sound; no pjsua2 inside, any thread): 16 kHz mono s16.
    #   buffers.headset_out.read(n) / buffers.ringer_out.read(n) -> what to play (n samples)
    #   buffers.write_capture(pcm)                # the microphone; buffers.capture_level
    #   buffers.stats() -> {name: JitterStats(underruns, overruns, dropped, inserted, fill_ms)}
    # Without attach_sound, calls and tones use PJSIP's own device (the null device here).
    engine.stun_server -> str                     # STUN server in use, "" pending/failed/none
    # SRTP per account: LocalAccountSettings(srtp=SrtpMode.OPTIONAL) / RegistrarAccountSettings
    # (..., srtp=SrtpMode.MANDATORY); SDES keys (a=crypto); CallInfo.secure_media says whether
    # the call's audio is encrypted now. EngineConfig(stun_servers=("stun.example.ru:3478",))
    # is asked in the background after start; no answer -> EngineFailure, calls go on.
    engine.auto_answer = True                     # answer every incoming call (bench, tests)
    engine.ring_timeout_s = 30                    # unanswered incoming calls end: 480; 0 = never
    engine.refuse_incoming(486 | 480, reason)    # the operator is not ready: new callers get
    engine.accept_incoming(); engine.refusal      # that status and a CallEnded with the reason
    engine.calls_at_once -> int                   # call slots (4: the wheel's PJSUA_MAX_CALLS)
    # every slot taken: PJSIP answers 486 at once and the engine publishes a CallEnded
    # (answered=False, status 486, reason "линия занята") for the caller it turned away

Events (softphone.sip.events, frozen dataclasses): IncomingCall(call, waiting),
CallStateChanged(call), MediaStateChanged(call), CallEnded(call, ended_at, duration_s,
answered, status_code, reason, conference_id), DtmfReceived(call_id, digit),
RegistrationChanged(account_id, state, status_code, reason, expires_s),
AudioStatus(capture, playback, null_device, message),
TransferResult(call_id, status_code, success, reason), EngineFailure(message).

Limits of this build: 4 simultaneous calls per process (PJSUA_MAX_CALLS of the wheel caps
EngineConfig.max_calls; one more dial gives SipError, one more caller 486), one running engine
per process, TLS up to 1.2 (bundled OpenSSL 1.0.2).
"""

from softphone.sip.config import (
    EngineConfig,
    LocalAccountSettings,
    RegistrarAccountSettings,
    SrtpMode,
    TransportKind,
    check_stun_server,
    usable_stun_servers,
)
from softphone.sip.dialplan import DialPlan, NumberFormat, normalize_number, to_uri
from softphone.sip.engine import SipEngine
from softphone.sip.errors import (
    AudioError,
    CallStateError,
    EngineNotStarted,
    InvalidTarget,
    NoSuchAccount,
    NoSuchCall,
    PortInUse,
    RegistrarUnreachable,
    SipError,
    TransportUnavailable,
    WrongThread,
)
from softphone.sip.events import (
    AudioStatus,
    CallEnded,
    CallInfo,
    CallState,
    CallStateChanged,
    Direction,
    DtmfMethod,
    DtmfReceived,
    EngineFailure,
    Event,
    IncomingCall,
    MediaStateChanged,
    RegistrationChanged,
    RegState,
    TransferResult,
)

__all__ = [
    "AudioError",
    "AudioStatus",
    "CallEnded",
    "CallInfo",
    "CallState",
    "CallStateChanged",
    "CallStateError",
    "DialPlan",
    "Direction",
    "DtmfMethod",
    "DtmfReceived",
    "EngineConfig",
    "EngineFailure",
    "EngineNotStarted",
    "Event",
    "IncomingCall",
    "InvalidTarget",
    "LocalAccountSettings",
    "MediaStateChanged",
    "NoSuchAccount",
    "NoSuchCall",
    "NumberFormat",
    "PortInUse",
    "RegState",
    "RegistrarAccountSettings",
    "RegistrarUnreachable",
    "RegistrationChanged",
    "SipEngine",
    "SipError",
    "SrtpMode",
    "TransferResult",
    "TransportKind",
    "TransportUnavailable",
    "WrongThread",
    "check_stun_server",
    "normalize_number",
    "to_uri",
    "usable_stun_servers",
]
