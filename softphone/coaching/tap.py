"""The hand-off from the call's audio to the analysis: never blocks, never delays the call.

`offer` runs on PJSIP's clock thread (the same thread that moves the call's audio): it stamps
the frame and puts it into a bounded queue without waiting; a full queue drops the frame and
counts it (the analysis may lose frames, the call may not lose time). A thread of its own
empties the queue into the `CallCoach`. The GUI thread only takes snapshots under a lock.

The analysis needs numpy, which is not loaded at start (issue #15): `prepare`, called when a
call starts ringing or dialling, has this thread import it (50-120 ms here) before the call
talks, so neither the audio threads nor the GUI thread at the call's media start pay for it.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable

from softphone.coaching import side as side_analysis
from softphone.coaching.coach import CallCoach, CoachFigures, CoachSnapshot, Side
from softphone.coaching.limits import CoachLimits

log = logging.getLogger("softphone.coaching")
QUEUE_FRAMES = 100  # 1 s of both sides: a stalled analysis loses the oldest second's worth
_POLL_S = 0.2


class CoachTap:
    """Both directions of the current call into one CallCoach on its own thread."""

    def __init__(self, limits: CoachLimits | None = None, maxsize: int = QUEUE_FRAMES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        # None in the queue: "load numpy now" (prepare)
        self._queue: queue.Queue[tuple[Side, bytes, float] | None] = queue.Queue(maxsize)
        self._lock = threading.Lock()
        self._limits = limits or CoachLimits()
        self._coach: CallCoach | None = None  # None: no call is being coached
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.dropped = 0  # frames the full queue refused
        self.analysed = 0
        self.busy_s = 0.0  # thread CPU time spent analysing (for the benchmark)

    # --- the clock thread's side: tiny, lock-free, never waits ------------------------------
    def offer(self, side: str, pcm: bytes) -> None:
        """A frame of one side of the call (any thread); dropped if the analysis lags."""
        if self._coach is None:
            return
        try:
            self._queue.put_nowait((Side(side), pcm, self._clock()))
        except queue.Full:
            self.dropped += 1

    # --- the owner's side (GUI thread) ------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="speech-coach", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """End the analysis thread (bounded wait)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
        self._coach = None

    def prepare(self) -> None:
        """A call is coming (ringing, dialling): load the analysis' numpy on this tap's thread
        now, not when the call talks. Nothing to do once loaded or without the thread."""
        if self._thread is None or side_analysis.numpy_loaded():
            return
        with contextlib.suppress(queue.Full):  # full of frames: a coach exists, numpy is in
            self._queue.put_nowait(None)

    def begin_call(self) -> None:
        """A call is talking: coach it from now on (a call already coached goes on)."""
        with self._lock:
            if self._coach is None:
                self._coach = CallCoach(self._limits, start=self._clock())

    def end_call(self) -> CoachFigures | None:
        """The call is over: its figures (None if none was coached); frames stop counting."""
        with self._lock:
            coach, self._coach = self._coach, None
            return coach.figures() if coach is not None else None

    @property
    def coaching(self) -> bool:
        return self._coach is not None

    def set_held(self, held: bool) -> None:
        with self._lock:
            if self._coach is not None:
                self._coach.set_held(held, self._clock())

    def set_limits(self, limits: CoachLimits) -> None:
        with self._lock:
            self._limits = limits
            if self._coach is not None:
                self._coach.set_limits(limits)

    def snapshot(self) -> CoachSnapshot | None:
        with self._lock:
            return self._coach.snapshot() if self._coach is not None else None

    # --- the analysis thread ----------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                item = self._queue.get(timeout=_POLL_S)
            except queue.Empty:
                continue
            if item is None:
                self._load_numpy()
                continue
            side, pcm, at = item
            started = time.thread_time()
            try:
                with self._lock:
                    if self._coach is not None:
                        self._coach.feed(side, pcm, at)
                        self.analysed += 1
            except Exception:  # a bad frame must not end the coaching of the whole shift
                log.exception("speech coach: a frame failed")
            self.busy_s += time.thread_time() - started

    def _load_numpy(self) -> None:
        if side_analysis.numpy_loaded():
            return
        started = time.perf_counter()
        try:
            side_analysis.load_numpy()
        except Exception:  # the first analyzer tries again and says why
            log.exception("speech coach: numpy did not load")
            return
        log.info("speech coach: numpy loaded ahead of the call in %.0f ms",
                 (time.perf_counter() - started) * 1000)
