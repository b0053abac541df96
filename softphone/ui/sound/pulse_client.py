"""One libpulse connection (threaded mainloop + context) shared by every open sound stream.

Why one: each stream used to bring its own connection and thread; one mainloop thread serves
the playback, ringer and capture streams and the device list (device_watch.py) alike, and
wakes only when the server wants or has data, or a device changes. The connection exists while
a member uses it (`acquire` / `release`): while the sound path runs that is the device list
(as Qt Multimedia's own connection was before), and no stream is open while idle. A connection
that breaks (the sound server went away) fails its members and is replaced at the next
`acquire`.
"""

from __future__ import annotations

import atexit
import logging
import threading
from typing import Protocol

from softphone.sip.native_threads.kept_state import KeptThreadState
from softphone.sip.sound import raise_thread_priority
from softphone.ui.sound import pulse_api as pa

log = logging.getLogger("softphone.ui.sound")


class Member(Protocol):
    """A stream or the device list: told when it may connect and when the connection broke."""

    def connect_on(self, client: PulseClient) -> None: ...

    def fail(self, reason: str) -> None: ...


class PulseClient:
    """A threaded mainloop and its context; `lock()` around every libpulse call."""

    def __init__(self, app_name: str = "softphone") -> None:
        self.lib = pa.lib()
        self.members: list[Member] = []
        self.waiting: list[Member] = []  # asked to connect before the context was ready
        self.broken = ""
        self._was_ready = False
        self.users = 0  # members holding it (acquire / release)
        self._raised = False
        self._thread_state = KeptThreadState("pulse")  # the mainloop thread's, while it runs
        self._released = threading.Event()
        self._on_last = pa.MAINLOOP_ONCE(self._release_thread_state)
        self.mainloop = self.lib.pa_threaded_mainloop_new()
        if not self.mainloop:
            raise OSError("pa_threaded_mainloop_new failed")
        self.context = self.lib.pa_context_new(
            self.lib.pa_threaded_mainloop_get_api(self.mainloop), app_name.encode())
        self._on_state = pa.CONTEXT_NOTIFY(self._state_changed)  # kept: C holds a pointer
        self.lib.pa_context_set_state_callback(self.context, self._on_state, None)
        if self.lib.pa_context_connect(self.context, None, pa.CONTEXT_NOAUTOSPAWN, None) < 0:
            self.broken = pa.error_text(self.lib.pa_context_errno(self.context))
        if self.lib.pa_threaded_mainloop_start(self.mainloop) < 0:
            self.broken = self.broken or "the sound thread did not start"

    def lock(self) -> None:
        self.lib.pa_threaded_mainloop_lock(self.mainloop)

    def unlock(self) -> None:
        self.lib.pa_threaded_mainloop_unlock(self.mainloop)

    def in_thread(self) -> bool:
        return bool(self.lib.pa_threaded_mainloop_in_thread(self.mainloop))

    @property
    def ready(self) -> bool:
        return bool(self.lib.pa_context_get_state(self.context) == pa.CONTEXT_READY)

    def join(self, member: Member) -> None:
        """Connect `member` now if the context is ready, else once it is (lock held)."""
        self.members.append(member)
        if self.broken:
            member.fail(self.broken)
        elif self.ready:
            member.connect_on(self)
        else:
            self.waiting.append(member)

    def leave(self, member: Member) -> None:
        """Lock held."""
        for group in (self.members, self.waiting):
            if member in group:
                group.remove(member)

    def _state_changed(self, _context: int | None, _userdata: int | None) -> None:
        """libpulse's thread, lock held."""
        # the first call on the mainloop thread (pa_context_connect's CONNECTING runs on the
        # caller's): make that thread real-time, and keep its Python thread state
        if not self._raised and self.in_thread():
            self._raised = True
            raise_thread_priority("sound-pulse")
            self._thread_state.keep()
        state = self.lib.pa_context_get_state(self.context)
        if state == pa.CONTEXT_READY:
            self._was_ready = True
            waiting, self.waiting = self.waiting, []
            for member in waiting:
                member.connect_on(self)
        elif state in (pa.CONTEXT_FAILED, pa.CONTEXT_TERMINATED) and not self.broken:
            self.broken = pa.error_text(self.lib.pa_context_errno(self.context)) or "closed"
            if self._was_ready:
                log.warning("sound: the connection to the sound server broke: %s", self.broken)
            else:  # no server (yet): the device list asks again, and says so, at its pace
                log.info("sound: could not reach the sound server: %s", self.broken)
            self.waiting = []
            for member in list(self.members):
                member.fail(self.broken)

    def _release_thread_state(self, _mainloop: int | None, _userdata: int | None) -> None:
        """On the mainloop thread, just before it ends: give back the kept thread state."""
        self._thread_state.release()  # this callback's own (ctypes') Release then frees it
        self._released.set()

    def close(self) -> None:
        """End the connection and join its thread (not from a callback)."""
        if self.in_thread():
            raise RuntimeError("PulseClient.close() from its own callback")
        self.lock()
        self.lib.pa_context_set_state_callback(self.context, pa.NO_CONTEXT_NOTIFY, None)
        self.lib.pa_context_disconnect(self.context)
        held = self._thread_state.thread_id is not None
        if held:
            self.lib.pa_threaded_mainloop_once_unlocked(self.mainloop, self._on_last, None)
        self.unlock()
        if held and not self._released.wait(2.0):
            log.warning("sound: the mainloop thread did not give back its Python state")
        self.lib.pa_threaded_mainloop_stop(self.mainloop)  # joins the thread
        self.lib.pa_context_unref(self.context)
        self.lib.pa_threaded_mainloop_free(self.mainloop)
        self.members, self.waiting = [], []


_guard = threading.Lock()
_client: PulseClient | None = None  # the one new streams join
_orphans: list[PulseClient] = []  # broken ones whose streams have not stopped yet


def acquire() -> PulseClient:
    """The shared connection (made, or remade after it broke); pair with `release`."""
    global _client
    with _guard:
        if _client is not None and _client.broken:
            if _client.users:  # its streams still hold it: the last one out closes it
                _orphans.append(_client)
            else:
                _client.close()
            _client = None
        if _client is None:
            _client = PulseClient()
        _client.users += 1
        return _client


def release(client: PulseClient) -> None:
    """A stream is done with `client`: the last one out closes the connection and its thread."""
    global _client
    with _guard:
        client.users -= 1
        if client.users > 0:
            return
        if client is _client:
            _client = None
        elif client in _orphans:
            _orphans.remove(client)
        client.close()


def active_clients() -> int:
    """Connections open now (tests: nothing leaks after the streams stop)."""
    with _guard:
        return (1 if _client is not None else 0) + len(_orphans)


@atexit.register
def _close_all() -> None:
    """No libpulse thread may call into Python while the interpreter shuts down."""
    global _client
    with _guard:
        for client in [*_orphans, *([_client] if _client is not None else [])]:
            client.close()
        _orphans.clear()
        _client = None
