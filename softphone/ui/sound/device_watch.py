"""The sound server's sinks, sources and defaults, kept current on our shared libpulse connection.

Why here and not Qt Multimedia: the streams already talk to the server through pulse_client.py;
Qt's device list brought a second client and ~5 MB of libraries at start (issue #15). This is
plain Python (no Qt): `DeviceWatch` joins the shared connection, reads the lists once it is
ready, subscribes to sink, source and server events (plug, unplug, a new default) and reads
them again after each burst of events. `on_change` gets every new `Snapshot` on libpulse's
thread; the owner hands it to its own thread.
"""

from __future__ import annotations

import ctypes
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from softphone.ui.sound import pulse_api as pa
from softphone.ui.sound import pulse_client
from softphone.ui.sound.pulse_client import PulseClient


@dataclass(frozen=True, slots=True)
class Device:
    """A sink or source: its server name (the stable id settings keep) and human name."""

    id: bytes
    name: str


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the server had at one moment; empty when there is no server (or no connection)."""

    sinks: tuple[Device, ...] = ()
    sources: tuple[Device, ...] = ()  # without monitors: those are not microphones
    default_sink: bytes = b""
    default_source: bytes = b""


@dataclass
class _Draft:
    """A snapshot being read: three answers to wait for (server info, sinks, sources)."""

    sinks: list[tuple[int, Device]] = field(default_factory=list)
    sources: list[tuple[int, Device]] = field(default_factory=list)
    default_sink: bytes = b""
    default_source: bytes = b""
    waiting: int = 3

    def snapshot(self) -> Snapshot:
        return Snapshot(tuple(d for _, d in sorted(self.sinks, key=lambda x: x[0])),
                        tuple(d for _, d in sorted(self.sources, key=lambda x: x[0])),
                        self.default_sink, self.default_source)


_SUBSCRIBED = pa.SUBSCRIPTION_MASK_SINK | pa.SUBSCRIPTION_MASK_SOURCE | pa.SUBSCRIPTION_MASK_SERVER
# Watches by the key libpulse hands back as userdata. The callbacks below are module-level and
# never freed, so an answer arriving after a watch closed finds no watch and is dropped,
# instead of calling into a freed ctypes thunk. Changed only with the mainloop's lock held.
_watches: dict[int, DeviceWatch] = {}
_keys = itertools.count(1)


def _device(info: pa.SinkInfo | pa.SourceInfo) -> Device:
    name = info.name or b""
    description = (info.description or name).decode(errors="replace")
    return Device(bytes(name), description)


class DeviceWatch:
    """A member of the shared connection that keeps `snapshot` current.

    `on_change(snapshot)` runs on libpulse's thread (lock held) for each snapshot that differs
    from the last; `on_lost(reason)` likewise once the connection broke (the snapshot is then
    empty; `close()` and `open()` again reconnect). `first` is set once the first snapshot or the
    failure arrived, so a caller may wait for it a bounded time.
    """

    def __init__(self, on_change: Callable[[Snapshot], None],
                 on_lost: Callable[[str], None]) -> None:
        self._on_change, self._on_lost = on_change, on_lost
        self._key = next(_keys)
        self._client: PulseClient | None = None
        self.draft: _Draft | None = None  # a read in flight
        self._again = False  # events came during that read: read once more after it
        self._guard = threading.Lock()  # `snapshot` is read from the owner's thread
        self._snapshot = Snapshot()
        self.first = threading.Event()

    @property
    def snapshot(self) -> Snapshot:
        with self._guard:
            return self._snapshot

    def open(self) -> None:
        """Join the shared connection (made now if needed); the lists arrive on its thread."""
        try:
            client = pulse_client.acquire()
        except OSError:  # no libpulse on this desktop: no devices, nothing to retry
            self.first.set()
            return
        self._client = client
        client.lock()
        try:
            self._key = next(_keys)  # answers to an earlier opening find no watch
            self.draft, self._again = None, False
            self.first.clear()
            _watches[self._key] = self
            client.join(self)
        finally:
            client.unlock()

    def close(self) -> None:
        """Leave the connection; nothing of this watch runs after this returns."""
        client, self._client = self._client, None
        if client is None:
            return
        client.lock()
        try:
            _watches.pop(self._key, None)
            self.draft, self._again = None, False
            with self._guard:  # closed, it knows nothing; reopened, it asks afresh
                self._snapshot = Snapshot()
            client.leave(self)
            if client.ready and not _watching(client):  # the last watch on it: no more events
                client.lib.pa_context_set_subscribe_callback(client.context, pa.NO_SUBSCRIBE,
                                                             None)
                _unref(client, client.lib.pa_context_subscribe(client.context, 0,
                                                               pa.NO_SUCCESS, None))
        finally:
            client.unlock()
        pulse_client.release(client)

    # --- on libpulse's thread, lock held ----------------------------------------------------
    def connect_on(self, client: PulseClient) -> None:
        lib, context = client.lib, client.context
        lib.pa_context_set_subscribe_callback(context, _ON_EVENT, None)  # one per context
        _unref(client, lib.pa_context_subscribe(context, _SUBSCRIBED, pa.NO_SUCCESS, None))
        self.read(client)

    def event(self) -> None:
        """A sink or source came, went or changed, or a default changed: read again."""
        if self._client is not None:
            self.read(self._client)

    def watches(self, context: int | None) -> bool:
        return self._client is not None and self._client.context == context

    def fail(self, reason: str) -> None:
        self.draft, self._again = None, False
        self._publish(Snapshot())
        self.first.set()
        self._on_lost(reason)

    def read(self, client: PulseClient) -> None:
        """Ask for the server info and both lists; a read in flight is followed by one more."""
        if self.draft is not None:
            self._again = True
            return
        self.draft = _Draft()
        lib, context, key = client.lib, client.context, self._key
        operations = (lib.pa_context_get_server_info(context, _ON_SERVER, key),
                      lib.pa_context_get_sink_info_list(context, _ON_SINK, key),
                      lib.pa_context_get_source_info_list(context, _ON_SOURCE, key))
        for operation in operations:
            _unref(client, operation)
        if not all(operations):  # the context is going away: its state callback tells us
            self.draft = None

    def answered(self, draft: _Draft) -> None:
        """One of the three answers is in; the last one publishes and starts a pending read."""
        draft.waiting -= 1
        if draft.waiting or draft is not self.draft:
            return
        self.draft = None
        self._publish(draft.snapshot(), first=not self.first.is_set())
        self.first.set()
        if self._again and self._client is not None:
            self._again = False
            self.read(self._client)

    def _publish(self, snapshot: Snapshot, first: bool = False) -> None:
        """Keep and hand on a snapshot that differs, or the first one (even if empty)."""
        with self._guard:
            if snapshot == self._snapshot and not first:
                return
            self._snapshot = snapshot
        self._on_change(snapshot)


def _unref(client: PulseClient, operation: int | None) -> None:
    if operation:
        client.lib.pa_operation_unref(operation)


def _watching(client: PulseClient) -> bool:
    return any(watch.watches(client.context) for watch in _watches.values())


def _draft_of(userdata: int | None) -> tuple[DeviceWatch | None, _Draft | None]:
    watch = _watches.get(userdata or 0)
    return watch, (watch.draft if watch is not None else None)


def _sink_arrived(_context: int | None, info: ctypes._Pointer[pa.SinkInfo], eol: int,
                  userdata: int | None) -> None:
    watch, draft = _draft_of(userdata)
    if watch is None or draft is None:
        return
    if eol:  # 1: the end of the list; < 0: an error (the list as far as it came)
        watch.answered(draft)
    elif info:
        draft.sinks.append((info.contents.index, _device(info.contents)))


def _source_arrived(_context: int | None, info: ctypes._Pointer[pa.SourceInfo], eol: int,
                    userdata: int | None) -> None:
    watch, draft = _draft_of(userdata)
    if watch is None or draft is None:
        return
    if eol:
        watch.answered(draft)
    elif info and info.contents.monitor_of_sink == pa.INVALID_INDEX:
        draft.sources.append((info.contents.index, _device(info.contents)))


def _server_arrived(_context: int | None, info: ctypes._Pointer[pa.ServerInfo],
                    userdata: int | None) -> None:
    watch, draft = _draft_of(userdata)
    if watch is None or draft is None:
        return
    if info:  # NULL when the request failed: no defaults known
        draft.default_sink = bytes(info.contents.default_sink_name or b"")
        draft.default_source = bytes(info.contents.default_source_name or b"")
    watch.answered(draft)


def _event(context: int | None, _event_type: int, _index: int, _userdata: int | None) -> None:
    """The context's one subscription callback: every watch on that connection reads again."""
    for watch in list(_watches.values()):
        if watch.watches(context):
            watch.event()


_ON_SINK = pa.SINK_INFO(_sink_arrived)
_ON_SOURCE = pa.SOURCE_INFO(_source_arrived)
_ON_SERVER = pa.SERVER_INFO(_server_arrived)
_ON_EVENT = pa.SUBSCRIBE(_event)
