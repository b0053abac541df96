"""One Python thread state kept for a thread Python did not start (PJSIP's clock, libpulse's).

Why: a callback into Python from such a thread (a SWIG director, a ctypes callback) makes a
Python thread state with PyGILState_Ensure and deletes it again on return. At 100-200 sound
callbacks a second that cost ~60 us each (libpulse's mainloop thread with two streams and a
busy main thread: 2.9-3.4 % of a core against 1.6-2.1 % with a kept state). Holding one Ensure
for the thread's life leaves the callbacks' own Ensure/Release a counter step.

The kept state must be given back: on the thread itself before it ends (`release`, where the
owner can run code there: libpulse's mainloop), or, where it cannot (PJSIP's clock thread ends
when the bridge falls idle), freed from the next thread that keeps one once Linux no longer lists
the old thread. Elsewhere a stale state is left alone (a small leak, never a freed live state).
SOFTPHONE_FRESH_THREAD_STATE=clock,pulse switches it off by name (comparisons).
"""

from __future__ import annotations

import ctypes
import os
import threading

_api = ctypes.pythonapi
_ensure, _release = _api.PyGILState_Ensure, _api.PyGILState_Release
_ensure.restype, _ensure.argtypes = ctypes.c_int, []
_release.restype, _release.argtypes = None, [ctypes.c_int]
_current = _api.PyThreadState_Get
_current.restype, _current.argtypes = ctypes.c_void_p, []
_clear, _delete = _api.PyThreadState_Clear, _api.PyThreadState_Delete
_clear.restype, _clear.argtypes = None, [ctypes.c_void_p]
_delete.restype, _delete.argtypes = None, [ctypes.c_void_p]
_TASKS = "/proc/self/task"


class KeptThreadState:
    """The thread state of one foreign thread at a time, kept from its first callback on."""

    def __init__(self, name: str) -> None:
        fresh = os.environ.get("SOFTPHONE_FRESH_THREAD_STATE", "").split(",")
        self.enabled = name not in fresh
        self._lock = threading.Lock()
        self._tid: int | None = None  # the native id of the thread whose state is kept
        self._gil: int = 0  # what PyGILState_Ensure returned there
        self._state: int | None = None  # its PyThreadState*

    @property
    def thread_id(self) -> int | None:
        return self._tid

    def keep(self) -> bool:
        """Called inside a callback on the foreign thread: keep its state; True if newly kept.

        A state kept for a thread that has ended is freed first; while that thread still
        runs, the new one is not kept (never two at once)."""
        if not self.enabled:
            return False
        tid = threading.get_native_id()
        with self._lock:
            if tid == self._tid:
                return False
            if self._state is not None and not self._free_if_ended():
                return False
            self._gil = _ensure()
            self._state, self._tid = _current(), tid
            return True

    def release(self) -> bool:
        """On the kept thread itself, before it ends: give the state back."""
        with self._lock:
            if self._state is None or self._tid != threading.get_native_id():
                return False
            _release(self._gil)
            self._state = self._tid = None
            return True

    def _free_if_ended(self) -> bool:
        if not os.path.isdir(_TASKS) or os.path.exists(f"{_TASKS}/{self._tid}"):
            return False  # still running (or no way to tell): leave it
        _clear(self._state)
        _delete(self._state)
        self._state = self._tid = None
        return True
