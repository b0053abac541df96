"""CPU per thread of another process, from /proc/PID/task: where a call's CPU goes.

The process-wide figure says how much; this says which thread (PJSIP's clock, libpulse's
mainloop, the GUI thread) so a change to one of them can be judged by its own share.
"""

from __future__ import annotations

import os

_TICK = os.sysconf("SC_CLK_TCK")
Sample = dict[int, tuple[str, float]]  # tid -> (name, CPU seconds)


def sample(pid: int) -> Sample:
    """Each live thread's name and utime + stime now (threads that vanish are skipped)."""
    result: Sample = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return result
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        result[int(tid)] = (name, (int(fields[11]) + int(fields[12])) / _TICK)
    return result


def shares(start: Sample, end: Sample, seconds: float, top: int = 8) -> list[tuple[str, float]]:
    """The busiest threads between two samples: ("name/tid", % of one core), busiest first.

    A thread born in between counts from zero (the call's own threads)."""
    if seconds <= 0:
        return []
    rows = [(f"{name}/{tid}", (cpu - start.get(tid, (name, 0.0))[1]) / seconds * 100)
            for tid, (name, cpu) in end.items()]
    rows.sort(key=lambda row: row[1], reverse=True)
    return [row for row in rows[:top] if row[1] >= 0.05]
