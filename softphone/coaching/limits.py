"""The bands and limits an admin sets for the live coaching (team-wide, kept in the CRM)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CoachLimits:
    """What counts as "good": the operator's loudness band, pace tolerance, pause limit."""

    quiet_dbfs: float = -32.0  # speech below this is "too quiet"
    loud_dbfs: float = -12.0  # speech above this is "too loud"
    pace_tolerance: float = 0.15  # operator within ±15 % of the caller's pace is "matched"
    pause_limit_s: float = 5.0  # a silence longer than this warns (never while on hold)
    overtalk_s: float = 1.0  # both speaking longer than this is one overtalk

    def problems(self) -> list[str]:
        """What is wrong with these values, in Russian (empty when they can be used)."""
        out = []
        if not -60.0 <= self.quiet_dbfs < self.loud_dbfs <= 0.0:
            out.append("границы громкости: от −60 до 0 дБFS, «тихо» ниже, чем «громко»")
        if not 0.02 <= self.pace_tolerance <= 1.0:
            out.append("допуск темпа: от 2 до 100 %")
        if not 1.0 <= self.pause_limit_s <= 120.0:
            out.append("предел паузы: от 1 до 120 с")
        if not 0.2 <= self.overtalk_s <= 10.0:
            out.append("перебивание: от 0,2 до 10 с")
        return out
