"""SipEngine: owns the process's single pjsua2 Endpoint, its transports, accounts and calls.

Threading: PJSIP runs with no worker threads (threadCnt=0, mainThreadOnly). The owner calls
`pump()` from the thread that called `start()` (the Qt GUI thread via a 10 ms QTimer, or a
test loop); PJSIP callbacks run inside it and only queue events, which `pump()` then hands
to subscribers synchronously on that same thread. Every public method asserts that thread.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable

import pjsua2 as pj

from softphone.sip.conference.control import ConferenceControl
from softphone.sip.config import EngineConfig, TransportKind
from softphone.sip.errors import (
    EngineNotStarted,
    PortInUse,
    SipError,
    TransportUnavailable,
    WrongThread,
    pj_text,
)
from softphone.sip.events import AudioStatus, EngineFailure, Event, RegState
from softphone.sip.guard import guarded
from softphone.sip.lifetime import disarm_survivors
from softphone.sip.line_control import LineControl
from softphone.sip.logs import PjLogWriter
from softphone.sip.sound_control import SoundControl
from softphone.sip.tls_control import PJSIP_TLS_ECERTVERIF, TlsControl

log = logging.getLogger("softphone.sip")
Subscriber = Callable[[Event], None]
_PJ_TRANSPORTS = {
    TransportKind.UDP: pj.PJSIP_TRANSPORT_UDP,
    TransportKind.TCP: pj.PJSIP_TRANSPORT_TCP,
    TransportKind.TLS: pj.PJSIP_TRANSPORT_TLS,
}
_EADDRINUSE = 120098  # PJ_ERRNO_START_SYS + EADDRINUSE on Linux
# PJSIP's media quality 1..10 (default 8). 3-4 make the conference bridge resample with the
# small filter: a G.711 call's 8 <-> 16 kHz resampling costs less on PJSIP's clock thread
# (bench audio_path, clock thread 2.9-3.1 % -> 2.4-2.5 % of a core per call, alternating runs;
# the 1 kHz pitch tests pass) and telephone-band speech (< 3.4 kHz) is far below either
# filter's edge. The RTP jitter buffer keeps PJSIP's adaptive defaults (it sat at one frame,
# 20 ms, on the bench's LAN; docs/audio-path-bench.md).
MEDIA_QUALITY = 4
# Above speex/16000 (130), PJSIP's default first choice; see _prefer_telephony_codecs.
PREFERRED_CODECS = (("G722/16000/1", 140), ("PCMA/8000/1", 139), ("PCMU/8000/1", 138))


class _Endpoint(pj.Endpoint):
    """Forwards transport loss to the running engine (a registrar connection dropped)."""

    @guarded
    def onTransportState(self, prm: pj.OnTransportStateParam) -> None:
        engine = SipEngine._running_instance
        if engine is not None and prm.state == pj.PJSIP_TP_STATE_DISCONNECTED:
            tls = prm.tlsInfo
            if prm.lastError == PJSIP_TLS_ECERTVERIF and not tls.isEmpty():  # cert refused
                engine.tls_refused(tls)
            else:
                engine.connection_lost(str(prm.type), pj_text_status(prm.lastError))

    @guarded
    def onRejectedIncomingCall(self, prm: pj.OnRejectedIncomingCallParam) -> None:
        """PJSIP refused an INVITE statelessly (every call slot taken: 486) before any Call."""
        engine = SipEngine._running_instance
        if engine is not None:
            engine.incoming_refused(int(prm.statusCode), str(prm.reason), str(prm.remoteInfo))

    @guarded
    def onNatCheckStunServersComplete(self, prm: pj.OnNatCheckStunServersCompleteParam) -> None:
        engine = SipEngine._running_instance
        if engine is not None:
            engine.stun_resolved(int(prm.status), str(prm.name), str(prm.addr))


def pj_text_status(status: int) -> str:
    return f"status {status}" if status else ""


_endpoint: pj.Endpoint | None = None


def _process_endpoint() -> pj.Endpoint:
    """The one C++ Endpoint of the process, reused by every start().

    pjsua2 allows a single Endpoint instance; a second constructor call while any proxy of
    the first survives (a traceback is enough) aborts. It is kept for the process lifetime
    and only its library is created and destroyed.
    """
    global _endpoint
    if _endpoint is None:
        _endpoint = _Endpoint()
    return _endpoint


class SipEngine(ConferenceControl, SoundControl, LineControl, TlsControl):
    """See the package docstring for the API; one instance may run per process at a time."""

    _running_instance: SipEngine | None = None

    def __init__(self, config: EngineConfig | None = None) -> None:
        super().__init__()
        SoundControl.__init__(self)
        self.config = config or EngineConfig()
        LineControl.__init__(self, self.config.ring_timeout_s)
        TlsControl.__init__(self)
        self.auto_answer = self.config.auto_answer
        self._ep: pj.Endpoint | None = None
        self._log_writer: PjLogWriter | None = None
        self._owner: threading.Thread | None = None
        self._events: deque[Event] = deque()
        self._subscribers: list[Subscriber] = []
        self._transports: dict[TransportKind, tuple[int, str]] = {}
        self._audio_status = AudioStatus("", "", True, "Движок не запущен")
        self._stun_server = ""

    # --- lifecycle -----------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self._ep is not None

    def start(self) -> None:
        """Create the Endpoint and transports; the calling thread becomes the owner."""
        if self._ep is not None:
            return
        if SipEngine._running_instance is not None:
            raise SipError("Уже запущен другой SIP-движок в этом процессе")
        self._owner = threading.current_thread()
        self._ep = _process_endpoint()
        SipEngine._running_instance = self
        try:
            self._ep.libCreate()
            self._ep.libInit(self._ep_config())
            self._prefer_telephony_codecs()
            for kind in TransportKind:
                port = getattr(self.config, f"{kind}_port")
                if port is not None:
                    self._create_transport(kind, port)
            self._ep.libStart()
            self._start_stun()
            self._audio_status = self._select_audio(
                self.config.capture_device, self.config.playback_device
            )
            if self._sound_buffers is not None:
                self._open_sound_ports()
        except BaseException:
            self._destroy_library()
            raise
        atexit.register(self._shutdown_at_exit)
        log.info("SIP engine started: %s", self.transports)
        self.post(self._audio_status)

    def _prefer_telephony_codecs(self) -> None:
        """Offer G.722 (wideband), then G.711 A-law and mu-law, before PJSIP's default speex.

        Every PBX speaks these; speex is rare on PBXes, costs more CPU per call, and its
        concealment of late packets turns a steady voice or tone into clipped noise (seen
        between two desks on a loaded machine). Speex stays available, after them.
        """
        assert self._ep is not None
        for codec_id, priority in PREFERRED_CODECS:
            try:
                self._ep.codecSetPriority(codec_id, priority)
            except pj.Error as exc:
                log.warning("codec %s not available: %s", codec_id, pj_text(exc))

    def _ep_config(self) -> pj.EpConfig:
        cfg = pj.EpConfig()
        ua = cfg.uaConfig
        ua.threadCnt = 0
        ua.mainThreadOnly = True
        ua.userAgent = self.config.user_agent
        ua.maxCalls = self.config.max_calls
        # STUN servers are given after libStart (_start_stun), not here: at libInit PJSIP
        # would block the UDP transport's creation until they answer or time out (~8 s).
        ua.stunIgnoreFailure = True  # no STUN answer: go on with local addresses
        ua.natTypeInSdp = 0  # no NAT-type probe traffic, no a=X-nat line in every offer
        self._log_writer = PjLogWriter()
        lc = cfg.logConfig
        lc.writer = self._log_writer
        lc.level = self.config.log_level
        lc.consoleLevel = self.config.log_level
        lc.decor = pj.PJ_LOG_HAS_SENDER | pj.PJ_LOG_HAS_INDENT
        lc.msgLogging = True
        cfg.medConfig.noVad = True
        cfg.medConfig.sndAutoCloseTime = 1
        cfg.medConfig.quality = MEDIA_QUALITY
        return cfg

    def _start_stun(self) -> None:
        """Resolve the STUN servers in the background; the result arrives via the pump.

        Calls placed before it arrives wait for it inside PJSIP (up to ~8 s if no server
        answers); after a failure they go on with local addresses at once.
        """
        assert self._ep is not None
        self._stun_server = ""
        if not self.config.stun_servers:
            return
        servers = pj.StringVector()
        for server in self.config.stun_servers:
            servers.append(server)
        log.info("STUN: asking %s for our public address", ", ".join(self.config.stun_servers))
        try:  # a name that cannot be resolved fails inside this call, via the callback
            self._ep.natUpdateStunServers(servers, False)
        except pj.Error as exc:
            self.stun_resolved(exc.status or -1, ", ".join(self.config.stun_servers), "")

    def stun_resolved(self, status: int, server: str, address: str) -> None:
        """PJSIP finished trying the STUN servers (inside the pump, or at once on error)."""
        if status == 0:
            self._stun_server = address
            log.info("STUN: %s answers (%s); media gets public addresses from it", server,
                     address)
            return
        self._stun_server = ""
        servers = ", ".join(self.config.stun_servers)
        detail = self._status_text(status)
        log.warning("STUN: no answer from %s (%s); calls use local addresses", servers, detail)
        self.report_failure(
            f"STUN-сервер {servers} не отвечает или не найден: звонки идут с локальными "
            "адресами (за NAT собеседник может не слышать звук)"
        )

    def _status_text(self, status: int) -> str:
        try:
            return f"{self._ep.utilStrError(status)}" if self._ep is not None else ""
        except pj.Error:
            return f"status {status}"

    @property
    def stun_server(self) -> str:
        """The STUN server in use ("ip:port"); "" while being tried, after failure or if none."""
        return self._stun_server

    def _create_transport(self, kind: TransportKind, port: int) -> None:
        assert self._ep is not None
        tcfg = pj.TransportConfig()
        tcfg.port = port
        if self.config.bind_address not in ("0.0.0.0", "::"):
            tcfg.boundAddress = self.config.bind_address
        if kind is TransportKind.TLS:
            for path in (self.config.tls_cert_file, self.config.tls_key_file,
                         self.config.tls_ca_file):
                if path and not os.access(path, os.R_OK):
                    raise TransportUnavailable(f"TLS: файл не найден или не читается: {path}")
            tls = tcfg.tlsConfig
            tls.CaListFile = self.config.tls_ca_file
            tls.certFile = self.config.tls_cert_file
            tls.privKeyFile = self.config.tls_key_file
            tls.method = pj.PJSIP_TLSV1_2_METHOD
        try:
            tid = self._ep.transportCreate(_PJ_TRANSPORTS[kind], tcfg)
        except pj.Error as exc:
            text = pj_text(exc)
            if exc.status == _EADDRINUSE or "in use" in text.lower():
                raise PortInUse(kind.upper(), self.config.bind_address, port, text) from None
            raise TransportUnavailable(
                f"Не удалось создать транспорт {kind.upper()} на порту {port}: {text}"
            ) from None
        name = self._ep.transportGetInfo(tid).localName
        self._transports[kind] = (tid, name)

    @property
    def transports(self) -> dict[TransportKind, str]:
        """Bound `host:port` per transport (useful when ports were 0 = any free)."""
        return {kind: name for kind, (_, name) in self._transports.items()}

    def port(self, kind: TransportKind = TransportKind.UDP) -> int:
        return int(self.transports[kind].rsplit(":", 1)[1])

    def shutdown(self, timeout_s: float = 0.8) -> None:
        """Hang up live calls, unregister, drop accounts and media, destroy the library.

        Bounded: hang-ups and un-REGISTERs share `timeout_s`; then libDestroy runs without
        network (PJSUA_DESTROY_NO_NETWORK), which skips PJSIP's own unconditional ~1 s wait
        for unregistrations this method has already waited for. Idempotent.
        """
        if self._ep is None:
            return
        self._check_thread()
        deadline = time.monotonic() + timeout_s
        try:
            self._hangup_all(timeout_s)
            self._close_sound()
            self._unregister_all(max(0.0, deadline - time.monotonic()))
            self._remove_all_accounts()
            self.pump(0)
        except Exception:
            log.exception("error while shutting the SIP engine down")
        finally:
            self._release_calls(everything=True)
            self._destroy_library()
            self._deliver()
        log.info("SIP engine stopped")

    def _unregister_all(self, timeout_s: float) -> None:
        """Send un-REGISTER for registered accounts and wait (bounded) for the registrars."""
        pending = [a for a in self._accounts.values()
                   if a.registrar and a.registration.state is RegState.REGISTERED]
        for account in pending:
            with contextlib.suppress(pj.Error):
                account.setRegistration(False)
        if pending:
            self.wait_for(lambda: all(a.registration.state is not RegState.REGISTERED
                                      for a in pending), timeout_s)

    def _shutdown_at_exit(self) -> None:
        """The owner forgot shutdown(): do it before the interpreter tears Python down."""
        if self._ep is not None and threading.current_thread() is self._owner:
            log.warning("SIP engine still running at exit; shutting it down")
            self.shutdown(timeout_s=0.5)

    def _destroy_library(self) -> None:
        atexit.unregister(self._shutdown_at_exit)
        ep, self._ep = self._ep, None
        self._accounts.clear()
        self._transports.clear()
        self._forget_tls_transports()
        self._close_sound()
        disarm_survivors()  # a Call/player destroyed after libDestroy would abort the process
        if ep is not None:
            try:
                ep.libDestroy(pj.PJSUA_DESTROY_NO_NETWORK)  # calls and accounts gone above
            except pj.Error as exc:
                log.error("libDestroy failed: %s", pj_text(exc))
        self._retired_ports.clear()  # the bridge is gone: nothing calls them any more
        self._log_writer = None
        if SipEngine._running_instance is self:
            SipEngine._running_instance = None

    def __enter__(self) -> SipEngine:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()

    # --- threading and event delivery ----------------------------------------------------
    def _check_thread(self) -> None:
        if self._ep is None:
            raise EngineNotStarted()
        current = threading.current_thread()
        if current is not self._owner:
            owner = self._owner.name if self._owner else "?"
            raise WrongThread(owner, current.name)

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Receive every event on the pumping thread; returns the unsubscribe function."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._subscribers.remove(callback)

        return unsubscribe

    def post(self, event: Event) -> None:
        self._events.append(event)

    def report_failure(self, message: str) -> None:
        self.post(EngineFailure(message))

    def pump(self, max_ms: int = 0) -> int:
        """Let PJSIP work for up to max_ms, then deliver queued events; returns how many."""
        self._check_thread()
        assert self._ep is not None
        try:
            self._ep.libHandleEvents(max(0, int(max_ms)))
        except pj.Error as exc:
            log.error("libHandleEvents failed: %s", pj_text(exc))
        self._wire_pending()
        self._end_unanswered()
        self._update_ringback(self._ringing_calls())
        self._retry_holds()
        self._release_calls()
        self._retry_registrations()
        return self._deliver()

    def _deliver(self) -> int:
        delivered = 0
        for _ in range(10_000):  # subscribers may post more; never loop forever
            if not self._events:
                break
            event = self._events.popleft()
            delivered += 1
            for callback in list(self._subscribers):
                try:
                    callback(event)
                except Exception:
                    log.exception("event subscriber %r failed on %r", callback, event)
        return delivered

    def wait_for(self, predicate: Callable[[], bool], timeout_s: float = 5.0) -> bool:
        """Pump until predicate() is true or the time is up (tests, scripts, shutdown)."""
        deadline = time.monotonic() + timeout_s
        while True:
            if predicate():
                return True
            if time.monotonic() >= deadline:
                return False
            self.pump(10)

    def _transport_for(self, kind: TransportKind) -> tuple[int, str]:
        try:
            return self._transports[kind]
        except KeyError:
            raise TransportUnavailable(
                f"Транспорт {kind.upper()} не включён в настройках движка"
            ) from None
