"""Both sides of one call together: silence, overtalk, talk/listen, pace and loudness.

Time comes with each frame (the tap stamps it with time.monotonic() as the bridge hands it
over), so the operator's side, which the bridge stops asking for while muted or on hold, and
the caller's side, which ticks all call long, share one clock. Unit tests pass their own.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from softphone.coaching.limits import CoachLimits
from softphone.coaching.side import FRAME_S, SideAnalyzer, SideFigures

STALE_S = 0.1  # a side whose last frame is older than this is not speaking (muted, held)


class Side(enum.StrEnum):
    OPERATOR = "operator"  # the microphone going out
    CALLER = "caller"  # what the operator hears


class Loudness(enum.StrEnum):
    QUIET = "quiet"
    GOOD = "good"
    LOUD = "loud"


class Pace(enum.StrEnum):
    SLOWER = "slower"
    MATCHED = "matched"
    FASTER = "faster"


@dataclass(frozen=True, slots=True)
class CoachSnapshot:
    """What the live meters show at one moment (plain data, any thread may read it)."""

    at: float  # the clock of the newest frame analysed
    operator_dbfs: float | None
    loudness: Loudness | None
    operator_rate: float | None
    caller_rate: float | None
    pace: Pace | None
    silence_s: float  # neither side speaking for this long (0 while on hold)
    pause_warning: bool
    overtalk_now: bool
    overtalk_count: int
    talk_share: float | None  # operator's share of all talk time, 0..1
    operator_speaking: bool
    caller_speaking: bool


@dataclass(frozen=True, slots=True)
class CoachFigures:
    """One call's figures, saved with its interaction."""

    operator: SideFigures
    caller: SideFigures
    pace_match: float | None  # share of the operator's speech at the caller's pace, 0..1
    in_band: float | None  # share of the operator's speech inside the loudness band, 0..1
    longest_pause_s: float
    overtalk_count: int
    overtalk_s: float
    talk_share: float | None


class CallCoach:
    """Feeds two SideAnalyzers and keeps the figures that need both (one thread uses it)."""

    def __init__(self, limits: CoachLimits | None = None, start: float = 0.0) -> None:
        self.limits = limits or CoachLimits()
        self.sides = {Side.OPERATOR: SideAnalyzer(), Side.CALLER: SideAnalyzer()}
        self._last_frame = {Side.OPERATOR: -1e9, Side.CALLER: -1e9}
        self._now = start
        self._quiet_since = start  # when the current silence began
        self._held = False
        self.longest_pause_s = 0.0
        self._overtalk_since: float | None = None
        self._overtalk_counted = False
        self.overtalk_count = 0
        self.overtalk_s = 0.0
        self._op_speech_frames = 0  # operator frames judged for pace / loudness
        self._paced = self._matched = 0
        self._in_band = 0

    def set_limits(self, limits: CoachLimits) -> None:
        self.limits = limits

    def set_held(self, held: bool, at: float) -> None:
        """On hold nobody is expected to speak: no silence counts, none warns."""
        if held == self._held:
            return
        self._held = held
        self._close_silence(at)
        self._quiet_since = at

    def _speaking(self, side: Side) -> bool:
        fresh = self._now - self._last_frame[side] <= STALE_S
        return fresh and self.sides[side].speaking

    def feed(self, side: Side, pcm: bytes, at: float) -> None:
        """One 20 ms frame of one side, stamped with its arrival time."""
        self._now = max(self._now, at)
        self._last_frame[side] = at
        analyzer = self.sides[side]
        voiced = analyzer.feed(pcm)
        if side is Side.OPERATOR and voiced:
            self._judge_operator()
        operator, caller = self._speaking(Side.OPERATOR), self._speaking(Side.CALLER)
        if operator or caller or self._held:
            self._close_silence(self._now)
            self._quiet_since = self._now
        self._track_overtalk(operator and caller, side)

    def _close_silence(self, at: float) -> None:
        if not self._held:
            self.longest_pause_s = max(self.longest_pause_s, at - self._quiet_since)

    def _track_overtalk(self, both: bool, side: Side) -> None:
        if not both:
            self._overtalk_since, self._overtalk_counted = None, False
            return
        if self._overtalk_since is None:
            self._overtalk_since = self._now
        if side is Side.CALLER:  # count time once per 20 ms, on the side that always ticks
            self.overtalk_s += FRAME_S
        if not self._overtalk_counted and self._now - self._overtalk_since > self.limits.overtalk_s:
            self._overtalk_counted = True
            self.overtalk_count += 1

    def _judge_operator(self) -> None:
        self._op_speech_frames += 1
        level = self.sides[Side.OPERATOR].live_dbfs()
        if level is not None and self.limits.quiet_dbfs <= level <= self.limits.loud_dbfs:
            self._in_band += 1
        if self.pace() is not None:
            self._paced += 1
            self._matched += self.pace() is Pace.MATCHED

    # --- what the meters and the CRM read ---------------------------------------------------
    def loudness(self) -> Loudness | None:
        level = self.sides[Side.OPERATOR].live_dbfs()
        if level is None:
            return None
        if level < self.limits.quiet_dbfs:
            return Loudness.QUIET
        return Loudness.LOUD if level > self.limits.loud_dbfs else Loudness.GOOD

    def pace(self) -> Pace | None:
        mine = self.sides[Side.OPERATOR].live_rate()
        theirs = self.sides[Side.CALLER].live_rate()
        if mine is None or theirs is None or theirs <= 0:
            return None
        ratio = mine / theirs
        if ratio < 1 - self.limits.pace_tolerance:
            return Pace.SLOWER
        return Pace.FASTER if ratio > 1 + self.limits.pace_tolerance else Pace.MATCHED

    def silence_s(self) -> float:
        return 0.0 if self._held else max(0.0, self._now - self._quiet_since)

    def talk_share(self) -> float | None:
        mine = self.sides[Side.OPERATOR].talk_s
        total = mine + self.sides[Side.CALLER].talk_s
        return mine / total if total > 0 else None

    def snapshot(self) -> CoachSnapshot:
        operator, caller = self.sides[Side.OPERATOR], self.sides[Side.CALLER]
        silence = self.silence_s()
        return CoachSnapshot(
            at=self._now,
            operator_dbfs=operator.live_dbfs(),
            loudness=self.loudness(),
            operator_rate=operator.live_rate(),
            caller_rate=caller.live_rate(),
            pace=self.pace(),
            silence_s=silence,
            pause_warning=silence > self.limits.pause_limit_s,
            overtalk_now=self._overtalk_counted,
            overtalk_count=self.overtalk_count,
            talk_share=self.talk_share(),
            operator_speaking=self._speaking(Side.OPERATOR),
            caller_speaking=self._speaking(Side.CALLER),
        )

    def figures(self) -> CoachFigures:
        """The whole call so far (the silence still running counts as a pause)."""
        self._close_silence(self._now)
        judged = self._op_speech_frames
        return CoachFigures(
            operator=self.sides[Side.OPERATOR].figures(),
            caller=self.sides[Side.CALLER].figures(),
            pace_match=round(self._matched / self._paced, 3) if self._paced else None,
            in_band=round(self._in_band / judged, 3) if judged else None,
            longest_pause_s=round(self.longest_pause_s, 2),
            overtalk_count=self.overtalk_count,
            overtalk_s=round(self.overtalk_s, 2),
            talk_share=None if (share := self.talk_share()) is None else round(share, 3),
        )
